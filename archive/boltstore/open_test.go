package boltstore_test

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
)

func TestOpenBadPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	tests := []struct {
		name string
		path string
		is   error
		msg  string
	}{
		{"empty path", "", nil, "path is empty"},
		{"missing directory", filepath.Join(dir, "nope", "a.db"), fs.ErrNotExist, "nope"},
		{"parent is a file", filepath.Join(file, "a.db"), nil, "not a directory"},
		{"path is a directory", dir, nil, "is a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := boltstore.Open(tc.path)
			require.Error(t, err)
			require.Nil(t, s)
			require.Contains(t, err.Error(), tc.msg)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
		})
	}
	// The missing directory was not created.
	_, err := os.Stat(filepath.Join(dir, "nope"))
	require.ErrorIs(t, err, fs.ErrNotExist)
}

func TestOpenBadOptions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	tests := []struct {
		name string
		opt  boltstore.Option
		msg  string
	}{
		{"negative delay", boltstore.WithMaxBatchDelay(-time.Second), "WithMaxBatchDelay"},
		{"zero batch size", boltstore.WithMaxBatchSize(0), "WithMaxBatchSize"},
		{"zero batch bytes", boltstore.WithMaxBatchBytes(0), "WithMaxBatchBytes"},
		{"mode with type bits", boltstore.WithFileMode(fs.ModeDir | 0o700), "WithFileMode"},
		{"zero timeout", boltstore.WithOpenTimeout(0), "WithOpenTimeout"},
		{"nil logger", boltstore.WithLogger(nil), "WithLogger"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := boltstore.Open(path, tc.opt)
			require.ErrorContains(t, err, tc.msg)
			_, err = os.Stat(path)
			require.ErrorIs(t, err, fs.ErrNotExist, "a bad option must not create the file")
		})
	}
}

func TestOpenCreatesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	var logs bytes.Buffer
	s, err := boltstore.Open(path, boltstore.WithFileMode(0o640), boltstore.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	require.Equal(t, path, s.Path())
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, fs.FileMode(0o640), info.Mode().Perm()&0o640)
	require.NoError(t, s.Close())
	require.Contains(t, logs.String(), "boltstore: opened")
	require.Contains(t, logs.String(), "boltstore: closed")
}

func TestOpenEmptyFile(t *testing.T) {
	// An existing, empty file is a new archive, as bbolt treats it.
	path := filepath.Join(t.TempDir(), "a.db")
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	s, err := boltstore.Open(path)
	require.NoError(t, err)
	require.NoError(t, s.Append(context.Background(), []archive.Record{{Time: time.Unix(1, 0), Data: []byte(`{}`)}}))
	require.NoError(t, s.Close())
}

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := boltstore.Open(path)
	require.NoError(t, err)
	defer s.Close()
	// bbolt locks with flock, which is per open file, so a second Store in
	// the same process is refused just like another process.
	_, err = boltstore.Open(path, boltstore.WithOpenTimeout(50*time.Millisecond))
	require.ErrorIs(t, err, boltstore.ErrLocked)
	require.Contains(t, err.Error(), path)
}

// writeFixture makes an archive of n records of about 750 bytes at path and
// returns them.
func writeFixture(t *testing.T, path string, n int) []archive.Record {
	t.Helper()
	s, err := boltstore.Open(path, boltstore.WithNoSync())
	require.NoError(t, err)
	recs := make([]archive.Record, n)
	for i := range recs {
		recs[i] = archive.Record{
			Time:     time.Unix(1_700_000_000+int64(i), 0),
			Seq:      uint64(i),
			Ingested: time.Unix(1_700_000_000+int64(i), 5),
			Data:     bytes.Repeat([]byte{byte('a' + i%26)}, 750),
		}
	}
	require.NoError(t, s.Append(context.Background(), recs))
	require.NoError(t, s.Close())
	return recs
}

// dataSize is the size bbolt's meta page says the file's data reaches.
func dataSize(t *testing.T, path string) int64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	require.NoError(t, err)
	defer db.Close()
	var n int64
	require.NoError(t, db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil }))
	return n
}

