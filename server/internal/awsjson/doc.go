// Package awsjson encodes and decodes Go values as the JSON of AWS's
// JSON 1.1 and REST-JSON protocols.
//
// Why not encoding/json: the Go API's Input and Output structs carry
// time.Time fields, which AWS puts on the wire as epoch seconds (a JSON
// number, fractional for milliseconds), while encoding/json writes and
// reads RFC 3339 strings. Rather than keep a second set of wire structs in
// step with every operation (which the server would have to update each
// time the API grows a field), this package walks the API's own structs by
// reflection, following their `json` tags, with three differences from
// encoding/json that AWS's protocols need:
//
//   - time.Time is epoch seconds;
//   - member names match exactly (AWS is case-sensitive; encoding/json
//     is not), and unknown members are skipped, as AWS services do;
//   - a decoding error names the member path ("Entries[2].Time") and what
//     was wrong, and nesting deeper than a limit is an error, not a stack
//     that grows with the request.
//
// Nil pointers, slices and maps and the zero time are never written: AWS
// leaves absent members out rather than writing null. Fields of interface
// type (Go values such as an in-process target) are not wire data and are
// skipped both ways. A type that implements json.Marshaler or
// json.Unmarshaler (other than time.Time) is handed its raw JSON.
package awsjson
