package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pipegen/pipegen/render/iam/sar/internal/sarfile"
)

// The package's per-service files, decoded only as far as pipegen reads them:
// descriptions, dependent actions and EC2's scenarios are dropped.
type (
	srcAction struct {
		Name          string              `json:"name"`
		AccessLevel   string              `json:"accessLevel"`
		ResourceTypes []srcActionResource `json:"resourceTypes"`
		ConditionKeys []string            `json:"conditionKeys"`
	}
	srcActionResource struct {
		Name          string   `json:"name"`
		Required      bool     `json:"required"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	srcResourceType struct {
		Key           string   `json:"key"`
		ARN           string   `json:"arn"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	srcConditionKey struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	}
)

// transform turns the package's data files, keyed by their path under
// data/ (actions/lambda.json, ...), into the embedded format for the given
// services. It is pure and sorts everything, so the same input gives the
// same services whatever the order of the keys in the source JSON.
func transform(src map[string][]byte, services []string) ([]sarfile.Service, error) {
	var out []sarfile.Service
	for _, name := range slices.Sorted(slices.Values(services)) {
		svc, err := transformService(src, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, svc)
	}
	return out, nil
}

// foreignKeys lists the condition keys that svcs list but do not own, once
// each (by lower-case name), in the order of first appearance: that order
// is what sarfile.Index.ForeignConditionKeys promises. IAM compares key
// names case-insensitively, so a name that two services list with another
// spelling or type is an error: one of them would be wrong.
func foreignKeys(svcs []sarfile.Service) ([]sarfile.ConditionKey, error) {
	var out []sarfile.ConditionKey
	first := map[string]sarfile.ConditionKey{}
	listed := map[string]bool{}
	for _, svc := range svcs {
		for _, k := range svc.ConditionKeys {
			name := strings.ToLower(k.Name)
			if prev, seen := first[name]; seen && prev != k {
				return nil, fmt.Errorf("%s: condition key %s (%s) is also listed as %s (%s)", svc.Name, k.Name, k.Type, prev.Name, prev.Type)
			}
			first[name] = k
			if sarfile.Owner(k.Name) != svc.Name && !listed[name] {
				listed[name] = true
				out = append(out, k)
			}
		}
	}
	return out, nil
}

func transformService(src map[string][]byte, name string) (sarfile.Service, error) {
	svc := sarfile.Service{Name: name}
	var actions map[string]srcAction
	var types map[string]srcResourceType
	var keys map[string]srcConditionKey
	if err := decodeFile(src, "actions/"+name+".json", &actions); err != nil {
		return svc, err
	}
	if err := decodeFile(src, "resourceTypes/"+name+".json", &types); err != nil {
		return svc, err
	}
	if err := decodeFile(src, "conditionKeys/"+name+".json", &keys); err != nil {
		return svc, err
	}
	var err error
	if svc.ResourceTypes, err = resourceTypes(types); err != nil {
		return svc, err
	}
	if svc.Actions, err = actionList(actions, types); err != nil {
		return svc, err
	}
	svc.ConditionKeys = conditionKeys(keys)
	return svc, nil
}

func decodeFile(src map[string][]byte, path string, v any) error {
	b, ok := src[path]
	if !ok {
		return fmt.Errorf("no %s in the package", path)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// actionList checks that each action's map key is its lower-case name and
// that every resource type it names exists, since the loader resolves
// resource types by name and would otherwise fail at run time.
func actionList(actions map[string]srcAction, types map[string]srcResourceType) ([]sarfile.Action, error) {
	out := make([]sarfile.Action, 0, len(actions))
	for key, a := range actions {
		if key != strings.ToLower(a.Name) {
			return nil, fmt.Errorf("action key %q names %q", key, a.Name)
		}
		act := sarfile.Action{Name: a.Name, AccessLevel: a.AccessLevel, ConditionKeys: sortedNames(a.ConditionKeys)}
		for _, rt := range a.ResourceTypes {
			if t, ok := types[strings.ToLower(rt.Name)]; !ok || t.Key != rt.Name {
				return nil, fmt.Errorf("action %s: unknown resource type %q", a.Name, rt.Name)
			}
			act.ResourceTypes = append(act.ResourceTypes, sarfile.ActionResource{
				Name: rt.Name, Required: rt.Required, ConditionKeys: sortedNames(rt.ConditionKeys),
			})
		}
		slices.SortFunc(act.ResourceTypes, func(x, y sarfile.ActionResource) int { return byFold(x.Name, y.Name) })
		out = append(out, act)
	}
	slices.SortFunc(out, func(x, y sarfile.Action) int { return byFold(x.Name, y.Name) })
	return out, nil
}

// resourceTypes splits the ARN column: the SAR lists alternative templates
// in one cell, separated by ", " (API Gateway's HTTP and REST API forms).
func resourceTypes(types map[string]srcResourceType) ([]sarfile.ResourceType, error) {
	out := make([]sarfile.ResourceType, 0, len(types))
	for key, t := range types {
		if key != strings.ToLower(t.Key) {
			return nil, fmt.Errorf("resource type key %q names %q", key, t.Key)
		}
		arns := strings.Split(t.ARN, ", ")
		for _, arn := range arns {
			if !strings.HasPrefix(arn, "arn:") {
				return nil, fmt.Errorf("resource type %s: ARN %q does not start with arn:", t.Key, arn)
			}
		}
		out = append(out, sarfile.ResourceType{Key: t.Key, ARNs: arns, ConditionKeys: sortedNames(t.ConditionKeys)})
	}
	slices.SortFunc(out, func(x, y sarfile.ResourceType) int { return byFold(x.Key, y.Key) })
	return out, nil
}

func conditionKeys(keys map[string]srcConditionKey) []sarfile.ConditionKey {
	out := make([]sarfile.ConditionKey, 0, len(keys))
	for _, k := range keys {
		out = append(out, sarfile.ConditionKey{Name: k.Key, Type: k.Type})
	}
	slices.SortFunc(out, func(x, y sarfile.ConditionKey) int { return byFold(x.Name, y.Name) })
	return out
}

// sortedNames returns a sorted copy, nil for an empty list so that the JSON
// leaves the field out.
func sortedNames(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	out := slices.Clone(names)
	slices.SortFunc(out, byFold)
	return out
}

// byFold orders names as IAM compares them, case-insensitively, and breaks
// ties by the exact text so that the order is total.
func byFold(a, b string) int {
	return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
}
