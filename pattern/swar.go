package pattern

import (
	"encoding/binary"
	"math/bits"
)

// Eight bytes at a time. Strings and digit runs are most of the bytes of a
// typical event, and the walk has to pass over all of them; testing a
// 64-bit word per step instead of a byte roughly halves that cost.
//
// Both masks below set the high bit of each byte that ends a run. The
// arithmetic can leak a borrow or a carry into the next byte up, which may
// mark a later byte wrongly, but never an earlier one, so the lowest marked
// byte (little endian) is always exact, and that is the only one we use.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// stringStop marks '"', '\\', control characters and non-ASCII bytes.
func stringStop(x uint64) uint64 {
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return ((q - ones) &^ q) | ((b - ones) &^ b) | (x - ones*0x20) | x
}

// plainRun returns the index of the first byte at or after i that is not
// plain ASCII string content (see plainASCII).
func plainRun(ev []byte, i int) int {
	for i+8 <= len(ev) {
		if m := stringStop(binary.LittleEndian.Uint64(ev[i:])) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(ev) && plainASCII[ev[i]] {
		i++
	}
	return i
}

// digitRun returns the index of the first non-digit at or after i. A byte
// is a digit when its high nibble is 3 and adding 6 does not carry out of
// its low nibble.
func digitRun(ev []byte, i int) int {
	const nib = 0xF0F0F0F0F0F0F0F0
	for i+8 <= len(ev) {
		x := binary.LittleEndian.Uint64(ev[i:])
		m := ((x & nib) ^ (ones * 0x30)) | (((x + ones*6) & nib) ^ (ones * 0x30))
		if m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(ev) && isDigit(ev[i]) {
		i++
	}
	return i
}
