package audit

import (
	"slices"
	"sync"
	"time"

	"github.com/switchyard-go/switchyard/archive"
)

// EventDataStoreStatus is the status of an event data store.
type EventDataStoreStatus string

// Event data store statuses (CloudTrail API reference, EventDataStoreStatus).
// A store is ENABLED once CreateEventDataStore returns, or
// STOPPED_INGESTION when it was created with StartIngestion false; it is
// PENDING_DELETION for seven days after DeleteEventDataStore, and then
// gone. CREATED, STARTING_INGESTION and STOPPING_INGESTION are transient
// on CloudTrail and never reported here.
const (
	StatusCreated           EventDataStoreStatus = "CREATED"
	StatusEnabled           EventDataStoreStatus = "ENABLED"
	StatusPendingDeletion   EventDataStoreStatus = "PENDING_DELETION"
	StatusStartingIngestion EventDataStoreStatus = "STARTING_INGESTION"
	StatusStoppingIngestion EventDataStoreStatus = "STOPPING_INGESTION"
	StatusStoppedIngestion  EventDataStoreStatus = "STOPPED_INGESTION"
)

// BillingMode is an event data store's pricing plan, which bounds its
// RetentionPeriod.
type BillingMode string

// Billing modes (CloudTrail API reference, CreateEventDataStore).
const (
	// BillingExtendable allows a RetentionPeriod of 7 to 3653 days; the
	// default, with 366 days.
	BillingExtendable BillingMode = "EXTENDABLE_RETENTION_PRICING"
	// BillingFixed allows 7 to 2557 days, 2557 by default.
	BillingFixed BillingMode = "FIXED_RETENTION_PRICING"
)

// CategoryActivityAuditLog is the eventCategory of events from outside
// AWS. An event data store that a channel writes to must select it:
//
//	[{"Name": "Select all external events",
//	  "FieldSelectors": [{"Field": "eventCategory", "Equals": ["ActivityAuditLog"]}]}]
const CategoryActivityAuditLog = "ActivityAuditLog"

// pendingDeletionPeriod is how long a deleted event data store stays
// PENDING_DELETION ("automatically deleted after a wait period of seven
// days", CloudTrail API reference, DeleteEventDataStore).
const pendingDeletionPeriod = 7 * 24 * time.Hour

// AdvancedEventSelector selects the events an event data store keeps
// (CloudTrail API reference, AdvancedEventSelector).
type AdvancedEventSelector struct {
	Name           string                  `json:"Name,omitempty"`
	FieldSelectors []AdvancedFieldSelector `json:"FieldSelectors"`
}

// AdvancedFieldSelector is one condition of an AdvancedEventSelector.
type AdvancedFieldSelector struct {
	Field         string   `json:"Field"`
	Equals        []string `json:"Equals,omitempty"`
	StartsWith    []string `json:"StartsWith,omitempty"`
	EndsWith      []string `json:"EndsWith,omitempty"`
	NotEquals     []string `json:"NotEquals,omitempty"`
	NotStartsWith []string `json:"NotStartsWith,omitempty"`
	NotEndsWith   []string `json:"NotEndsWith,omitempty"`
}

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value,omitempty"`
}

// CreateEventDataStoreInput is the request of CreateEventDataStore.
// Pointers distinguish "not given" (CloudTrail's default) from false or 0.
type CreateEventDataStoreInput struct {
	// Name is 3 to 128 characters of [a-zA-Z0-9._-], unique in the
	// caller's account and region.
	Name string `json:"Name"`
	// AdvancedEventSelectors choose the events kept; a store that a
	// channel writes to must select eventCategory ActivityAuditLog. With
	// none, CloudTrail keeps management events, which no channel can write.
	AdvancedEventSelectors []AdvancedEventSelector `json:"AdvancedEventSelectors,omitempty"`
	MultiRegionEnabled     *bool                   `json:"MultiRegionEnabled,omitempty"`  // default true
	OrganizationEnabled    *bool                   `json:"OrganizationEnabled,omitempty"` // default false
	// RetentionPeriod is in days: 7 to 3653 (extendable) or 2557 (fixed).
	// Default 366 (extendable) or 2557 (fixed). Switchyard records it;
	// events are not expired.
	RetentionPeriod              *int   `json:"RetentionPeriod,omitempty"`
	TerminationProtectionEnabled *bool  `json:"TerminationProtectionEnabled,omitempty"` // default true
	TagsList                     []Tag  `json:"TagsList,omitempty"`
	KMSKeyID                     string `json:"KmsKeyId,omitempty"` // recorded, not used
	// StartIngestion false creates the store STOPPED_INGESTION: channels
	// may name it, but it keeps no events. Default true.
	StartIngestion *bool       `json:"StartIngestion,omitempty"`
	BillingMode    BillingMode `json:"BillingMode,omitempty"`
}

// EventDataStoreDescription is the response of CreateEventDataStore,
// GetEventDataStore and UpdateEventDataStore.
type EventDataStoreDescription struct {
	EventDataStoreARN            string                  `json:"EventDataStoreArn"`
	Name                         string                  `json:"Name"`
	Status                       EventDataStoreStatus    `json:"Status"`
	AdvancedEventSelectors       []AdvancedEventSelector `json:"AdvancedEventSelectors,omitempty"`
	MultiRegionEnabled           bool                    `json:"MultiRegionEnabled"`
	OrganizationEnabled          bool                    `json:"OrganizationEnabled"`
	RetentionPeriod              int                     `json:"RetentionPeriod"`
	TerminationProtectionEnabled bool                    `json:"TerminationProtectionEnabled"`
	CreatedTimestamp             time.Time               `json:"CreatedTimestamp,omitzero"`
	UpdatedTimestamp             time.Time               `json:"UpdatedTimestamp,omitzero"`
	KMSKeyID                     string                  `json:"KmsKeyId,omitempty"`
	BillingMode                  BillingMode             `json:"BillingMode"`
}

