package memstore_test

import (
	"testing"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
	"github.com/switchyard-go/switchyard/archive/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) archive.Store { return memstore.New() })
}
