package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/iam/sar"
)

// TestGeneratedPoliciesAreScoped walks every IAM identity policy of every
// golden template: no "*" or service-wide actions, Resource "*" only for
// actions that take no resource (the Service Authorization Reference says
// so), and iam:PassRole only on named roles.
func TestGeneratedPoliciesAreScoped(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*/pipeline.*")
	if len(files) < 10 {
		t.Fatalf("expected the golden templates, found %d", len(files))
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		root := mustParse(t, file, data).Root
		resources, _ := root["Resources"].(map[string]any)
		statements := 0
		for id, r := range resources {
			res, _ := r.(map[string]any)
			props, _ := res["Properties"].(map[string]any)
			// A resource that silences W9003 says why in its Metadata; its
			// statements may name "*" (the edge domains' CloudFront call).
			declared := slices.Contains(asList(dig(res, "Metadata", "pipegen", "ignore")), any("W9003"))
			for where, doc := range identityPolicyDocs(res["Type"], props) {
				for i, st := range asList(dig(doc, "Statement")) {
					statements++
					checkStatement(t, fmt.Sprintf("%s %s %s statement %d", file, id, where, i), st, declared)
				}
			}
		}
		if statements == 0 {
			t.Errorf("%s: no policy statements found: the walk is broken", file)
		}
	}
}

func identityPolicyDocs(typ any, props map[string]any) map[string]any {
	out := map[string]any{}
	switch typ {
	case "AWS::IAM::Role":
		for i, p := range asList(props["Policies"]) {
			out[fmt.Sprintf("Policies/%d", i)] = dig(p, "PolicyDocument")
		}
	case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
		out["PolicyDocument"] = props["PolicyDocument"]
	}
	return out
}

func checkStatement(t *testing.T, where string, st any, anyResourceDeclared bool) {
	t.Helper()
	if dig(st, "Effect") != "Allow" {
		return
	}
	actions, resources := asList(dig(st, "Action")), asList(dig(st, "Resource"))
	if len(actions) == 0 || len(resources) == 0 {
		t.Errorf("%s: an Allow statement without Action or Resource", where)
	}
	for _, a := range actions {
		if s, _ := a.(string); s == "*" || strings.HasSuffix(s, ":*") {
			t.Errorf("%s: wildcard action %q", where, s)
		}
	}
	for _, r := range resources {
		if r != "*" || anyResourceDeclared {
			continue
		}
		for _, a := range actions {
			name, _ := a.(string)
			if act, ok := sar.Lookup(name); !ok || len(act.Resources) > 0 {
				t.Errorf("%s: Resource \"*\" for %s, which takes a resource the statement could name", where, name)
			}
		}
	}
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}
