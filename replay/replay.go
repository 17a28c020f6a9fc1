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

// Destination is where a replay sends its events: the event bus Arn (it
// must be the archive's own bus) and, optionally, the ARNs of the rules
// that may receive them. With no FilterArns every rule of the bus does.
type Destination struct {
	Arn        string
	FilterArns []string
}

// Replay describes a replay, as DescribeReplay returns it. ListReplays
// returns the same type with ReplayArn, Description and Destination left
// empty, because EventBridge's list entries do not carry them.
type Replay struct {
	ReplayName     string
	ReplayArn      string // arn:aws:events:<region>:<account>:replay/<name>
	Description    string
	State          State
	StateReason    string
	EventSourceArn string // the archive's ARN
	Destination    Destination
	// EventStartTime and EventEndTime bound the replayed events by event
	// time: EventStartTime <= time < EventEndTime.
	EventStartTime time.Time
	EventEndTime   time.Time
	// EventLastReplayedTime is the event time of the last event replayed,
	// updated as each minute of the window is done. It is zero until an
	// event has been replayed; a replay of an empty window never sets it.
	EventLastReplayedTime time.Time
	ReplayStartTime       time.Time
	ReplayEndTime         time.Time // zero until the replay has ended
}

// StartReplayInput is the input of StartReplay.
type StartReplayInput struct {
	// ReplayName is 1 to 64 characters of [\.\-_A-Za-z0-9], unique among
	// the Replayer's replays, finished ones included.
	ReplayName  string
	Description string // optional, up to 512 characters
	// EventSourceArn is the ARN of the archive to replay.
	EventSourceArn string
	// EventStartTime (inclusive) and EventEndTime (exclusive) select the
	// archived events by event time. Both are required, and EventStartTime
	// must be before EventEndTime.
	EventStartTime time.Time
	EventEndTime   time.Time
	Destination    Destination
}

// StartReplayOutput is the result of StartReplay.
type StartReplayOutput struct {
	ReplayArn       string
	State           State
	StateReason     string
	ReplayStartTime time.Time
}

// ListReplaysInput is the input of ListReplays. At most one of
// NamePrefix, State and EventSourceArn may be set.
type ListReplaysInput struct {
	NamePrefix     string
	State          State
	EventSourceArn string // an archive ARN
	NextToken      string // from the previous page
	Limit          int    // page size, 1 to 100; 0 means 100
}

// ListReplaysOutput is one page of ListReplays.
type ListReplaysOutput struct {
	Replays   []Replay
	NextToken string // empty on the last page
}

// CancelReplayOutput is the result of CancelReplay.
type CancelReplayOutput struct {
	ReplayArn   string
	State       State
	StateReason string
}
