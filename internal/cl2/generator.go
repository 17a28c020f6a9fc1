package cl2

import "strconv"

// Value ranges of the synthetic lots, as in cl2gen: blocks 1..7600 and lots
// 1..300 give 2,280,000 possible MAPBLKLOT values, and every polygon sits
// in a box around San Francisco.
const (
	numBlocks = 7600
	numLots   = 300

	minX, spanX = -122.36, -0.15 // x0 is drawn in (minX+spanX, minX]
	minY, spanY = 37.70, 0.11    // y0 is drawn in [minY, minY+spanY)
	pointJitter = 0.0004         // each vertex lies this close to (x0, y0)
)

// Rare values the CL2 rule sets name. A uniform draw would give each
// numeric MAPBLKLOT below about once per 2.3 million events and would never
// repeat a 17-digit coordinate, so the generator plants them at small fixed
// rates instead; the rates are low enough not to move any other rule's
// selectivity.
const (
	vacantLot    = "VACSTWIL" // one lot in 400, as in cl2gen
	plantedX     = "-122.42916360922355"
	plantedY     = "37.729900216217324"
	plantLotRate = 250  // one lot in 250 gets one of plantedLots
	plantXRate   = 1000 // one Polygon in 1000 starts at plantedX
	plantYRate   = 4    // one MultiPolygon in 4 has a vertex at plantedY
	nullRate     = 50   // one lot in 50 has null street fields
	multiRate    = 100  // one lot in 100 is a MultiPolygon
)

// plantedLots are the numeric MAPBLKLOT values of the EXACT rule set.
var plantedLots = [...]string{"1430022", "2607117", "2607218", "3745012"}

// Generator produces a deterministic stream of CityLots2-style events. The
// same seed always yields the same events, byte for byte. A Generator is
// not safe for concurrent use; give each goroutine its own.
type Generator struct {
	r       rng
	streets []string
	types   []string
}

// NewGenerator returns a Generator whose stream is fixed by seed.
func NewGenerator(seed uint64) *Generator {
	return &Generator{
		r:       rng{state: seed},
		streets: splitVocabulary(streetNames),
		types:   splitVocabulary(streetTypes),
	}
}

// Events returns n distinct events generated from seed (n <= 0 gives
// none). The events share one backing array, laid out one after another as
// they would be when read from a file; each slice's capacity ends at its
// own last byte, so appending to one never overwrites the next.
func Events(n int, seed uint64) [][]byte {
	if n <= 0 {
		return nil
	}
	g := NewGenerator(seed)
	// About 700 bytes per event; one up-front estimate avoids most copying.
	buf := make([]byte, 0, n*768)
	ends := make([]int, n)
	for i := range ends {
		buf = g.AppendEvent(buf)
		ends[i] = len(buf)
	}
	events := make([][]byte, n)
	start := 0
	for i, end := range ends {
		events[i] = buf[start:end:end]
		start = end
	}
	return events
}

// AppendEvent appends the next event's JSON to dst and returns the
// extended slice. The event is one GeoJSON Feature: "type", then
// "properties" (MAPBLKLOT, BLKLOT, BLOCK_NUM, LOT_NUM, FROM_ST, TO_ST,
// STREET, ST_TYPE, ODD_EVEN), then "geometry" with its "type", a
// "coordinates" array of 5 to 11 {x,y,z} objects, and a "firstCoordinates"
// object repeating the first vertex. Key order is fixed, so a rule on
// geometry.firstCoordinates makes a matcher walk past the whole array.
func (g *Generator) AppendEvent(dst []byte) []byte {
	r := &g.r
	lot := g.lotID()

	street := g.streets[r.intn(len(g.streets))]
	from := r.intn(3000)
	to := from + r.intn(60)
	stType := g.types[r.intn(len(g.types))]
	nullStreet := r.oneIn(nullRate)
	odd := r.oneIn(2)

	dst = append(dst, `{"type":"Feature","properties":{"MAPBLKLOT":"`...)
	dst = append(dst, lot...)
	dst = append(dst, `","BLKLOT":"`...)
	dst = append(dst, lot...)
	dst = append(dst, `","BLOCK_NUM":"`...)
	dst = append(dst, lot[:4]...)
	dst = append(dst, `","LOT_NUM":"`...)
	dst = append(dst, lot[4:]...)
	dst = append(dst, `","FROM_ST":`...)
	if nullStreet {
		dst = append(dst, `null,"TO_ST":null,"STREET":null,"ST_TYPE":null`...)
	} else {
		dst = appendQuotedInt(dst, from)
		dst = append(dst, `,"TO_ST":`...)
		dst = appendQuotedInt(dst, to)
		dst = append(dst, `,"STREET":"`...)
		dst = append(dst, street...)
		dst = append(dst, `","ST_TYPE":"`...)
		dst = append(dst, stType...)
		dst = append(dst, '"')
	}
	if odd {
		dst = append(dst, `,"ODD_EVEN":"O"},"geometry":{"type":`...)
	} else {
		dst = append(dst, `,"ODD_EVEN":"E"},"geometry":{"type":`...)
	}
	return g.appendGeometry(dst)
}

