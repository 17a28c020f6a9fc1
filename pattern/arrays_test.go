package pattern_test

import "testing"

// Array consistency. Source: [ruler] "JSON Array Matching" ("rulesForJSONEvent
// will refuse to recognize any match in which any two fields are within JSON
// objects that are in different elements of the same array"), and [design]
// "Array consistency: ... a rule for firstName Anna and lastName Jones must
// not match Anna Smith + Peter Jones". Fields in different arrays, or outside
// the array, are not tied to each other.

const employees = `{"employees":[{"firstName":"John","lastName":"Doe"},{"firstName":"Anna","lastName":"Smith"},{"firstName":"Peter","lastName":"Jones"}]}`

const employeesNested = `{"employees":[[{"firstName":"John","lastName":"Doe"},{"firstName":"Anna","lastName":"Smith"}],[{"firstName":"Peter","lastName":"Jones"}]]}`

func TestArrayConsistency(t *testing.T) {
	runOpCases(t, []opCase{
		{"one field", `{"employees":{"firstName":["Anna"]}}`, employees, true},
		{"Anna Jones spans two elements", `{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}`, employees, false},
		{"Anna Smith is one element", `{"employees":{"firstName":["Anna"],"lastName":["Smith"]}}`, employees, true},
		{"Peter Jones is one element", `{"employees":{"firstName":["Peter"],"lastName":["Jones"]}}`, employees, true},
		{"John Jones spans two elements", `{"employees":{"firstName":["John"],"lastName":["Jones"]}}`, employees, false},
		{"value list picks the right element", `{"employees":{"firstName":["Anna","Peter"],"lastName":["Jones"]}}`, employees, true},
		{"operators: spans elements", `{"employees":{"firstName":[{"prefix":"A"}],"lastName":[{"suffix":"es"}]}}`, employees, false},
		{"operators: one element", `{"employees":{"firstName":[{"prefix":"P"}],"lastName":[{"suffix":"es"}]}}`, employees, true},
		{"anything-but within the element", `{"employees":{"firstName":["Anna"],"lastName":[{"anything-but":"Smith"}]}}`, employees, false},
		{"anything-but in another element", `{"employees":{"firstName":["John"],"lastName":[{"anything-but":"Smith"}]}}`, employees, true},
		{"exists within the element", `{"employees":{"firstName":["Anna"],"lastName":[{"exists":true}]}}`, employees, true},
		{"scalar sibling outside the array", `{"employees":{"firstName":["Anna"]},"company":["acme"]}`, `{"company":"acme","employees":[{"firstName":"Anna"}]}`, true},
		{"scalar sibling outside the array fails", `{"employees":{"firstName":["Anna"]},"company":["acme"]}`, `{"company":"other","employees":[{"firstName":"Anna"}]}`, false},
		{"two different arrays are independent", `{"a":{"x":["1"]},"b":{"y":["2"]}}`, `{"a":[{"x":"1"},{"x":"0"}],"b":[{"y":"0"},{"y":"2"}]}`, true},
		{"object inside elements: split", `{"orders":{"id":["o1"],"item":{"sku":["s2"]}}}`, `{"orders":[{"id":"o1","item":{"sku":"s1"}},{"id":"o2","item":{"sku":"s2"}}]}`, false},
		{"object inside elements: same", `{"orders":{"id":["o1"],"item":{"sku":["s2"]}}}`, `{"orders":[{"id":"o2","item":{"sku":"s1"}},{"id":"o1","item":{"sku":"s2"}}]}`, true},
		{"primitive array inside an element: same", `{"d":{"tags":["x"],"name":["n"]}}`, `{"d":[{"tags":["x","y"],"name":"n"}]}`, true},
		{"primitive array inside an element: split", `{"d":{"tags":["x"],"name":["n"]}}`, `{"d":[{"tags":["x"]},{"name":"n"}]}`, false},
		{"dotted pattern keys keep consistency", `{"employees.firstName":["Anna"],"employees.lastName":["Jones"]}`, employees, false},
		{"dotted pattern keys: same element", `{"employees.firstName":["Anna"],"employees.lastName":["Smith"]}`, employees, true},
	})
}

// The CL2 COMPLEX_ARRAYS workload (design.md section 6): numeric tests on x
// and y of the same coordinate object.
func TestArrayConsistencyNumeric(t *testing.T) {
	const rule = `{"geometry":{"coordinates":{"x":[{"numeric":["=",-122.42916360922355]}],"y":[{"numeric":["=",37.729900216217324]}]}}}`
	runOpCases(t, []opCase{
		{"x and y in different points", rule, `{"geometry":{"coordinates":[{"x":-122.42916360922355,"y":37.7,"z":0},{"x":-122.4,"y":37.729900216217324,"z":0}]}}`, false},
		{"x and y in one point", rule, `{"geometry":{"coordinates":[{"x":-122.4,"y":37.7,"z":0},{"x":-122.42916360922355,"y":37.729900216217324,"z":0}]}}`, true},
		{"range on x, equality on y", `{"geometry":{"coordinates":{"x":[{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}],"y":[{"numeric":["=",37.729900216217324]}]}}}`,
			`{"geometry":{"coordinates":[{"x":-122.5,"y":37.729900216217324},{"x":-122.42,"y":37.0}]}}`, false},
	})
}

