package archive

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// AuditSourceCustom is the channel source for events from your own
// applications: "Custom for all valid non-AWS events". Any other source is
// taken to be the name of a partner event source.
const AuditSourceCustom = "Custom"

// AuditDestinationEventDataStore is the only destination type CloudTrail
// accepts for an integration channel ("The valid type of destination is
// EVENT_DATA_STORE").
const AuditDestinationEventDataStore = "EVENT_DATA_STORE"

// AuditChannelInput describes a channel to create. Name and Source follow
// CloudTrail's CreateChannel; the other fields are optional.
type AuditChannelInput struct {
	// Name is 3 to 128 characters of letters, digits, '.', '_' and '-',
	// unique in the lake.
	Name string
	// Source is AuditSourceCustom or the name of a partner event source
	// (1 to 256 characters). CloudTrail allows one channel per source;
	// Switchyard enforces that for partner sources and allows several
	// Custom channels, as the CloudTrail console does for custom
	// integrations.
	Source string
	// Destinations name the event data stores the channel feeds. CloudTrail
	// requires 1 to 200; in Switchyard the lake's Store is the only
	// destination, so they are optional and only recorded, but each must
	// be of type EVENT_DATA_STORE with a Location of 3 to 1024 characters.
	Destinations []AuditDestination
	// ExternalID, when set, stands for a channel resource policy with a
	// cloudtrail:ExternalId condition: PutAuditEvents must then pass the
	// same externalId or fail with ChannelInsufficientPermission. It has
	// CloudTrail's externalId constraints (2 to 1224 characters of
	// letters, digits and _+=,.@:/-).
	ExternalID string
	// EventSources, a Switchyard extension for Custom channels, lists the
	// eventData.eventSource values the channel accepts; others fail with
	// InvalidEventSource. Empty accepts any. (A partner channel accepts
	// only events whose eventSource is its Source.)
	EventSources []string
	// ChannelID, when set, is the channel's ID (the ARN suffix) instead of
	// a new UUID. It must be a UUID. Use it to recreate a channel under its
	// old ARN when a process restarts over a durable store.
	ChannelID string
}

// AuditDestination is where a channel's events are logged.
type AuditDestination struct {
	Type     string // AuditDestinationEventDataStore
	Location string // the event data store's ARN or ID
}

// AuditChannel describes a channel, as CloudTrail's GetChannel does.
type AuditChannel struct {
	ChannelARN      string
	Name            string
	Source          string
	Destinations    []AuditDestination
	EventSources    []string
	IngestionStatus AuditIngestionStatus
}

// AuditIngestionStatus reports a channel's recent PutAuditEvents activity.
// Times are zero until the first call.
type AuditIngestionStatus struct {
	// LatestIngestionSuccessTime and LatestIngestionSuccessEventID describe
	// the last event the channel accepted.
	LatestIngestionSuccessTime    time.Time
	LatestIngestionSuccessEventID string
	// LatestIngestionErrorCode is the code of the last event the channel
	// rejected.
	LatestIngestionErrorCode string
	// LatestIngestionAttemptTime is when the last PutAuditEvents call on
	// the channel was made.
	LatestIngestionAttemptTime time.Time
}

// auditChannel is a channel's state. Fields other than status never change
// after creation; status is guarded by AuditLake.mu.
type auditChannel struct {
	id, arn      string
	name, source string
	destinations []AuditDestination
	eventSources []string
	externalID   string
	status       AuditIngestionStatus
}

func (c *auditChannel) snapshot() AuditChannel {
	return AuditChannel{
		ChannelARN:      c.arn,
		Name:            c.name,
		Source:          c.source,
		Destinations:    slices.Clone(c.destinations),
		EventSources:    slices.Clone(c.eventSources),
		IngestionStatus: c.status,
	}
}

// acceptsSource reports whether the channel takes events with this
// eventSource. A partner channel's events come from its partner source;
// the schema describes eventSource as "the partner event source, or the
// custom application about which events are logged".
func (c *auditChannel) acceptsSource(src string) bool {
	if c.source != AuditSourceCustom {
		return src == c.source
	}
	return len(c.eventSources) == 0 || slices.Contains(c.eventSources, src)
}

var (
	auditChannelNameRE = regexp.MustCompile(`^[a-zA-Z0-9._\-]{3,128}$`)
	auditExternalIDRE  = regexp.MustCompile(`^[\w+=,.@:/-]*$`)
)

// Limits of CreateChannel (CloudTrail API reference, CreateChannel and
// Destination).
const (
	auditMaxSourceLen       = 256
	auditMaxDestinations    = 200
	auditMinLocationLen     = 3
	auditMaxLocationLen     = 1024
	auditMaxEventSources    = 200
	auditMaxEventSourceSize = 1024
)

