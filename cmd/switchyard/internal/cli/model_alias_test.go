package cli

import "github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"

type (
	modelService   = model.Service
	modelOperation = model.Operation
)

var lookupService = model.Lookup
