package pattern_test

import "testing"

// {"exists": false} under array consistency is decided per array element,
// as event-ruler decides it: when the other conditions of a rule matched
// inside array elements, the field counts as present only if it sits in
// those same elements. Source: aws/event-ruler ACFinder.tryMustNotExistMatch
// and NameState.getNameTransitions(Event, ArrayMembership) ("we should only
// consider the field who doesn't violate array consistency"), and the test
// ACMachineTest.testACWithExistFalseRule; issue 7 gives the first case.
func TestExistsFalsePerArrayElement(t *testing.T) {
	const anna = `{"employees":{"firstName":["Anna"],"ids":[{"exists":false}]}}`
	// ACMachineTest.testACWithExistFalseRule, reduced to its fields.
	const active = `{"req":{"tasks":{"state":["ACTIVE"],"res":{"ctx":{"name":[{"exists":false}]}}}}}`
	runOpCases(t, []opCase{
		{"issue 7: Anna has no ids", anna, `{"employees":[[{"firstName":"John","ids":[1]},{"firstName":"Anna"}]]}`, true},
		{"Anna has ids", anna, `{"employees":[[{"firstName":"John"},{"firstName":"Anna","ids":[1]}]]}`, false},
		{"Anna has ids in a nested array", anna, `{"employees":[[{"firstName":"Anna","ids":[[2]]}]]}`, false},
		{"Anna has an empty ids array", anna, `{"employees":[{"firstName":"Anna","ids":[]}]}`, true},
		{"ruler: active task without the name", active,
			`{"req":{"tasks":[{"state":"ACTIVE","res":[{"x":1}]},{"state":"InACTIVE","res":[{"ctx":{"name":"n"}}]}]}}`, true},
		{"ruler: active task with the name", active,
			`{"req":{"tasks":[{"state":"ACTIVE","res":[{"ctx":{"name":"n"}}]},{"state":"InACTIVE","res":[{"ctx":{"name":"n"}}]}]}}`, false},
		{"exists true and false in one element", `{"d":{"a":[{"exists":true}],"b":[{"exists":false}]}}`, `{"d":[{"a":1,"b":2},{"a":3}]}`, true},
		// With no other condition in the array, no element is chosen, so any
		// occurrence counts (event-ruler's empty ArrayMembership).
		{"alone: one element has it", `{"d":{"b":[{"exists":false}]}}`, `{"d":[{"b":1},{"a":2}]}`, false},
		// Outside arrays it is absent from the whole event, as before.
		{"present outside arrays", `{"d":{"a":["x"]},"b":[{"exists":false}]}`, `{"d":[{"a":"x"}],"b":1}`, false},
		{"absent outside arrays", `{"d":{"a":["x"]},"b":[{"exists":false}]}`, `{"d":[{"a":"x"}]}`, true},
		{"with anything-but in the same element", `{"d":{"a":[{"anything-but":"y"}],"b":[{"exists":false}]}}`, `{"d":[{"a":"x","b":1},{"a":"z"}]}`, true},
		{"with anything-but, excluded where absent", `{"d":{"a":[{"anything-but":"z"}],"b":[{"exists":false}]}}`, `{"d":[{"a":"x","b":1},{"a":"z"}]}`, false},
	})
}
