package pattern_test

// These tables pin down what every leaf operator matches, written from the
// documentation rather than from the implementation. Each row is checked
// three ways (Pattern.Match, a Matcher holding only that pattern, and the
// pattern recompiled from its String form) so the three entry points cannot
// drift apart.
//
// Sources, cited again above each table:
//   [patterns]  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
//   [create]    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html
//   [operators] https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
//   [content]   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
//   [arrays]    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
//   [nulls]     https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
//   [ruler]     https://github.com/aws/event-ruler/blob/main/README.md
//   [design]    design.md section 2, the project's contract, which decides
//               where the pages above are silent or outdated.

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/pattern"
)

// opCase is one row of an operator table.
type opCase struct {
	name    string
	pattern string
	event   string
	want    bool
}

// runOpCases checks each row through Pattern.Match, through a Matcher that
// holds only that pattern, and through the pattern recompiled from String().
func runOpCases(t *testing.T, cases []opCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := pattern.Compile([]byte(tc.pattern))
			require.NoError(t, err, "pattern: %s", tc.pattern)
			ev := []byte(tc.event)
			require.Equal(t, tc.want, p.Match(ev), "Pattern.Match\npattern: %s\nevent:   %s", tc.pattern, tc.event)

			m := pattern.NewMatcher[string]()
			require.NoError(t, m.Add("k", p))
			got := m.MatchAppend(nil, ev)
			if tc.want {
				require.Equal(t, []string{"k"}, got, "Matcher\npattern: %s\nevent:   %s", tc.pattern, tc.event)
			} else {
				require.Empty(t, got, "Matcher\npattern: %s\nevent:   %s", tc.pattern, tc.event)
			}

			src := p.String()
			p2, err := pattern.Compile([]byte(src))
			require.NoError(t, err, "String() does not recompile: %s", src)
			require.Equal(t, tc.want, p2.Match(ev), "recompiled from String() = %s\nevent: %s", src, tc.event)
		})
	}
}

// Source: [patterns] "Matching event values", [create] ("exact
// character-by-character matching without case-folding or any other string
// normalization"), [nulls] ("Null values and empty strings are not
// interchangeable"); [design] "string (byte-exact after JSON unescaping)".
func TestLiteralStrings(t *testing.T) {
	runOpCases(t, []opCase{
		{"exact", `{"source":["aws.ec2"]}`, `{"source":"aws.ec2"}`, true},
		{"different value", `{"source":["aws.ec2"]}`, `{"source":"aws.ec3"}`, false},
		{"values are case-sensitive", `{"source":["aws.ec2"]}`, `{"source":"AWS.EC2"}`, false},
		{"no prefix semantics", `{"source":["aws"]}`, `{"source":"aws.ec2"}`, false},
		{"no substring semantics", `{"v":["b"]}`, `{"v":"abc"}`, false},
		{"missing field", `{"source":["aws.ec2"]}`, `{"other":"aws.ec2"}`, false},
		{"one of several values", `{"source":["aws.ec2","aws.fargate"]}`, `{"source":"aws.fargate"}`, true},
		{"none of several values", `{"source":["aws.ec2","aws.fargate"]}`, `{"source":"aws.s3"}`, false},
		{"empty string matches empty string", `{"detail":{"eventVersion":[""]}}`, `{"detail":{"eventVersion":"","responseElements":null}}`, true},
		{"empty string does not match null", `{"v":[""]}`, `{"v":null}`, false},
		{"empty string does not match missing", `{"v":[""]}`, `{"w":""}`, false},
		{"pattern escape equals raw event text", `{"v":["caf\u00e9"]}`, `{"v":"café"}`, true},
		{"event escape equals raw pattern text", `{"v":["café"]}`, `{"v":"caf\u00e9"}`, true},
		{"escapes differ in case only", `{"v":["caf\u00e9"]}`, `{"v":"caf\u00E9"}`, true},
		{"escaped quote", `{"v":["say \"hi\""]}`, `{"v":"say \u0022hi\u0022"}`, true},
		{"escaped solidus", `{"v":["a/b"]}`, `{"v":"a\/b"}`, true},
		{"escaped backslash", `{"v":["a\\b"]}`, `{"v":"a\u005cb"}`, true},
		{"escaped control characters", `{"v":["l1\nl2\t"]}`, `{"v":"l1\u000al2\u0009"}`, true},
		{"surrogate pair", `{"v":["😀"]}`, `{"v":"\ud83d\ude00"}`, true},
		{"no unicode normalization", `{"v":["\u00e9"]}`, `{"v":"e\u0301"}`, false},
		{"string 35 is not number 35", `{"v":["35"]}`, `{"v":35}`, false},
		{"string true is not true", `{"v":["true"]}`, `{"v":true}`, false},
		{"string null is not null", `{"v":["null"]}`, `{"v":null}`, false},
		{"object value is not a string", `{"v":["x"]}`, `{"v":{"x":"x"}}`, false},
	})
}

// Source: [patterns] "Value matching" (risk-score 80, trigger.risk 8);
// [design] "A numeric literal matches by value (300 matches 300.0 and 3.0e2)
// when the value is exactly representable as a float64; otherwise by text".
// Note: [create] still says "300, 300.0, and 3.0e2 are not considered equal";
// the project contract deliberately follows event-ruler's by-value matching.
func TestLiteralNumbers(t *testing.T) {
	runOpCases(t, []opCase{
		{"documented nested numbers", `{"detail":{"risk-score":[80],"trigger":{"risk":[8]}}}`, `{"detail":{"risk-score":80,"trigger":{"risk":8}}}`, true},
		{"other integer", `{"detail":{"risk-score":[80]}}`, `{"detail":{"risk-score":81}}`, false},
		{"300 matches 300.0", `{"v":[300]}`, `{"v":300.0}`, true},
		{"300 matches 3.0e2", `{"v":[300]}`, `{"v":3.0e2}`, true},
		{"300 matches 3E+2", `{"v":[300]}`, `{"v":3E+2}`, true},
		{"300 matches 30000e-2", `{"v":[300]}`, `{"v":30000e-2}`, true},
		{"3.0e2 matches 300", `{"v":[3.0e2]}`, `{"v":300}`, true},
		{"1.5 matches 15e-1", `{"v":[1.5]}`, `{"v":15e-1}`, true},
		{"negative by value", `{"v":[-2.5]}`, `{"v":-25e-1}`, true},
		{"sign matters", `{"v":[-2.5]}`, `{"v":2.5}`, false},
		{"number 35 is not string 35", `{"v":[35]}`, `{"v":"35"}`, false},
		{"0 is not null", `{"v":[0]}`, `{"v":null}`, false},
		{"0 is not false", `{"v":[0]}`, `{"v":false}`, false},
		{"1 is not true", `{"v":[1]}`, `{"v":true}`, false},
		// A literal a float64 cannot hold matches by text only: event-ruler's
		// JsonRuleCompiler adds an exact match on the literal's text, and
		// its numeric form only when ComparableNumber.generate accepts it.
		{"beyond 2^53 matches the same text", `{"v":[9007199254740993]}`, `{"v":9007199254740993}`, true},
		{"beyond 2^53 differs from its float neighbour", `{"v":[9007199254740993]}`, `{"v":9007199254740992}`, false},
		{"beyond 2^53 is matched by text, not value", `{"v":[9007199254740993]}`, `{"v":9007199254740993.0}`, false},
		{"beyond 2^53 is matched by text: exponent form", `{"v":[9007199254740993]}`, `{"v":9.007199254740993e15}`, false},
		{"beyond float64 matches the same text", `{"v":[1e400]}`, `{"v":1e400}`, true},
		{"beyond float64: other text", `{"v":[1e400]}`, `{"v":1E400}`, false},
		{"underflow is not zero", `{"v":[0]}`, `{"v":1e-400}`, false},
		{"underflow literal is not zero", `{"v":[1e-400]}`, `{"v":0}`, false},
		{"underflow literal matches its text", `{"v":[1e-400]}`, `{"v":1e-400}`, true},
		{"2^53 is exact", `{"v":[9007199254740992]}`, `{"v":9.007199254740992e15}`, true},
		{"one of several numbers", `{"v":[1,2,3]}`, `{"v":2.0}`, true},
	})
}

