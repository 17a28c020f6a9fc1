package bus

import (
	"crypto/rand"
	"sync"

	"github.com/google/uuid"
)

// idSource makes event ids: random (version 4) UUIDs. Reading crypto/rand
// for every event would cost a system call each; instead each pooled chunk
// holds random bytes for 256 ids, refilled when used up, so ids cost one
// allocation (the string) and no lock is shared between cores.
type idSource struct {
	pool sync.Pool // *idChunk
}

type idChunk struct {
	buf [16 * 256]byte
	off int
}

func (s *idSource) init() {
	s.pool.New = func() any { return &idChunk{off: len(idChunk{}.buf)} }
}

// idLen is the length of an event id's text.
const idLen = 36

// next returns a new event id.
func (s *idSource) next() string {
	var buf [idLen]byte
	return string(s.appendIDs(buf[:0], 1))
}

// many returns n new event ids as one string, id i being
// ids[i*idLen:(i+1)*idLen]: one allocation for a whole PutEvents call.
// scratch is reused between calls.
func (s *idSource) many(scratch *[]byte, n int) string {
	*scratch = s.appendIDs((*scratch)[:0], n)
	return string(*scratch)
}

// appendIDs appends the text of n random UUIDs to dst.
func (s *idSource) appendIDs(dst []byte, n int) []byte {
	c := s.pool.Get().(*idChunk)
	defer s.pool.Put(c)
	for range n {
		if c.off == len(c.buf) {
			// crypto/rand.Read does not fail on supported platforms (it
			// panics rather than return an error since Go 1.24).
			_, _ = rand.Read(c.buf[:])
			c.off = 0
		}
		var u uuid.UUID
		copy(u[:], c.buf[c.off:c.off+16])
		c.off += 16
		u[6] = u[6]&0x0f | 0x40 // version 4
		u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
		var text [idLen]byte
		encodeUUID(&text, &u)
		dst = append(dst, text[:]...)
	}
	return dst
}

// encodeUUID writes u in its canonical 8-4-4-4-12 hexadecimal form, as
// uuid.UUID.String does, without allocating.
func encodeUUID(dst *[idLen]byte, u *uuid.UUID) {
	const hexDigits = "0123456789abcdef"
	j := 0
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst[j] = '-'
			j++
		}
		dst[j] = hexDigits[c>>4]
		dst[j+1] = hexDigits[c&0xf]
		j += 2
	}
}
