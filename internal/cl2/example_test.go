package cl2_test

import (
	"encoding/json"
	"fmt"

	"github.com/switchyard-go/switchyard/internal/cl2"
)

func ExampleEvents() {
	for _, e := range cl2.Events(3, 42) {
		var lot struct {
			Properties struct{ MAPBLKLOT, STREET, ST_TYPE string }
			Geometry   struct {
				Type        string
				Coordinates []struct{ X, Y, Z float64 }
			}
		}
		if err := json.Unmarshal(e, &lot); err != nil {
			panic(err)
		}
		p, g := lot.Properties, lot.Geometry
		fmt.Println(p.MAPBLKLOT, p.STREET, p.ST_TYPE, g.Type, len(g.Coordinates))
	}
	// Output:
	// 5636048 8TH PL Polygon 8
	// 1084152 BAKER ST Polygon 11
	// 1575126 29TH st Polygon 11
}

func ExampleCategories() {
	for _, c := range cl2.Categories()[:2] {
		fmt.Println(c.Name, c.Rules[0])
	}
	// Output:
	// EXACT {"properties":{"MAPBLKLOT":["1430022"]}}
	// WILDCARD {"properties":{"MAPBLKLOT":[{"wildcard":"143*"}]}}
}

func ExampleExactRules() {
	rules := cl2.ExactRules(1000)
	fmt.Println(len(rules), rules[5])
	// Output:
	// 1000 {"properties":{"MAPBLKLOT":["0001001"]}}
}