// Source: [ruler] "JSON Array Matching" multi-level example: arrays of
// arrays of objects; elements of the inner arrays are still distinct
// elements.
func TestArrayConsistencyMultiLevel(t *testing.T) {
	runOpCases(t, []opCase{
		{"one field", `{"employees":{"firstName":["Anna"]}}`, employeesNested, true},
		{"Anna Jones spans inner arrays", `{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}`, employeesNested, false},
		{"Anna Smith", `{"employees":{"firstName":["Anna"],"lastName":["Smith"]}}`, employeesNested, true},
		{"John Smith spans one inner array", `{"employees":{"firstName":["John"],"lastName":["Smith"]}}`, employeesNested, false},
		{"Peter Jones", `{"employees":{"firstName":["Peter"],"lastName":["Jones"]}}`, employeesNested, true},
		{"inner array inside an element: split", `{"u":{"t":{"k":["color"],"v":["blue"]},"name":["x"]}}`, `{"u":[{"name":"x","t":[{"k":"color","v":"red"},{"k":"size","v":"blue"}]}]}`, false},
		{"inner array inside an element: same", `{"u":{"t":{"k":["color"],"v":["blue"]},"name":["x"]}}`, `{"u":[{"name":"x","t":[{"k":"size","v":"red"},{"k":"color","v":"blue"}]}]}`, true},
		{"outer split around an inner array", `{"u":{"t":{"k":["color"],"v":["blue"]},"name":["x"]}}`, `{"u":[{"name":"y","t":[{"k":"color","v":"blue"}]},{"name":"x","t":[]}]}`, false},
	})
}

// exists:false inside arrays of objects. Only cases where "absent from the
// element" and "absent from the whole array" agree are asserted; the two
// readings differ on mixed arrays and the documentation does not settle it.
func TestArrayConsistencyExistsFalse(t *testing.T) {
	const rule = `{"d":{"a":[{"exists":true}],"b":[{"exists":false}]}}`
	runOpCases(t, []opCase{
		{"b absent", rule, `{"d":[{"a":1}]}`, true},
		{"b present in the element", rule, `{"d":[{"a":1,"b":2}]}`, false},
		{"b present in every element", rule, `{"d":[{"a":1,"b":2},{"a":3,"b":4}]}`, false},
		{"a absent", rule, `{"d":[{"c":1}]}`, false},
		{"b absent from every element", `{"d":{"b":[{"exists":false}]}}`, `{"d":[{"a":1},{"a":2}]}`, true},
		{"b present in every element, single field", `{"d":{"b":[{"exists":false}]}}`, `{"d":[{"b":1},{"b":2}]}`, false},
		{"literal and exists false", `{"d":{"a":["x"],"b":[{"exists":false}]}}`, `{"d":[{"a":"x"}]}`, true},
		{"literal and exists false, b elsewhere only", `{"d":{"a":["x"],"b":[{"exists":false}]}}`, `{"d":[{"a":"x","b":1},{"a":"y","b":2}]}`, false},
	})
}

// $or combined with arrays: each expanded branch must itself be
// array-consistent. Sources: [ruler] "$or" and "JSON Array Matching".
func TestArrayConsistencyWithOr(t *testing.T) {
	runOpCases(t, []opCase{
		{"or of single fields", `{"employees":{"$or":[{"firstName":["Anna"]},{"lastName":["Jones"]}]}}`, employees, true},
		{"and-ed field plus or, no element fits", `{"employees":{"firstName":["Anna"],"$or":[{"lastName":["Jones"]},{"lastName":["Doe"]}]}}`, employees, false},
		{"and-ed field plus or, one element fits", `{"employees":{"firstName":["Anna"],"$or":[{"lastName":["Smith"]},{"age":[5]}]}}`, employees, true},
		{"top-level or of consistent rules: second fits", `{"$or":[{"employees":{"firstName":["Anna"],"lastName":["Jones"]}},{"employees":{"firstName":["Peter"],"lastName":["Jones"]}}]}`, employees, true},
		{"top-level or of consistent rules: none fits", `{"$or":[{"employees":{"firstName":["Anna"],"lastName":["Jones"]}},{"employees":{"firstName":["John"],"lastName":["Smith"]}}]}`, employees, false},
		{"or branch joins the array field", `{"employees":{"firstName":["Anna"]},"$or":[{"employees":{"lastName":["Jones"]}},{"company":["acme"]}]}`, employees, false},
		{"or branch outside the array", `{"employees":{"firstName":["Anna"]},"$or":[{"employees":{"lastName":["Jones"]}},{"company":["acme"]}]}`,
			`{"company":"acme","employees":[{"firstName":"Anna","lastName":"Smith"},{"firstName":"Peter","lastName":"Jones"}]}`, true},
	})
}
