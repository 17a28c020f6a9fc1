module github.com/switchyard-go/switchyard/cmd/switchyard

go 1.25.0

replace github.com/switchyard-go/switchyard => ../..

require github.com/stretchr/testify v1.12.1 // indirect
