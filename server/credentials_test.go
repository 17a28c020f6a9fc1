package server_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server"
)

func TestLoadCredentials(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	creds, err := server.LoadCredentials(write("ok.json", `[{"AccessKeyId":"AK1","SecretAccessKey":"s1","AccountId":"111111111111"},
	  {"AccessKeyId":"AK2","SecretAccessKey":"s2","AccountId":"222222222222"}]`))
	require.NoError(t, err)
	require.Equal(t, []server.Credential{{AccessKeyID: "AK1", SecretAccessKey: "s1", AccountID: "111111111111"},
		{AccessKeyID: "AK2", SecretAccessKey: "s2", AccountID: "222222222222"}}, creds)

	for _, tc := range []struct{ content, want string }{
		{`{"AccessKeyId":"AK1"}`, "want a JSON array"},
		{`[{"SecretAccessKey":"s","AccountId":"111111111111"}]`, "[0]: AccessKeyId is required"},
		{`[{"AccessKeyId":"AK1","AccountId":"111111111111"}]`, "[0] AK1: SecretAccessKey is required"},
		{`[{"AccessKeyId":"AK1","SecretAccessKey":"s","AccountId":"1234"}]`, `AccountId "1234" is not a 12-digit account ID`},
		{`[{"AccessKeyId":"AK1","SecretAccessKey":"s","AccountId":"111111111111"},{"AccessKeyId":"AK1","SecretAccessKey":"t","AccountId":"111111111111"}]`, "[1]: AccessKeyId AK1 appears twice"},
	} {
		_, err := server.LoadCredentials(write("bad.json", tc.content))
		require.ErrorContains(t, err, tc.want)
	}
	_, err = server.LoadCredentials(filepath.Join(dir, "missing.json"))
	require.ErrorIs(t, err, os.ErrNotExist)
}