// Source: [patterns] "Field matching" (responseElements [null]), [nulls];
// [design] "null only equals JSON null".
func TestLiteralBoolAndNull(t *testing.T) {
	runOpCases(t, []opCase{
		{"true matches true", `{"v":[true]}`, `{"v":true}`, true},
		{"true is not false", `{"v":[true]}`, `{"v":false}`, false},
		{"true is not the string", `{"v":[true]}`, `{"v":"true"}`, false},
		{"true is not 1", `{"v":[true]}`, `{"v":1}`, false},
		{"false matches false", `{"v":[false]}`, `{"v":false}`, true},
		{"false is not null", `{"v":[false]}`, `{"v":null}`, false},
		{"false is not 0", `{"v":[false]}`, `{"v":0}`, false},
		{"false is not missing", `{"v":[false]}`, `{"w":false}`, false},
		{"documented null", `{"detail":{"responseElements":[null]}}`, `{"detail":{"eventVersion":"","responseElements":null}}`, true},
		{"null is not the empty string", `{"v":[null]}`, `{"v":""}`, false},
		{"null is not missing", `{"v":[null]}`, `{"w":null}`, false},
		{"null is not false", `{"v":[null]}`, `{"v":false}`, false},
		{"null is not 0", `{"v":[null]}`, `{"v":0}`, false},
		{"null is not the string", `{"v":[null]}`, `{"v":"null"}`, false},
		{"null is not an empty object", `{"v":[null]}`, `{"v":{}}`, false},
		{"null is not an empty array", `{"v":[null]}`, `{"v":[]}`, false},
		{"null in an array", `{"v":[null]}`, `{"v":["a",null]}`, true},
		{"null or a string", `{"v":[null,"x"]}`, `{"v":"x"}`, true},
	})
}

// Source: [content] "Prefix matching" and "Prefix matching while ignoring
// case", [operators] "Begins with", [ruler] ("Prefix matches only work on
// string-valued fields"); [design] "Empty prefix/suffix matches every
// string".
func TestPrefix(t *testing.T) {
	runOpCases(t, []opCase{
		{"documented time prefix", `{"time":[{"prefix":"2017-10-02"}]}`, `{"time":"2017-10-02T18:43:48Z"}`, true},
		{"other day", `{"time":[{"prefix":"2017-10-02"}]}`, `{"time":"2017-10-03T18:43:48Z"}`, false},
		{"case-sensitive", `{"Region":[{"prefix":"us-"}]}`, `{"Region":"US-east-1"}`, false},
		{"value equal to prefix", `{"Region":[{"prefix":"us-"}]}`, `{"Region":"us-"}`, true},
		{"value shorter than prefix", `{"Region":[{"prefix":"us-"}]}`, `{"Region":"us"}`, false},
		{"prefix in the middle", `{"Region":[{"prefix":"us-"}]}`, `{"Region":"eu-us-1"}`, false},
		{"number never matches", `{"v":[{"prefix":"1"}]}`, `{"v":123}`, false},
		{"true never matches", `{"v":[{"prefix":"t"}]}`, `{"v":true}`, false},
		{"null never matches", `{"v":[{"prefix":"n"}]}`, `{"v":null}`, false},
		{"empty prefix matches a string", `{"v":[{"prefix":""}]}`, `{"v":"anything"}`, true},
		{"empty prefix matches the empty string", `{"v":[{"prefix":""}]}`, `{"v":""}`, true},
		{"empty prefix does not match a number", `{"v":[{"prefix":""}]}`, `{"v":0}`, false},
		{"empty prefix does not match null", `{"v":[{"prefix":""}]}`, `{"v":null}`, false},
		{"empty prefix does not match missing", `{"v":[{"prefix":""}]}`, `{"w":"x"}`, false},
		{"escaped event value", `{"v":[{"prefix":"café"}]}`, `{"v":"caf\u00e9 au lait"}`, true},
		{"escaped pattern value", `{"v":[{"prefix":"caf\u00e9"}]}`, `{"v":"café au lait"}`, true},
		{"escaped quote in prefix", `{"v":[{"prefix":"\"q"}]}`, `{"v":"\u0022quoted\""}`, true},
		{"any array element", `{"Region":[{"prefix":"us-"}]}`, `{"Region":["eu-west-1","us-east-1"]}`, true},
		{"no array element", `{"Region":[{"prefix":"us-"}]}`, `{"Region":["eu-west-1","ap-south-1"]}`, false},
		{"or with a literal", `{"v":["exact",{"prefix":"pre"}]}`, `{"v":"prefix"}`, true},
		{"ignore case: documented", `{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}`, `{"service":"eventbridge"}`, true},
		{"ignore case: upper", `{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}`, `{"service":"EVENTBRIDGE"}`, true},
		{"ignore case: not at start", `{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}`, `{"service":"my-eventbridge"}`, false},
		{"ignore case: number never matches", `{"v":[{"prefix":{"equals-ignore-case":"1"}}]}`, `{"v":12}`, false},
		{"ignore case: unicode", `{"v":[{"prefix":{"equals-ignore-case":"ÉCO"}}]}`, `{"v":"\u00e9cole"}`, true},
		{"ignore case: empty prefix", `{"v":[{"prefix":{"equals-ignore-case":""}}]}`, `{"v":"x"}`, true},
	})
}

// Source: [operators] "Ends with" and "Ends with (ignore case)", [content]
// "Suffix matching", [ruler] ("Suffix matches only work on string-valued
// fields").
func TestSuffix(t *testing.T) {
	runOpCases(t, []opCase{
		{"documented png", `{"FileName":[{"suffix":".png"}]}`, `{"FileName":"image.png"}`, true},
		{"other extension", `{"FileName":[{"suffix":".png"}]}`, `{"FileName":"image.jpg"}`, false},
		{"case-sensitive", `{"FileName":[{"suffix":".png"}]}`, `{"FileName":"IMAGE.PNG"}`, false},
		{"suffix in the middle", `{"FileName":[{"suffix":".png"}]}`, `{"FileName":"image.png.jpg"}`, false},
		{"value shorter than suffix", `{"FileName":[{"suffix":".png"}]}`, `{"FileName":"png"}`, false},
		{"number never matches", `{"v":[{"suffix":"0"}]}`, `{"v":10}`, false},
		{"empty suffix matches a string", `{"v":[{"suffix":""}]}`, `{"v":"x"}`, true},
		{"empty suffix matches the empty string", `{"v":[{"suffix":""}]}`, `{"v":""}`, true},
		{"empty suffix does not match null", `{"v":[{"suffix":""}]}`, `{"v":null}`, false},
		{"escaped event value", `{"v":[{"suffix":"é"}]}`, `{"v":"caf\u00e9"}`, true},
		{"escaped backslash at the end", `{"v":[{"suffix":"\\"}]}`, `{"v":"dir\u005c"}`, true},
		{"any array element", `{"v":[{"suffix":".png"}]}`, `{"v":["a.jpg","b.png"]}`, true},
		{"ignore case: documented", `{"service":[{"suffix":{"equals-ignore-case":"tBridge"}}]}`, `{"service":"EVENTBRIDGE"}`, true},
		{"ignore case: png", `{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}`, `{"FileName":"photo.PNG"}`, true},
		{"ignore case: not at end", `{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}`, `{"FileName":"photo.PNGX"}`, false},
		{"ignore case: unicode", `{"v":[{"suffix":{"equals-ignore-case":"ÉE"}}]}`, `{"v":"ann\u00e9e"}`, true},
		{"ignore case: number never matches", `{"v":[{"suffix":{"equals-ignore-case":"0"}}]}`, `{"v":10}`, false},
	})
}

