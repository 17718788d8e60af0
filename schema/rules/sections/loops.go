package sections

import (
	"cmp"
	"slices"
	"strings"

	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/rules"
)

// Loops and limits: what the Fn::ForEach expansion found wrong (E1032) or
// left unexpanded (I1032), and the file's time for backtracking patterns
// running out (W0100).

// loops reports the problems of the Fn::ForEach expansion.
func loops(m *rules.Model, r *rules.Report) {
	for _, p := range m.Loops.Problems {
		rule := rules.ForEach
		if p.Info {
			rule = rules.ForEachSkipped
		}
		r.Add(rule, p.Pos, p.Path, "%s", p.Message)
	}
}

// ReportPatternTime adds the one W0100 finding of a file whose budget for
// backtracking patterns ran out: at the first check it stopped, in the
// template's order, with how many it stopped. It runs after every other
// rule, once no pattern is matched any more.
func ReportPatternTime(m *rules.Model, r *rules.Report) {
	cuts := m.Patterns.Cuts()
	if len(cuts) == 0 {
		return
	}
	total := 0
	for _, c := range cuts {
		total += c.Count
	}
	first := slices.MinFunc(cuts, func(a, b pattern.Cut) int {
		pa, pb := m.Doc.PosOf(a.Path), m.Doc.PosOf(b.Path)
		return cmp.Or(cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col), strings.Compare(a.Path, b.Path))
	})
	r.At(rules.PatternTime, first.Path,
		"matching %s did not finish within this file's %v for patterns that need backtracking; %d pattern check(s) of the file are left unchecked (taken as matching). Nested repetition such as (a+)+ takes exponential time on some values: simplify the pattern",
		first.What, pattern.Time, total)
}
