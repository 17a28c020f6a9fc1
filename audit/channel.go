package audit

import (
	"slices"
	"time"
)

// SourceCustom is the channel source for events from your own
// applications ("Custom for all valid non-AWS events"). Any other source
// is the name of a partner event source.
const SourceCustom = "Custom"

// DestinationType says what a channel Destination is.
type DestinationType string

// Destination types (CloudTrail API reference, Destination). A channel
// created by CreateChannel logs to event data stores; AWS_SERVICE belongs
// to service-linked channels, which only AWS services create.
const (
	DestinationEventDataStore DestinationType = "EVENT_DATA_STORE"
	DestinationAWSService     DestinationType = "AWS_SERVICE"
)

// Destination is where a channel's events are logged.
type Destination struct {
	Type DestinationType `json:"Type"`
	// Location is the event data store's ARN (or ID).
	Location string `json:"Location"`
}

// CreateChannelInput is the request of CreateChannel.
type CreateChannelInput struct {
	// Name is 3 to 128 characters of [a-zA-Z0-9._-], unique in the
	// caller's account and region.
	Name string `json:"Name"`
	// Source is SourceCustom or the name of a partner event source (1 to
	// 256 characters). One channel per partner source; several Custom
	// channels may exist.
	Source string `json:"Source"`
	// Destinations are 1 to 200 event data stores of the caller's that
	// select ActivityAuditLog events.
	Destinations []Destination `json:"Destinations"`
	Tags         []Tag         `json:"Tags,omitempty"`
}

// CreateChannelOutput is the response of CreateChannel.
type CreateChannelOutput struct {
	ChannelARN   string        `json:"ChannelArn"`
	Name         string        `json:"Name"`
	Source       string        `json:"Source"`
	Destinations []Destination `json:"Destinations"`
	Tags         []Tag         `json:"Tags,omitempty"`
}

// GetChannelInput is the request of GetChannel.
type GetChannelInput struct {
	Channel string `json:"Channel"` // ARN or ID
}

// GetChannelOutput is the response of GetChannel.
type GetChannelOutput struct {
	ChannelARN      string          `json:"ChannelArn"`
	Name            string          `json:"Name"`
	Source          string          `json:"Source"`
	SourceConfig    SourceConfig    `json:"SourceConfig"`
	Destinations    []Destination   `json:"Destinations"`
	IngestionStatus IngestionStatus `json:"IngestionStatus"`
}

// SourceConfig describes what a channel takes in: for a channel from
// outside AWS, events of category ActivityAuditLog from this region.
type SourceConfig struct {
	ApplyToAllRegions      bool                    `json:"ApplyToAllRegions"`
	AdvancedEventSelectors []AdvancedEventSelector `json:"AdvancedEventSelectors,omitempty"`
}

// IngestionStatus reports a channel's recent PutAuditEvents activity.
// Times are zero (absent in JSON) until the first call.
type IngestionStatus struct {
	// LatestIngestionSuccessTime and LatestIngestionSuccessEventID describe
	// the last event the channel accepted.
	LatestIngestionSuccessTime    time.Time `json:"LatestIngestionSuccessTime,omitzero"`
	LatestIngestionSuccessEventID string    `json:"LatestIngestionSuccessEventID,omitempty"`
	// LatestIngestionErrorCode is the code of the last event the channel
	// rejected.
	LatestIngestionErrorCode string `json:"LatestIngestionErrorCode,omitempty"`
	// LatestIngestionAttemptTime and LatestIngestionAttemptEventID describe
	// the last event a PutAuditEvents call on the channel carried.
	LatestIngestionAttemptTime    time.Time `json:"LatestIngestionAttemptTime,omitzero"`
	LatestIngestionAttemptEventID string    `json:"LatestIngestionAttemptEventID,omitempty"`
}

// ListChannelsInput is the request of ListChannels.
type ListChannelsInput struct {
	MaxResults int    `json:"MaxResults,omitempty"` // 1 to 1000; 0 means 1000
	NextToken  string `json:"NextToken,omitempty"`
}

// ListChannelsOutput is one page of ListChannels, in name order.
type ListChannelsOutput struct {
	Channels  []Channel `json:"Channels"`
	NextToken string    `json:"NextToken,omitempty"`
}

// Channel is an entry of ListChannels.
type Channel struct {
	ChannelARN string `json:"ChannelArn"`
	Name       string `json:"Name"`
}

// UpdateChannelInput is the request of UpdateChannel: a new name, new
// destinations, or both.
type UpdateChannelInput struct {
	Channel      string        `json:"Channel"` // ARN or ID
	Destinations []Destination `json:"Destinations,omitempty"`
	Name         *string       `json:"Name,omitempty"`
}

// UpdateChannelOutput is the response of UpdateChannel.
type UpdateChannelOutput struct {
	ChannelARN   string        `json:"ChannelArn"`
	Name         string        `json:"Name"`
	Source       string        `json:"Source"`
	Destinations []Destination `json:"Destinations"`
}

// DeleteChannelInput is the request of DeleteChannel.
type DeleteChannelInput struct {
	Channel string `json:"Channel"` // ARN or ID
}

// DeleteChannelOutput is the (empty) response of DeleteChannel.
type DeleteChannelOutput struct{}

// channel is one channel. id, arn, account, region and source never
// change; the rest is guarded by Lake.mu.
type channel struct {
	id, arn, account, region string
	source                   string

	name         string
	destinations []Destination // as given
	storeIDs     []string      // the destinations' event data store IDs
	tags         []Tag
	policy       *resourcePolicy // nil: none
	status       IngestionStatus
}

// acceptsSource reports whether the channel takes events with this
// eventSource. A partner channel's events come from its partner source
// (the schema: eventSource is "the partner event source, or the custom
// application about which events are logged"); a Custom channel takes
// any.
func (c *channel) acceptsSource(src string) bool {
	return c.source == SourceCustom || src == c.source
}

func (c *channel) getLocked() GetChannelOutput {
	return GetChannelOutput{
		ChannelARN: c.arn,
		Name:       c.name,
		Source:     c.source,
		SourceConfig: SourceConfig{
			ApplyToAllRegions: false,
			AdvancedEventSelectors: []AdvancedEventSelector{{
				FieldSelectors: []AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{CategoryActivityAuditLog}}},
			}},
		},
		Destinations:    slices.Clone(c.destinations),
		IngestionStatus: c.status,
	}
}