// Source: [operators] "Equals (ignore case)", [ruler] ("Equals-ignore-case
// matches only work on string-valued fields"). The case mapping is
// event-ruler's (issue 7; see TestEqualsIgnoreCaseRulerMapping): a pattern
// char accepts its Java lower and upper case only, so the Kelvin sign is not
// a k, a final sigma is not the capital sigma's lower case, and ß upper-cases
// to SS.
func TestEqualsIgnoreCase(t *testing.T) {
	runOpCases(t, []opCase{
		{"documented", `{"Name":[{"equals-ignore-case":"alice"}]}`, `{"Name":"Alice"}`, true},
		{"upper", `{"Name":[{"equals-ignore-case":"alice"}]}`, `{"Name":"ALICE"}`, true},
		{"mixed", `{"Name":[{"equals-ignore-case":"ALICE"}]}`, `{"Name":"aLiCe"}`, true},
		{"longer value", `{"Name":[{"equals-ignore-case":"alice"}]}`, `{"Name":"Alicea"}`, false},
		{"shorter value", `{"Name":[{"equals-ignore-case":"alice"}]}`, `{"Name":"Alic"}`, false},
		{"not a prefix match", `{"Name":[{"equals-ignore-case":"alice"}]}`, `{"Name":"Alice Smith"}`, false},
		{"different letters", `{"Name":[{"equals-ignore-case":"alice"}]}`, `{"Name":"bob"}`, false},
		{"number never matches", `{"v":[{"equals-ignore-case":"5"}]}`, `{"v":5}`, false},
		{"null never matches", `{"v":[{"equals-ignore-case":"null"}]}`, `{"v":null}`, false},
		{"true never matches", `{"v":[{"equals-ignore-case":"TRUE"}]}`, `{"v":true}`, false},
		{"latin-1", `{"v":[{"equals-ignore-case":"ÉCOLE"}]}`, `{"v":"école"}`, true},
		{"cyrillic", `{"v":[{"equals-ignore-case":"привет"}]}`, `{"v":"ПРИВЕТ"}`, true},
		{"greek", `{"v":[{"equals-ignore-case":"ΣΊΣΥΦΟΣ"}]}`, `{"v":"σίσυφοσ"}`, true},
		{"greek: final sigma is not lower-case capital sigma", `{"v":[{"equals-ignore-case":"ΣΊΣΥΦΟΣ"}]}`, `{"v":"σίσυφος"}`, false},
		{"kelvin sign is not k", `{"v":[{"equals-ignore-case":"k"}]}`, `{"v":"\u212a"}`, false},
		{"sharp s pattern accepts SS", `{"v":[{"equals-ignore-case":"straße"}]}`, `{"v":"STRASSE"}`, true},
		{"SS pattern does not accept sharp s", `{"v":[{"equals-ignore-case":"STRASSE"}]}`, `{"v":"straße"}`, false},
		{"escaped event value", `{"v":[{"equals-ignore-case":"CAFÉ"}]}`, `{"v":"caf\u00e9"}`, true},
		{"escaped pattern value", `{"v":[{"equals-ignore-case":"CAF\u00c9"}]}`, `{"v":"café"}`, true},
		{"empty matches empty", `{"v":[{"equals-ignore-case":""}]}`, `{"v":""}`, true},
		{"empty does not match a value", `{"v":[{"equals-ignore-case":""}]}`, `{"v":"x"}`, false},
		{"any array element", `{"v":[{"equals-ignore-case":"x"}]}`, `{"v":["a","X"]}`, true},
	})
}

// Source: [operators] "Wildcard" ("dir/*.png") and the wildcard example
// list, [ruler] "Wildcard matching" (escaped star, escaped backslash); the
// CL2 wildcard strings from design.md section 6.
func TestWildcard(t *testing.T) {
	runOpCases(t, []opCase{
		{"ruler example", `{"source":[{"wildcard":"Simple*Service"}]}`, `{"source":"SimpleQueueService"}`, true},
		{"star matches an empty run", `{"source":[{"wildcard":"Simple*Service"}]}`, `{"source":"SimpleService"}`, true},
		{"trailing text", `{"source":[{"wildcard":"Simple*Service"}]}`, `{"source":"SimpleQueueServices"}`, false},
		{"leading text", `{"source":[{"wildcard":"Simple*Service"}]}`, `{"source":"ASimpleQueueService"}`, false},
		{"case-sensitive", `{"source":[{"wildcard":"Simple*Service"}]}`, `{"source":"simplequeueservice"}`, false},
		{"documented folder", `{"FileName":[{"wildcard":"dir/*.png"}]}`, `{"FileName":"dir/a/b/c.png"}`, true},
		{"documented folder: elsewhere", `{"FileName":[{"wildcard":"dir/*.png"}]}`, `{"FileName":"other/dir/c.png"}`, false},
		{"lone star matches a string", `{"v":[{"wildcard":"*"}]}`, `{"v":"anything"}`, true},
		{"lone star matches the empty string", `{"v":[{"wildcard":"*"}]}`, `{"v":""}`, true},
		{"lone star does not match a number", `{"v":[{"wildcard":"*"}]}`, `{"v":5}`, false},
		{"lone star does not match null", `{"v":[{"wildcard":"*"}]}`, `{"v":null}`, false},
		{"lone star does not match missing", `{"v":[{"wildcard":"*"}]}`, `{"w":"x"}`, false},
		{"no star is an exact match", `{"v":[{"wildcard":"abc"}]}`, `{"v":"abc"}`, true},
		{"no star is not a prefix match", `{"v":[{"wildcard":"abc"}]}`, `{"v":"abcd"}`, false},
		{"arn", `{"v":[{"wildcard":"arn:aws:*"}]}`, `{"v":"arn:aws:events:us-east-1:123456789012:event-bus/default"}`, true},
		{"cl2 143*", `{"v":[{"wildcard":"143*"}]}`, `{"v":"1430022"}`, true},
		{"cl2 2*0*1*7", `{"v":[{"wildcard":"2*0*1*7"}]}`, `{"v":"2607117"}`, true},
		{"cl2 2*0*1*7 miss", `{"v":[{"wildcard":"2*0*1*7"}]}`, `{"v":"2607118"}`, false},
		{"cl2 *218", `{"v":[{"wildcard":"*218"}]}`, `{"v":"2607218"}`, true},
		{"cl2 VA*IL", `{"v":[{"wildcard":"VA*IL"}]}`, `{"v":"VACSTWIL"}`, true},
		{"needs backtracking", `{"v":[{"wildcard":"*ab"}]}`, `{"v":"aab"}`, true},
		{"star needs two a", `{"v":[{"wildcard":"a*a"}]}`, `{"v":"a"}`, false},
		{"star between equal letters", `{"v":[{"wildcard":"a*a"}]}`, `{"v":"aa"}`, true},
		{"escaped star is literal", `{"v":[{"wildcard":"a\\*b"}]}`, `{"v":"a*b"}`, true},
		{"escaped star is not a wildcard", `{"v":[{"wildcard":"a\\*b"}]}`, `{"v":"axb"}`, false},
		{"escaped star then wildcard", `{"v":[{"wildcard":"\\**"}]}`, `{"v":"*rest"}`, true},
		{"escaped star then wildcard: no star", `{"v":[{"wildcard":"\\**"}]}`, `{"v":"rest"}`, false},
		{"escaped backslash is literal", `{"v":[{"wildcard":"a\\\\b"}]}`, `{"v":"a\\b"}`, true},
		{"escaped backslash then wildcard", `{"v":[{"wildcard":"a\\\\*"}]}`, `{"v":"a\\bc"}`, true},
		{"escaped backslash then wildcard: no backslash", `{"v":[{"wildcard":"a\\\\*"}]}`, `{"v":"abc"}`, false},
		{"escaped event value", `{"v":[{"wildcard":"caf*"}]}`, `{"v":"caf\u00e9"}`, true},
		{"multibyte after star", `{"v":[{"wildcard":"*é"}]}`, `{"v":"caf\u00e9"}`, true},
		{"any array element", `{"v":[{"wildcard":"*.png"}]}`, `{"v":["a.jpg","b.png"]}`, true},
	})
}

