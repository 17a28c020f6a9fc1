package memstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
)

func Example() {
	ctx := context.Background()
	s := memstore.New()
	defer s.Close()

	t0 := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	// Records may arrive out of order; the store keeps them by (Time, Seq).
	err := s.Append(ctx, []archive.Record{
		{Time: t0.Add(time.Minute), Seq: 2, Data: []byte(`{"detail-type":"b"}`)},
		{Time: t0, Seq: 1, Data: []byte(`{"detail-type":"a"}`)},
		{Time: t0.Add(2 * time.Minute), Seq: 3, Data: []byte(`{"detail-type":"c"}`)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The window is half-open: [t0, t0+2m) holds the first two.
	err = s.Scan(ctx, t0, t0.Add(2*time.Minute), func(rec archive.Record) error {
		fmt.Println(rec.Time.Format(time.TimeOnly), rec.Seq, string(rec.Data))
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	n, _ := s.DeleteBefore(ctx, t0.Add(time.Minute))
	st, _ := s.Stats(ctx)
	fmt.Println("deleted", n, "kept", st.Count, "records of", st.Bytes, "bytes")
	// Output:
	// 12:00:00 1 {"detail-type":"a"}
	// 12:01:00 2 {"detail-type":"b"}
	// deleted 1 kept 2 records of 38 bytes
}
