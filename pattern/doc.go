// Package pattern compiles and matches Amazon EventBridge event patterns.
//
// A pattern is a JSON object that mirrors the events it selects: nested
// objects follow the event's structure, every leaf is an array of
// alternatives, and fields are AND-ed. The whole EventBridge language is
// supported: literal strings, numbers (by value), booleans and null;
// prefix, suffix and equals-ignore-case; wildcard; every form of
// anything-but; numeric ranges; exists; cidr; and $or at any level. When an
// event holds objects in an array, the fields a pattern names must all
// match within one element, as in EventBridge.
//
// Compile turns a pattern into a *Pattern, whose Match tests one event.
// A Matcher holds many patterns under keys and reports, in one pass over an
// event, every key whose pattern matches; it is what a bus uses to route.
// Both are safe for concurrent use and do not allocate while matching.
//
// Compile errors are *CompileError values naming the offending field:
//
//	pattern: detail.state: "prefix" takes a string or {"equals-ignore-case": string}, got number
//
// Events are read in one pass and never copied, and only as far as the
// patterns need: a rule on an early field never pays for the rest of the
// event. Everything that is read is validated strictly, so malformed JSON
// there never matches, nor does a truncated event; bytes after the last
// field any pattern needs are not validated. Events built by package bus
// are always valid; validate untrusted input with json.Valid if it matters.
// An event object with the same key twice (which RFC 8259 leaves
// undefined) may be matched on either value. Strings need not be valid
// UTF-8 (they are compared byte for byte), and values nested in more than
// 256 arrays are passed over unseen; neither keeps the rest of the event
// from matching, so a Matcher reports exactly the patterns whose Match is
// true.
package pattern
