// Command patterns shows Switchyard matching real EventBridge patterns
// against sample events.
package main

import (
	"fmt"
	"os"

	"github.com/switchyard-go/switchyard/pattern"
)

var rules = []struct{ name, pattern string }{
	{"ec2-stopped", `{
		"source": ["aws.ec2"],
		"detail-type": ["EC2 Instance State-change Notification"],
		"detail": {"state": ["stopped", "terminated"]}
	}`},
	{"s3-images", `{
		"source": ["aws.s3"],
		"detail-type": ["Object Created"],
		"detail": {"object": {"key": [{"suffix": ".png"}, {"suffix": ".jpg"}]}}
	}`},
	{"big-eu-orders", `{
		"source": ["com.example.orders"],
		"detail": {
			"total": [{"numeric": [">=", 100]}],
			"$or": [{"country": ["DE", "FR"]}, {"shipping": {"region": [{"prefix": "eu-"}]}}]
		}
	}`},
}

var events = []struct{ name, json string }{
	{"instance i-0a stopped", `{"source":"aws.ec2","detail-type":"EC2 Instance State-change Notification","detail":{"instance-id":"i-0a","state":"stopped"}}`},
	{"instance i-0b running", `{"source":"aws.ec2","detail-type":"EC2 Instance State-change Notification","detail":{"instance-id":"i-0b","state":"running"}}`},
	{"cat.png uploaded", `{"source":"aws.s3","detail-type":"Object Created","detail":{"bucket":{"name":"photos"},"object":{"key":"2026/cat.png","size":48213}}}`},
	{"order 1001 (DE, 250)", `{"source":"com.example.orders","detail-type":"OrderPlaced","detail":{"id":1001,"total":250,"country":"DE"}}`},
	{"order 1002 (US, 900)", `{"source":"com.example.orders","detail-type":"OrderPlaced","detail":{"id":1002,"total":900,"country":"US","shipping":{"region":"us-east-1"}}}`},
}

func main() {
	m := pattern.NewMatcher[string]()
	for _, r := range rules {
		p, err := pattern.Compile([]byte(r.pattern))
		if err != nil {
			fmt.Fprintln(os.Stderr, "compile", r.name+":", err)
			os.Exit(1)
		}
		if err := m.Add(r.name, p); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	var matched []string
	for _, ev := range events {
		matched = m.MatchAppend(matched[:0], []byte(ev.json))
		fmt.Printf("%-24s -> %v\n", ev.name, matched)
	}

	// A pattern EventBridge would reject gets an error that names the field.
	_, err := pattern.Compile([]byte(`{"detail":{"total":[{"numeric":[">",100,"<",10]}]}}`))
	fmt.Println("\ninvalid pattern:", err)
}
