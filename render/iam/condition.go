package iam

import (
	"errors"
	"fmt"
	"strings"
)

// operator is a parsed condition operator: its base comparison, and the
// qualifiers that change how missing and multi-valued keys are treated.
type operator struct {
	base     string // e.g. StringEquals
	ifExists bool   // a missing key satisfies the condition
	set      string // "", ForAnyValue or ForAllValues
}

// comparisons are the base operators this evaluator knows, each with how it
// compares one request value with one policy value. Negated operators hold
// when no policy value matches.
var comparisons = map[string]struct {
	match   func(policy, request string) bool
	negated bool
}{
	"StringEquals":              {func(p, r string) bool { return p == r }, false},
	"StringNotEquals":           {func(p, r string) bool { return p == r }, true},
	"StringEqualsIgnoreCase":    {strings.EqualFold, false},
	"StringNotEqualsIgnoreCase": {strings.EqualFold, true},
	"StringLike":                {glob, false},
	"StringNotLike":             {glob, true},
	"ArnEquals":                 {MatchARN, false},
	"ArnLike":                   {MatchARN, false},
	"ArnNotEquals":              {MatchARN, true},
	"ArnNotLike":                {MatchARN, true},
	"Bool":                      {strings.EqualFold, false},
}

func parseOperator(name string) (operator, error) {
	var op operator
	rest := name
	if set, after, ok := strings.Cut(rest, ":"); ok {
		if set != "ForAnyValue" && set != "ForAllValues" {
			return op, fmt.Errorf("unknown condition set operator %q", set)
		}
		op.set, rest = set, after
	}
	if base, ok := strings.CutSuffix(rest, "IfExists"); ok && base != "Null" {
		op.ifExists, rest = true, base
	}
	if _, ok := comparisons[rest]; !ok && rest != "Null" {
		return op, fmt.Errorf("condition operator %q is not one this evaluator knows", name)
	}
	op.base = rest
	return op, nil
}

// errAmbiguous: IAM leaves undocumented how a negated operator without
// ForAnyValue or ForAllValues treats a key with several values, so this
// evaluator refuses to guess.
var errAmbiguous = errors.New("a negated operator without ForAnyValue/ForAllValues on a key with several values")

// holds evaluates the condition against the request context, whose keys
// are lower case (condition keys are case-insensitive).
func (c Condition) holds(ctx map[string][]string) (bool, error) {
	values := ctx[strings.ToLower(c.Key)]
	if cmp, ok := comparisons[c.op.base]; ok && cmp.negated && c.op.set == "" && len(values) > 1 {
		return false, fmt.Errorf("condition %s %s: %w", c.Operator, c.Key, errAmbiguous)
	}
	return c.decide(ctx), nil
}

func (c Condition) decide(ctx map[string][]string) bool {
	values, present := ctx[strings.ToLower(c.Key)]
	if c.op.base == "Null" {
		// Null: "true" holds when the key is absent, "false" when present.
		for _, v := range c.Values {
			if strings.EqualFold(v, "true") != present {
				return true
			}
		}
		return false
	}
	cmp := comparisons[c.op.base]
	if !present || len(values) == 0 {
		switch {
		case c.op.ifExists, c.op.set == "ForAllValues":
			return true // nothing to contradict the condition
		case c.op.set == "ForAnyValue":
			return false
		}
		return cmp.negated
	}
	anyPolicyMatch := func(r string) bool {
		for _, p := range c.Values {
			if cmp.match(p, r) {
				return true
			}
		}
		return false
	}
	if c.op.set == "ForAllValues" {
		for _, r := range values {
			if anyPolicyMatch(r) == cmp.negated {
				return false
			}
		}
		return true
	}
	// A single-valued key, or ForAnyValue: one request value decides.
	for _, r := range values {
		if anyPolicyMatch(r) != cmp.negated {
			return true
		}
	}
	return false
}
