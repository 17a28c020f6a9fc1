package cli

import (
	"time"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
)

// skeleton builds a sample value of a shape, as the aws CLI's
// --generate-cli-skeleton does: "" for strings (the first allowed value for
// enums, where the aws CLI picks one at random), 0 and 0.0 for numbers, true
// for booleans, 1970-01-01T00:00:00 for timestamps, one element per list and
// a "KeyName" entry per map. With memberNames (the sample response of
// --generate-cli-skeleton output) a string holds its member's name instead.
// A structure met again inside itself is {}.
func skeleton(svc *model.Service, sh *model.Shape, name string, memberNames bool, stack map[string]int) any {
	stack[sh.Name]++
	defer func() { stack[sh.Name]-- }()
	switch sh.Type {
	case model.Structure:
		out := &jsonObject{}
		if stack[sh.Name] > 1 {
			return out
		}
		for _, m := range sh.Members {
			out.set(m.Name, skeleton(svc, svc.Shape(m.Shape), m.Name, memberNames, stack))
		}
		return out
	case model.List:
		el := svc.Shape(sh.Member)
		n := ""
		if memberNames {
			n = el.Name
		}
		return []any{skeleton(svc, el, n, memberNames, stack)}
	case model.Map:
		out := &jsonObject{}
		out.set("KeyName", skeleton(svc, svc.Shape(sh.Value), "", memberNames, stack))
		return out
	case model.String:
		if memberNames {
			return name
		}
		if len(sh.Enum) > 0 {
			return sh.Enum[0]
		}
		return ""
	case model.Integer, model.Long:
		return int64(0)
	case model.Float, model.Double:
		return 0.0
	case model.Boolean:
		return true
	case model.Timestamp:
		return time.Unix(0, 0).UTC()
	}
	return nil
}
