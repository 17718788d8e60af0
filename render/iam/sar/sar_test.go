package sar

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/iam/sar/internal/sarfile"
)

func TestEmbeddedDataLoads(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	var src struct {
		Package, Version string
		Services         []string
	}
	b, err := os.ReadFile("SOURCE.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &src); err != nil {
		t.Fatal(err)
	}
	if got, want := Source(), src.Package+"@"+src.Version; got != want {
		t.Errorf("Source() = %q, SOURCE.json says %q", got, want)
	}
	if got := Services(); !slices.Equal(got, src.Services) {
		t.Errorf("Services() = %v, SOURCE.json lists %v", got, src.Services)
	}
}

// TestLookupPinsKnownFacts checks facts from AWS's SAR pages that pipegen's
// policies rely on; a data update that changes one needs a look at them.
func TestLookupPinsKnownFacts(t *testing.T) {
	cases := []struct {
		action string
		name   string   // canonical name
		types  []string // resource types, in order
		keys   []string // action condition keys that must be present
	}{
		{"lambda:CreateEventSourceMapping", "CreateEventSourceMapping", nil, []string{"lambda:FunctionArn"}},
		{"lambda:DeleteEventSourceMapping", "DeleteEventSourceMapping", []string{"eventSourceMapping"}, []string{"lambda:FunctionArn"}},
		{"iam:PassRole", "PassRole", []string{"role"}, []string{"iam:PassedToService"}},
		{"sns:Subscribe", "Subscribe", []string{"topic"}, []string{"sns:Endpoint", "sns:Protocol"}},
		{"lambda:CreateFunction", "CreateFunction", []string{"function"}, nil},
		{"events:DeleteRule", "DeleteRule", []string{"rule-on-custom-event-bus", "rule-on-default-event-bus"}, nil},
	}
	for _, c := range cases {
		a, ok := Lookup(c.action)
		if !ok {
			t.Errorf("%s: not found", c.action)
			continue
		}
		if a.Name != c.name || a.Service != strings.Split(c.action, ":")[0] {
			t.Errorf("%s: service %q name %q", c.action, a.Service, a.Name)
		}
		if got := typeNames(a); !slices.Equal(got, c.types) {
			t.Errorf("%s: resource types %v, want %v", c.action, got, c.types)
		}
		for _, k := range c.keys {
			if !slices.Contains(a.ConditionKeys, k) {
				t.Errorf("%s: condition keys %v lack %s", c.action, a.ConditionKeys, k)
			}
		}
	}
}

func TestDeleteEventSourceMappingResource(t *testing.T) {
	a, _ := Lookup("lambda:DeleteEventSourceMapping")
	want := Resource{
		Type:     "eventSourceMapping",
		ARNs:     []string{"arn:${Partition}:lambda:${Region}:${Account}:event-source-mapping:${UUID}"},
		Required: true,
	}
	if len(a.Resources) != 1 || !slices.Equal(a.Resources[0].ARNs, want.ARNs) ||
		a.Resources[0].Type != want.Type || !a.Resources[0].Required {
		t.Errorf("resources %+v, want [%+v]", a.Resources, want)
	}
	if a.AccessLevel != "Write" {
		t.Errorf("access level %q", a.AccessLevel)
	}
}

func TestLookupIsCaseInsensitive(t *testing.T) {
	for _, name := range []string{"lambda:createeventsourcemapping", "LAMBDA:CREATEEVENTSOURCEMAPPING", "Lambda:CreateEventSourceMapping"} {
		a, ok := Lookup(name)
		if !ok || a.Name != "CreateEventSourceMapping" || a.Service != "lambda" {
			t.Errorf("Lookup(%q) = %+v, %v", name, a, ok)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	for _, name := range []string{"", "lambda", "lambda:", "lambda:NoSuchAction", "lambda:*", "s3:Get*",
		"s3:REST.PUT.OBJECT", "nosuchservice:GetThing", "CreateFunction", " lambda:CreateFunction"} {
		if a, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) = %+v, want not found", name, a)
		}
	}
}

