// Package boltstate is the embedded, durable implementation of
// server.State: the control-plane journal in one bbolt file.
//
// Each record is one key/value pair in the "journal" bucket: the key is
// the big-endian Seq, the value the record as JSON. Every Append is one
// bbolt write transaction, which fsyncs before it returns, so a change the
// server acknowledged survives a SIGKILL or a power cut. The file is
// created with mode 0600: connection secrets are in it.
//
// The journal only grows; compacting it into a snapshot of the current
// resources is left for later (a control plane changes rarely: a million
// changes is a few hundred megabytes and replays in seconds).
package boltstate

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/server"
)

var bucketJournal = []byte("journal")

// ErrInUse is returned by Open when another process has the file open.
var ErrInUse = errors.New("boltstate: the journal is in use by another process")

// State is a server.State in a bbolt file.
type State struct {
	mu     sync.RWMutex // Close waits for calls in progress
	db     *bolt.DB
	closed bool
}

var _ server.State = (*State)(nil)

// Open opens or creates the journal file at path. It fails rather than
// wait if another process has the file open (a second server on the same
// data directory).
func Open(path string) (*State, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s", ErrInUse, path)
		}
		return nil, fmt.Errorf("boltstate: %w", err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketJournal)
		return err
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("boltstate: %w", err)
	}
	return &State{db: db}, nil
}

// stored is a Record as it is kept on disk.
type stored struct {
	Time      time.Time       `json:"time"`
	Account   string          `json:"account"`
	Region    string          `json:"region"`
	Operation string          `json:"operation"`
	Input     json.RawMessage `json:"input,omitempty"`
	RawInput  []byte          `json:"rawInput,omitempty"` // a body that is not JSON, kept as is
	Query     string          `json:"query,omitempty"`
	IDs       []string        `json:"ids,omitempty"`
}

// Append implements server.State.
func (s *State) Append(ctx context.Context, rec server.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return server.ErrStateClosed
	}
	st := stored{Time: rec.Time.UTC(), Account: rec.Caller.Account, Region: rec.Caller.Region,
		Operation: rec.Operation, Query: rec.Query, IDs: rec.IDs}
	if len(rec.Input) > 0 && json.Valid(rec.Input) {
		st.Input = rec.Input
	} else if len(rec.Input) > 0 {
		st.RawInput = rec.Input
	}
	val, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("boltstate: %w", err)
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketJournal)
		want := uint64(1)
		if k, _ := b.Cursor().Last(); k != nil {
			want = binary.BigEndian.Uint64(k) + 1
		}
		if rec.Seq != want {
			return &server.SeqError{Got: rec.Seq, Want: want}
		}
		return b.Put(binary.BigEndian.AppendUint64(nil, rec.Seq), val)
	})
}

// Scan implements server.State.
func (s *State) Scan(ctx context.Context, fn func(server.Record) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return server.ErrStateClosed
	}
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketJournal).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if len(k) != 8 {
				return fmt.Errorf("boltstate: corrupt journal key %x", k)
			}
			var st stored
			if err := json.Unmarshal(v, &st); err != nil {
				return fmt.Errorf("boltstate: corrupt journal record %d: %w", binary.BigEndian.Uint64(k), err)
			}
			rec := server.Record{
				Seq:       binary.BigEndian.Uint64(k),
				Time:      st.Time,
				Caller:    switchyard.Caller{Account: st.Account, Region: st.Region},
				Operation: st.Operation,
				Input:     append([]byte(nil), st.Input...),
				Query:     st.Query,
				IDs:       st.IDs,
			}
			if st.RawInput != nil {
				rec.Input = st.RawInput
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// LastSeq implements server.State.
func (s *State) LastSeq(ctx context.Context) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return 0, server.ErrStateClosed
	}
	var seq uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bucketJournal).Cursor().Last(); k != nil {
			seq = binary.BigEndian.Uint64(k)
		}
		return nil
	})
	return seq, err
}

// Close implements server.State.
func (s *State) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.db.Close()
}