// lotID draws a MAPBLKLOT value: usually a uniform block and lot, "%04d%03d",
// sometimes the vacant-street marker or one of the planted EXACT values.
func (g *Generator) lotID() string {
	r := &g.r
	block, lot := r.intn(numBlocks)+1, r.intn(numLots)+1
	switch {
	case r.oneIn(400):
		return vacantLot
	case r.oneIn(plantLotRate):
		return plantedLots[r.intn(len(plantedLots))]
	}
	return lotString(block, lot)
}

// lotString formats a block and lot as a seven-digit MAPBLKLOT.
func lotString(block, lot int) string {
	var b [7]byte
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + block%10)
		block /= 10
	}
	for i := 6; i >= 4; i-- {
		b[i] = byte('0' + lot%10)
		lot /= 10
	}
	return string(b[:])
}

// appendGeometry writes the geometry object's members after its opening
// `"type":` and closes the event.
func (g *Generator) appendGeometry(dst []byte) []byte {
	r := &g.r
	multi := r.oneIn(multiRate)
	points := 5 + r.intn(7)
	x0 := minX + r.float64()*spanX
	y0 := minY + r.float64()*spanY

	// Planted coordinates: a Polygon whose first vertex has the NUMERIC
	// rule set's x, or a MultiPolygon with one vertex at the
	// COMPLEX_ARRAYS rule set's y.
	plantX := !multi && r.oneIn(plantXRate)
	plantYAt := -1
	if multi && r.oneIn(plantYRate) {
		plantYAt = r.intn(points)
	}

	if multi {
		dst = append(dst, `"MultiPolygon","coordinates":[`...)
	} else {
		dst = append(dst, `"Polygon","coordinates":[`...)
	}
	// Offsets of the first vertex's x and y texts, copied into
	// firstCoordinates at the end (offsets, not slices: dst may move).
	var fx0, fx1, fy0, fy1 int
	for p := 0; p < points; p++ {
		if p > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"x":`...)
		xStart := len(dst)
		if plantX && p == 0 {
			dst = append(dst, plantedX...)
		} else {
			dst = g.appendCoordinate(dst, x0+r.float64()*pointJitter)
		}
		xEnd := len(dst)
		dst = append(dst, `,"y":`...)
		yStart := len(dst)
		if p == plantYAt {
			dst = append(dst, plantedY...)
		} else {
			dst = g.appendCoordinate(dst, y0+r.float64()*pointJitter)
		}
		yEnd := len(dst)
		// cl2gen writes the first vertex of a MultiPolygon with z 0.0, so
		// a numeric matcher must compare 0.0 and 0 by value.
		if multi && p == 0 {
			dst = append(dst, `,"z":0.0}`...)
		} else {
			dst = append(dst, `,"z":0}`...)
		}
		if p == 0 {
			fx0, fx1, fy0, fy1 = xStart, xEnd, yStart, yEnd
		}
	}
	dst = append(dst, `],"firstCoordinates":{"x":`...)
	dst = append(dst, dst[fx0:fx1]...)
	dst = append(dst, `,"y":`...)
	dst = append(dst, dst[fy0:fy1]...)
	return append(dst, `,"z":0}}}`...)
}

// appendCoordinate writes v with 14 or 15 decimals, as cl2gen does, so the
// events carry both round-trip-exact and over-long number texts.
func (g *Generator) appendCoordinate(dst []byte, v float64) []byte {
	return strconv.AppendFloat(dst, v, 'f', 14+g.r.intn(2), 64)
}

// appendQuotedInt writes n as a JSON string.
func appendQuotedInt(dst []byte, n int) []byte {
	dst = append(dst, '"')
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, '"')
}
