package awsreq_test

import (
	"fmt"

	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// Violations words a request's failures as AWS's request validation does.
func ExampleViolations() {
	var v awsreq.Violations
	v.Name("orders rule", "name", 64)
	v.Length("", "description", 0, 512) // fine: nothing added
	v.Limit(500)
	fmt.Println(v.Err())
	// Output: ValidationException: 2 validation errors detected: Value 'orders rule' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+; Value '500' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100
}
