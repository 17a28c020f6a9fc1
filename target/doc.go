// Package target holds Switchyard's built-in targets and EventBridge's input
// transformation.
//
// A target is anything with a Deliver method (switchyard.Target). The
// built-in ones cover what an in-process router needs: Func and Chan hand
// events to Go code, Writer writes JSON lines, HTTP is an EventBridge API
// destination, and Bus forwards to another bus. Input, InputPath and
// InputTransformer shape the payload a target receives, exactly as they do
// on EventBridge targets.
//
// Errors returned by Deliver are retried by the bus under the target's retry
// policy; wrap an error with Permanent to say that retrying cannot help.
package target
