package shorthand_test

import (
	"fmt"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/shorthand"
)

func ExampleParse() {
	v, err := shorthand.Parse(`Id=1,Arn=arn:aws:sqs:us-east-1:123456789012:q,RetryPolicy={MaximumRetryAttempts=3},Tags=a,b`, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(v["Id"], v["RetryPolicy"], v["Tags"])
	// Output: 1 map[MaximumRetryAttempts:3] [a b]
}
