package paging_test

import (
	"fmt"

	"github.com/switchyard-go/switchyard/internal/paging"
)

// Pages of two, the token naming the last key of a page.
func ExamplePage() {
	keys := []string{"a", "b", "c"}
	page, next, _ := paging.Page(keys, nil, "", "demo", 2)
	fmt.Println(page, next != "")
	page, next, _ = paging.Page(keys, nil, next, "demo", 2)
	fmt.Println(page, next == "")
	// Output:
	// [a b] true
	// [c] true
}
