module github.com/switchyard-go/switchyard/cmd/switchyard

go 1.25.0

replace github.com/switchyard-go/switchyard => ../..
