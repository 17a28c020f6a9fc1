module github.com/switchyard-go/switchyard

go 1.25.0

require (
	github.com/aws/aws-sdk-go-v2 v1.48.0
	github.com/google/uuid v1.6.0
	github.com/stretchr/testify v1.12.1
	github.com/tidwall/gjson v1.20.0
	go.etcd.io/bbolt v1.5.0
)

require (
	github.com/aws/smithy-go v1.28.9 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.45.0 // indirect
)
