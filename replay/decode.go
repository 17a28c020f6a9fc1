package replay

import (
	"errors"
	"fmt"
	"time"

	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
)

// decodeEvent decodes an archived event envelope into ev, as
// switchyard.Event's UnmarshalJSON does, but in one pass over the bytes
// with gjson instead of two with encoding/json (validation, then
// decoding): decoding is most of the cost of replaying an event. data must
// be a JSON object with an "id" and a "time"; ev's slices are fresh copies,
// so data may be reused afterwards. A "replay-name" in data is ignored:
// the replay sets its own.
func decodeEvent(data []byte, ev *switchyard.Event) error {
	if !gjson.ValidBytes(data) {
		return errors.New("not valid JSON")
	}
	root := gjson.ParseBytes(data)
	if !root.IsObject() {
		return errors.New("not a JSON object")
	}
	*ev = switchyard.Event{Resources: []string{}}
	var err error
	root.ForEach(func(key, v gjson.Result) bool {
		switch key.Str {
		case "version":
			ev.Version, err = decodeString("version", v)
		case "id":
			ev.ID, err = decodeString("id", v)
		case "detail-type":
			ev.DetailType, err = decodeString("detail-type", v)
		case "source":
			ev.Source, err = decodeString("source", v)
		case "account":
			ev.Account, err = decodeString("account", v)
		case "region":
			ev.Region, err = decodeString("region", v)
		case "time":
			var s string
			if s, err = decodeString("time", v); err == nil && s != "" {
				var t time.Time
				if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
					err = fmt.Errorf("time: %w", err)
				}
				ev.Time = t.UTC()
			}
		case "resources":
			switch {
			case v.Type == gjson.Null:
			case !v.IsArray():
				err = errors.New("resources: not an array")
			default:
				v.ForEach(func(_, r gjson.Result) bool {
					var s string
					s, err = decodeString("resources", r)
					ev.Resources = append(ev.Resources, s)
					return err == nil
				})
			}
		case "detail":
			ev.Detail = append([]byte(nil), v.Raw...)
		}
		return err == nil
	})
	if err != nil {
		return err
	}
	if ev.ID == "" || ev.Time.IsZero() {
		return errors.New(`no "id" or no "time"`)
	}
	return nil
}

// decodeString returns a JSON string value; null is the empty string.
func decodeString(field string, v gjson.Result) (string, error) {
	switch v.Type {
	case gjson.String:
		return v.Str, nil
	case gjson.Null:
		return "", nil
	}
	return "", fmt.Errorf("%s: not a string", field)
}