// Source: [content] "Anything-but matching", [operators] anything-but rows
// (begins with, ends with, ignore case, wildcard), [ruler] "Anything-but
// matching"; [design] "The field must be present; values of another type are
// not excluded; numbers compare by value; on an array it matches if any
// element is not excluded". The conformance fixture case "primarray:
// anything-but in array" agrees on arrays.
func TestAnythingBut(t *testing.T) {
	const st = `{"detail":{"state":[{"anything-but":"initializing"}]}}`
	const num = `{"detail":{"x-limit":[{"anything-but":123}]}}`
	const strList = `{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}`
	const numList = `{"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}`
	const pre = `{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}`
	const suf = `{"FileName":[{"anything-but":{"suffix":".png"}}]}`
	const eic = `{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}`
	const eicList = `{"state":[{"anything-but":{"equals-ignore-case":["initializing","stopped"]}}]}`
	const wc = `{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}`
	const wcList = `{"FilePath":[{"anything-but":{"wildcard":["*/lib/*","*/bin/*"]}}]}`
	runOpCases(t, []opCase{
		{"string: other value", st, `{"detail":{"state":"running"}}`, true},
		{"string: excluded", st, `{"detail":{"state":"initializing"}}`, false},
		{"string: excluded, escaped in event", st, `{"detail":{"state":"initi\u0061lizing"}}`, false},
		{"string: case-sensitive", st, `{"detail":{"state":"Initializing"}}`, true},
		{"string: field must be present", st, `{"detail":{"other":"x"}}`, false},
		{"string: parent missing", st, `{"source":"x"}`, false},
		{"string: number is not excluded", st, `{"detail":{"state":5}}`, true},
		{"string: null is not excluded", st, `{"detail":{"state":null}}`, true},
		{"string: false is not excluded", st, `{"detail":{"state":false}}`, true},
		{"empty string: excluded", `{"v":[{"anything-but":""}]}`, `{"v":""}`, false},
		{"empty string: other value", `{"v":[{"anything-but":""}]}`, `{"v":"x"}`, true},

		{"number: other value", num, `{"detail":{"x-limit":124}}`, true},
		{"number: excluded", num, `{"detail":{"x-limit":123}}`, false},
		{"number: excluded by value 123.0", num, `{"detail":{"x-limit":123.0}}`, false},
		{"number: excluded by value 1.23e2", num, `{"detail":{"x-limit":1.23e2}}`, false},
		{"number: string 123 is not excluded", num, `{"detail":{"x-limit":"123"}}`, true},
		{"number: missing", num, `{"detail":{}}`, false},

		{"string list: other value", strList, `{"detail":{"state":"running"}}`, true},
		{"string list: first excluded", strList, `{"detail":{"state":"stopped"}}`, false},
		{"string list: second excluded", strList, `{"detail":{"state":"overloaded"}}`, false},
		{"string list: number is not excluded", strList, `{"detail":{"state":7}}`, true},

		{"number list: other value", numList, `{"detail":{"x-limit":150}}`, true},
		{"number list: excluded", numList, `{"detail":{"x-limit":200}}`, false},
		{"number list: excluded by value 2e2", numList, `{"detail":{"x-limit":2e2}}`, false},
		{"number list: excluded by value 300.0", numList, `{"detail":{"x-limit":300.0}}`, false},
		{"number list: string is not excluded", numList, `{"detail":{"x-limit":"200"}}`, true},

		{"prefix: excluded", pre, `{"detail":{"state":"initializing"}}`, false},
		{"prefix: the prefix itself", pre, `{"detail":{"state":"init"}}`, false},
		{"prefix: other value", pre, `{"detail":{"state":"running"}}`, true},
		{"prefix: case-sensitive", pre, `{"detail":{"state":"Initializing"}}`, true},
		{"prefix: missing", pre, `{"detail":{}}`, false},
		{"prefix: documented region", `{"Region":[{"anything-but":{"prefix":"us-"}}]}`, `{"Region":"eu-west-1"}`, true},
		{"prefix: documented region excluded", `{"Region":[{"anything-but":{"prefix":"us-"}}]}`, `{"Region":"us-east-1"}`, false},
		{"prefix: number is not excluded", `{"v":[{"anything-but":{"prefix":"1"}}]}`, `{"v":123}`, true},

		{"suffix: excluded", suf, `{"FileName":"photo.png"}`, false},
		{"suffix: other value", suf, `{"FileName":"photo.jpg"}`, true},
		{"suffix: case-sensitive", suf, `{"FileName":"photo.PNG"}`, true},
		{"suffix: missing", suf, `{"Other":"photo.jpg"}`, false},

		// [design] allows a list for every anything-but object form, as
		// event-ruler's JsonRuleCompiler does for prefix and suffix.
		{"prefix list: first excluded", `{"v":[{"anything-but":{"prefix":["us-","eu-"]}}]}`, `{"v":"us-east-1"}`, false},
		{"prefix list: second excluded", `{"v":[{"anything-but":{"prefix":["us-","eu-"]}}]}`, `{"v":"eu-west-1"}`, false},
		{"prefix list: other value", `{"v":[{"anything-but":{"prefix":["us-","eu-"]}}]}`, `{"v":"ap-south-1"}`, true},
		{"suffix list: excluded", `{"v":[{"anything-but":{"suffix":[".png",".jpg"]}}]}`, `{"v":"a.jpg"}`, false},
		{"suffix list: other value", `{"v":[{"anything-but":{"suffix":[".png",".jpg"]}}]}`, `{"v":"a.gif"}`, true},

		{"ignore case: excluded upper", eic, `{"state":"INITIALIZING"}`, false},
		{"ignore case: excluded mixed", eic, `{"state":"Initializing"}`, false},
		{"ignore case: other value", eic, `{"state":"running"}`, true},
		{"ignore case: number is not excluded", eic, `{"state":5}`, true},
		{"ignore case list: excluded", eicList, `{"state":"STOPPED"}`, false},
		{"ignore case list: other value", eicList, `{"state":"running"}`, true},

		{"wildcard: excluded", wc, `{"FilePath":"/usr/lib/libc.so"}`, false},
		{"wildcard: other value", wc, `{"FilePath":"/usr/bin/ls"}`, true},
		{"wildcard: number is not excluded", wc, `{"FilePath":5}`, true},
		{"wildcard list: first excluded", wcList, `{"FilePath":"/usr/lib/libc.so"}`, false},
		{"wildcard list: second excluded", wcList, `{"FilePath":"/usr/bin/ls"}`, false},
		{"wildcard list: other value", wcList, `{"FilePath":"/etc/hosts"}`, true},

		{"array: one element not excluded", `{"v":[{"anything-but":"banned"}]}`, `{"v":["banned","ok"]}`, true},
		{"array: every element excluded", `{"v":[{"anything-but":"banned"}]}`, `{"v":["banned"]}`, false},
		{"array: every element excluded twice", `{"v":[{"anything-but":"banned"}]}`, `{"v":["banned","banned"]}`, false},
		{"array: empty", `{"v":[{"anything-but":"banned"}]}`, `{"v":[]}`, false},
		{"array: number list all excluded", `{"v":[{"anything-but":[1,2]}]}`, `{"v":[1,2.0]}`, false},
		{"array: number list one not excluded", `{"v":[{"anything-but":[1,2]}]}`, `{"v":[1,3]}`, true},
		{"array: prefix all excluded", `{"v":[{"anything-but":{"prefix":"a"}}]}`, `{"v":["ab","ac"]}`, false},
		{"array: prefix one not excluded", `{"v":[{"anything-but":{"prefix":"a"}}]}`, `{"v":["ab","b"]}`, true},

		{"ruler complex example", `{"time":[{"prefix":"2017-10-02"}],"detail":{"state":[{"anything-but":"initializing"}],"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"anything-but":[100,200,300]}],"source-ip":[{"cidr":"10.0.0.0/8"}]}}`,
			`{"time":"2017-10-02T16:24:49Z","detail":{"c-count":5,"d-count":3,"x-limit":301.8,"source-ip":"10.0.0.33","state":"running"}}`, true},
		{"ruler complex example: excluded state", `{"time":[{"prefix":"2017-10-02"}],"detail":{"state":[{"anything-but":"initializing"}],"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"anything-but":[100,200,300]}],"source-ip":[{"cidr":"10.0.0.0/8"}]}}`,
			`{"time":"2017-10-02T16:24:49Z","detail":{"c-count":5,"d-count":3,"x-limit":301.8,"source-ip":"10.0.0.33","state":"initializing"}}`, false},
	})
}

