package cli

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// splitShell splits a command line into words as a POSIX shell would for
// the quoting the examples use: '...' literal, "..." with \" and \\, and
// backslash escapes outside quotes.
func splitShell(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			inWord = true
			j := strings.IndexByte(line[i+1:], '\'')
			require.GreaterOrEqual(t, j, 0, "unclosed ' in %s", line)
			cur.WriteString(line[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			inWord = true
			for i++; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' && i+1 < len(line) && strings.IndexByte("\"\\$`", line[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(line[i])
			}
			require.Less(t, i, len(line), "unclosed \" in %s", line)
		case c == '\\' && i+1 < len(line):
			inWord = true
			i++
			cur.WriteByte(line[i])
		default:
			inWord = true
			cur.WriteByte(c)
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

func TestSplitShell(t *testing.T) {
	require.Equal(t, []string{"a", `{"k":"v"}`, "Id=1,Arn=x", "p q"}, splitShell(t, `a "{\"k\":\"v\"}" "Id"="1","Arn"="x" 'p q'`))
}

// seedCommands reads testdata/seed-examples.txt: the aws CLI's own
// examples, each to be run with "aws" replaced by the CLI under test.
func seedCommands(t *testing.T) [][]string {
	f, err := os.Open("testdata/seed-examples.txt")
	require.NoError(t, err)
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words := splitShell(t, line)
		require.Equal(t, "aws", words[0])
		for i, w := range words {
			words[i] = strings.Replace(w, "file://putevents.json", "file://testdata/putevents.json", 1)
		}
		out = append(out, words[1:])
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, out)
	return out
}
