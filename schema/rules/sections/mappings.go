package sections

import (
	"maps"
	"slices"
	"strconv"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Mappings: MapName -> TopLevelKey -> SecondLevelKey -> value, with literal
// values (E7001).

// mappings checks Mappings: MapName -> TopLevelKey -> SecondLevelKey -> value,
// with literal values only.
func mappings(m *rules.Model, r *rules.Report) {
	for _, name := range m.MappingNames {
		path := template.Path("Mappings", name)
		top, ok := mappingOf(r, m.Mappings[name], path, "mapping "+name+" must map top-level keys to mappings of second-level keys")
		if !ok {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(top)) {
			at := template.Join(path, k)
			second, ok := mappingOf(r, top[k], at, "top-level key "+k+" must map second-level keys to values")
			if !ok {
				continue
			}
			for _, k2 := range slices.Sorted(maps.Keys(second)) {
				mappingValue(r, second[k2], template.Join(at, k2))
			}
		}
	}
}

// mappingOf returns v as a non-empty mapping, or reports that it should be one.
func mappingOf(r *rules.Report, v any, path, want string) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	got := template.Describe(v)
	if _, _, isFn := template.Call(v); !isFn && ok && len(m) > 0 {
		return m, true
	} else if ok && len(m) == 0 {
		got = "an empty mapping"
	}
	r.At(rules.Mapping, path, "%s (MapName -> TopLevelKey -> SecondLevelKey -> value), got %s", want, got)
	return nil, false
}

func mappingValue(r *rules.Report, v any, path string) {
	if fn, _, isFn := template.Call(v); isFn {
		r.At(rules.Mapping, path, "Mappings cannot contain intrinsic functions (%s): CloudFormation reads them before any parameter or resource exists; write the value out", fn)
		return
	}
	switch n := v.(type) {
	case map[string]any:
		r.At(rules.Mapping, path, "a mapping value must be a string, number, boolean or list, got a mapping: Mappings have exactly two levels of keys")
	case []any:
		for i, item := range n {
			if !template.IsScalar(item) {
				r.At(rules.Mapping, template.Join(path, strconv.Itoa(i)), "the items of a mapping value's list must be strings or numbers, got %s", template.Describe(item))
			}
		}
	case nil:
		r.At(rules.Mapping, path, "a mapping value must be a string, number, boolean or list, got null")
	}
}
