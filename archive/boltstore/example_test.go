package boltstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
)

func Example() {
	dir, err := os.MkdirTemp("", "boltstore-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "orders.archive")
	ctx := context.Background()

	s, err := boltstore.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	// Append returns once the batch is on disk.
	err = s.Append(ctx, []archive.Record{
		{Time: t0, Seq: 1, Ingested: t0, Data: []byte(`{"detail-type":"OrderPlaced"}`)},
		{Time: t0.Add(time.Second), Seq: 2, Ingested: t0, Data: []byte(`{"detail-type":"OrderShipped"}`)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := s.Close(); err != nil {
		fmt.Println(err)
		return
	}

	// Everything is still there after reopening.
	s, err = boltstore.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	err = s.Scan(ctx, time.Time{}, time.Time{}, func(rec archive.Record) error {
		fmt.Println(rec.Seq, string(rec.Data))
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := s.Stats(ctx)
	fmt.Println(st.Count, "records")
	// Output:
	// 1 {"detail-type":"OrderPlaced"}
	// 2 {"detail-type":"OrderShipped"}
	// 2 records
}

// Compact writes a compacted copy; to reclaim the space, close the store
// and move the copy over the original.
func ExampleStore_Compact() {
	dir, err := os.MkdirTemp("", "boltstore-compact")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "a.archive")
	ctx := context.Background()

	s, err := boltstore.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	t0 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var batch []archive.Record
	for i := range 1000 {
		batch = append(batch, archive.Record{Time: t0.Add(time.Duration(i) * time.Minute), Seq: uint64(i), Data: make([]byte, 500)})
	}
	if err := s.Append(ctx, batch); err != nil {
		fmt.Println(err)
		return
	}
	// Retention removes most records; the file keeps its size.
	if _, err := s.DeleteBefore(ctx, t0.Add(990*time.Minute)); err != nil {
		fmt.Println(err)
		return
	}
	tmp := path + ".compact"
	if err := s.Compact(ctx, tmp); err != nil {
		fmt.Println(err)
		return
	}
	if err := s.Close(); err != nil {
		fmt.Println(err)
		return
	}
	if err := os.Rename(tmp, path); err != nil {
		fmt.Println(err)
		return
	}
	s, err = boltstore.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	st, _ := s.Stats(ctx)
	fmt.Println(st.Count, "records after compaction")
	// Output:
	// 10 records after compaction
}
