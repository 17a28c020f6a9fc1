package boltstore_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
	"github.com/switchyard-go/switchyard/archive/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) archive.Store {
		s, err := boltstore.Open(filepath.Join(t.TempDir(), "archive.db"), boltstore.WithNoSync())
		require.NoError(t, err)
		return s
	})
}

func TestDurable(t *testing.T) {
	storetest.RunDurable(t, func(t *testing.T, path string) archive.Store {
		s, err := boltstore.Open(path)
		require.NoError(t, err)
		return s
	})
}
