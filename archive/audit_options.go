package archive

import (
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/google/uuid"
)

// Defaults of an AuditLake.
const (
	// AuditDefaultAccount is the account that owns the lake's channels
	// unless WithAuditAccount says otherwise (AWS's documentation account).
	AuditDefaultAccount = "123456789012"
	// AuditDefaultRegion is the lake's Region unless WithAuditRegion says
	// otherwise.
	AuditDefaultRegion = "us-east-1"
	// AuditMaxEventsPerCall is CloudTrail's limit on the events of one
	// PutAuditEvents call.
	AuditMaxEventsPerCall = 100
	// AuditMaxRequestBytes is CloudTrail's limit on the size of one
	// PutAuditEvents call ("up to 100 of these events (or up to 1 MB)").
	AuditMaxRequestBytes = 1 << 20
)

// AuditOption configures NewAuditLake.
type AuditOption func(*auditConfig) error

type auditConfig struct {
	account         string
	region          string
	clock           func() time.Time
	newID           func() string
	maxEvents       int
	maxRequestBytes int
	maxChannels     int
	logger          *slog.Logger
}

func auditDefaults() auditConfig {
	return auditConfig{
		account:         AuditDefaultAccount,
		region:          AuditDefaultRegion,
		clock:           time.Now,
		newID:           uuid.NewString,
		maxEvents:       AuditMaxEventsPerCall,
		maxRequestBytes: AuditMaxRequestBytes,
		logger:          slog.New(slog.DiscardHandler),
	}
}

var (
	auditAccountRE = regexp.MustCompile(`^[0-9]{12}$`)
	auditRegionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
)

// WithAuditAccount sets the AWS account ID (12 digits) that owns the lake's
// channels. It appears in channel ARNs, and eventData.recipientAccountId
// must equal it.
func WithAuditAccount(id string) AuditOption {
	return func(c *auditConfig) error {
		if !auditAccountRE.MatchString(id) {
			return fmt.Errorf("archive: WithAuditAccount: account %q is not 12 digits", id)
		}
		c.account = id
		return nil
	}
}

// WithAuditRegion sets the Region (such as "eu-west-1") that appears in
// channel ARNs and in the awsRegion of stored events.
func WithAuditRegion(region string) AuditOption {
	return func(c *auditConfig) error {
		if !auditRegionRE.MatchString(region) {
			return fmt.Errorf("archive: WithAuditRegion: %q is not a Region name like us-east-1", region)
		}
		c.region = region
		return nil
	}
}

// WithAuditClock sets the clock that stamps ingestion times (default
// time.Now), so tests control them.
func WithAuditClock(now func() time.Time) AuditOption {
	return func(c *auditConfig) error {
		if now == nil {
			return fmt.Errorf("archive: WithAuditClock: nil clock")
		}
		c.clock = now
		return nil
	}
}

// WithAuditIDs sets the generator of channel IDs and event IDs (default
// random UUIDs), so tests and examples get stable values. It must return
// a different string on every call, made of letters, digits and '-'.
func WithAuditIDs(newID func() string) AuditOption {
	return func(c *auditConfig) error {
		if newID == nil {
			return fmt.Errorf("archive: WithAuditIDs: nil generator")
		}
		c.newID = newID
		return nil
	}
}

// WithAuditMaxEvents sets how many events one PutAuditEvents call may hold
// (default and CloudTrail's: 100).
func WithAuditMaxEvents(n int) AuditOption {
	return func(c *auditConfig) error {
		if n < 1 {
			return fmt.Errorf("archive: WithAuditMaxEvents: %d is not positive", n)
		}
		c.maxEvents = n
		return nil
	}
}

// WithAuditMaxRequestBytes sets the size limit of one PutAuditEvents call
// (default and CloudTrail's: 1 MB, 1,048,576 bytes). The size of a call is
// the sum over its events of the lengths of id, eventData and
// eventDataChecksum.
func WithAuditMaxRequestBytes(n int) AuditOption {
	return func(c *auditConfig) error {
		if n < 1 {
			return fmt.Errorf("archive: WithAuditMaxRequestBytes: %d is not positive", n)
		}
		c.maxRequestBytes = n
		return nil
	}
}

// WithAuditMaxChannels caps the number of channels; CreateChannel beyond it
// fails with ChannelMaxLimitExceededException. The default, 0, sets no cap
// (CloudTrail has one, but its value is not documented).
func WithAuditMaxChannels(n int) AuditOption {
	return func(c *auditConfig) error {
		if n < 0 {
			return fmt.Errorf("archive: WithAuditMaxChannels: %d is negative", n)
		}
		c.maxChannels = n
		return nil
	}
}

// WithAuditLogger sets the logger (default: discard). The lake logs failed
// store appends and events it rejects, at debug level.
func WithAuditLogger(l *slog.Logger) AuditOption {
	return func(c *auditConfig) error {
		if l == nil {
			return fmt.Errorf("archive: WithAuditLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}
