package cli

import (
	"bytes"
	"math"
	"sort"
	"strings"

	"golang.org/x/text/width"
)

// The table output is the aws CLI's: a tree of titled sections, each with
// an optional header row and rows of cells, drawn with | + - in the width
// of the widest section (80 columns when not a terminal; a table wider than
// that turns single-row sections vertical). Columns are sorted by key,
// nested values become indented sections titled by their key.

type tableSection struct {
	title     string
	headers   []string
	rows      [][]string
	indent    int
	maxWidths []int
}

func (s *tableSection) update(row []string) {
	if s.maxWidths == nil {
		s.maxWidths = make([]int, len(row))
		for i, c := range row {
			s.maxWidths[i] = textWidth(c)
		}
		return
	}
	for i, c := range row {
		if i < len(s.maxWidths) && textWidth(c) > s.maxWidths[i] {
			s.maxWidths[i] = textWidth(c)
		}
	}
}

func (s *tableSection) addHeader(h []string) {
	s.update(h)
	s.headers = h
}

func (s *tableSection) addRow(r []string) {
	s.rows = append(s.rows, r)
	s.update(r)
}

// columnWidths scales the columns to fill maxWidth, as the aws CLI does
// (rounding, then handing out the difference one column at a time).
func (s *tableSection) columnWidths(padding, maxWidth int) []int {
	w := make([]int, len(s.maxWidths))
	total := 0
	for i, m := range s.maxWidths {
		w[i] = m + padding
		total += w[i]
	}
	if maxWidth < 0 || len(w) == 0 {
		return w
	}
	scale := float64(maxWidth) / float64(total)
	sum := 0
	for i := range w {
		w[i] = int(pyRound(scale * float64(w[i])))
		sum += w[i]
	}
	off := sum - maxWidth
	for off != 0 {
		if off > 0 {
			for i := 0; i < len(w) && off != 0; i++ {
				w[i]--
				off--
			}
		} else {
			for i := len(w) - 1; i >= 0 && off != 0; i-- {
				w[i]++
				off++
			}
		}
	}
	return w
}

// pyRound is Python 3's round(): halves go to the even neighbour.
func pyRound(f float64) float64 { return math.RoundToEven(f) }

func (s *tableSection) totalWidth(padding int, border bool, outer int) int {
	total := 0
	for _, w := range s.columnWidths(0, -1) {
		total += w + padding
	}
	if border {
		total += 2
	}
	total += 2 * outer
	return max(textWidth(s.title)+2+2*outer, total)
}

// textWidth counts East Asian wide, full-width and ambiguous runes as two
// columns, as the aws CLI does.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianAmbiguous:
			n += 2
		default:
			n++
		}
	}
	return n
}

type tableBuilder struct {
	sections []*tableSection
	cur      *tableSection
}

func (t *tableBuilder) newSection(title string, indent int) {
	t.cur = &tableSection{title: title, indent: indent}
	t.sections = append(t.sections, t.cur)
}

// formatTable prints like the aws CLI's table output. title is the
// operation's name.
func formatTableTitled(buf *bytes.Buffer, title string, v any) {
	t := &tableBuilder{}
	if !t.build(title, true, plainValue(v), 0) {
		return
	}
	t.render(buf, 80)
}

func isScalar(v any) bool { return !isContainer(v) }

func (t *tableBuilder) build(title string, hasTitle bool, v any, indent int) bool {
	if isEmpty(v) {
		return false
	}
	if hasTitle {
		t.newSection(title, indent)
	}
	switch x := v.(type) {
	case []any:
		if _, ok := x[0].(map[string]any); ok {
			t.subTableFromList(x, indent, title)
		} else {
			for _, item := range x {
				if isScalar(item) {
					t.cur.addRow([]string{pyText(item)})
				} else if l, ok := item.([]any); ok && allScalar(l) {
					row := make([]string, len(l))
					for i, e := range l {
						row[i] = pyText(e)
					}
					t.cur.addRow(row)
				} else {
					t.build("", false, item, 0)
				}
			}
		}
	case map[string]any:
		t.subTableFromDict(x, indent)
	}
	return true
}

// isEmpty is Python's "not value" for the values a response holds.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	case string:
		return x == ""
	case bool:
		return !x
	case int64:
		return x == 0
	case float64:
		return x == 0
	}
	return false
}

func allScalar(l []any) bool {
	for _, e := range l {
		if !isScalar(e) {
			return false
		}
	}
	return true
}

func groupScalarKeys(m map[string]any) (headers, more []string) {
	for k, v := range m {
		if isScalar(v) {
			headers = append(headers, k)
		} else {
			more = append(more, k)
		}
	}
	sort.Strings(headers)
	sort.Strings(more)
	return headers, more
}

