package server

import (
	"sync"

	"github.com/google/uuid"
)

// IDs is the source of the identifiers the backends generate for
// control-plane resources (connection and channel UUIDs, event data store
// IDs). A durable server records the identifiers each journaled change
// generated and, when it re-applies the change after a restart, hands the
// same ones back, so ARNs survive restarts.
//
// New is safe for concurrent use. Outside a journaled change it returns a
// fresh random UUID.
type IDs struct {
	mu        sync.Mutex
	recording bool
	recorded  []string
	replay    []string
}

// NewIDs returns an ID source.
func NewIDs() *IDs { return &IDs{} }

// New returns the next identifier: a recorded one while a change is being
// re-applied, else a new random UUID (recorded if a change is being
// journaled).
func (s *IDs) New() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.replay) > 0 {
		id := s.replay[0]
		s.replay = s.replay[1:]
		return id
	}
	id := uuid.NewString()
	if s.recording {
		s.recorded = append(s.recorded, id)
	}
	return id
}

func (s *IDs) startRecording() {
	s.mu.Lock()
	s.recording, s.recorded = true, nil
	s.mu.Unlock()
}

func (s *IDs) stopRecording() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.recorded
	s.recording, s.recorded = false, nil
	return ids
}

func (s *IDs) feed(ids []string) {
	s.mu.Lock()
	s.replay = append([]string(nil), ids...)
	s.mu.Unlock()
}
