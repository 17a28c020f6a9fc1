package cl2_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/internal/cl2"
)

// lot is one decoded event. Pointers tell null and missing apart from "".
type lot struct {
	Type       string             `json:"type"`
	Properties map[string]*string `json:"properties"`
	Geometry   struct {
		Type             string  `json:"type"`
		Coordinates      []point `json:"coordinates"`
		FirstCoordinates point   `json:"firstCoordinates"`
	} `json:"geometry"`
}

type point struct {
	X, Y, Z float64
	// inexact marks the coordinates whose text a float64 does not hold
	// exactly (its shortest form has another decimal value): event-ruler,
	// so EventBridge, never matches those numerically (pattern/number.go).
	inexact [3]bool
}

func (p *point) UnmarshalJSON(b []byte) error {
	var raw struct{ X, Y, Z json.Number }
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	dst := []*float64{&p.X, &p.Y, &p.Z}
	for i, n := range []json.Number{raw.X, raw.Y, raw.Z} {
		f, err := n.Float64()
		if err != nil {
			return err
		}
		text, ok1 := new(big.Rat).SetString(string(n))
		short, ok2 := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
		p.inexact[i] = !ok1 || !ok2 || text.Cmp(short) != 0
		*dst[i] = f
	}
	return nil
}

// prop returns a property's string value and whether it is a string at all
// (false for null).
func (l *lot) prop(name string) (string, bool) {
	v := l.Properties[name]
	if v == nil {
		return "", false
	}
	return *v, true
}

// sampleSize is the sample every count in these tests is taken over.
const sampleSize = 10_000

// decode decodes every event, rejecting invalid JSON.
func decode(events [][]byte) ([]lot, error) {
	lots := make([]lot, len(events))
	for i, e := range events {
		if !json.Valid(e) {
			return nil, fmt.Errorf("event %d is not valid JSON: %s", i, e)
		}
		if err := json.Unmarshal(e, &lots[i]); err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
	}
	return lots, nil
}

// sampleData is the shared 10k sample (seed 1) and its decoding.
type sampleData struct {
	events [][]byte
	lots   []lot
}

// sampleOnce makes the sample once for all tests: decoding is most of
// these tests' time under -race.
var sampleOnce = sync.OnceValues(func() (sampleData, error) {
	events := cl2.Events(sampleSize, 1)
	lots, err := decode(events)
	return sampleData{events, lots}, err
})

// sample returns the shared sample's events and decoded lots, which every
// event is checked to be valid JSON for. Callers must not modify them.
func sample(t *testing.T) ([][]byte, []lot) {
	t.Helper()
	d, err := sampleOnce()
	require.NoError(t, err)
	return d.events, d.lots
}

func TestEventsDeterministic(t *testing.T) {
	a := cl2.Events(2000, 7)
	b := cl2.Events(2000, 7)
	require.Equal(t, a, b, "same seed must give the same events")

	c := cl2.Events(2000, 8)
	same := 0
	for i := range a {
		if bytes.Equal(a[i], c[i]) {
			same++
		}
	}
	require.Zero(t, same, "another seed must give other events")

	// The generator type and Events produce the same stream.
	g := cl2.NewGenerator(7)
	for i := range 50 {
		require.Equal(t, string(a[i]), string(g.AppendEvent(nil)), "event %d", i)
	}
}

func TestEventsCount(t *testing.T) {
	for _, n := range []int{-1, 0, 1, 3} {
		events := cl2.Events(n, 1)
		require.Len(t, events, max(n, 0), "Events(%d)", n)
	}
}

func TestEventsDistinct(t *testing.T) {
	events, _ := sample(t)
	seen := make(map[string]int, len(events))
	for i, e := range events {
		prev, dup := seen[string(e)]
		require.Falsef(t, dup, "event %d repeats event %d", i, prev)
		seen[string(e)] = i
	}
}

func TestEventsDoNotShareCapacity(t *testing.T) {
	events := cl2.Events(3, 1)
	next := string(events[1])
	_ = append(events[0], "overwrite"...)
	require.Equal(t, next, string(events[1]), "appending to one event must not change the next")
}

