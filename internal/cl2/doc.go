// Package cl2 generates CityLots2-style benchmark data in process: GeoJSON
// lot records shaped like the ones in event-ruler's CityLots2 benchmark,
// and the fourteen CL2 rule sets that event-ruler (and Switchyard's
// design) use as the matching workload.
//
// The generator is deterministic for a seed and needs no files, so the
// pattern benchmarks and tests can build a few hundred thousand distinct
// events in well under a second instead of reading a large fixture. Its
// value distributions follow the shared cl2gen tool (same street names,
// street types, block/lot ranges, null and MultiPolygon rates, coordinate
// boxes), so a CL2 rule set selects about the same share of events here as
// on cl2gen's file. On top of that the generator plants a few rare values
// that the rule sets name but a uniform draw would almost never produce
// (four exact MAPBLKLOT values and two coordinates), so that every CL2 rule
// matches some events in any sample of ten thousand.
//
// The package is internal: it exists for benchmarks and tests.
package cl2
