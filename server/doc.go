// Package server serves Switchyard over the wire protocols of the AWS
// services it emulates, so that the aws CLI, the AWS SDKs, Terraform and
// CDK talk to it as they talk to AWS:
//
//   - EventBridge: AWS JSON 1.1, POST / with X-Amz-Target: AWSEvents.<Operation>;
//   - CloudTrail (channels, event data stores, resource policies): AWS
//     JSON 1.1 with X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>;
//   - CloudTrail Data: REST-JSON, POST /PutAuditEvents?channelArn=...&externalId=...
//
// A Server is an http.Handler: mount it in any program, or start it in a
// test with httptest. `switchyard serve` (module cmd/switchyard) is the
// ready-made binary around it.
//
// # No EventBridge logic here
//
// Every operation is one adapter line (ops_*.go): decode the request body
// into the Go API's <Operation>Input, call the backend (package bus,
// archive, replay or audit), encode its <Operation>Output. Validation,
// error codes and messages all come from the backends; the server only
// maps a *switchyard.Error to AWS's error shape
//
//	HTTP 400
//	{"__type": "ResourceNotFoundException", "message": "Rule r does not exist on EventBus default."}
//
// and adds the protocol's own errors: UnknownOperationException,
// SerializationException (malformed JSON, a member of the wrong type, JSON
// nested too deep; the message names the member), RequestEntityTooLarge
// (413, WithMaxBodyBytes), and InternalException (500) for anything that
// is not an AWS error, including a panic, which is logged with its stack.
// Every response carries x-amzn-RequestId. Timestamps are epoch seconds on
// the wire (see internal/awsjson for why the API's own structs are encoded
// by reflection rather than mirrored by wire structs).
//
// # Authentication
//
// With WithCredentials the server verifies SigV4 signatures with
// aws-sdk-go-v2's signer: it re-signs the request with the key's secret
// over the headers the client signed and compares. A request acts as the
// key's account, in the region of its credential scope
// (switchyard.WithCaller), so PutPermission, cross-account targets and
// channel policies see real callers. Without credentials any signature,
// or none, is accepted as WithDefaultCaller's account, as local emulators
// do.
//
// # Durable control plane
//
// WithState journals every control-plane change that succeeds (PutRule,
// CreateEventBus, CreateChannel, ...) to a State before answering 200, and
// New replays the journal into fresh backends at start. See State, Clock
// and IDs; boltstate is the embedded implementation, statetest the
// conformance suite for others.
package server
