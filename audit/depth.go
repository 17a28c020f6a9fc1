package audit

// MaxEventDataDepth is how deeply the objects and arrays of eventData may
// nest; eventData itself is level 1. CloudTrail documents no limit. This
// one keeps every stored record, which wraps eventData in one more
// object, far inside the 10,000 levels encoding/json decodes (a record
// that json.Valid refuses could never be read back), and bounds the
// recursion of validation and of pattern matching in Query.
const MaxEventDataDepth = 1000

// jsonDepth scans doc, counting the nesting of objects and arrays outside
// strings, and reports whether it stays within limit; when it does not,
// the depth returned is where the scan stopped. It reads doc once, without
// recursion, so that a document of a million '[' costs a million steps
// and no stack. It does not check that doc is JSON: that is for the
// parser, which then never recurses deeper than limit.
func jsonDepth(doc string, limit int) (int, bool) {
	depth := 0
	inString := false
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if inString {
			switch c {
			case '\\':
				i++ // the escaped byte cannot end the string
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			if depth > limit {
				return depth, false
			}
		case '}', ']':
			depth--
		}
	}
	return depth, true
}
