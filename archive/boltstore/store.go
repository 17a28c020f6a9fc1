package boltstore

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/switchyard-go/switchyard/archive"
)

// Store is a durable archive.Store in one bbolt file. Create it with Open;
// all methods are safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
	opts options
	log  *slog.Logger

	// mu guards closed. Every operation registers in inflight while it
	// holds mu for reading, so Close, after setting closed, can wait for
	// the operations already running and then close the queue and the
	// file knowing nobody will touch them again.
	mu       sync.RWMutex
	closed   bool
	inflight sync.WaitGroup

	queue      chan *request // appends waiting for the writer
	writerDone chan struct{} // closed when the writer goroutine returns

	// Counters for the tests of group commit.
	received atomic.Int64 // requests the writer took from the queue
	commits  atomic.Int64 // transactions the writer committed
}

var _ archive.Store = (*Store)(nil)

// Open opens the archive file at path, creating it when it does not exist
// (its directory must). It fails with an error wrapping ErrLocked when
// another store holds the file, ErrCorrupt when the file is damaged, and
// ErrFormat when it is a bbolt file but not an archive.
func Open(path string, opts ...Option) (*Store, error) {
	o := defaultOptions()
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if err := checkPath(path); err != nil {
		return nil, err
	}
	var db *bolt.DB
	err := guard(func() error {
		var err error
		db, err = bolt.Open(path, o.fileMode, &bolt.Options{
			Timeout:      o.openTimeout,
			NoSync:       o.noSync,
			FreelistType: bolt.FreelistMapType,
		})
		return err
	})
	if err != nil {
		return nil, openError(path, err, o)
	}
	if err := guard(func() error { return prepare(db, path) }); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("boltstore: open %q: %w", path, err)
	}
	s := &Store{
		db:         db,
		path:       path,
		opts:       o,
		log:        o.logger.With("path", path),
		queue:      make(chan *request, 256),
		writerDone: make(chan struct{}),
	}
	go s.writer()
	s.log.Info("boltstore: opened")
	return s, nil
}

// checkPath gives clear errors for the mistakes bbolt would report
// obscurely: a missing directory, or a directory where the file should be.
func checkPath(path string) error {
	if path == "" {
		return errors.New("boltstore: open: path is empty")
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("boltstore: open %q: directory %q: %w", path, dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("boltstore: open %q: %q is not a directory", path, dir)
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("boltstore: open %q: is a directory, not a file", path)
	}
	return nil
}

// openError classifies an error from bolt.Open.
func openError(path string, err error, o options) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("boltstore: open %q: %w (waited %s)", path, ErrLocked, o.openTimeout)
	case errors.Is(err, ErrCorrupt), errors.As(err, new(*fs.PathError)), errors.As(err, new(syscall.Errno)):
		// Already classified, or the operating system refused.
		return fmt.Errorf("boltstore: open %q: %w", path, err)
	default:
		// bbolt's remaining failures on an existing file are about its
		// contents: bad meta pages, checksums, version, size.
		return fmt.Errorf("boltstore: open %q: %w: %w", path, ErrCorrupt, err)
	}
}

// Close waits for running operations, commits every append already
// queued, stops the writer goroutine and closes the file. Appends that
// returned nil before Close returns are on disk.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return archive.ErrClosed
	}
	s.closed = true
	s.mu.Unlock()

	// No operation can start now; wait for those running. Appends among
	// them wait for their acknowledgement, so the writer must still run.
	s.inflight.Wait()
	close(s.queue) // the writer drains what is left, then returns
	<-s.writerDone
	if err := s.db.Close(); err != nil {
		s.log.Error("boltstore: close failed", "err", err)
		return fmt.Errorf("boltstore: close %q: %w", s.path, err)
	}
	s.log.Info("boltstore: closed")
	return nil
}

// enter registers an operation, or reports ErrClosed. Every successful
// enter must be paired with s.inflight.Done().
func (s *Store) enter() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return archive.ErrClosed
	}
	s.inflight.Add(1)
	return nil
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }
