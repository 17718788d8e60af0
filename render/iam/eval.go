package iam

import (
	"fmt"
	"strings"
)

// Request is one call as IAM sees it: an action, the resource it is
// evaluated against ("*" for actions without resource-level permissions)
// and the request context's condition keys.
type Request struct {
	Action   string
	Resource string
	Context  map[string][]string // condition key -> value(s); keys in any case
}

// String shows a request in one line, for test failures.
func (r Request) String() string {
	s := r.Action + " on " + r.Resource
	if len(r.Context) > 0 {
		s += fmt.Sprintf(" with %v", r.Context)
	}
	return s
}

// Decision is IAM's answer to a request.
type Decision int

const (
	ImplicitDeny Decision = iota // no statement allows it
	Allowed                      // a statement allows it and none denies it
	ExplicitDeny                 // a statement denies it
)

func (d Decision) String() string {
	names := [...]string{"implicitly denied", "allowed", "explicitly denied"}
	if d < 0 || int(d) >= len(names) {
		return fmt.Sprintf("Decision(%d)", int(d))
	}
	return names[d]
}

// Result is a decision and the statement that made it, if any. Err says
// the request could not be evaluated exactly (the decision is then an
// implicit deny, and a test must treat it as a failure either way).
type Result struct {
	Decision Decision
	Policy   string // name of the policy holding the deciding statement
	Sid      string
	Err      error
}

// Evaluate answers r against a principal's identity-based policies: an
// explicit Deny in any of them wins, then an Allow, else the request is
// implicitly denied. (Service control policies, permissions boundaries and
// session policies are not modelled: pipegen's roles use none.)
func Evaluate(policies []Policy, r Request) Result {
	ctx := make(map[string][]string, len(r.Context))
	for k, v := range r.Context {
		ctx[strings.ToLower(k)] = v
	}
	var allow *Result
	for _, p := range policies {
		for _, st := range p.Statements {
			applies, err := st.applies(r, ctx)
			if err != nil {
				return Result{Decision: ImplicitDeny, Policy: p.Name, Sid: st.Sid, Err: err}
			}
			if !applies {
				continue
			}
			if st.Effect == Deny {
				return Result{Decision: ExplicitDeny, Policy: p.Name, Sid: st.Sid}
			}
			if allow == nil {
				allow = &Result{Decision: Allowed, Policy: p.Name, Sid: st.Sid}
			}
		}
	}
	if allow != nil {
		return *allow
	}
	return Result{Decision: ImplicitDeny}
}

// applies reports whether the statement covers the request: its action,
// its resource and every one of its conditions.
func (st Statement) applies(r Request, ctx map[string][]string) (bool, error) {
	if !matchesAny(st.Actions, st.NotActions, r.Action, MatchAction) {
		return false, nil
	}
	if !matchesAny(st.Resources, st.NotResources, r.Resource, MatchARN) {
		return false, nil
	}
	for _, c := range st.Conditions {
		if holds, err := c.holds(ctx); err != nil || !holds {
			return false, err
		}
	}
	return true, nil
}

// matchesAny applies an element and its Not form: with the plain form one
// pattern must match, with the Not form none may.
func matchesAny(patterns, notPatterns []string, value string, match func(p, v string) bool) bool {
	if len(patterns) > 0 {
		for _, p := range patterns {
			if match(p, value) {
				return true
			}
		}
		return false
	}
	for _, p := range notPatterns {
		if match(p, value) {
			return false
		}
	}
	return true
}

// Without returns the policies with one action removed from the statement
// at (policy, statement): the statement is dropped when it held only that
// action. Tests use it to show that every action a role grants is needed.
func Without(policies []Policy, policy, statement int, action string) []Policy {
	return rewrite(policies, policy, statement, func(st *Statement) bool {
		st.Actions = removeString(st.Actions, action)
		return len(st.Actions) > 0
	})
}

// WithoutResource returns the policies with one resource removed from the
// statement at (policy, statement); a statement left without resources is
// dropped. Tests use it to show that every resource a role names is needed.
func WithoutResource(policies []Policy, policy, statement int, resource string) []Policy {
	return rewrite(policies, policy, statement, func(st *Statement) bool {
		st.Resources = removeString(st.Resources, resource)
		return len(st.Resources) > 0
	})
}

// rewrite copies the policies with the statement at (policy, statement)
// changed by change, or dropped when change returns false; the policies
// given are left as they were.
func rewrite(policies []Policy, policy, statement int, change func(*Statement) bool) []Policy {
	out := make([]Policy, len(policies))
	copy(out, policies)
	p := out[policy]
	sts := make([]Statement, 0, len(p.Statements))
	for i, st := range p.Statements {
		if i == statement && !change(&st) {
			continue
		}
		sts = append(sts, st)
	}
	out[policy] = Policy{Name: p.Name, Statements: sts}
	return out
}

func removeString(list []string, s string) []string {
	out := make([]string, 0, len(list))
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
