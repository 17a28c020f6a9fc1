module github.com/switchyard-go/switchyard/targets/aws

go 1.25.0

replace github.com/switchyard-go/switchyard => ../..
