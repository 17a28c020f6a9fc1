package target

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testEvent has a value of every JSON kind under detail, white space as a
// sender may write it, a string that needs escaping, and keys that are
// special to gjson.
const testEvent = `{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance State-change Notification",` +
	`"source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1",` +
	`"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],` +
	`"detail":{"instance-id":"i-0123456789","state":"RUNNING","quote":"say \"hi\"\n","uni":"caf\u00e9",` +
	`"count":3,"ratio":-1.5e2,"ok":true,"off":false,"nothing":null,` +
	`"tags": { "env" : "prod", "team" : ["a", "b"] },"list":[ "x", {"id":1}, {"id":2}, [3] ],` +
	`"a.b":"dotted","a*b":"starred","@at":"at","#":"hash","0":"zero-key","nums":[10,20,30]}}`

var testMeta = Meta{
	RuleARN:       "arn:aws:events:us-east-1:123456789012:rule/orders/route",
	RuleName:      "route",
	IngestionTime: time.Date(2015, 11, 11, 21, 29, 55, 0, time.FixedZone("x", 3600)),
}

func apply(t *testing.T, in Input) (string, error) {
	t.Helper()
	tr, err := CompileInput("t1", in)
	require.NoError(t, err)
	out, err := tr.Apply(nil, []byte(testEvent), testMeta)
	return string(out), err
}

func TestApplyInputPath(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"$", testEvent},
		{"$.detail.state", `"RUNNING"`},
		{"$.detail.quote", `"say \"hi\"\n"`},
		{"$.detail.count", `3`},
		{"$.detail.ratio", `-1.5e2`},
		{"$.detail.ok", `true`},
		{"$.detail.nothing", `null`},
		{"$.detail.tags", `{"env":"prod","team":["a","b"]}`}, // minified
		{"$.detail.tags.team[1]", `"b"`},
		{"$.resources[0]", `"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"`},
		{"$.detail.list[1].id", `1`},
		{"$.detail.list[3][0]", `3`},
		{"$.detail.list[*].id", `[1,2]`},
		{"$.detail.nums.*", `[10,20,30]`},
		{"$.detail.tags.*", `["prod",["a","b"]]`},
		{"$.detail.list[*][*]", `[1,2,3]`}, // [*] on an object visits its values
		{"$.detail.nothing[*]", `[]`},
		{"$['detail']['a.b']", `"dotted"`},
		{"$.detail.a*b", `"starred"`},
		{"$.detail.@at", `"at"`},
		{"$.detail.#", `"hash"`},
		{"$.detail.0", `"zero-key"`},
		{"$.detail-type", `"EC2 Instance State-change Notification"`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := apply(t, Input{InputPath: tt.path})
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// An index applies to arrays only and a name to objects only, as in
// JSONPath, even where gjson alone would read one as the other.
func TestApplyInputPathNoMatch(t *testing.T) {
	for _, path := range []string{
		"$.detail.missing",
		"$.detail.state.length",
		"$.detail[0]",        // detail is an object with a "0" member
		"$.detail.nums.1",    // nums is an array: .1 is a member name
		"$.detail.nums[3]",   // out of range
		"$.detail.list[0].x", // list[0] is a string
		"$.detail.tags.team.env",
	} {
		t.Run(path, func(t *testing.T) {
			got, err := apply(t, Input{InputPath: path})
			require.ErrorIs(t, err, ErrTransform)
			require.True(t, IsPermanent(err))
			require.Contains(t, err.Error(), path)
			require.Empty(t, got)
		})
	}
}

func compactJSON(s string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		panic(err)
	}
	return b.String()
}

func TestApplyConstant(t *testing.T) {
	got, err := apply(t, Input{Input: `{"custom": "input" }`})
	require.NoError(t, err)
	require.Equal(t, `{"custom": "input" }`, got, "constant Input is passed as written")
}