func TestOpenCorrupt(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	writeFixture(t, good, 2000)
	size := dataSize(t, good)
	const page = 4096
	goodBytes, err := os.ReadFile(good)
	require.NoError(t, err)
	random := func(n int, seed uint64) []byte {
		b := make([]byte, n)
		rng := rand.New(rand.NewPCG(seed, seed))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	tests := []struct {
		name    string
		content []byte
		is      error
	}{
		{"random bytes, tiny", random(100, 1), boltstore.ErrCorrupt},
		{"random bytes, 64 KiB", random(64<<10, 2), boltstore.ErrCorrupt},
		{"text file", []byte(strings.Repeat(`{"detail-type":"not a database"}`+"\n", 400)), boltstore.ErrCorrupt},
		{"zeroed meta pages", append(make([]byte, 2*page), goodBytes[2*page:]...), boltstore.ErrCorrupt},
		{"truncated to one page", goodBytes[:page], boltstore.ErrCorrupt},
		{"truncated to the meta pages", goodBytes[:2*page], boltstore.ErrCorrupt},
		{"truncated to half its data", goodBytes[:size/2], boltstore.ErrCorrupt},
		{"truncated by one page", goodBytes[:size-page], boltstore.ErrCorrupt},
		{"truncated by one byte", goodBytes[:size-1], boltstore.ErrCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.db")
			require.NoError(t, os.WriteFile(path, tc.content, 0o600))
			s, err := boltstore.Open(path, boltstore.WithOpenTimeout(time.Second))
			require.ErrorIs(t, err, tc.is)
			require.Nil(t, s)
			require.Contains(t, err.Error(), path)
		})
	}
}

// TestOpenDamagedPages overwrites single data pages of a sound archive with
// random bytes. Whatever the damage, nothing panics: Open, Verify or Scan
// report ErrCorrupt, or (a page that was free) everything reads back.
func TestOpenDamagedPages(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	want := writeFixture(t, good, 2000)
	goodBytes, err := os.ReadFile(good)
	require.NoError(t, err)
	const page = 4096
	pages := int(dataSize(t, good) / page)
	rounds := 24
	if testing.Short() {
		rounds = 6
	}
	detected := 0
	for seed := range uint64(rounds) {
		rng := rand.New(rand.NewPCG(seed, 99))
		content := bytes.Clone(goodBytes)
		p := 2 + rng.IntN(pages-2) // not the meta pages
		for i := p * page; i < (p+1)*page; i++ {
			content[i] = byte(rng.Uint32())
		}
		path := filepath.Join(t.TempDir(), "damaged.db")
		require.NoError(t, os.WriteFile(path, content, 0o600))

		err := func() error {
			s, err := boltstore.Open(path, boltstore.WithNoSync())
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.Verify(context.Background()); err != nil {
				return err
			}
			var got []archive.Record
			err = s.Scan(context.Background(), time.Time{}, time.Time{}, func(r archive.Record) error {
				r.Data = bytes.Clone(r.Data)
				got = append(got, r)
				return nil
			})
			if err != nil {
				return err
			}
			require.Len(t, got, len(want), "seed %d, page %d: Verify passed but records are missing", seed, p)
			for i := range want {
				require.Equal(t, want[i].Data, got[i].Data, "seed %d, page %d: Verify passed but record %d differs", seed, p, i)
			}
			return nil
		}()
		if err != nil {
			require.ErrorIs(t, err, boltstore.ErrCorrupt, "seed %d, page %d", seed, p)
			detected++
		}
	}
	t.Logf("%d of %d damaged pages detected; the others were free pages", detected, rounds)
	require.Positive(t, detected, "no damaged page was detected")
}