// CreateEventDataStoreOutput is the response of CreateEventDataStore; it
// also carries the tags given.
type CreateEventDataStoreOutput struct {
	EventDataStoreDescription
	TagsList []Tag `json:"TagsList,omitempty"`
}

// GetEventDataStoreInput is the request of GetEventDataStore.
type GetEventDataStoreInput struct {
	EventDataStore string `json:"EventDataStore"` // ARN or ID
}

// GetEventDataStoreOutput is the response of GetEventDataStore.
type GetEventDataStoreOutput = EventDataStoreDescription

// UpdateEventDataStoreInput is the request of UpdateEventDataStore. A nil
// member is left as it is; at least one must be set.
type UpdateEventDataStoreInput struct {
	EventDataStore               string                  `json:"EventDataStore"` // ARN or ID
	Name                         *string                 `json:"Name,omitempty"`
	AdvancedEventSelectors       []AdvancedEventSelector `json:"AdvancedEventSelectors,omitempty"`
	MultiRegionEnabled           *bool                   `json:"MultiRegionEnabled,omitempty"`
	OrganizationEnabled          *bool                   `json:"OrganizationEnabled,omitempty"`
	RetentionPeriod              *int                    `json:"RetentionPeriod,omitempty"`
	TerminationProtectionEnabled *bool                   `json:"TerminationProtectionEnabled,omitempty"`
	KMSKeyID                     *string                 `json:"KmsKeyId,omitempty"`
	BillingMode                  *BillingMode            `json:"BillingMode,omitempty"`
}

// UpdateEventDataStoreOutput is the response of UpdateEventDataStore.
type UpdateEventDataStoreOutput = EventDataStoreDescription

// DeleteEventDataStoreInput is the request of DeleteEventDataStore.
type DeleteEventDataStoreInput struct {
	EventDataStore string `json:"EventDataStore"` // ARN or ID
}

// DeleteEventDataStoreOutput is the (empty) response of
// DeleteEventDataStore.
type DeleteEventDataStoreOutput struct{}

// ListEventDataStoresInput is the request of ListEventDataStores.
type ListEventDataStoresInput struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults int    `json:"MaxResults,omitempty"` // 1 to 1000; 0 means 1000
}

// ListEventDataStoresOutput is one page of ListEventDataStores, in name
// order. Entries carry the ARN and name, the members of CloudTrail's
// EventDataStore type that are not deprecated.
type ListEventDataStoresOutput struct {
	EventDataStores []EventDataStore `json:"EventDataStores"`
	NextToken       string           `json:"NextToken,omitempty"`
}

// EventDataStore is an entry of ListEventDataStores.
type EventDataStore struct {
	EventDataStoreARN string `json:"EventDataStoreArn"`
	Name              string `json:"Name"`
}

// eventDataStore is one event data store. id, arn, account, region,
// created and store never change; the rest is guarded by Lake.mu.
type eventDataStore struct {
	id, arn, account, region string
	created                  time.Time
	store                    archive.Store

	name         string
	selectors    []AdvancedEventSelector
	multiRegion  bool
	organization bool
	retention    int
	protected    bool
	kmsKeyID     string
	billing      BillingMode
	status       EventDataStoreStatus
	updated      time.Time
	deleteAt     time.Time // when PENDING_DELETION ends

	// seqMu guards lastSeq and seqReady; see nextSeqs.
	seqMu    sync.Mutex
	seqReady bool
	lastSeq  uint64
}

// describeLocked returns the store's description. Called with Lake.mu held.
func (s *eventDataStore) describeLocked() EventDataStoreDescription {
	return EventDataStoreDescription{
		EventDataStoreARN:            s.arn,
		Name:                         s.name,
		Status:                       s.status,
		AdvancedEventSelectors:       cloneSelectors(s.selectors),
		MultiRegionEnabled:           s.multiRegion,
		OrganizationEnabled:          s.organization,
		RetentionPeriod:              s.retention,
		TerminationProtectionEnabled: s.protected,
		CreatedTimestamp:             s.created,
		UpdatedTimestamp:             s.updated,
		KMSKeyID:                     s.kmsKeyID,
		BillingMode:                  s.billing,
	}
}

// selectsActivityAuditLog reports whether the store keeps events from
// outside AWS: one of its selectors has eventCategory equal to
// ActivityAuditLog.
func (s *eventDataStore) selectsActivityAuditLog() bool {
	for _, sel := range s.selectors {
		for _, f := range sel.FieldSelectors {
			if f.Field == "eventCategory" && slices.Contains(f.Equals, CategoryActivityAuditLog) {
				return true
			}
		}
	}
	return false
}

func cloneSelectors(in []AdvancedEventSelector) []AdvancedEventSelector {
	if in == nil {
		return nil
	}
	out := make([]AdvancedEventSelector, len(in))
	for i, s := range in {
		out[i] = AdvancedEventSelector{Name: s.Name, FieldSelectors: make([]AdvancedFieldSelector, len(s.FieldSelectors))}
		for j, f := range s.FieldSelectors {
			out[i].FieldSelectors[j] = AdvancedFieldSelector{
				Field: f.Field, Equals: slices.Clone(f.Equals), StartsWith: slices.Clone(f.StartsWith),
				EndsWith: slices.Clone(f.EndsWith), NotEquals: slices.Clone(f.NotEquals),
				NotStartsWith: slices.Clone(f.NotStartsWith), NotEndsWith: slices.Clone(f.NotEndsWith),
			}
		}
	}
	return out
}
