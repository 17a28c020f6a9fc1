package replay

import "time"

// State is the state of a replay, as EventBridge reports it.
type State string

// Replay states. A replay is STARTING when StartReplay returns, RUNNING
// while it sends events, and ends COMPLETED, CANCELLED (after
// CancelReplay, which shows CANCELLING until the replay has stopped) or
// FAILED, with the reason in StateReason.
const (
	StateStarting   State = "STARTING"
	StateRunning    State = "RUNNING"
	StateCancelling State = "CANCELLING"
	StateCompleted  State = "COMPLETED"
	StateCancelled  State = "CANCELLED"
	StateFailed     State = "FAILED"
)

// states lists the states in the order of EventBridge's API reference,
// for the enum constraint message.
var states = [...]State{StateStarting, StateRunning, StateCancelling, StateCompleted, StateCancelled, StateFailed}

// active reports whether a replay in state s still counts against the
// limit of concurrent replays.
func (s State) active() bool {
	return s == StateStarting || s == StateRunning || s == StateCancelling
}

// The types below are the requests and responses of EventBridge's replay
// operations (Amazon EventBridge API Reference, 2015-10-07). Go names use
// Go initialisms (ARN); JSON tags carry AWS's member names, so the JSON
// body of `aws events start-replay` decodes into StartReplayInput and the
// outputs encode to the bodies AWS sends, except that times are
// time.Time: the JSON 1.1 wire protocol writes epoch seconds, which is the
// server's conversion to make.

// Destination is where a replay sends its events: the event bus ARN (it
// must be the archive's own bus) and, optionally, the ARNs of the rules
// that may receive them. With no FilterARNs every rule of the bus does.
type Destination struct {
	ARN        string   `json:"Arn"`
	FilterARNs []string `json:"FilterArns,omitempty"`
}

// StartReplayInput is the request of StartReplay.
type StartReplayInput struct {
	// ReplayName is 1 to 64 characters of [\.\-_A-Za-z0-9], unique among
	// the caller's replays, finished ones included.
	ReplayName  string `json:"ReplayName"`
	Description string `json:"Description,omitempty"` // optional, up to 512 characters
	// EventSourceARN is the ARN of the archive to replay.
	EventSourceARN string `json:"EventSourceArn"`
	// EventStartTime (inclusive) and EventEndTime (exclusive) select the
	// archived events by event time. Both are required, and EventStartTime
	// must be before EventEndTime.
	EventStartTime time.Time   `json:"EventStartTime,omitzero"`
	EventEndTime   time.Time   `json:"EventEndTime,omitzero"`
	Destination    Destination `json:"Destination"`
}

// StartReplayOutput is the response of StartReplay.
type StartReplayOutput struct {
	ReplayARN       string    `json:"ReplayArn"`
	State           State     `json:"State"`
	StateReason     string    `json:"StateReason,omitempty"`
	ReplayStartTime time.Time `json:"ReplayStartTime,omitzero"`
}

// DescribeReplayInput is the request of DescribeReplay.
type DescribeReplayInput struct {
	ReplayName string `json:"ReplayName"`
}

// DescribeReplayOutput is the response of DescribeReplay.
type DescribeReplayOutput struct {
	ReplayName     string      `json:"ReplayName"`
	ReplayARN      string      `json:"ReplayArn"` // arn:aws:events:<region>:<account>:replay/<name>
	Description    string      `json:"Description,omitempty"`
	State          State       `json:"State"`
	StateReason    string      `json:"StateReason,omitempty"`
	EventSourceARN string      `json:"EventSourceArn"` // the archive's ARN
	Destination    Destination `json:"Destination"`
	// EventStartTime and EventEndTime bound the replayed events by event
	// time: EventStartTime <= time < EventEndTime.
	EventStartTime time.Time `json:"EventStartTime,omitzero"`
	EventEndTime   time.Time `json:"EventEndTime,omitzero"`
	// EventLastReplayedTime is the event time of the last event replayed,
	// updated as each minute of the window is done. It is zero (absent in
	// JSON, as on EventBridge) until an event has been replayed; a replay
	// of an empty window never sets it.
	EventLastReplayedTime time.Time `json:"EventLastReplayedTime,omitzero"`
	ReplayStartTime       time.Time `json:"ReplayStartTime,omitzero"`
	ReplayEndTime         time.Time `json:"ReplayEndTime,omitzero"` // zero until the replay has ended
}

// ListReplaysInput is the request of ListReplays. At most one of
// NamePrefix, State and EventSourceARN may be set.
type ListReplaysInput struct {
	NamePrefix     string `json:"NamePrefix,omitempty"`
	State          State  `json:"State,omitempty"`
	EventSourceARN string `json:"EventSourceArn,omitempty"` // an archive ARN
	NextToken      string `json:"NextToken,omitempty"`      // from the previous page
	Limit          int    `json:"Limit,omitempty"`          // page size, 1 to 100; 0 means 100
}

// ListReplaysOutput is one page of ListReplays.
type ListReplaysOutput struct {
	Replays   []Replay `json:"Replays"`
	NextToken string   `json:"NextToken,omitempty"` // empty on the last page
}

// Replay is an entry of ListReplays. It has the members EventBridge's list
// entries have: no ARN, Description or Destination (DescribeReplay has
// them).
type Replay struct {
	ReplayName            string    `json:"ReplayName"`
	EventSourceARN        string    `json:"EventSourceArn"`
	State                 State     `json:"State"`
	StateReason           string    `json:"StateReason,omitempty"`
	EventStartTime        time.Time `json:"EventStartTime,omitzero"`
	EventEndTime          time.Time `json:"EventEndTime,omitzero"`
	EventLastReplayedTime time.Time `json:"EventLastReplayedTime,omitzero"`
	ReplayStartTime       time.Time `json:"ReplayStartTime,omitzero"`
	ReplayEndTime         time.Time `json:"ReplayEndTime,omitzero"`
}

// CancelReplayInput is the request of CancelReplay.
type CancelReplayInput struct {
	ReplayName string `json:"ReplayName"`
}

// CancelReplayOutput is the response of CancelReplay.
type CancelReplayOutput struct {
	ReplayARN   string `json:"ReplayArn"`
	State       State  `json:"State"`
	StateReason string `json:"StateReason,omitempty"`
}
