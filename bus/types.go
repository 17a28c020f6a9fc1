package bus

import (
	"strconv"

	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// DeadLetterConfig names a dead-letter target by ARN, as EventBridge's
// DeadLetterConfig does: on a rule's Target, the target that receives the
// deliveries retrying gave up on; on an event bus (CreateEventBus,
// UpdateEventBus), it is stored and described. The ARN is resolved like a
// Target's (see TargetResolver).
type DeadLetterConfig struct {
	ARN string `json:"Arn,omitempty"`
}

// LogConfig is an event bus's logging configuration, as CreateEventBus and
// UpdateEventBus take it. Switchyard stores and describes it; the bus logs
// through its *slog.Logger whatever it says.
type LogConfig struct {
	// IncludeDetail is NONE or FULL.
	IncludeDetail string `json:"IncludeDetail,omitempty"`
	// Level is OFF, ERROR, INFO or TRACE.
	Level string `json:"Level,omitempty"`
}

// Tag is a key-value pair attached to a rule or an event bus.
type Tag struct {
	Key   string `json:"Key"`   // 1 to 128 characters
	Value string `json:"Value"` // 0 to 256 characters
}

// checkDeadLetterConfig validates an optional DeadLetterConfig member.
func checkDeadLetterConfig(v *awsreq.Violations, d *DeadLetterConfig, field string) {
	if d != nil && d.ARN != "" {
		v.Length(d.ARN, field+".arn", 1, 1600)
	}
}

// checkLogConfig validates an optional LogConfig member.
func checkLogConfig(v *awsreq.Violations, l *LogConfig) {
	if l == nil {
		return
	}
	switch l.IncludeDetail {
	case "", "NONE", "FULL":
	default:
		v.Add(l.IncludeDetail, "logConfig.includeDetail", "satisfy enum value set: [NONE, FULL]")
	}
	switch l.Level {
	case "", "OFF", "ERROR", "INFO", "TRACE":
	default:
		v.Add(l.Level, "logConfig.level", "satisfy enum value set: [OFF, ERROR, INFO, TRACE]")
	}
}

// checkTags validates a Tags member: keys 1 to 128 characters, values up
// to 256 (the Tag type of the API reference).
func checkTags(v *awsreq.Violations, tags []Tag, field string) {
	for i, t := range tags {
		f := field + "." + strconv.Itoa(i+1) + ".member"
		if t.Key == "" {
			v.Required(f + ".key")
		} else {
			v.Length(t.Key, f+".key", 1, 128)
		}
		v.Length(t.Value, f+".value", 0, 256)
	}
}

// cloneConfig copies an optional config so callers cannot change stored
// state through it.
func cloneDLC(d *DeadLetterConfig) *DeadLetterConfig {
	if d == nil {
		return nil
	}
	c := *d
	return &c
}

func cloneLog(l *LogConfig) *LogConfig {
	if l == nil {
		return nil
	}
	c := *l
	return &c
}
