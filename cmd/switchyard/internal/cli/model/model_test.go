package model

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShapesResolve checks that every shape reference in the embedded
// models names a defined shape, so Service.Shape never panics at run time.
func TestShapesResolve(t *testing.T) {
	all, err := Services()
	require.NoError(t, err)
	require.Contains(t, all, "events")
	require.Contains(t, all, "cloudtrail-data")
	for _, s := range all {
		for _, op := range s.Operations {
			for _, n := range []string{op.Input, op.Output} {
				if n != "" {
					require.Contains(t, s.Shapes, n, "%s %s", s.Name, op.Name)
				}
			}
		}
		for name, sh := range s.Shapes {
			for _, m := range sh.Members {
				require.Contains(t, s.Shapes, m.Shape, "%s.%s", name, m.Name)
			}
			for _, n := range []string{sh.Member, sh.Key, sh.Value} {
				if n != "" {
					require.Contains(t, s.Shapes, n, name)
				}
			}
		}
	}
}

// TestCLINames compares the generated option spellings with the ones the
// aws CLI derives (testdata/cli-names.txt was written by botocore's
// xform_name for every operation and member name of both models).
func TestCLINames(t *testing.T) {
	f, err := os.Open("testdata/cli-names.txt")
	require.NoError(t, err)
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, cli, ok := strings.Cut(sc.Text(), " ")
		require.True(t, ok)
		want[name] = cli
	}
	require.NoError(t, sc.Err())
	all, err := Services()
	require.NoError(t, err)
	seen := 0
	for _, s := range all {
		for _, op := range s.Operations {
			require.Equal(t, want[op.Name], op.CLI, op.Name)
			seen++
		}
		for _, sh := range s.Shapes {
			for _, m := range sh.Members {
				require.Equal(t, want[m.Name], m.CLI, m.Name)
				seen++
			}
		}
	}
	require.Greater(t, seen, 200)
}

func TestLookup(t *testing.T) {
	s, ok := Lookup("events")
	require.True(t, ok)
	op, ok := s.Operation("put-events")
	require.True(t, ok)
	require.Equal(t, "PutEvents", op.Name)
	in := s.Shape(op.Input)
	require.True(t, in.IsRequired("Entries"))
	m, ok := in.MemberByName("Entries")
	require.True(t, ok)
	require.Equal(t, "entries", m.CLI)
	entry := s.Shape(s.Shape(m.Shape).Member)
	var names []string
	for _, m := range entry.Members {
		names = append(names, m.Name)
	}
	require.Equal(t, []string{"Time", "Source", "Resources", "DetailType", "Detail", "EventBusName", "TraceHeader"}, names)
	lr, ok := s.Operation("list-rules")
	require.True(t, ok)
	require.NotNil(t, lr.Paginator)
	require.Equal(t, "Rules", lr.Paginator.ResultKey)
	_, ok = Lookup("s3")
	require.False(t, ok)
}