func TestApplyJSONTemplate(t *testing.T) {
	paths := map[string]string{
		"state": "$.detail.state", "quote": "$.detail.quote", "uni": "$.detail.uni", "count": "$.detail.count",
		"ok": "$.detail.ok", "nothing": "$.detail.nothing", "tags": "$.detail.tags", "team": "$.detail.tags.team",
		"missing": "$.detail.missing", "ids": "$.detail.list[*].id", "id": "$.id",
	}
	tests := []struct {
		name, template, want string
	}{
		{"bare values are JSON", `{ "s": <state>, "n": <count>, "b": <ok>, "z": <nothing>, "o": <tags>, "a": <team> }`,
			`{"s":"RUNNING","n":3,"b":true,"z":null,"o":{"env":"prod","team":["a","b"]},"a":["a","b"]}`},
		{"bare string keeps its escapes", `{"q": <quote>, "u": <uni>}`, `{"q":"say \"hi\"\n","u":"caf\u00e9"}`},
		{"missing bare value is an empty string", `{"m": <missing>}`, `{"m":""}`},
		{"values inside strings", `{"msg": "state <state>, count <count>, ok <ok>, nothing <nothing>"}`,
			`{"msg":"state RUNNING, count 3, ok true, nothing null"}`},
		{"escaped value inside a string", `{"msg": "<quote>!"}`, `{"msg":"say \"hi\"\n!"}`},
		{"missing value inside a string", `{"msg": "[<missing>]"}`, `{"msg":"[]"}`},
		{"template escapes kept", `{"msg": "a \"<state>\" \u00e9 \\ \/"}`, `{"msg":"a \"RUNNING\" \u00e9 \\ \/"}`},
		{"array template", ` [ <state> , "<state>", 1, -2.5e-3, true, false, null, {}, [] ] `,
			`["RUNNING","RUNNING",1,-2.5e-3,true,false,null,{},[]]`},
		{"same placeholder twice", `{"a": <state>, "b": "<state><state>"}`, `{"a":"RUNNING","b":"RUNNINGRUNNING"}`},
		{"wildcard value", `{"ids": <ids>}`, `{"ids":[1,2]}`},
		{"non-placeholder angle brackets", `{"cmp": "a < b > c", "html": "<", "e": "<>"}`,
			`{"cmp":"a < b > c","html":"<","e":"<>"}`},
		{"reserved strings", `{"arn": <aws.events.rule-arn>, "name": "rule <aws.events.rule-name>", "at": <aws.events.event.ingestion-time>, "at2": "<aws.events.event.ingestion-time>"}`,
			`{"arn":"arn:aws:events:us-east-1:123456789012:rule/orders/route","name":"rule route","at":"2015-11-11T20:29:55Z","at2":"2015-11-11T20:29:55Z"}`},
		{"whole event, minified", `{"e": <aws.events.event.json>}`, `{"e":` + compactJSON(testEvent) + `}`},
		{"event without detail", `{"e": <aws.events.event>}`,
			`{"e":{"id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","account":"123456789012","detailType":"EC2 Instance State-change Notification",` +
				`"time":"2015-11-11T21:29:54Z","source":"aws.ec2","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],"version":"0"}}`},
		{"user guide example", "{\n  \"instance\" : <id>,\n  \"state\": [ 9, <state>, true ],\n  \"Transformed\" : \"Yes\"\n}",
			`{"instance":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","state":[9,"RUNNING",true],"Transformed":"Yes"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := apply(t, transformer(paths, tt.template))
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			require.True(t, json.Valid([]byte(got)), "a JSON template yields JSON")
		})
	}
}

// EventBridge does not deliver an event whose object or array value lands
// inside a string of a JSON template (recorded cases
// test_input_transformer_nested_keys_replacement_not_valid).
func TestApplyJSONTemplateObjectInString(t *testing.T) {
	for _, template := range []string{`{"t": "<tags>"}`, `["x <team>"]`, `{"ids": "<ids>"}`} {
		t.Run(template, func(t *testing.T) {
			tr, err := CompileInput("t1", transformer(map[string]string{
				"tags": "$.detail.tags", "team": "$.detail.tags.team", "ids": "$.detail.list[*].id",
			}, template))
			require.NoError(t, err, "PutTargets accepts the template")
			out, err := tr.Apply([]byte("keep"), []byte(testEvent), testMeta)
			require.ErrorIs(t, err, ErrTransform)
			require.True(t, IsPermanent(err))
			require.Equal(t, "keep", string(out))
		})
	}
}

func TestApplyTextTemplate(t *testing.T) {
	paths := map[string]string{
		"id": "$.detail.instance-id", "state": "$.detail.state", "quote": "$.detail.quote", "tags": "$.detail.tags",
		"list": "$.detail.list", "count": "$.detail.count", "nothing": "$.detail.nothing", "missing": "$.detail.missing",
	}
	tests := []struct {
		name, template, want string
	}{
		// User guide, "Amazon EventBridge input transformation", examples.
		{"simple string", `"instance <id> is in <state>"`, `"instance i-0123456789 is in RUNNING"`},
		{"escaped quotes", `"instance \"<id>\" is in <state>"`, `"instance \"i-0123456789\" is in RUNNING"`},
		{"reserved variable", `"<aws.events.rule-name> triggered"`, `"route triggered"`},
		// InputTransformer API reference example.
		{"unquoted text", `<id> is in state <state>`, `i-0123456789 is in state RUNNING`},
		{"values quoted and not", `<quote> / "<quote>"`, "say \"hi\"\n / \"say \\\"hi\\\"\\n\""},
		{"object and array as text", `"<tags> <list>"`, `"{env:prod,team:[a,b]} [x,{id:1},{id:2},[3]]"`},
		{"object unquoted", `tags=<tags>`, `tags={env:prod,team:[a,b]}`},
		{"scalars and missing", `"<count>|<nothing>|<missing>|"`, `"3|null||"`},
		{"multi-line, several strings", "\"<state>\"\n\"<count>\"", "\"RUNNING\"\n\"3\""},
		{"stray brackets", `"a < b, <> and >"`, `"a < b, <> and >"`},
		{"escaped backslash ends quote", `"x\\" <quote>`, "\"x\\\\\" say \"hi\"\n"},
		{"reserved in quotes is escaped", `"<aws.events.rule-arn>"`, `"arn:aws:events:us-east-1:123456789012:rule/orders/route"`},
		{"ingestion time", `at <aws.events.event.ingestion-time>`, `at 2015-11-11T20:29:55Z`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := apply(t, transformer(paths, tt.template))
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestApplyEscapesMetaInsideStrings(t *testing.T) {
	tr, err := CompileInput("t1", transformer(nil, `{"a": <aws.events.rule-name>, "b": "x <aws.events.rule-name>"}`))
	require.NoError(t, err)
	out, err := tr.Apply(nil, []byte(testEvent), Meta{RuleName: "odd\"name\\"})
	require.NoError(t, err)
	require.Equal(t, `{"a":"odd\"name\\","b":"x odd\"name\\"}`, string(out))
}

func TestApplyAppendsToDst(t *testing.T) {
	tr, err := CompileInput("t1", transformer(map[string]string{"s": "$.detail.state"}, `{"s": <s>}`))
	require.NoError(t, err)
	buf := make([]byte, 0, 256)
	buf = append(buf, "prefix:"...)
	out, err := tr.Apply(buf, []byte(testEvent), testMeta)
	require.NoError(t, err)
	require.Equal(t, `prefix:{"s":"RUNNING"}`, string(out))
	require.Same(t, &buf[:1][0], &out[:1][0], "Apply reuses dst's storage when it has room")
}

// A Transform is read-only after CompileInput; concurrent Apply calls must
// not interfere (run with -race).
func TestApplyConcurrent(t *testing.T) {
	tr, err := CompileInput("t1", transformer(map[string]string{
		"s": "$.detail.state", "ids": "$.detail.list[*].id", "tags": "$.detail.tags",
	}, `{"s": <s>, "ids": <ids>, "t": "<s>", "tags": <tags>}`))
	require.NoError(t, err)
	want := `{"s":"RUNNING","ids":[1,2],"t":"RUNNING","tags":{"env":"prod","team":["a","b"]}}`
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for range 200 {
				out, err := tr.Apply(buf[:0], []byte(testEvent), testMeta)
				if err != nil || string(out) != want {
					errs <- string(out)
					return
				}
				buf = out
			}
		}()
	}
	wg.Wait()
	close(errs)
	for bad := range errs {
		t.Fatalf("unexpected payload %q", bad)
	}
}

func TestApplyAllocations(t *testing.T) {
	tr, err := CompileInput("t1", transformer(map[string]string{
		"id": "$.detail.instance-id", "state": "$.detail.state", "tags": "$.detail.tags",
	}, `{"instance": <id>, "msg": "<id> is <state>", "tags": <tags>, "text": "<aws.events.rule-name>"}`))
	require.NoError(t, err)
	event := []byte(testEvent)
	buf := make([]byte, 0, 1024)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := tr.Apply(buf[:0], event, testMeta); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs, "Apply into a buffer with room allocates nothing")
}

// benchEvent is a ~1 KB event, the size BenchmarkTransform is specified for.
var benchEvent = []byte(`{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Order Placed",` +
	`"source":"com.example.orders","account":"123456789012","time":"2026-11-21T12:00:00Z","region":"eu-west-1",` +
	`"resources":["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"],"detail":{"order":{"id":"o-20261121-000042",` +
	`"status":"PLACED","channel":"web","currency":"EUR","total":129.95,"lines":[{"sku":"SKU-1","qty":1,"price":49.95},` +
	`{"sku":"SKU-2","qty":2,"price":40.0}],"shipping":{"method":"express","address":{"street":"1 Long Street",` +
	`"city":"Dublin","postcode":"D01 F5P2","country":"IE"}}},"customer":{"id":"c-981","email":"ana@example.com",` +
	`"tier":"gold","since":"2019-04-01","marketing":{"email":true,"sms":false}},"payment":{"method":"card",` +
	`"brand":"visa","last4":"4242","authorized":true,"authCode":"A1B2C3"},"meta":{"trace":"1-5f84c7a1-0b2f3c4d5e6f7a8b9c0d1e2f",` +
	`"source":"checkout-service","version":"2.14.3","flags":["new-checkout","fast-lane"],"notes":"Leave at reception ` +
	`if nobody answers; call ahead","retries":0,"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}}`)

func BenchmarkTransform(b *testing.B) {
	cases := []struct {
		name string
		in   Input
	}{
		{"Template3Paths", transformer(map[string]string{
			"order": "$.detail.order.id", "status": "$.detail.order.status", "customer": "$.detail.customer",
		}, `{"order": <order>, "message": "order <order> is <status>", "customer": <customer>}`)},
		{"InputPath", Input{InputPath: "$.detail.order"}},
		{"Constant", Input{Input: `{"ping":true}`}},
		{"WholeEvent", Input{}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			tr, err := CompileInput("t1", c.in)
			if err != nil {
				b.Fatal(err)
			}
			meta := Meta{RuleARN: "arn:aws:events:eu-west-1:123456789012:rule/orders", RuleName: "orders", IngestionTime: time.Now()}
			buf := make([]byte, 0, 2048)
			b.SetBytes(int64(len(benchEvent)))
			b.ReportAllocs()
			for b.Loop() {
				out, err := tr.Apply(buf[:0], benchEvent, meta)
				if err != nil {
					b.Fatal(err)
				}
				buf = out
			}
		})
	}
}

func TestBenchEventShape(t *testing.T) {
	require.True(t, json.Valid(benchEvent))
	require.InDelta(t, 1024, len(benchEvent), 200, "BenchmarkTransform runs on a ~1 KB event")
	require.False(t, strings.Contains(string(benchEvent), "\n"))
}
