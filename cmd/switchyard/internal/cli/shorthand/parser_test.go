package shorthand

import (
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	// The aws CLI user guide's shorthand examples ("Using shorthand syntax
	// with the AWS CLI") and the put-events page's entry.
	cases := []struct {
		in   string
		want map[string]any
	}{
		{"Source=com.mycompany.myapp,DetailType=myDetailType,Detail=x", map[string]any{"Source": "com.mycompany.myapp", "DetailType": "myDetailType", "Detail": "x"}},
		{"Resources=res1,res2,Source=s", map[string]any{"Resources": []any{"res1", "res2"}, "Source": "s"}},
		{"Key={A=1,B=[x,y]}", map[string]any{"Key": map[string]any{"A": "1", "B": []any{"x", "y"}}}},
		{"Targets=[{Id=1,Arn=arn:aws:sqs:us-east-1:123:q},{Id=2,Arn=a}]", map[string]any{"Targets": []any{
			map[string]any{"Id": "1", "Arn": "arn:aws:sqs:us-east-1:123:q"}, map[string]any{"Id": "2", "Arn": "a"}}}},
		{`Detail='{"a": 1, "b": [2]}'`, map[string]any{"Detail": `{"a": 1, "b": [2]}`}},
		{`Name="a, b"`, map[string]any{"Name": "a, b"}},
		{`Name=a\,b`, map[string]any{"Name": "a,b"}},
		{"Empty=", map[string]any{"Empty": ""}},
		{"Url=http://h/p?q=1&r=2", map[string]any{"Url": "http://h/p?q=1&r=2"}},
	}
	for _, c := range cases {
		got, err := Parse(c.in, nil)
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, got, c.in)
	}
}

// TestParseMatchesAWSCLI replays inputs through the parser and compares
// with what the aws CLI's own shorthand parser (awscli 1.45) returned for
// them. testdata/awscli-cases.json holds chosen corners, awscli-random.json
// random strings over the syntax's special characters (20,000 of those
// agreed when recorded; 400 are kept).
func TestParseMatchesAWSCLI(t *testing.T) {
	for _, name := range []string{"testdata/awscli-cases.json", "testdata/awscli-random.json"} {
		t.Run(name, func(t *testing.T) { checkRecorded(t, name) })
	}
}

func checkRecorded(t *testing.T, name string) {
	raw, err := os.ReadFile(name)
	require.NoError(t, err)
	var cases []struct {
		In    string         `json:"in"`
		Out   map[string]any `json:"out"`
		Error string         `json:"error"`
	}
	require.NoError(t, json.Unmarshal(raw, &cases))
	require.NotEmpty(t, cases)
	for _, c := range cases {
		got, err := Parse(c.In, nil)
		switch c.Error {
		case "":
			require.NoError(t, err, "%q", c.In)
			require.Equal(t, c.Out, got, "%q", c.In)
		case "ShorthandParseSyntaxError":
			var se *SyntaxError
			require.ErrorAs(t, err, &se, "%q", c.In)
		case "DuplicateKeyInObjectError":
			var de *DuplicateKeyError
			require.ErrorAs(t, err, &de, "%q", c.In)
		default:
			t.Fatalf("unknown error kind %s", c.Error)
		}
	}
}

func TestParseErrorsShowWhere(t *testing.T) {
	_, err := Parse("a=[b", nil)
	var se *SyntaxError
	require.ErrorAs(t, err, &se)
	require.Equal(t, "Expected: ',', received: 'EOF' for input:\na=[b\n    ^", err.Error())

	_, err = Parse("a=b,a=c", nil)
	var de *DuplicateKeyError
	require.ErrorAs(t, err, &de)
	require.Equal(t, "a", de.Key)
	require.Contains(t, err.Error(), `Second instance of key "a"`)
	require.Contains(t, err.Error(), "a=b,a=c\n    ^")
}

func TestParseResolvesAtEquals(t *testing.T) {
	resolve := func(v string) (string, bool, error) {
		switch v {
		case "file://detail.json":
			return `{"k":"v"}`, true, nil
		case "file://missing":
			return "", false, errors.New("no such file")
		}
		return "", false, nil
	}
	got, err := Parse("Detail@=file://detail.json,Source=file://detail.json,Other@=plain", resolve)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"Detail": `{"k":"v"}`, "Source": "file://detail.json", "Other": "plain"}, got)

	_, err = Parse("Detail@=file://missing", resolve)
	require.EqualError(t, err, "no such file")
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"a=b,c,d=e", "a=[{b=c},{d=[e,f]}]", `a='x\'y',b="z"`, "a@=file://x", "a=b\\,c", "a={b=c=d}", "a=😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		v, err := Parse(in, nil)
		if err != nil {
			require.Nil(t, v)
			require.NotEmpty(t, err.Error())
			return
		}
		require.NotEmpty(t, v)
		// Every parsed value is made of strings, lists and objects only.
		var walk func(any)
		walk = func(x any) {
			switch x := x.(type) {
			case string:
			case []any:
				for _, e := range x {
					walk(e)
				}
			case map[string]any:
				for _, e := range x {
					walk(e)
				}
			default:
				t.Fatalf("unexpected %T in %q", x, in)
			}
		}
		walk(v)
		again, err := Parse(in, nil)
		require.NoError(t, err)
		require.Equal(t, v, again)
	})
}
