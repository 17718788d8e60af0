// Package iam is the IAM policy language as far as pipegen's roles use it:
// policy documents read from decoded JSON or YAML, and requests evaluated
// against them the way IAM evaluates identity-based policies in one account
// (an explicit Deny wins, then an Allow, else the request is implicitly
// denied).
//
// It exists so that the roles pipegen renders can be proven offline: tests
// resolve a rendered template's roles to plain documents and ask, for every
// call CloudFormation, CodePipeline or CodeBuild will make, what IAM would
// answer. Anything it cannot evaluate exactly (an unknown condition
// operator, a policy variable) is an error when the document is read, never
// a silent Allow or Deny.
//
// Sources: IAM User Guide, "IAM JSON policy element reference" (Effect,
// Action, NotAction, Resource, NotResource, Condition) and "Policy
// evaluation logic" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
// read 2026-11-26.
package iam

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Effect of a statement.
const (
	Allow = "Allow"
	Deny  = "Deny"
)

// Policy is one policy document.
type Policy struct {
	Name       string // where it came from, for explanations (e.g. the role's inline policy name)
	Statements []Statement
}

// Statement is one statement of a policy document. Exactly one of Actions
// and NotActions is set, and exactly one of Resources and NotResources.
type Statement struct {
	Sid          string
	Effect       string
	Actions      []string
	NotActions   []string
	Resources    []string
	NotResources []string
	Conditions   []Condition
}

// Condition is one key of one condition operator: the statement applies
// only if Operator holds between the request's value(s) of Key and Values.
type Condition struct {
	Operator string // as written, e.g. StringEqualsIfExists, ForAnyValue:StringLike
	Key      string // condition key, e.g. iam:PassedToService
	Values   []string
	op       operator
}

// ParsePolicy reads a policy document decoded from JSON or YAML (maps with
// string keys, lists, strings, booleans and numbers), as it stands in a
// template once its intrinsic functions are resolved.
func ParsePolicy(name string, doc any) (Policy, error) {
	m, ok := doc.(map[string]any)
	if !ok {
		return Policy{}, fmt.Errorf("%s: a policy document is a mapping, got %s", name, kind(doc))
	}
	for k := range m {
		if k != "Version" && k != "Statement" && k != "Id" {
			return Policy{}, fmt.Errorf("%s: unknown policy element %q", name, k)
		}
	}
	if v, ok := m["Version"]; ok && v != "2012-10-17" && v != "2008-10-17" {
		return Policy{}, fmt.Errorf("%s: Version must be \"2012-10-17\" (or the older \"2008-10-17\"), got %v", name, v)
	}
	raw, ok := m["Statement"]
	if !ok {
		return Policy{}, fmt.Errorf("%s: the policy has no Statement", name)
	}
	list, isList := raw.([]any)
	if !isList {
		list = []any{raw}
	}
	p := Policy{Name: name}
	for i, item := range list {
		st, err := parseStatement(item)
		if err != nil {
			return Policy{}, fmt.Errorf("%s: Statement %d: %w", name, i, err)
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

func parseStatement(item any) (Statement, error) {
	m, ok := item.(map[string]any)
	if !ok {
		return Statement{}, fmt.Errorf("a statement is a mapping, got %s", kind(item))
	}
	var st Statement
	var err error
	for k, v := range m {
		switch k {
		case "Sid":
			st.Sid, err = scalar(k, v)
		case "Effect":
			st.Effect, err = scalar(k, v)
		case "Action":
			st.Actions, err = stringList(k, v)
		case "NotAction":
			st.NotActions, err = stringList(k, v)
		case "Resource":
			st.Resources, err = stringList(k, v)
		case "NotResource":
			st.NotResources, err = stringList(k, v)
		case "Condition":
			st.Conditions, err = parseConditions(v)
		case "Principal", "NotPrincipal":
			err = fmt.Errorf("%s belongs in resource-based policies; this evaluator reads identity-based policies", k)
		default:
			err = fmt.Errorf("unknown statement element %q", k)
		}
		if err != nil {
			return Statement{}, err
		}
	}
	return st, st.check()
}

func (st Statement) check() error {
	switch {
	case st.Effect != Allow && st.Effect != Deny:
		return fmt.Errorf("Effect must be Allow or Deny, got %q", st.Effect)
	case (len(st.Actions) == 0) == (len(st.NotActions) == 0):
		return fmt.Errorf("a statement needs exactly one of Action and NotAction")
	case (len(st.Resources) == 0) == (len(st.NotResources) == 0):
		return fmt.Errorf("a statement needs exactly one of Resource and NotResource")
	}
	for _, a := range append(append([]string{}, st.Actions...), st.NotActions...) {
		if a != "*" && !strings.Contains(a, ":") {
			return fmt.Errorf("action %q is not service:Action", a)
		}
	}
	for _, r := range append(append([]string{}, st.Resources...), st.NotResources...) {
		if err := checkResource(r); err != nil {
			return err
		}
	}
	return nil
}

// checkResource refuses what this evaluator cannot match exactly: policy
// variables and resources that are neither "*" nor an ARN.
func checkResource(r string) error {
	if strings.Contains(r, "${") {
		return fmt.Errorf("resource %q holds a policy variable or an unresolved Fn::Sub variable", r)
	}
	if r != "*" && !strings.HasPrefix(r, "arn:") {
		return fmt.Errorf("resource %q is neither \"*\" nor an ARN", r)
	}
	return nil
}

func parseConditions(v any) ([]Condition, error) {
	ops, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("Condition is a mapping of operators, got %s", kind(v))
	}
	var out []Condition
	for _, opName := range slices.Sorted(maps.Keys(ops)) {
		op, err := parseOperator(opName)
		if err != nil {
			return nil, err
		}
		keys, ok := ops[opName].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("condition %s is a mapping of keys to values, got %s", opName, kind(ops[opName]))
		}
		for _, key := range slices.Sorted(maps.Keys(keys)) {
			values, err := stringList(opName+" "+key, keys[key])
			if err != nil {
				return nil, err
			}
			for _, val := range values {
				if strings.Contains(val, "${") {
					return nil, fmt.Errorf("condition %s %s: value %q holds a policy variable", opName, key, val)
				}
			}
			out = append(out, Condition{Operator: opName, Key: key, Values: values, op: op})
		}
	}
	return out, nil
}

// scalar reads a string; YAML and JSON booleans and numbers are accepted
// as IAM does, by their text.
func scalar(name string, v any) (string, error) {
	switch s := v.(type) {
	case string:
		return s, nil
	case bool, int, int64, float64:
		return fmt.Sprint(s), nil
	}
	return "", fmt.Errorf("%s must be a string, got %s", name, kind(v))
}

func stringList(name string, v any) ([]string, error) {
	list, isList := v.([]any)
	if !isList {
		s, err := scalar(name, v)
		return []string{s}, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%s is an empty list", name)
	}
	out := make([]string, len(list))
	for i, item := range list {
		s, err := scalar(name, item)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		return "a string"
	}
	return fmt.Sprintf("%T", v)
}
