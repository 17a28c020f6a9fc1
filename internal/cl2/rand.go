package cl2

import "math/bits"

// rng is SplitMix64: tiny, fast, and, unlike math/rand, guaranteed to give
// the same stream for a seed on every Go release, so generated events stay
// byte-identical across toolchains.
type rng struct{ state uint64 }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a value in [0, n) for n > 0. It maps a 64-bit draw onto the
// range by its high bits (Lemire's multiply-shift); the bias is at most
// n/2^64, far below anything a benchmark can see.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// float64 returns a value in [0, 1) with 53 random bits.
func (r *rng) float64() float64 {
	return float64(r.next()>>11) / (1 << 53)
}

// oneIn reports true with probability 1/n.
func (r *rng) oneIn(n int) bool { return r.intn(n) == 0 }
