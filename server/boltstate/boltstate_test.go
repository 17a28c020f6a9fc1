package boltstate_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server"
	"github.com/switchyard-go/switchyard/server/boltstate"
	"github.com/switchyard-go/switchyard/server/statetest"
)

func TestConformance(t *testing.T) {
	statetest.Run(t, func(t *testing.T, dir string) server.State {
		st, err := boltstate.Open(filepath.Join(dir, "control.db"))
		require.NoError(t, err)
		return st
	})
}

func TestFileMode0600(t *testing.T) {
	path := filepath.Join(t.TempDir(), "control.db")
	st, err := boltstate.Open(path)
	require.NoError(t, err)
	defer st.Close()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "connection secrets are in the file")
}

func TestSecondOpenFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "control.db")
	st, err := boltstate.Open(path)
	require.NoError(t, err)
	defer st.Close()
	_, err = boltstate.Open(path)
	require.ErrorIs(t, err, boltstate.ErrInUse)
}