// Source: [content] "Numeric matching" (the c-count / d-count / x-limit
// example), [operators] "Numeric (equals)" and "Numeric (range)"; [design]
// "Only JSON numbers match. Full float64 range." (The user guide's old
// -5.0e9..+5.0e9 limit is lifted by the contract.)
func TestNumeric(t *testing.T) {
	const rng = `{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}}`
	const eq = `{"detail":{"x-limit":[{"numeric":["=",3.018e2]}]}}`
	const thousand = `{"v":[{"numeric":["=",1000]}]}`
	runOpCases(t, []opCase{
		{"range: upper bound included", rng, `{"detail":{"c-count":5}}`, true},
		{"range: lower bound excluded", rng, `{"detail":{"c-count":0}}`, false},
		{"range: just above lower", rng, `{"detail":{"c-count":0.000001}}`, true},
		{"range: just above upper", rng, `{"detail":{"c-count":5.000001}}`, false},
		{"range: negative", rng, `{"detail":{"c-count":-1}}`, false},
		{"range: string never matches", rng, `{"detail":{"c-count":"3"}}`, false},
		{"range: null never matches", rng, `{"detail":{"c-count":null}}`, false},
		{"range: true never matches", rng, `{"detail":{"c-count":true}}`, false},
		{"range: missing", rng, `{"detail":{}}`, false},

		{"<: below", `{"v":[{"numeric":["<",10]}]}`, `{"v":9.999}`, true},
		{"<: equal", `{"v":[{"numeric":["<",10]}]}`, `{"v":10}`, false},
		{"<: far below", `{"v":[{"numeric":["<",10]}]}`, `{"v":-1e9}`, true},
		{"<=: equal", `{"v":[{"numeric":["<=",10]}]}`, `{"v":10}`, true},
		{"<=: above", `{"v":[{"numeric":["<=",10]}]}`, `{"v":10.0000001}`, false},
		{">: equal", `{"v":[{"numeric":[">",10]}]}`, `{"v":10}`, false},
		{">: above", `{"v":[{"numeric":[">",10]}]}`, `{"v":10.5}`, true},
		{">=: equal", `{"v":[{"numeric":[">=",10]}]}`, `{"v":10}`, true},
		{">=: below", `{"v":[{"numeric":[">=",10]}]}`, `{"v":9.9}`, false},

		{"=: documented 301.8", eq, `{"detail":{"x-limit":301.8}}`, true},
		{"=: trailing zero", eq, `{"detail":{"x-limit":301.80}}`, true},
		{"=: exponent form", eq, `{"detail":{"x-limit":30180e-2}}`, true},
		{"=: other value", eq, `{"detail":{"x-limit":301.9}}`, false},
		{"=: string never matches", eq, `{"detail":{"x-limit":"301.8"}}`, false},

		{"closed range: low", `{"v":[{"numeric":[">=",1,"<=",2]}]}`, `{"v":1}`, true},
		{"closed range: high", `{"v":[{"numeric":[">=",1,"<=",2]}]}`, `{"v":2}`, true},
		{"closed range: above", `{"v":[{"numeric":[">=",1,"<=",2]}]}`, `{"v":2.0001}`, false},
		{"open range: low", `{"v":[{"numeric":[">",1,"<",2]}]}`, `{"v":1}`, false},
		{"open range: high", `{"v":[{"numeric":[">",1,"<",2]}]}`, `{"v":2}`, false},
		{"open range: inside", `{"v":[{"numeric":[">",1,"<",2]}]}`, `{"v":1.5}`, true},
		{"half-open range: low", `{"v":[{"numeric":[">=",1,"<",2]}]}`, `{"v":1}`, true},
		{"half-open range: high", `{"v":[{"numeric":[">=",1,"<",2]}]}`, `{"v":2}`, false},
		{"negative range: inside", `{"v":[{"numeric":[">",-10,"<",-5]}]}`, `{"v":-7.5}`, true},
		{"negative range: bound", `{"v":[{"numeric":[">",-10,"<",-5]}]}`, `{"v":-5}`, false},
		{"fractional range", `{"v":[{"numeric":[">",0.1,"<",0.2]}]}`, `{"v":0.15}`, true},

		{"exponent 1e3", thousand, `{"v":1e3}`, true},
		{"exponent 1E3", thousand, `{"v":1E3}`, true},
		{"exponent 1e+3", thousand, `{"v":1e+3}`, true},
		{"exponent 1.0e3", thousand, `{"v":1.0e3}`, true},
		{"exponent 10e2", thousand, `{"v":10e2}`, true},
		{"exponent 100000e-2", thousand, `{"v":100000e-2}`, true},
		{"decimal 1000.000", thousand, `{"v":1000.000}`, true},
		{"exponent 1e4 is not 1000", thousand, `{"v":1e4}`, false},

		{"max float64 above 1e308", `{"v":[{"numeric":[">",1e308]}]}`, `{"v":1.7976931348623157e308}`, true},
		{"min float64 below -1e308", `{"v":[{"numeric":["<",-1e308]}]}`, `{"v":-1.7976931348623157e308}`, true},
		{"equals 1e308", `{"v":[{"numeric":["=",1e308]}]}`, `{"v":1E308}`, true},
		{"equals -1e308", `{"v":[{"numeric":["=",-1e308]}]}`, `{"v":-1.0e308}`, true},
		{"smallest subnormal above 0", `{"v":[{"numeric":[">",0]}]}`, `{"v":5e-324}`, true},
		{"negative subnormal below 0", `{"v":[{"numeric":["<",0]}]}`, `{"v":-5e-324}`, true},
		{"equals 5e-324", `{"v":[{"numeric":["=",5e-324]}]}`, `{"v":5e-324}`, true},
		{"subnormal inside a tiny range", `{"v":[{"numeric":[">",0,"<",1e-300]}]}`, `{"v":5e-324}`, true},
		{"more than six decimals", `{"v":[{"numeric":["<",0.000001]}]}`, `{"v":0.0000001}`, true},
		{"beyond the old 5e9 limit", `{"v":[{"numeric":[">",5e9]}]}`, `{"v":6000000000}`, true},

		{"integer beyond 2^53", `{"v":[{"numeric":[">",9007199254740992]}]}`, `{"v":9007199254740994}`, true},
		// event-ruler compares only numbers whose shortest float64 form has
		// the same value as their text (ComparableNumber.generate); other
		// event numbers never fall in a range (number.go).
		{"integer beyond 1e17 that a float64 cannot hold", `{"v":[{"numeric":[">=",1e17]}]}`, `{"v":123456789012345678}`, false},
		{"integer beyond 1e17 that a float64 holds", `{"v":[{"numeric":[">=",1e17]}]}`, `{"v":123456789012345680}`, true},
		{"int64 minimum is not its shortest float form", `{"v":[{"numeric":["<",-9e18]}]}`, `{"v":-9223372036854775808}`, false},
		{"int64 minimum as a float", `{"v":[{"numeric":["<",-9e18]}]}`, `{"v":-9.223372036854776e18}`, true},
		{"2^53+1 is not in a range that holds 2^53", `{"v":[{"numeric":[">=",9007199254740990,"<=",9007199254740992]}]}`, `{"v":9007199254740993}`, false},
		{"beyond float64 is in no range", `{"v":[{"numeric":[">",0]}]}`, `{"v":1e400}`, false},
		{"below float64 is in no range", `{"v":[{"numeric":["<",0]}]}`, `{"v":-1e400}`, false},
		{"underflow is in no range", `{"v":[{"numeric":[">=",0]}]}`, `{"v":1e-400}`, false},
		{"0.1 is exact enough", `{"v":[{"numeric":["=",0.1]}]}`, `{"v":0.1}`, true},
		{"0.10000000000000001 is not 0.1", `{"v":[{"numeric":["=",0.1]}]}`, `{"v":0.10000000000000001}`, false},

		{"array: one element in range", `{"v":[{"numeric":[">",0,"<",10]}]}`, `{"v":[100,5,200]}`, true},
		{"array: no element in range", `{"v":[{"numeric":[">",0,"<",10]}]}`, `{"v":[100,200]}`, false},
		{"array: only a string in range", `{"v":[{"numeric":[">",0,"<",10]}]}`, `{"v":["5",100]}`, false},
		{"array: empty", `{"v":[{"numeric":[">",0,"<",10]}]}`, `{"v":[]}`, false},
		{"two numeric elements: low", `{"v":[{"numeric":["<",0]},{"numeric":[">",100]}]}`, `{"v":-5}`, true},
		{"two numeric elements: middle", `{"v":[{"numeric":["<",0]},{"numeric":[">",100]}]}`, `{"v":50}`, false},
		{"two numeric elements: high", `{"v":[{"numeric":["<",0]},{"numeric":[">",100]}]}`, `{"v":150}`, true},
		{"numeric or a string literal", `{"v":[{"numeric":["<",0]},"x"]}`, `{"v":"x"}`, true},
	})
}