// CreateChannel creates a channel and returns it; its ChannelARN is
// arn:aws:cloudtrail:<region>:<account>:channel/<UUID>. It fails with
// InvalidParameterException for a bad name, destination, external ID or
// channel ID, InvalidSourceException for a bad source,
// ChannelAlreadyExistsException when the name, the partner source or the
// channel ID is taken, and ChannelMaxLimitExceededException past
// WithAuditMaxChannels.
func (l *AuditLake) CreateChannel(ctx context.Context, in AuditChannelInput) (AuditChannel, error) {
	if err := l.begin(ctx); err != nil {
		return AuditChannel{}, err
	}
	defer l.inflight.Done()
	if err := auditCheckChannelInput(in); err != nil {
		return AuditChannel{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, taken := l.names[in.Name]; taken {
		return AuditChannel{}, awsreq.Errorf(AuditCodeChannelAlreadyExists,
			"A channel named %s already exists.", in.Name)
	}
	if in.Source != AuditSourceCustom {
		for _, c := range l.channels {
			if c.source == in.Source {
				return AuditChannel{}, awsreq.Errorf(AuditCodeChannelAlreadyExists,
					"Channel %s already exists for source %s; a maximum of one channel is allowed per source.",
					c.name, in.Source)
			}
		}
	}
	if l.cfg.maxChannels > 0 && len(l.channels) >= l.cfg.maxChannels {
		return AuditChannel{}, awsreq.Errorf(AuditCodeChannelMaxLimitExceeded,
			"The maximum number of channels (%d) is exceeded.", l.cfg.maxChannels)
	}
	id := in.ChannelID
	if id == "" {
		id = l.cfg.newID()
		if _, taken := l.channels[id]; taken || !auditIsID(id) {
			return AuditChannel{}, fmt.Errorf("archive: CreateChannel: the ID generator returned %q, which is taken or not an ID", id)
		}
	} else if _, taken := l.channels[id]; taken {
		return AuditChannel{}, awsreq.Errorf(AuditCodeChannelAlreadyExists,
			"A channel with ID %s already exists.", id)
	}
	c := &auditChannel{
		id:           id,
		arn:          fmt.Sprintf("arn:aws:cloudtrail:%s:%s:channel/%s", l.cfg.region, l.cfg.account, id),
		name:         in.Name,
		source:       in.Source,
		destinations: slices.Clone(in.Destinations),
		eventSources: slices.Clone(in.EventSources),
		externalID:   in.ExternalID,
	}
	l.channels[id] = c
	l.names[in.Name] = id
	return c.snapshot(), nil
}

func auditCheckChannelInput(in AuditChannelInput) error {
	if !auditChannelNameRE.MatchString(in.Name) {
		return awsreq.Errorf(AuditCodeInvalidParameter,
			"Name %q is not valid: a channel name has 3 to 128 characters of letters, digits, '.', '_' and '-'.",
			auditClip(in.Name))
	}
	if n := utf8.RuneCountInString(in.Source); n < 1 || n > auditMaxSourceLen {
		return awsreq.Errorf(AuditCodeInvalidSource,
			"Source must have 1 to %d characters; it has %d.", auditMaxSourceLen, n)
	}
	if len(in.Destinations) > auditMaxDestinations {
		return awsreq.Errorf(AuditCodeInvalidParameter,
			"Destinations has %d members; the maximum is %d.", len(in.Destinations), auditMaxDestinations)
	}
	for i, d := range in.Destinations {
		if d.Type != AuditDestinationEventDataStore {
			return awsreq.Errorf(AuditCodeInvalidParameter,
				"Destinations[%d].Type %q is not valid; the valid type of destination is %s.",
				i, auditClip(d.Type), AuditDestinationEventDataStore)
		}
		if n := utf8.RuneCountInString(d.Location); n < auditMinLocationLen || n > auditMaxLocationLen {
			return awsreq.Errorf(AuditCodeInvalidParameter,
				"Destinations[%d].Location must have %d to %d characters; it has %d.",
				i, auditMinLocationLen, auditMaxLocationLen, n)
		}
	}
	if n := len(in.ExternalID); n > 0 && (n < 2 || n > 1224 || !auditExternalIDRE.MatchString(in.ExternalID)) {
		return awsreq.Errorf(AuditCodeInvalidParameter,
			"ExternalID must have 2 to 1224 characters of letters, digits and _+=,.@:/-.")
	}
	if len(in.EventSources) > 0 && in.Source != AuditSourceCustom {
		return awsreq.Errorf(AuditCodeInvalidParameter,
			"EventSources applies to Custom channels only; a channel for source %s accepts events from that source.",
			auditClip(in.Source))
	}
	if len(in.EventSources) > auditMaxEventSources {
		return awsreq.Errorf(AuditCodeInvalidParameter,
			"EventSources has %d members; the maximum is %d.", len(in.EventSources), auditMaxEventSources)
	}
	for i, s := range in.EventSources {
		if n := utf8.RuneCountInString(s); n < 1 || n > auditMaxEventSourceSize {
			return awsreq.Errorf(AuditCodeInvalidParameter,
				"EventSources[%d] must have 1 to %d characters; it has %d.", i, auditMaxEventSourceSize, n)
		}
	}
	if in.ChannelID != "" {
		if _, err := uuid.Parse(in.ChannelID); err != nil || len(in.ChannelID) != 36 {
			return awsreq.Errorf(AuditCodeInvalidParameter,
				"ChannelID %q is not a UUID.", auditClip(in.ChannelID))
		}
	}
	return nil
}

// GetChannel returns the channel named by its ARN or ID. It fails with
// ChannelARNInvalidException when ref is neither, and
// ChannelNotFoundException when no such channel exists.
func (l *AuditLake) GetChannel(ctx context.Context, ref string) (AuditChannel, error) {
	if err := l.begin(ctx); err != nil {
		return AuditChannel{}, err
	}
	defer l.inflight.Done()
	l.mu.RLock()
	defer l.mu.RUnlock()
	c, err := l.lookupChannel(ref, false)
	if err != nil {
		return AuditChannel{}, err
	}
	return c.snapshot(), nil
}

// ListChannels returns the lake's channels ordered by name.
func (l *AuditLake) ListChannels(ctx context.Context) ([]AuditChannel, error) {
	if err := l.begin(ctx); err != nil {
		return nil, err
	}
	defer l.inflight.Done()
	l.mu.RLock()
	out := make([]AuditChannel, 0, len(l.channels))
	for _, c := range l.channels {
		out = append(out, c.snapshot())
	}
	l.mu.RUnlock()
	slices.SortFunc(out, func(a, b AuditChannel) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// DeleteChannel deletes the channel named by its ARN or ID, with the errors
// of GetChannel. Events already ingested through it stay in the store.
func (l *AuditLake) DeleteChannel(ctx context.Context, ref string) error {
	if err := l.begin(ctx); err != nil {
		return err
	}
	defer l.inflight.Done()
	l.mu.Lock()
	defer l.mu.Unlock()
	c, err := l.lookupChannel(ref, false)
	if err != nil {
		return err
	}
	delete(l.channels, c.id)
	delete(l.names, c.name)
	return nil
}

// lookupChannel resolves a channel ARN or ID; l.mu must be held. The data
// plane (PutAuditEvents) and the control plane (GetChannel, DeleteChannel)
// name the same failures differently, hence dataPlane.
func (l *AuditLake) lookupChannel(ref string, dataPlane bool) (*auditChannel, error) {
	invalid := func() error {
		if dataPlane {
			return awsreq.Errorf(AuditCodeInvalidChannelARN,
				"The specified channel ARN is not a valid channel ARN: %q.", auditClip(ref))
		}
		return awsreq.Errorf(AuditCodeChannelARNInvalid,
			"The specified value of ChannelARN is not valid: %q.", auditClip(ref))
	}
	notFound := func() error {
		if dataPlane {
			return awsreq.Errorf(AuditCodeChannelNotFound,
				"The channel could not be found: %s.", auditClip(ref))
		}
		return awsreq.Errorf(AuditCodeChannelNotFoundException,
			"CloudTrail cannot find the specified channel: %s.", auditClip(ref))
	}
	id := ref
	if strings.HasPrefix(ref, "arn:") {
		// arn:partition:cloudtrail:region:account:channel/id
		parts := strings.SplitN(ref, ":", 6)
		if len(parts) != 6 || parts[2] != "cloudtrail" || !strings.HasPrefix(parts[5], "channel/") {
			return nil, invalid()
		}
		id = strings.TrimPrefix(parts[5], "channel/")
		if !auditIsID(id) || !auditAccountRE.MatchString(parts[4]) || parts[3] == "" {
			return nil, invalid()
		}
		if parts[4] != l.cfg.account {
			if dataPlane {
				return nil, awsreq.Errorf(AuditCodeChannelInsufficientPermission,
					"The caller's account ID must be the same as the channel owner's account ID: the channel belongs to %s, the caller is %s.",
					parts[4], l.cfg.account)
			}
			return nil, notFound()
		}
		if parts[1] != "aws" || parts[3] != l.cfg.region {
			return nil, notFound()
		}
	} else if !auditIsID(id) {
		return nil, invalid()
	}
	c, ok := l.channels[id]
	if !ok {
		return nil, notFound()
	}
	return c, nil
}

// auditClip shortens a caller's value quoted in an error message, so that
// messages stay within CloudTrail's 1024-character limit.
func auditClip(s string) string {
	const keep = 128
	if len(s) <= keep {
		return s
	}
	cut := keep
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
