package archive

import "time"

// ArchiveState is the state of an archive, as EventBridge reports it.
type ArchiveState string

// Archive states. An archive here is ENABLED as soon as CreateArchive
// returns, as on EventBridge (no CREATING state shows up in the response);
// it is CREATING or UPDATING only while CreateArchive or UpdateArchive
// runs. DISABLED, CREATE_FAILED and UPDATE_FAILED exist in the API and are
// accepted as ListArchives filters, but no archive enters them.
const (
	ArchiveEnabled      ArchiveState = "ENABLED"
	ArchiveDisabled     ArchiveState = "DISABLED"
	ArchiveCreating     ArchiveState = "CREATING"
	ArchiveUpdating     ArchiveState = "UPDATING"
	ArchiveCreateFailed ArchiveState = "CREATE_FAILED"
	ArchiveUpdateFailed ArchiveState = "UPDATE_FAILED"
)

// archiveStates lists the states in the order EventBridge's API reference
// lists them, for the enum constraint message.
var archiveStates = [...]ArchiveState{ArchiveEnabled, ArchiveDisabled, ArchiveCreating, ArchiveUpdating, ArchiveCreateFailed, ArchiveUpdateFailed}

// Archive describes an archive, as DescribeArchive returns it. ListArchives
// returns the same type with ArchiveArn, Description and EventPattern left
// empty, because EventBridge's list entries do not carry them.
type Archive struct {
	ArchiveName    string
	ArchiveArn     string // arn:aws:events:<region>:<account>:archive/<name>
	EventSourceArn string // the ARN of the event bus the archive records
	Description    string
	// EventPattern is the pattern as it was given; empty when the archive
	// takes every event of its bus.
	EventPattern  string
	State         ArchiveState
	StateReason   string
	RetentionDays int   // 0: events are kept forever
	SizeBytes     int64 // total size of the archived events' JSON
	EventCount    int64
	CreationTime  time.Time
}

// CreateArchiveInput is the input of CreateArchive.
type CreateArchiveInput struct {
	// ArchiveName is 1 to 48 characters of [\.\-_A-Za-z0-9].
	ArchiveName string
	// EventSourceArn is the ARN of the event bus whose events the archive
	// records.
	EventSourceArn string
	// Description is optional, up to 512 characters.
	Description string
	// EventPattern optionally restricts the archive to the events it
	// matches; empty archives every event of the bus. Replayed events are
	// never archived.
	EventPattern string
	// RetentionDays is how long events are kept, by event time; 0 keeps
	// them forever.
	RetentionDays int
}

// CreateArchiveOutput is the result of CreateArchive.
type CreateArchiveOutput struct {
	ArchiveArn   string
	State        ArchiveState
	StateReason  string
	CreationTime time.Time
}

// UpdateArchiveInput is the input of UpdateArchive. A nil field is left as
// it is; at least one must be set.
type UpdateArchiveInput struct {
	ArchiveName string
	Description *string
	// EventPattern replaces the archive's pattern; a pointer to "" removes
	// it, so that the archive takes every event of its bus.
	EventPattern  *string
	RetentionDays *int
}

// UpdateArchiveOutput is the result of UpdateArchive.
type UpdateArchiveOutput struct {
	ArchiveArn   string
	State        ArchiveState
	StateReason  string
	CreationTime time.Time
}

// ListArchivesInput is the input of ListArchives. At most one of
// NamePrefix, EventSourceArn and State may be set.
type ListArchivesInput struct {
	NamePrefix     string
	EventSourceArn string // an event bus ARN
	State          ArchiveState
	NextToken      string // from the previous page
	Limit          int    // page size, 1 to 100; 0 means 100
}

// ListArchivesOutput is one page of ListArchives.
type ListArchivesOutput struct {
	Archives  []Archive
	NextToken string // empty on the last page
}