// Source: [content] "Exists matching" (c-count and state examples), [ruler]
// "Exists matching" (an object value is not a leaf, so exists:false matches
// it); [design] "true matches any present leaf, including null; not an
// object, {} or []. false matches a missing field, {}, [], or an object
// value."
func TestExists(t *testing.T) {
	const yes = `{"detail":{"state":[{"exists":true}]}}`
	const no = `{"detail":{"c-count":[{"exists":false}]}}`
	runOpCases(t, []opCase{
		{"true: documented present", yes, `{"detail":{"instance-id":"i-abcd1111","state":"pending"}}`, true},
		{"true: documented absent", yes, `{"detail":{"c-count":{"c1":100}}}`, false},
		{"true: number", yes, `{"detail":{"state":0}}`, true},
		{"true: false value", yes, `{"detail":{"state":false}}`, true},
		{"true: empty string", yes, `{"detail":{"state":""}}`, true},
		{"true: null is a present leaf", yes, `{"detail":{"state":null}}`, true},
		{"true: empty object is not a leaf", yes, `{"detail":{"state":{}}}`, false},
		{"true: empty array has no leaf", yes, `{"detail":{"state":[]}}`, false},
		{"true: object value is not a leaf", yes, `{"detail":{"state":{"c1":100}}}`, false},
		{"true: array of scalars", yes, `{"detail":{"state":["a"]}}`, true},
		{"true: array of objects is not a leaf", yes, `{"detail":{"state":[{"x":1}]}}`, false},
		{"true: parent missing", yes, `{"source":"x"}`, false},
		{"true: parent is a scalar", yes, `{"detail":"x"}`, false},

		{"false: documented absent", no, `{"detail":{"state":"running"}}`, true},
		{"false: documented object value", no, `{"detail":{"state":"running","c-count":{"c1":100}}}`, true},
		{"false: present string", no, `{"detail":{"c-count":"x"}}`, false},
		{"false: present null", no, `{"detail":{"c-count":null}}`, false},
		{"false: present zero", no, `{"detail":{"c-count":0}}`, false},
		{"false: present false", no, `{"detail":{"c-count":false}}`, false},
		{"false: empty object", no, `{"detail":{"c-count":{}}}`, true},
		{"false: empty array", no, `{"detail":{"c-count":[]}}`, true},
		{"false: array of scalars", no, `{"detail":{"c-count":[1]}}`, false},
		{"false: parent missing", no, `{"source":"x"}`, true},
		{"false: parent is a scalar", no, `{"detail":"x"}`, true},
		{"false: empty event", no, `{}`, true},
		{"false with another field: match", `{"source":["aws.ec2"],"detail":{"c-count":[{"exists":false}]}}`, `{"source":"aws.ec2","detail":{}}`, true},
		{"false with another field: other fails", `{"source":["aws.ec2"],"detail":{"c-count":[{"exists":false}]}}`, `{"source":"aws.s3","detail":{}}`, false},
	})
}

// Source: [content] "IP address matching" (10.0.0.0/24, IPv4 and IPv6),
// [ruler] "IP Address Matching" (10.0.0.0/8, "This also works with IPv6
// addresses"); [design] "host bits ignored; matches string values that parse
// as addresses in the range".
func TestCIDR(t *testing.T) {
	const v4 = `{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}`
	const v6 = `{"v":[{"cidr":"2001:db8::/32"}]}`
	runOpCases(t, []opCase{
		{"v4: documented inside", v4, `{"detail":{"sourceIPAddress":"10.0.0.33"}}`, true},
		{"v4: network address", v4, `{"detail":{"sourceIPAddress":"10.0.0.0"}}`, true},
		{"v4: broadcast address", v4, `{"detail":{"sourceIPAddress":"10.0.0.255"}}`, true},
		{"v4: next network", v4, `{"detail":{"sourceIPAddress":"10.0.1.0"}}`, false},
		{"v4: previous network", v4, `{"detail":{"sourceIPAddress":"9.255.255.255"}}`, false},
		{"v4: number never matches", v4, `{"detail":{"sourceIPAddress":10}}`, false},
		{"v4: not an address", v4, `{"detail":{"sourceIPAddress":"not-an-ip"}}`, false},
		{"v4: address with a port", v4, `{"detail":{"sourceIPAddress":"10.0.0.1:80"}}`, false},
		{"v4: null", v4, `{"detail":{"sourceIPAddress":null}}`, false},
		{"v4: escaped event string", v4, `{"detail":{"sourceIPAddress":"10.0.0.\u0033"}}`, true},
		{"v4: array element", v4, `{"detail":{"sourceIPAddress":["192.168.0.1","10.0.0.9"]}}`, true},
		{"v4 /8: inside", `{"v":[{"cidr":"10.0.0.0/8"}]}`, `{"v":"10.255.1.2"}`, true},
		{"v4 /8: outside", `{"v":[{"cidr":"10.0.0.0/8"}]}`, `{"v":"11.0.0.1"}`, false},
		{"v4 host bits ignored: inside", `{"v":[{"cidr":"10.0.0.77/24"}]}`, `{"v":"10.0.0.1"}`, true},
		{"v4 host bits ignored: outside", `{"v":[{"cidr":"10.0.0.77/24"}]}`, `{"v":"10.0.1.1"}`, false},
		{"v4 /32: same", `{"v":[{"cidr":"192.168.1.1/32"}]}`, `{"v":"192.168.1.1"}`, true},
		{"v4 /32: other", `{"v":[{"cidr":"192.168.1.1/32"}]}`, `{"v":"192.168.1.2"}`, false},
		{"v4 /0", `{"v":[{"cidr":"0.0.0.0/0"}]}`, `{"v":"203.0.113.9"}`, true},
		{"v4 pattern, v6 event", `{"v":[{"cidr":"10.0.0.0/8"}]}`, `{"v":"2001:db8::1"}`, false},

		{"v6: inside", v6, `{"v":"2001:db8::1"}`, true},
		{"v6: last address", v6, `{"v":"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"}`, true},
		{"v6: outside", v6, `{"v":"2001:db9::1"}`, false},
		{"v6: upper-case hex", v6, `{"v":"2001:DB8::1"}`, true},
		{"v6: fully expanded", v6, `{"v":"2001:0db8:0000:0000:0000:0000:0000:0001"}`, true},
		{"v6 pattern, v4 event", v6, `{"v":"10.0.0.1"}`, false},
		{"v6 host bits ignored: inside", `{"v":[{"cidr":"2001:db8::abcd/32"}]}`, `{"v":"2001:db8:1::1"}`, true},
		{"v6 host bits ignored: outside", `{"v":[{"cidr":"2001:db8::abcd/32"}]}`, `{"v":"2001:db9::"}`, false},
		{"v6 /128: same", `{"v":[{"cidr":"::1/128"}]}`, `{"v":"::1"}`, true},
		{"v6 /128: expanded", `{"v":[{"cidr":"::1/128"}]}`, `{"v":"0:0:0:0:0:0:0:1"}`, true},
		{"v6 /128: other", `{"v":[{"cidr":"::1/128"}]}`, `{"v":"::2"}`, false},
		{"v6 /64: inside", `{"v":[{"cidr":"2001:db8:1:2::/64"}]}`, `{"v":"2001:db8:1:2:aaaa::1"}`, true},
		{"v6 /64: outside", `{"v":[{"cidr":"2001:db8:1:2::/64"}]}`, `{"v":"2001:db8:1:3::1"}`, false},
	})
}

