package pattern_test

import (
	"errors"
	"fmt"

	"github.com/switchyard-go/switchyard/pattern"
)

func ExampleCompile() {
	p, err := pattern.Compile([]byte(`{
		"source": ["aws.ec2"],
		"detail-type": ["EC2 Instance State-change Notification"],
		"detail": {"state": ["stopped", "terminated"]}
	}`))
	if err != nil {
		panic(err)
	}
	event := []byte(`{"source":"aws.ec2","detail-type":"EC2 Instance State-change Notification",
		"detail":{"instance-id":"i-0abcd","state":"terminated"}}`)
	fmt.Println(p.Match(event))
	// Output: true
}

func ExampleCompile_error() {
	_, err := pattern.Compile([]byte(`{"detail":{"state":[{"prefix":5}]}}`))
	var ce *pattern.CompileError
	if errors.As(err, &ce) {
		fmt.Println(ce.Path)
	}
	fmt.Println(err)
	// Output:
	// detail.state
	// pattern: detail.state: "prefix" takes a string or {"equals-ignore-case": string}, got number
}

func ExamplePattern_Match() {
	p := pattern.MustCompile(`{"detail":{"amount":[{"numeric":[">",100]}],"currency":[{"anything-but":"USD"}]}}`)
	for _, ev := range []string{
		`{"detail":{"amount":250,"currency":"EUR"}}`,
		`{"detail":{"amount":250,"currency":"USD"}}`,
		`{"detail":{"amount":99.5,"currency":"EUR"}}`,
	} {
		fmt.Println(p.Match([]byte(ev)))
	}
	// Output:
	// true
	// false
	// false
}

func ExampleMatcher() {
	m := pattern.NewMatcher[string]()
	_ = m.Add("ec2", pattern.MustCompile(`{"source":["aws.ec2"]}`))
	_ = m.Add("big-orders", pattern.MustCompile(`{"detail":{"total":[{"numeric":[">=",1000]}]}}`))
	_ = m.Add("eu", pattern.MustCompile(`{"detail":{"region":[{"prefix":"eu-"}]}}`))

	dst := make([]string, 0, 4) // reuse dst across calls: no allocation
	dst = m.MatchAppend(dst[:0], []byte(`{"source":"shop","detail":{"total":1500,"region":"eu-west-1"}}`))
	fmt.Println(len(dst), dst[0] != dst[1])
	// Output: 2 true
}

func ExampleMatcher_Remove() {
	m := pattern.NewMatcher[int]()
	_ = m.Add(1, pattern.MustCompile(`{"source":["a"]}`))
	_ = m.Add(1, pattern.MustCompile(`{"source":["b"]}`)) // OR-ed with the first
	fmt.Println(m.MatchAppend(nil, []byte(`{"source":"b"}`)))
	fmt.Println(m.Remove(1), m.MatchAppend(nil, []byte(`{"source":"b"}`)))
	// Output:
	// [1]
	// true []
}
