package switchyard

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard/internal/jsonenc"
)

// TimeLayout is the layout of Event.Time on the wire: RFC 3339 at second
// precision in UTC, as EventBridge writes it ("2026-11-21T12:00:00Z").
const TimeLayout = "2006-01-02T15:04:05Z"

// Event is the envelope EventBridge delivers to targets. Its JSON form has
// exactly EventBridge's fields in EventBridge's order; "replay-name" appears
// only on events sent by a replay, between "region" and "resources", where
// EventBridge writes it.
type Event struct {
	Version    string          // always "0"
	ID         string          // UUID v4
	DetailType string          // "detail-type"
	Source     string          // "source"
	Account    string          // the bus owner's account id
	Time       time.Time       // second precision, UTC on the wire
	Region     string          // the bus's region
	Resources  []string        // never null on the wire
	Detail     json.RawMessage // a JSON object; "{}" when empty
	ReplayName string          // "replay-name", set only on replayed events
	// TraceHeader is the X-Ray trace header the event was put with
	// (Entry.TraceHeader). It is delivery metadata, as on EventBridge, not
	// part of the event's JSON: targets read it from Delivery.Event.
	TraceHeader string
}

// MarshalJSON encodes the event exactly as EventBridge does.
func (e Event) MarshalJSON() ([]byte, error) {
	return e.AppendJSON(make([]byte, 0, 256+len(e.Detail))), nil
}

// AppendJSON appends the event's JSON encoding to dst and returns the
// extended buffer. It is MarshalJSON without the allocation, for hot paths
// that reuse a buffer.
func (e *Event) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"version":`...)
	v := e.Version
	if v == "" {
		v = "0"
	}
	dst = jsonenc.AppendString(dst, v)
	dst = append(dst, `,"id":`...)
	dst = jsonenc.AppendString(dst, e.ID)
	dst = append(dst, `,"detail-type":`...)
	dst = jsonenc.AppendString(dst, e.DetailType)
	dst = append(dst, `,"source":`...)
	dst = jsonenc.AppendString(dst, e.Source)
	dst = append(dst, `,"account":`...)
	dst = jsonenc.AppendString(dst, e.Account)
	dst = append(dst, `,"time":"`...)
	dst = appendTime(dst, e.Time)
	dst = append(dst, `","region":`...)
	dst = jsonenc.AppendString(dst, e.Region)
	if e.ReplayName != "" {
		dst = append(dst, `,"replay-name":`...)
		dst = jsonenc.AppendString(dst, e.ReplayName)
	}
	dst = append(dst, `,"resources":[`...)
	for i, r := range e.Resources {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonenc.AppendString(dst, r)
	}
	dst = append(dst, `],"detail":`...)
	if len(e.Detail) == 0 {
		dst = append(dst, "{}"...)
	} else {
		dst = append(dst, e.Detail...)
	}
	return append(dst, '}')
}

// wireEvent is the decoding shape of Event.
type wireEvent struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
	ReplayName string          `json:"replay-name"`
}

// UnmarshalJSON decodes an event in EventBridge's JSON form.
func (e *Event) UnmarshalJSON(b []byte) error {
	var w wireEvent
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var t time.Time
	if w.Time != "" {
		var err error
		if t, err = time.Parse(time.RFC3339Nano, w.Time); err != nil {
			return fmt.Errorf("event: time: %w", err)
		}
	}
	if w.Resources == nil {
		w.Resources = []string{}
	}
	*e = Event{
		Version: w.Version, ID: w.ID, DetailType: w.DetailType, Source: w.Source,
		Account: w.Account, Time: t.UTC(), Region: w.Region, Resources: w.Resources,
		Detail: w.Detail, ReplayName: w.ReplayName,
	}
	return nil
}

// appendTime appends t in TimeLayout. It is time.AppendFormat(dst,
// TimeLayout) for the years 0 to 9999, without parsing the layout: every
// event is marshalled once on the PutEvents path, and the general formatter
// was a tenth of its cost.
func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(dst, TimeLayout)
	}
	hour, min, sec := t.Clock()
	return append(dst,
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+int(month)/10), byte('0'+int(month)%10), '-',
		byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':',
		byte('0'+min/10), byte('0'+min%10), ':',
		byte('0'+sec/10), byte('0'+sec%10), 'Z')
}
