package template

import (
	"maps"
	"slices"
	"strconv"
)

// Visit is called for each value a walk reaches, with its path; it returns
// whether the walk goes on into the value's children.
type Visit func(v any, path *Trail) (descend bool)

// Walk visits v and every value inside it, depth first, a value before its
// children: mapping keys in sorted order, list items in order, so that
// everything a walk finds first is the same on every run. It is the one
// walk over a template's values: the rules read what one walk of it
// recorded (schema/rules), and the Fn::ForEach expansion walks with it.
func Walk(v any, path *Trail, visit Visit) {
	if !visit(v, path) {
		return
	}
	switch n := v.(type) {
	case map[string]any:
		keys := slices.AppendSeq(make([]string, 0, len(n)), maps.Keys(n)) // one allocation
		slices.Sort(keys)
		for _, k := range keys {
			Walk(n[k], path.To(k), visit)
		}
	case []any:
		for i, item := range n {
			Walk(item, path.To(strconv.Itoa(i)), visit)
		}
	}
}
