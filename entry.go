package switchyard

import "time"

// Entry is one event offered to PutEvents, field for field the
// PutEventsRequestEntry of the EventBridge API.
type Entry struct {
	// Time is the event's time. Zero means the time PutEvents received it.
	Time time.Time
	// Source identifies the service or application that sent the event.
	// Required.
	Source string
	// Resources are ARNs the event concerns. Optional.
	Resources []string
	// DetailType describes the event's kind. Required.
	DetailType string
	// Detail is the event's body: a JSON object, as text. Required.
	Detail string
	// EventBusName is the name or ARN of the bus; empty means "default".
	EventBusName string
	// TraceHeader is an X-Ray trace header, carried but not interpreted.
	TraceHeader string
}

// Size is the entry's size as EventBridge counts it against the entry
// size limit: 14 bytes when Time is set, plus the UTF-8 lengths of Source,
// DetailType, Detail and every Resource.
func (e *Entry) Size() int {
	n := 0
	if !e.Time.IsZero() {
		n += 14
	}
	n += len(e.Source) + len(e.DetailType) + len(e.Detail)
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

// PutEventsResult is PutEvents' answer: one ResultEntry per input entry, in
// the same order, and the number of those that failed.
type PutEventsResult struct {
	FailedEntryCount int
	Entries          []ResultEntry
}

// ResultEntry is the outcome of one entry: an EventID when it was accepted,
// or an ErrorCode and ErrorMessage when it was not.
type ResultEntry struct {
	EventID      string `json:",omitempty"`
	ErrorCode    string `json:",omitempty"`
	ErrorMessage string `json:",omitempty"`
}

// Failed reports whether the entry was rejected.
func (r ResultEntry) Failed() bool { return r.ErrorCode != "" }
