// Command switchyard runs Switchyard as an EventBridge-compatible endpoint
// (`switchyard serve`) and offers the `aws events` and `aws cloudtrail-data`
// commands as one Go binary (`switchyard events put-events ...`).
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "usage: switchyard <serve|events|cloudtrail-data> ...")
	os.Exit(252)
}
