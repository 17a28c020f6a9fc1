// Package switchyard holds the domain types shared by every part of
// Switchyard, an in-process implementation of Amazon EventBridge for Go.
//
// The root package is deliberately small: the event envelope ([Event]), one
// PutEvents input ([Entry]) and its result ([PutEventsResult]), what a target
// receives ([Delivery]), the caller an API call is made as ([Caller], see
// [WithCaller]), and the three interfaces the other packages meet at:
// [Publisher], [Target] and [Filter]. Errors carry EventBridge's error codes
// ([Error]) and can be checked with errors.Is against the sentinels such as
// [ErrResourceNotFound]. Their JSON uses AWS's member names.
//
// The packages below it are:
//
//   - pattern: the EventBridge event-pattern compiler and matcher
//   - target: built-in targets and input transformation
//   - bus: accounts and regions, event buses, rules, schedules, connections,
//     API destinations, partner event sources and the delivery engine
//   - archive: archives over a pluggable Store, and audit-event ingestion
//   - replay: replays of an archive's time window into a bus
package switchyard
