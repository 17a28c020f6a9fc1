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

// The types below are the requests and responses of EventBridge's archive
// operations (Amazon EventBridge API Reference, 2015-10-07). Go names use
// Go initialisms (ARN); JSON tags carry AWS's member names, so the JSON
// body of an `aws events create-archive` request decodes into
// CreateArchiveInput and CreateArchiveOutput encodes to the response body
// AWS sends, except that times are time.Time: the JSON 1.1 wire protocol
// writes epoch seconds, which is the server's conversion to make.

// CreateArchiveInput is the request of CreateArchive.
type CreateArchiveInput struct {
	// ArchiveName is 1 to 48 characters of [\.\-_A-Za-z0-9], unique in the
	// caller's account and region.
	ArchiveName string `json:"ArchiveName"`
	// EventSourceARN is the ARN of the event bus whose events the archive
	// records; the bus must be the caller's.
	EventSourceARN string `json:"EventSourceArn"`
	// Description is optional, up to 512 characters.
	Description string `json:"Description,omitempty"`
	// EventPattern optionally restricts the archive to the events it
	// matches; empty archives every event of the bus. Replayed events are
	// never archived.
	EventPattern string `json:"EventPattern,omitempty"`
	// RetentionDays is how long events are kept, by event time; 0 keeps
	// them forever.
	RetentionDays int `json:"RetentionDays,omitempty"`
	// KMSKeyIdentifier names the customer managed KMS key EventBridge
	// would encrypt the archive with (up to 2048 characters). Switchyard
	// records and reports it; it does not encrypt the store.
	KMSKeyIdentifier string `json:"KmsKeyIdentifier,omitempty"`
}

// CreateArchiveOutput is the response of CreateArchive.
type CreateArchiveOutput struct {
	ArchiveARN   string       `json:"ArchiveArn"`
	State        ArchiveState `json:"State"`
	StateReason  string       `json:"StateReason,omitempty"`
	CreationTime time.Time    `json:"CreationTime,omitzero"`
}

// DescribeArchiveInput is the request of DescribeArchive.
type DescribeArchiveInput struct {
	ArchiveName string `json:"ArchiveName"`
}

// DescribeArchiveOutput is the response of DescribeArchive.
type DescribeArchiveOutput struct {
	ArchiveARN     string `json:"ArchiveArn"` // arn:aws:events:<region>:<account>:archive/<name>
	ArchiveName    string `json:"ArchiveName"`
	EventSourceARN string `json:"EventSourceArn"` // the archived bus
	Description    string `json:"Description,omitempty"`
	// EventPattern is the pattern as it was given; absent when the archive
	// takes every event of its bus, as on EventBridge.
	EventPattern     string       `json:"EventPattern,omitempty"`
	State            ArchiveState `json:"State"`
	StateReason      string       `json:"StateReason,omitempty"`
	KMSKeyIdentifier string       `json:"KmsKeyIdentifier,omitempty"`
	RetentionDays    int          `json:"RetentionDays"` // 0: kept forever
	SizeBytes        int64        `json:"SizeBytes"`     // total size of the archived events' JSON
	EventCount       int64        `json:"EventCount"`
	CreationTime     time.Time    `json:"CreationTime,omitzero"`
}

// UpdateArchiveInput is the request of UpdateArchive. A nil field is left
// as it is; at least one of Description, EventPattern and RetentionDays
// must be set.
type UpdateArchiveInput struct {
	ArchiveName string  `json:"ArchiveName"`
	Description *string `json:"Description,omitempty"`
	// EventPattern replaces the archive's pattern; a pointer to "" removes
	// it, so that the archive takes every event of its bus.
	EventPattern     *string `json:"EventPattern,omitempty"`
	RetentionDays    *int    `json:"RetentionDays,omitempty"`
	KMSKeyIdentifier *string `json:"KmsKeyIdentifier,omitempty"`
}

// UpdateArchiveOutput is the response of UpdateArchive.
type UpdateArchiveOutput struct {
	ArchiveARN   string       `json:"ArchiveArn"`
	State        ArchiveState `json:"State"`
	StateReason  string       `json:"StateReason,omitempty"`
	CreationTime time.Time    `json:"CreationTime,omitzero"`
}

// DeleteArchiveInput is the request of DeleteArchive.
type DeleteArchiveInput struct {
	ArchiveName string `json:"ArchiveName"`
}

// DeleteArchiveOutput is the response of DeleteArchive: empty, as on
// EventBridge.
type DeleteArchiveOutput struct{}

// ListArchivesInput is the request of ListArchives. At most one of
// NamePrefix, EventSourceARN and State may be set.
type ListArchivesInput struct {
	NamePrefix     string       `json:"NamePrefix,omitempty"`
	EventSourceARN string       `json:"EventSourceArn,omitempty"` // an event bus ARN
	State          ArchiveState `json:"State,omitempty"`
	NextToken      string       `json:"NextToken,omitempty"` // from the previous page
	Limit          int          `json:"Limit,omitempty"`     // page size, 1 to 100; 0 means 100
}

// ListArchivesOutput is one page of ListArchives.
type ListArchivesOutput struct {
	Archives  []Archive `json:"Archives"`
	NextToken string    `json:"NextToken,omitempty"` // empty on the last page
}

// Archive is an entry of ListArchives. It has the members EventBridge's
// list entries have: no ARN, Description or EventPattern (DescribeArchive
// has them).
type Archive struct {
	ArchiveName    string       `json:"ArchiveName"`
	EventSourceARN string       `json:"EventSourceArn"`
	State          ArchiveState `json:"State"`
	StateReason    string       `json:"StateReason,omitempty"`
	RetentionDays  int          `json:"RetentionDays"`
	SizeBytes      int64        `json:"SizeBytes"`
	EventCount     int64        `json:"EventCount"`
	CreationTime   time.Time    `json:"CreationTime,omitzero"`
}
