package rules

import (
	"slices"
	"strconv"

	"github.com/pipegen/pipegen/schema/rules/condlogic"
	"github.com/pipegen/pipegen/schema/template"
)

// Context is the conditions under which a value of Resources or Outputs
// is evaluated: its entry's Condition and each enclosing Fn::If's
// condition true (the value is in its second item), and the conditions of
// the Fn::Ifs whose third item it is false. Logic (condlogic) says whether
// they can hold with another condition.
type Context struct {
	True, False []string
}

// EntryCondition is the Condition of a resource or output entry, "" when it
// has none (or one that is not a name, which conditionAttributes reports).
func EntryCondition(entry any) string {
	e, _ := entry.(map[string]any)
	name, _ := e["Condition"].(string)
	return name
}

// ContextOf returns the context of the value at a trail of the model's
// walk (Call.At: the section, then one segment a key or index). ok is
// false outside Resources and Outputs, and where an Fn::If's condition is
// not a name.
func (m *Model) ContextOf(at *template.Trail) (ctx Context, ok bool) {
	var segs []string
	for t := at; t != nil; t = t.Up() {
		segs = append(segs, t.Seg())
	}
	slices.Reverse(segs)
	if len(segs) < 2 {
		return ctx, false
	}
	var entries map[string]any
	switch segs[0] {
	case "Resources":
		entries = m.Resources
	case "Outputs":
		entries = m.Outputs
	default:
		return ctx, false
	}
	v, found := entries[segs[1]]
	if !found {
		return ctx, false
	}
	if c := EntryCondition(v); c != "" {
		ctx.True = append(ctx.True, c)
	}
	for i := 2; i < len(segs); i++ {
		switch n := v.(type) {
		case map[string]any:
			if list, isIf := n["Fn::If"].([]any); isIf && len(n) == 1 && segs[i] == "Fn::If" && i+1 < len(segs) && len(list) == 3 {
				name, isName := list[0].(string)
				if !isName {
					return ctx, false
				}
				switch segs[i+1] {
				case "1":
					ctx.True = append(ctx.True, name)
				case "2":
					ctx.False = append(ctx.False, name)
				}
			}
			v = n[segs[i]]
		case []any:
			j, err := strconv.Atoi(segs[i])
			if err != nil || j < 0 || j >= len(n) {
				return ctx, false
			}
			v = n[j]
		default:
			return ctx, false
		}
	}
	return ctx, true
}

// CanExistWithout answers whether a value in ctx can be evaluated when
// condition is false: when a resource of that Condition does not exist.
// A condition ctx holds true is never false there (decided by name, with
// no search).
func (m *Model) CanExistWithout(ctx Context, condition string) Answer {
	if slices.Contains(ctx.True, condition) {
		return Impossible
	}
	if !slices.Contains(ctx.False, condition) {
		ctx.False = append(slices.Clip(ctx.False), condition)
	}
	return m.Logic.Can(ctx.True, ctx.False)
}

// Answer is condlogic's answer: Possible, Impossible or Unknown.
type Answer = condlogic.Answer

// The answers.
const (
	Unknown    = condlogic.Unknown
	Possible   = condlogic.Possible
	Impossible = condlogic.Impossible
)