func (t *tableBuilder) subTableFromDict(m map[string]any, indent int) {
	headers, more := groupScalarKeys(m)
	if len(headers) == 1 {
		t.cur.addRow([]string{headers[0], pyText(m[headers[0]])})
	} else if len(headers) > 0 {
		t.cur.addHeader(headers)
		row := make([]string, len(headers))
		for i, h := range headers {
			row[i] = pyText(m[h])
		}
		t.cur.addRow(row)
	}
	for _, k := range more {
		t.build(k, true, m[k], indent+1)
	}
}

func (t *tableBuilder) subTableFromList(list []any, indent int, title string) {
	hs, ms := map[string]bool{}, map[string]bool{}
	for _, e := range list {
		m, _ := e.(map[string]any)
		h, mo := groupScalarKeys(m)
		for _, k := range h {
			hs[k] = true
		}
		for _, k := range mo {
			ms[k] = true
		}
	}
	headers, more := sortedKeys(hs), sortedKeys(ms)
	t.cur.addHeader(headers)
	for i, e := range list {
		m, _ := e.(map[string]any)
		if i > 0 && len(more) > 0 {
			t.newSection(title, indent)
			t.cur.addHeader(headers)
		}
		row := make([]string, len(headers))
		for j, h := range headers {
			if v, ok := m[h]; ok {
				row[j] = pyText(v)
			}
		}
		t.cur.addRow(row)
		for _, k := range more {
			if v, ok := m[k]; ok {
				t.build(k, true, v, indent+1)
			}
		}
	}
}

func (t *tableBuilder) maxWidth() int {
	w := 0
	for _, s := range t.sections {
		w = max(w, s.totalWidth(4, true, s.indent))
	}
	return w
}

func (t *tableBuilder) render(buf *bytes.Buffer, terminal int) {
	mw := t.maxWidth()
	if mw > terminal {
		for i, s := range t.sections {
			if len(s.rows) == 1 && len(s.headers) > 0 {
				ns := &tableSection{title: s.title, indent: s.indent}
				for j, h := range s.headers {
					if j < len(s.rows[0]) {
						ns.addRow([]string{h, s.rows[0][j]})
					}
				}
				t.sections[i] = ns
			}
		}
		mw = t.maxWidth()
	}
	buf.WriteString(strings.Repeat("-", mw) + "\n")
	for _, s := range t.sections {
		t.renderSection(buf, s, mw)
	}
}

// indented writes a line inside the section's indentation bars.
func indented(buf *bytes.Buffer, level int, line string) {
	bars := strings.Repeat("|", level)
	buf.WriteString(bars + line + bars + "\n")
}

func (t *tableBuilder) renderSection(buf *bytes.Buffer, s *tableSection, mw int) {
	mw -= s.indent * 2
	if s.title != "" {
		indented(buf, s.indent, centerText(s.title, mw, "|", "|"))
		if len(s.headers) == 0 && len(s.rows) == 0 {
			indented(buf, s.indent, "+"+strings.Repeat("-", mw-2)+"+")
		}
	}
	if len(s.headers) > 0 {
		widths := s.columnWidths(4, mw)
		var line strings.Builder
		for i, h := range s.headers {
			left := ""
			if i == 0 {
				left = "|"
			}
			line.WriteString(centerText(h, widths[i], left, "|"))
		}
		indented(buf, s.indent, lineBreak(widths))
		indented(buf, s.indent, line.String())
	}
	if len(s.rows) > 0 {
		widths := s.columnWidths(4, mw)
		if len(widths) == 0 {
			return
		}
		indented(buf, s.indent, lineBreak(widths))
		for _, row := range s.rows {
			var line strings.Builder
			for i, c := range row {
				if i >= len(widths) {
					break
				}
				left := ""
				if i == 0 {
					left = "|"
				}
				line.WriteString(alignLeft(c, widths[i], left, "|"))
			}
			indented(buf, s.indent, line.String())
		}
		indented(buf, s.indent, lineBreak(widths))
	}
}

func lineBreak(widths []int) string {
	var b strings.Builder
	for i, w := range widths {
		if i == 0 {
			b.WriteString("+" + strings.Repeat("-", max(w-2, 0)) + "+")
		} else {
			b.WriteString(strings.Repeat("-", max(w-1, 0)) + "+")
		}
	}
	return b.String()
}

func centerText(text string, length int, left, right string) string {
	tl := textWidth(text)
	start := length/2 - tl/2 - 1
	if start < 0 {
		start = 0
	}
	soFar := textWidth(left) + start + tl
	rightSpaces := length - textWidth(right) - soFar
	if rightSpaces < 0 {
		rightSpaces = 0
	}
	return left + strings.Repeat(" ", start) + text + strings.Repeat(" ", rightSpaces) + right
}

func alignLeft(text string, length int, left, right string) string {
	tl := textWidth(text)
	padding := 2
	if length-(tl+2+len(left)+len(right)) < 0 {
		padding = 0
	}
	soFar := len(left) + padding + tl
	rest := length - soFar - len(right)
	if rest < 0 {
		rest = 0
	}
	return left + strings.Repeat(" ", padding) + text + strings.Repeat(" ", rest) + right
}
