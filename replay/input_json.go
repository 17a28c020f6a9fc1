package replay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// UnmarshalJSON decodes a StartReplay request body. EventStartTime and
// EventEndTime may be RFC 3339 strings, as the aws CLI's --cli-input-json
// takes them, or numbers of seconds since 1970 (fractions allowed), as
// AWS's JSON 1.1 wire protocol sends timestamps, so that a server can
// decode the request as it comes.
func (in *StartReplayInput) UnmarshalJSON(data []byte) error {
	type plain StartReplayInput // without this method
	var aux struct {
		plain
		EventStartTime json.RawMessage `json:"EventStartTime"`
		EventEndTime   json.RawMessage `json:"EventEndTime"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	start, err := decodeTimestamp("EventStartTime", aux.EventStartTime)
	if err != nil {
		return err
	}
	end, err := decodeTimestamp("EventEndTime", aux.EventEndTime)
	if err != nil {
		return err
	}
	*in = StartReplayInput(aux.plain)
	in.EventStartTime, in.EventEndTime = start, end
	return nil
}

// decodeTimestamp decodes a JSON timestamp: null or absent (the zero
// time), an RFC 3339 string, or epoch seconds.
func decodeTimestamp(field string, raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	if raw[0] == '"' {
		var t time.Time
		if err := json.Unmarshal(raw, &t); err != nil {
			return time.Time{}, fmt.Errorf("%s: %w", field, err)
		}
		return t, nil
	}
	var secs float64
	if err := json.Unmarshal(raw, &secs); err != nil {
		return time.Time{}, fmt.Errorf("%s: not a timestamp: %s", field, raw)
	}
	// Years 1 to 9999, the range of RFC 3339, keep the conversion exact
	// enough and away from overflow.
	if math.IsNaN(secs) || secs < -62135596800 || secs > 253402300799 {
		return time.Time{}, fmt.Errorf("%s: %s seconds is out of range", field, raw)
	}
	whole, frac := math.Modf(secs)
	return time.Unix(int64(whole), int64(math.Round(frac*1e9))).UTC(), nil
}
