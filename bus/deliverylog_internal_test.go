package bus

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The event encoding round-trips, and any bytes decode to a header or to
// errCorrupt, never a panic.
func FuzzDecodeEvent(f *testing.F) {
	rec := &eventRecord{json: []byte(`{"id":"x","detail":{}}`), ingested: time.Unix(1_700_000_000, 5).UTC(), hops: 2}
	t := &ruleTarget{id: "t1", ruleARN: "arn:aws:events:us-east-1:123456789012:rule/r"}
	good := encodeEvent(rec, []*delivery{{t: t}, {t: t}})
	f.Add(good)
	f.Add(good[:12])
	f.Add([]byte{logVersion, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, v []byte) {
		h, err := decodeEvent(v)
		if err != nil {
			require.ErrorIs(t, err, errCorrupt)
			return
		}
		require.True(t, bytes.HasSuffix(v, h.json))
	})
}

func TestEncodeEventRoundTrip(t *testing.T) {
	rec := &eventRecord{json: []byte(`{"id":"x"}`), ingested: time.Unix(1_700_000_000, 5).UTC(), hops: 3}
	a := &ruleTarget{id: "a", ruleARN: "arn:r1"}
	b := &ruleTarget{id: "bb", ruleARN: "arn:r2"}
	h, err := decodeEvent(encodeEvent(rec, []*delivery{{t: a}, {t: b}}))
	require.NoError(t, err)
	require.Equal(t, rec.ingested, h.ingested)
	require.Equal(t, 3, h.hops)
	require.Equal(t, [][2]string{{"arn:r1", "a"}, {"arn:r2", "bb"}}, h.targets)
	require.Equal(t, rec.json, h.json)
}
