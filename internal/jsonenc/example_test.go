package jsonenc_test

import (
	"fmt"

	"github.com/switchyard-go/switchyard/internal/jsonenc"
)

// AppendString quotes as EventBridge does: no HTML escaping, and invalid
// UTF-8 becomes U+FFFD.
func ExampleAppendString() {
	fmt.Println(string(jsonenc.AppendString(nil, "a \"<b>\"\n\xff")))
	// Output: "a \"<b>\"\n\ufffd"
}