// TestOneBadMetaPage: bbolt keeps two meta pages and falls back to the
// other when one is damaged, so the archive opens and reads; Verify still
// reports the damage until two commits have rewritten both pages.
func TestOneBadMetaPage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	want := writeFixture(t, path, 100)
	content, err := os.ReadFile(path)
	require.NoError(t, err)
	for i := range 4096 {
		content[i] = 0xAB
	}
	require.NoError(t, os.WriteFile(path, content, 0o600))
	s, err := boltstore.Open(path)
	require.NoError(t, err)
	defer s.Close()
	n := 0
	require.NoError(t, s.Scan(context.Background(), time.Time{}, time.Time{}, func(r archive.Record) error {
		require.Equal(t, want[n].Data, r.Data)
		n++
		return nil
	}))
	require.Equal(t, len(want), n)
	require.ErrorIs(t, s.Verify(context.Background()), boltstore.ErrCorrupt)
	for i := range 2 {
		require.NoError(t, s.Append(context.Background(), []archive.Record{{Time: time.Unix(int64(i), 0), Data: []byte(`{}`)}}))
	}
	require.NoError(t, s.Verify(context.Background()))
}

// bboltFile builds a bbolt file by hand with fn.
func bboltFile(t *testing.T, fn func(tx *bolt.Tx) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(fn))
	require.NoError(t, db.Close())
	return path
}

func TestOpenForeignOrMalformedArchive(t *testing.T) {
	u64 := func(v uint64) []byte { return []byte{0, 0, 0, 0, 0, 0, byte(v >> 8), byte(v)} }
	archiveLike := func(version []byte, count uint64, records int) func(tx *bolt.Tx) error {
		return func(tx *bolt.Tx) error {
			r, err := tx.CreateBucket([]byte("records"))
			if err != nil {
				return err
			}
			for i := range records {
				k, _ := archive.AppendKey(nil, time.Unix(int64(i), 0), 0)
				if err := r.Put(k, make([]byte, 12)); err != nil {
					return err
				}
			}
			m, err := tx.CreateBucket([]byte("meta"))
			if err != nil {
				return err
			}
			if version != nil {
				if err := m.Put([]byte("version"), version); err != nil {
					return err
				}
			}
			if err := m.Put([]byte("count"), u64(count)); err != nil {
				return err
			}
			return m.Put([]byte("bytes"), u64(0))
		}
	}
	tests := []struct {
		name string
		fn   func(tx *bolt.Tx) error
		is   error
		msg  string
	}{
		{"another application's database", func(tx *bolt.Tx) error {
			_, err := tx.CreateBucket([]byte("users"))
			return err
		}, boltstore.ErrFormat, `"users"`},
		{"newer format version", archiveLike(u64(2), 0, 0), boltstore.ErrFormat, "version 2"},
		{"no format version", archiveLike(nil, 0, 0), boltstore.ErrCorrupt, "no format version"},
		{"malformed version", archiveLike([]byte{1}, 0, 0), boltstore.ErrCorrupt, "version"},
		{"count says empty, records are not", archiveLike(u64(1), 0, 3), boltstore.ErrCorrupt, "count"},
		{"only one bucket", func(tx *bolt.Tx) error {
			_, err := tx.CreateBucket([]byte("records"))
			return err
		}, boltstore.ErrCorrupt, "missing"},
		{"short value", func(tx *bolt.Tx) error {
			if err := archiveLike(u64(1), 1, 0)(tx); err != nil {
				return err
			}
			k, _ := archive.AppendKey(nil, time.Unix(5, 0), 0)
			return tx.Bucket([]byte("records")).Put(k, []byte("short"))
		}, boltstore.ErrCorrupt, "header"},
		{"bad key", func(tx *bolt.Tx) error {
			if err := archiveLike(u64(1), 1, 0)(tx); err != nil {
				return err
			}
			return tx.Bucket([]byte("records")).Put([]byte("not16"), make([]byte, 12))
		}, boltstore.ErrCorrupt, "key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := bboltFile(t, tc.fn)
			_, err := boltstore.Open(path)
			require.ErrorIs(t, err, tc.is)
			require.ErrorContains(t, err, tc.msg)
		})
	}
}

func TestVerifyDetectsCounterDrift(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	writeFixture(t, path, 10)
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("count"), []byte{0, 0, 0, 0, 0, 0, 0, 11})
	}))
	require.NoError(t, db.Close())

	s, err := boltstore.Open(path) // the quick check cannot see this
	require.NoError(t, err)
	defer s.Close()
	err = s.Verify(context.Background())
	require.ErrorIs(t, err, boltstore.ErrCorrupt)
	require.ErrorContains(t, err, "11 records")
}