// Source: [operators] "Or" ("Location is New York, or Day is Monday") and
// [ruler] "The $or Primitive" (normal, parallel, or-with-and, nested
// examples); [design] "$or at any object level ... nested allowed".
func TestOr(t *testing.T) {
	const docs = `{"$or":[{"Location":["New York"]},{"Day":["Monday"]}]}`
	const normal = `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}]}`
	const parallel = `{"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}],"detail":{"$or":[{"source":["aws.cloudwatch"]},{"detail-type":["CloudWatch Alarm State Change"]}]}}`
	const orAnd = `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"metricType":["MetricType"],"namespace":["AWS/EC2","AWS/ES"]},{"scope":["Service"]}]}`
	const nested = `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"metricType":["MetricType"],"namespace":["AWS/EC2","AWS/ES"],"$or":[{"metricId":[1234]},{"spaceId":[1000]}]},{"scope":["Service"]}]}`
	const inDetail = `{"detail":{"$or":[{"a":["1"]},{"b":[{"prefix":"x"}]}]}}`
	const ops = `{"$or":[{"n":[{"numeric":[">",10]}]},{"s":[{"exists":false}]}]}`
	runOpCases(t, []opCase{
		{"docs: first branch", docs, `{"Location":"New York","Day":"Tuesday"}`, true},
		{"docs: second branch", docs, `{"Location":"Boston","Day":"Monday"}`, true},
		{"docs: both branches", docs, `{"Location":"New York","Day":"Monday"}`, true},
		{"docs: neither", docs, `{"Location":"Boston","Day":"Tuesday"}`, false},
		{"docs: empty event", docs, `{}`, false},

		{"normal: metricName", normal, `{"source":"aws.cloudwatch","metricName":"ReadLatency"}`, true},
		{"normal: namespace", normal, `{"source":"aws.cloudwatch","namespace":"AWS/ES"}`, true},
		{"normal: and-ed field fails", normal, `{"source":"aws.s3","metricName":"ReadLatency"}`, false},
		{"normal: no branch", normal, `{"source":"aws.cloudwatch","metricName":"Other"}`, false},

		{"parallel: both sides", parallel, `{"metricName":"CPUUtilization","detail":{"source":"aws.cloudwatch"}}`, true},
		{"parallel: other branches", parallel, `{"namespace":"AWS/EC2","detail":{"detail-type":"CloudWatch Alarm State Change"}}`, true},
		{"parallel: inner side fails", parallel, `{"metricName":"CPUUtilization","detail":{"source":"other"}}`, false},
		{"parallel: outer side fails", parallel, `{"metricName":"Other","detail":{"source":"aws.cloudwatch"}}`, false},

		{"or-and: and branch", orAnd, `{"source":"aws.cloudwatch","metricType":"MetricType","namespace":"AWS/EC2"}`, true},
		{"or-and: half of and branch", orAnd, `{"source":"aws.cloudwatch","metricType":"MetricType"}`, false},
		{"or-and: third branch", orAnd, `{"source":"aws.cloudwatch","scope":"Service"}`, true},

		{"nested: inner first", nested, `{"source":"aws.cloudwatch","metricType":"MetricType","namespace":"AWS/ES","metricId":1234}`, true},
		{"nested: inner second", nested, `{"source":"aws.cloudwatch","metricType":"MetricType","namespace":"AWS/ES","spaceId":1000}`, true},
		{"nested: inner by value", nested, `{"source":"aws.cloudwatch","metricType":"MetricType","namespace":"AWS/ES","spaceId":1e3}`, true},
		{"nested: inner missing", nested, `{"source":"aws.cloudwatch","metricType":"MetricType","namespace":"AWS/ES"}`, false},
		{"nested: outer branch alone", nested, `{"source":"aws.cloudwatch","metricName":"CPUUtilization"}`, true},

		{"under detail: second branch", inDetail, `{"detail":{"b":"xyz"}}`, true},
		{"under detail: first branch", inDetail, `{"detail":{"a":"1"}}`, true},
		{"under detail: neither", inDetail, `{"detail":{"a":"2","b":"y"}}`, false},
		{"under detail: wrong level", inDetail, `{"a":"1","detail":{}}`, false},

		{"operators: numeric branch", ops, `{"n":50,"s":"x"}`, true},
		{"operators: exists false branch", ops, `{"n":5}`, true},
		{"operators: neither", ops, `{"n":5,"s":"x"}`, false},
		{"dotted key in a branch", `{"$or":[{"a.b":["x"]},{"c":["y"]}]}`, `{"a":{"b":"x"}}`, true},
	})
}

// Source: [patterns] and [create] (fields AND-ed; "the event must contain
// all the field names listed in the event pattern ... with the same nesting
// structure"; "EventBridge uses dot (.) as the joining character"), [ruler]
// "Caveat: Compiled rules and JSON keys with dots", [arrays], [content] note
// on duplicate keys ("the last reference will be the one used").
func TestStructure(t *testing.T) {
	const ec2 = `{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"111122223333","time":"2017-12-22T18:43:48Z","region":"us-west-1","resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],"detail":{"instance-id":"i-1234567890abcdef0","state":"terminated"}}`
	const ec2Rule = `{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["terminated"]}}`
	const resources = `{"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f","arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f","arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]}`
	const dup = `{"detail":{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}}`
	runOpCases(t, []opCase{
		{"all fields match", ec2Rule, ec2, true},
		{"one field differs", ec2Rule, strings.Replace(ec2, `"terminated"`, `"running"`, 1), false},
		{"one field missing", ec2Rule, strings.Replace(ec2, `"detail-type":"EC2 Instance State-change Notification",`, ``, 1), false},
		{"nesting must agree: pattern nested", `{"detail":{"state":["x"]}}`, `{"state":"x"}`, false},
		{"nesting must agree: event nested", `{"state":["x"]}`, `{"detail":{"state":"x"}}`, false},

		{"dotted pattern key, nested event", `{"detail.state":["running"]}`, `{"detail":{"state":"running"}}`, true},
		{"nested pattern, dotted event key", `{"detail":{"state":["running"]}}`, `{"detail.state":"running"}`, true},
		{"dotted on both sides", `{"detail.state":["running"]}`, `{"detail.state":"running"}`, true},
		{"ruler partial dots in pattern", `{"detail":{"state.status":["running"]}}`, `{"detail":{"state":{"status":"running"}}}`, true},
		{"ruler partial dots in event", `{"detail":{"state":{"status":["running"]}}}`, `{"detail":{"state.status":"running"}}`, true},
		{"dotted and nested keys together", `{"detail.state":["a"],"detail":{"kind":["b"]}}`, `{"detail":{"state":"a","kind":"b"}}`, true},
		{"dotted and nested keys together: one fails", `{"detail.state":["a"],"detail":{"kind":["b"]}}`, `{"detail":{"state":"a","kind":"c"}}`, false},

		{"key case differs", `{"Source":["x"]}`, `{"source":"x"}`, false},
		{"nested key case differs", `{"detail":{"State":["x"]}}`, `{"detail":{"state":"x"}}`, false},
		{"escaped event key", `{"detail-type":["x"]}`, `{"detail\u002dtype":"x"}`, true},
		{"unicode key, escaped in event", `{"café":["x"]}`, `{"caf\u00e9":"x"}`, true},
		{"unicode key, escaped in pattern", `{"caf\u00e9":["x"]}`, `{"café":"x"}`, true},
		{"quote in key", `{"a\"b":["x"]}`, `{"a\u0022b":"x"}`, true},
		{"key is a prefix of an event key", `{"ab":["x"]}`, `{"a":"x","abc":"x"}`, false},

		{"pretty-printed event", ec2Rule, "{\n\t\"source\" : \"aws.ec2\",\r\n  \"detail-type\":\n\"EC2 Instance State-change Notification\" ,\n  \"detail\" : {\n    \"state\" :\t\"terminated\"\n  }\n}\n", true},
		{"whitespace around the event", `{"v":[1]}`, " \n\t{ \"v\" :\r\n [ 1 , 2 ] \n}\n ", true},

		{"duplicate key: last wins, allowed", dup, `{"detail":{"location":"eu-west"}}`, true},
		{"duplicate key: last wins, excluded", dup, `{"detail":{"location":"us-east"}}`, false},

		{"documented array intersection", resources, `{"resources":["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate","arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}`, true},
		{"documented array: no intersection", resources, `{"resources":["arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f"]}`, false},
		{"array: empty", `{"a":["x"]}`, `{"a":[]}`, false},
		{"nested arrays flatten", `{"a":["x"]}`, `{"a":[["y"],["x"]]}`, true},
		{"deeply nested arrays flatten", `{"a":[5]}`, `{"a":[[1,[2,[5]]]]}`, true},
		{"deeply nested arrays: absent", `{"a":[5]}`, `{"a":[[1,[2,[6]]]]}`, false},
		{"array of objects", `{"a":{"b":["x"]}}`, `{"a":[{"b":"y"},{"b":"x"}]}`, true},
		{"array of arrays of objects", `{"a":{"b":["x"]}}`, `{"a":[[{"b":"y"}],[{"b":"x"}]]}`, true},
		{"event is an array", `{"a":["x"]}`, `[{"a":"x"}]`, false},
		{"event is a string", `{"a":["x"]}`, `"x"`, false},
		{"event is null", `{"a":[null]}`, `null`, false},
	})
}