func TestEventShape(t *testing.T) {
	events, lots := sample(t)
	keys := []string{"MAPBLKLOT", "BLKLOT", "BLOCK_NUM", "LOT_NUM", "FROM_ST", "TO_ST", "STREET", "ST_TYPE", "ODD_EVEN"}
	for i, l := range lots {
		require.Equal(t, "Feature", l.Type, "event %d", i)
		require.Len(t, l.Properties, len(keys), "event %d", i)
		for _, k := range keys {
			require.Containsf(t, l.Properties, k, "event %d", i)
		}
		id, ok := l.prop("MAPBLKLOT")
		require.True(t, ok, "event %d: MAPBLKLOT is never null", i)
		blk, _ := l.prop("BLKLOT")
		block, _ := l.prop("BLOCK_NUM")
		lotNum, _ := l.prop("LOT_NUM")
		require.Equal(t, id, blk, "event %d", i)
		require.Equal(t, id, block+lotNum, "event %d", i)
		require.Contains(t, []string{"O", "E"}, *l.Properties["ODD_EVEN"], "event %d", i)

		g := l.Geometry
		require.Contains(t, []string{"Polygon", "MultiPolygon"}, g.Type, "event %d", i)
		require.GreaterOrEqual(t, len(g.Coordinates), 5, "event %d", i)
		require.LessOrEqual(t, len(g.Coordinates), 11, "event %d", i)
		require.Equal(t, g.Coordinates[0].X, g.FirstCoordinates.X, "event %d", i)
		require.Equal(t, g.Coordinates[0].Y, g.FirstCoordinates.Y, "event %d", i)
		for _, p := range g.Coordinates {
			require.InDelta(t, -122.435, p.X, 0.08, "event %d", i)
			require.InDelta(t, 37.755, p.Y, 0.06, "event %d", i)
		}

		// Key order matters to a streaming matcher: firstCoordinates
		// comes after the whole coordinates array.
		e := events[i]
		require.Less(t, bytes.Index(e, []byte(`"properties"`)), bytes.Index(e, []byte(`"geometry"`)), "event %d", i)
		require.Less(t, bytes.Index(e, []byte(`"coordinates"`)), bytes.Index(e, []byte(`"firstCoordinates"`)), "event %d", i)
	}
}

// TestEventDistributions checks the rates the rule sets' selectivity
// depends on. The sample is fixed by its seed, so the bounds are about the
// generator's arithmetic, not about luck.
func TestEventDistributions(t *testing.T) {
	events, lots := sample(t)
	var nulls, multis, vacant, lowerSt, zeroDotZero int
	streets := map[string]bool{}
	for _, l := range lots {
		street, ok := l.prop("STREET")
		if !ok {
			nulls++
			require.Nil(t, l.Properties["FROM_ST"])
			require.Nil(t, l.Properties["TO_ST"])
			require.Nil(t, l.Properties["ST_TYPE"])
		} else {
			streets[street] = true
		}
		if st, _ := l.prop("ST_TYPE"); st == "st" {
			lowerSt++
		}
		if l.Geometry.Type == "MultiPolygon" {
			multis++
		}
		if id, _ := l.prop("MAPBLKLOT"); id == "VACSTWIL" {
			vacant++
		}
	}
	for _, e := range events {
		if bytes.Contains(e, []byte(`"z":0.0`)) {
			zeroDotZero++
		}
	}
	require.InDelta(t, sampleSize/50, nulls, sampleSize/50/2, "null street fields: 1 in 50")
	require.InDelta(t, sampleSize/100, multis, sampleSize/100/2, "MultiPolygons: 1 in 100")
	require.Equal(t, multis, zeroDotZero, "each MultiPolygon's first vertex has z 0.0")
	require.InDelta(t, sampleSize/400, vacant, sampleSize/400/2, "VACSTWIL: 1 in 400")
	require.InDelta(t, sampleSize/16, lowerSt, sampleSize/16/2, `ST_TYPE "st": 1 in 16`)
	require.Greater(t, len(streets), 190, "nearly every street name appears")
}
