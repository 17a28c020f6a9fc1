package switchyard

import "time"

// Entry is one event offered to PutEvents, field for field the
// PutEventsRequestEntry of the EventBridge API.
//
// Its JSON uses AWS's member names, so the entries of `aws events
// put-events --entries file://...` decode into it; Time is encoded as
// RFC 3339 here, while the wire protocol of the API sends epoch seconds
// (the server converts).
type Entry struct {
	// Time is the event's time, from year 0001 to 9999. Zero means the
	// time PutEvents received it.
	Time time.Time `json:"Time,omitzero"`
	// Source identifies the service or application that sent the event.
	// Required. Sources starting with "aws." are reserved for AWS services.
	Source string `json:"Source,omitempty"`
	// Resources are ARNs the event concerns, each up to 2048 characters.
	// Optional.
	Resources []string `json:"Resources,omitempty"`
	// DetailType describes the event's kind. Required.
	DetailType string `json:"DetailType,omitempty"`
	// Detail is the event's body: a JSON object, as text, valid UTF-8 and
	// nested at most 1100 levels deep. Required.
	Detail string `json:"Detail,omitempty"`
	// EventBusName is the name or ARN of the bus; empty means "default".
	// PutPartnerEvents ignores it.
	EventBusName string `json:"EventBusName,omitempty"`
	// TraceHeader is an X-Ray trace header, 1 to 500 characters, carried
	// to the targets as Event.TraceHeader but not interpreted.
	TraceHeader string `json:"TraceHeader,omitempty"`
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
	FailedEntryCount int           `json:"FailedEntryCount"`
	Entries          []ResultEntry `json:"Entries"`
}

// ResultEntry is the outcome of one entry: an EventID when it was accepted,
// or an ErrorCode and ErrorMessage when it was not.
type ResultEntry struct {
	EventID      string `json:"EventId,omitempty"`
	ErrorCode    string `json:"ErrorCode,omitempty"`
	ErrorMessage string `json:"ErrorMessage,omitempty"`
}

// Failed reports whether the entry was rejected.
func (r ResultEntry) Failed() bool { return r.ErrorCode != "" }