// invalidEvents are malformed JSON documents. The contract says "Invalid or
// truncated event JSON never panics: it does not match." Many of them would
// match the probe patterns below if the bad part were ignored.
var invalidEvents = []string{
	``,
	` `,
	`{`,
	`}`,
	`{"source"`,
	`{"source":`,
	`{"source":"aws.ec2`,
	`{"source":"aws.ec2"`,
	`{"source":"aws.ec2",`,
	`{"source":"aws.ec2","detail":{"x":1}`,
	`{"source":"aws.ec2","detail":{"x":[1,2}}`,
	`{"source":"aws.ec2"}}`,
	`{"source":"aws.ec2"}]`,
	`{"source":"aws.ec2"} trailing`,
	`{"source":"aws.ec2"}{"source":"aws.ec2"}`,
	`{"source":"aws.ec2" "n":1}`,
	`{"source" "aws.ec2"}`,
	`{"source":aws.ec2}`,
	`{source:"aws.ec2"}`,
	`{'source':'aws.ec2'}`,
	`{"source":"aws.ec2",}`,
	`{"source":"aws.ec2","n":[1,]}`,
	`{"source":"aws.ec2","n":tru}`,
	`{"source":"aws.ec2","n":nul}`,
	`{"source":"aws.ec2","n":NaN}`,
	`{"source":"aws.ec2","n":01}`,
	`{"source":"aws.ec2","n":1.}`,
	`{"source":"aws.ec2","n":-}`,
	`{"source":"aws.ec2","n":1e}`,
	`{"source":"aws.ec2","n":+1}`,
	`{"source":"aws.ec2","s":"bad \x escape"}`,
	`{"source":"aws.ec2","s":"short \u00 escape"}`,
	`{"source":"aws.\u00"}`,
	"{\"source\":\"aws.ec2\",\"s\":\"raw\nnewline\"}",
	`{"source":"aws.ec2","x":` + strings.Repeat(`[`, 100000),
	`{"source":"aws.ec2","x":` + strings.Repeat(`{"a":`, 50000),
}

// invalidProbes are patterns that would match the well-formed part of
// every event in invalidEvents. fullRead marks the probes that make the
// matcher read the whole event: "missing" is absent, and only the end of
// the event can prove it.
var invalidProbes = []struct {
	src      string
	fullRead bool
}{
	{`{"source":["aws.ec2"]}`, false},
	{`{"source":[{"prefix":"aws"}]}`, false},
	{`{"source":[{"exists":true}]}`, false},
	{`{"source":[{"anything-but":"x"}]}`, false},
	{`{"missing":[{"exists":false}]}`, true},
	{`{"source":[{"wildcard":"*"}]}`, false},
	{`{"$or":[{"source":["aws.ec2"]},{"missing":[{"exists":false}]}]}`, true},
	{`{"source":["aws.ec2"],"missing":[{"exists":false}]}`, true},
}

// Source: [design] "Invalid or truncated event JSON never panics: it does
// not match."
// The guarantee for invalid events (see the block comment in walk.go): the
// matcher validates strictly everything it reads, and reads only as far as
// the patterns need. So invalid JSON never matches when the matcher has to
// read the whole event (the fullRead probes), an event that does not end
// by closing an object never matches, and nothing ever panics. Bytes after
// the last field a pattern needs are not validated: doing so would cost
// more than the match itself (design.md section 5, "walk only as far as
// the last field any rule needs").
func TestInvalidEventsNeverMatch(t *testing.T) {
	m := pattern.NewMatcher[int]()
	full := pattern.NewMatcher[int]()
	ps := make([]*pattern.Pattern, len(invalidProbes))
	for i, probe := range invalidProbes {
		ps[i] = pattern.MustCompile(probe.src)
		require.NoError(t, m.Add(i, ps[i]))
		if probe.fullRead {
			require.NoError(t, full.Add(i, ps[i]))
		}
	}
	// Sanity: on the well-formed event every probe matches, so a false below
	// is a real verdict on the malformed input.
	good := []byte(`{"source":"aws.ec2","n":1}`)
	for i, p := range ps {
		require.True(t, p.Match(good), "probe %s must match %s", invalidProbes[i].src, good)
	}
	for _, ev := range invalidEvents {
		name := ev
		if len(name) > 60 {
			name = name[:60] + "..."
		}
		unclosed := !strings.HasSuffix(strings.TrimRight(ev, " \t\r\n"), "}")
		t.Run(name, func(t *testing.T) {
			for i, p := range ps {
				var matched bool
				require.NotPanics(t, func() { matched = p.Match([]byte(ev)) })
				if invalidProbes[i].fullRead || unclosed {
					require.False(t, matched, "probe %s matched an invalid event", invalidProbes[i].src)
				}
			}
			var got []int
			require.NotPanics(t, func() { got = m.MatchAppend(nil, []byte(ev)) })
			if unclosed {
				require.Empty(t, got, "Matcher matched an unclosed event")
			}
			require.Empty(t, full.MatchAppend(nil, []byte(ev)), "a full read matched an invalid event")
		})
	}
}

// A deeply nested but well-formed event must not crash the matcher. Whether
// it matches is left open (a matcher may cap nesting depth), but it must not
// panic or overflow the stack.
func TestDeepValidEventDoesNotPanic(t *testing.T) {
	const depth = 100000
	ev := []byte(`{"source":"aws.ec2","x":` + strings.Repeat(`[`, depth) + strings.Repeat(`]`, depth) + `}`)
	p := pattern.MustCompile(`{"source":["aws.ec2"],"x":{"y":[{"exists":false}]}}`)
	require.NotPanics(t, func() { p.Match(ev) })
	m := pattern.NewMatcher[int]()
	require.NoError(t, m.Add(1, p))
	require.NotPanics(t, func() { m.MatchAppend(nil, ev) })
}
