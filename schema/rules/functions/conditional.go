package functions

import (
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Conditional resources: a Ref, Fn::GetAtt or Fn::Sub of a resource with
// a Condition, where the value can be evaluated while that condition is
// false (W1001), and a DependsOn of one from a resource that can exist
// without it (E3005, in graph.go). rules.Model.Logic decides, and only a
// deployment it has found is reported: a condition it cannot read gives no
// finding.

// conditionalRefs checks one Ref, Fn::GetAtt or Fn::Sub in Resources or
// Outputs.
func conditionalRefs(m *rules.Model, c *rules.Call, r *rules.Report) {
	if len(m.Conditions) == 0 || c.Section != "Resources" && c.Section != "Outputs" {
		return
	}
	var targets []string
	switch c.Fn {
	case "Ref":
		if name, ok := c.Arg.(string); ok {
			targets = append(targets, name)
		}
	case "Fn::GetAtt":
		targets = append(targets, getAttTarget(c.Arg))
	case "Fn::Sub":
		for _, name := range c.Sub.Names {
			target, _, _ := strings.Cut(name, ".")
			targets = append(targets, target)
		}
	}
	var ctx rules.Context
	known := false
	for _, target := range targets {
		cond := rules.EntryCondition(m.Resources[target])
		if cond == "" {
			continue
		}
		if !known {
			var ok bool
			if ctx, ok = m.ContextOf(c.At); !ok {
				return
			}
			known = true
		}
		if m.CanExistWithout(ctx, cond) != rules.Possible {
			continue
		}
		what := "this value"
		if c.Section == "Outputs" && len(ctx.True) == 0 && len(ctx.False) == 0 {
			what = "the output, which has no Condition,"
		}
		call := map[string]string{"Ref": "Ref to ", "Fn::GetAtt": "Fn::GetAtt of ", "Fn::Sub": "Fn::Sub of "}[c.Fn]
		r.Add(rules.ConditionalRef, m.Doc.ObjectPos(c.At.Up().String()), c.At.String(),
			"%s%s, which exists only when condition %s is true: %s is evaluated when %s can be false%s (guard it with !If [%s, ..., ...], or give it the condition %s)",
			call, target, cond, what, cond, witness(ctx), cond, cond)
	}
}

// witness says under which other conditions a finding's case arises.
func witness(ctx rules.Context) string {
	var parts []string
	for _, c := range ctx.True {
		parts = append(parts, c+" true")
	}
	for _, c := range ctx.False {
		parts = append(parts, c+" false")
	}
	if len(parts) == 0 {
		return ""
	}
	return " and " + strings.Join(parts, ", ")
}

// conditionalDependency reports a DependsOn from a resource that can exist
// while the resource it names, which has a Condition, does not.
func conditionalDependency(m *rules.Model, r *rules.Report, from, to string, path *template.Trail) {
	cond := rules.EntryCondition(m.Resources[to])
	if cond == "" {
		return
	}
	var ctx rules.Context
	own := rules.EntryCondition(m.Resources[from])
	if own != "" {
		ctx.True = []string{own}
	}
	if m.CanExistWithout(ctx, cond) != rules.Possible {
		return
	}
	alone := "which has no Condition"
	if own != "" {
		alone = "with condition " + own + " true"
	}
	r.Add(rules.DependsOn, m.Doc.ObjectPos(path.String()), path.String(),
		"DependsOn names %s, which exists only when condition %s is true: %s, %s, can exist when %s is false, and CloudFormation then refuses the template (give %s the condition %s, or remove the dependency)",
		to, cond, from, alone, cond, from, cond)
}
