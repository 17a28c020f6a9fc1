package pattern_test

import (
	"fmt"

	"github.com/switchyard-go/switchyard/pattern"
)

func ExamplePattern_Explain() {
	p := pattern.MustCompile(`{
		"source": ["aws.ec2"],
		"detail": {"state": ["stopped", "terminated"], "instance-id": [{"prefix": "i-"}]}
	}`)
	ex := p.Explain([]byte(`{"source":"aws.ec2","detail":{"state":"running"}}`))
	fmt.Println(ex)
	for _, c := range ex.Branches[0].Conditions {
		if !c.Matched {
			fmt.Println(c.Path, c.Absent, len(c.Tests))
		}
	}
	// Output:
	// no match
	//   detail.state: has "running", wants "stopped" or "terminated"
	//   detail.instance-id: absent, wants {"prefix":"i-"}
	// detail.state false 2
	// detail.instance-id true 1
}

func ExamplePattern_Explain_arrays() {
	p := pattern.MustCompile(`{"detail":{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}}`)
	fmt.Println(p.Explain([]byte(`{"detail":{"employees":[
		{"firstName":"Anna","lastName":"Smith"},
		{"firstName":"Peter","lastName":"Jones"}]}}`)))
	// Output:
	// no match (closest array element: detail.employees[0])
	//   detail.employees.lastName: has "Smith", wants "Jones"
}