func TestLookupReturnsACopy(t *testing.T) {
	a, _ := Lookup("sns:Subscribe")
	a.ConditionKeys[0] = "changed"
	a.Resources[0].ARNs[0] = "changed"
	b, _ := Lookup("sns:Subscribe")
	if b.ConditionKeys[0] == "changed" || b.Resources[0].ARNs[0] == "changed" {
		t.Error("changing a looked-up action changed the data")
	}
}

func TestLookupConditionKey(t *testing.T) {
	cases := []struct{ name, want, typ string }{
		{"lambda:FunctionArn", "lambda:FunctionArn", "ARN"},
		{"IAM:passedtoservice", "iam:PassedToService", "String"},
		{"aws:TagKeys", "aws:TagKeys", "ArrayOfString"},
		{"aws:ResourceTag/team", "aws:ResourceTag/${TagKey}", "String"},
		{"aws:resourcetag/a/b:c", "aws:ResourceTag/${TagKey}", "String"},
		{"s3:ExistingObjectTag/classification", "s3:ExistingObjectTag/<key>", "String"},
	}
	for _, c := range cases {
		k, ok := LookupConditionKey(c.name)
		if !ok || k.Name != c.want || k.Type != c.typ {
			t.Errorf("LookupConditionKey(%q) = %+v, %v; want %s (%s)", c.name, k, ok, c.want, c.typ)
		}
	}
	for _, name := range []string{"", "lambda:NoSuchKey", "aws:ResourceTag/", "glue:Foo"} {
		if k, ok := LookupConditionKey(name); ok {
			t.Errorf("LookupConditionKey(%q) = %+v, want not found", name, k)
		}
	}
}

// TestEveryTemplateParses covers every resource type in the data, also those
// no action names, which Load does not reach through actions.
func TestEveryTemplateParses(t *testing.T) {
	f, err := sarfile.Decode(embedded)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, svc := range f.Services {
		for _, rt := range svc.ResourceTypes {
			if len(rt.ARNs) == 0 {
				t.Errorf("%s %s: no ARN template", svc.Name, rt.Key)
			}
			for _, arn := range rt.ARNs {
				n++
				if _, err := parseARN(arn); err != nil {
					t.Errorf("%s %s: %v", svc.Name, rt.Key, err)
				}
			}
		}
	}
	if n < 300 {
		t.Errorf("only %d ARN templates", n)
	}
}

// smallFile is a well-formed one-action data set, new on each call so that
// a test case can break its copy.
func smallFile() sarfile.File {
	return sarfile.File{Source: "x@1", Services: []sarfile.Service{{
		Name:          "svc",
		Actions:       []sarfile.Action{{Name: "Do", ResourceTypes: []sarfile.ActionResource{{Name: "thing"}}}},
		ResourceTypes: []sarfile.ResourceType{{Key: "thing", ARNs: []string{"arn:${Partition}:svc:${Region}:${Account}:thing/${Id}"}}},
	}}}
}

func TestBuildSurfacesBadData(t *testing.T) {
	if _, err := build(encode(t, smallFile())); err != nil {
		t.Fatalf("good data: %v", err)
	}
	cases := map[string]func(*sarfile.Service){
		"unknown resource type": func(s *sarfile.Service) { s.Actions[0].ResourceTypes[0].Name = "other" },
		"bad template":          func(s *sarfile.Service) { s.ResourceTypes[0].ARNs[0] = "arn:${Partition}:svc:${Region" },
		"duplicate action":      func(s *sarfile.Service) { s.Actions = append(s.Actions, sarfile.Action{Name: "DO"}) },
	}
	for name, breakIt := range cases {
		f := smallFile()
		breakIt(&f.Services[0])
		if _, err := build(encode(t, f)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := build([]byte("not gzip")); err == nil {
		t.Error("garbage: no error")
	}
}

func encode(t *testing.T, f sarfile.File) []byte {
	t.Helper()
	b, err := sarfile.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func typeNames(a Action) []string {
	var out []string
	for _, r := range a.Resources {
		out = append(out, r.Type)
	}
	return out
}
