package sar

import (
	"encoding/json"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

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
	n := 0
	for _, svc := range embeddedServices(t) {
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

// smallService is a well-formed one-action service, new on each call so
// that a test case can break its copy.
func smallService() sarfile.Service {
	return sarfile.Service{
		Name:          "svc",
		Actions:       []sarfile.Action{{Name: "Do", ResourceTypes: []sarfile.ActionResource{{Name: "thing"}}}},
		ResourceTypes: []sarfile.ResourceType{{Key: "thing", ARNs: []string{"arn:${Partition}:svc:${Region}:${Account}:thing/${Id}"}}},
		ConditionKeys: []sarfile.ConditionKey{{Name: "aws:TagKeys", Type: "ArrayOfString"}, {Name: "svc:Color", Type: "String"}},
	}
}

// smallForeign is the index's copy of smallService's foreign keys.
var smallForeign = []sarfile.ConditionKey{{Name: "aws:TagKeys", Type: "ArrayOfString"}}

func TestLoadSurfacesBadData(t *testing.T) {
	useData(t, dataFS(t, smallForeign, smallService()))
	if err := Load(); err != nil {
		t.Fatalf("good data: %v", err)
	}
	cases := map[string]func(*sarfile.Service){
		"unknown resource type": func(s *sarfile.Service) { s.Actions[0].ResourceTypes[0].Name = "other" },
		"bad template":          func(s *sarfile.Service) { s.ResourceTypes[0].ARNs[0] = "arn:${Partition}:svc:${Region" },
		"duplicate action":      func(s *sarfile.Service) { s.Actions = append(s.Actions, sarfile.Action{Name: "DO"}) },
		"key twice": func(s *sarfile.Service) {
			s.ConditionKeys = append(s.ConditionKeys, sarfile.ConditionKey{Name: "svc:color", Type: "Bool"})
		},
		"foreign key not in the index": func(s *sarfile.Service) {
			s.ConditionKeys = append(s.ConditionKeys, sarfile.ConditionKey{Name: "aws:SourceIp", Type: "IPAddress"})
		},
		"foreign key other than the index's": func(s *sarfile.Service) { s.ConditionKeys[0].Type = "String" },
		"another service's file":             func(s *sarfile.Service) { s.Name = "other" },
	}
	for name, breakIt := range cases {
		svc := smallService()
		breakIt(&svc)
		fsys := dataFS(t, smallForeign, smallService())
		fsys["data/svc.json.gz"] = &fstest.MapFile{Data: encodeService(t, svc)}
		useData(t, fsys)
		if err := Load(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	fsys := dataFS(t, smallForeign, smallService())
	fsys["data/svc.json.gz"] = &fstest.MapFile{Data: []byte("not gzip")}
	useData(t, fsys)
	if err := Load(); err == nil {
		t.Error("garbage: no error")
	}
}

func TestBadIndex(t *testing.T) {
	for name, data := range map[string]string{
		"missing":    "",
		"not JSON":   "{",
		"unsorted":   `{"source": "x@1", "services": ["svc", "abc"]}`,
		"duplicated": `{"source": "x@1", "services": [], "foreignConditionKeys": [{"name": "aws:A", "type": "String"}, {"name": "aws:a", "type": "Bool"}]}`,
	} {
		fsys := dataFS(t, smallForeign, smallService())
		if data == "" {
			delete(fsys, "data/index.json")
		} else {
			fsys["data/index.json"] = &fstest.MapFile{Data: []byte(data)}
		}
		useData(t, fsys)
		if err := Load(); err == nil {
			t.Errorf("%s: Load: no error", name)
		}
		if _, ok := Lookup("svc:Do"); ok || Source() != "" || Services() != nil {
			t.Errorf("%s: lookups answer", name)
		}
		if _, ok := LookupConditionKey("aws:TagKeys"); ok {
			t.Errorf("%s: LookupConditionKey answers", name)
		}
	}
}

// TestBrokenServiceIsNotFound: a service that does not decode fails its own
// lookups and Load, not the other services'.
func TestBrokenServiceIsNotFound(t *testing.T) {
	good := smallService()
	good.Name = "good"
	good.ConditionKeys = []sarfile.ConditionKey{{Name: "good:Color", Type: "String"}}
	fsys := dataFS(t, nil, good, smallService())
	fsys["data/svc.json.gz"] = &fstest.MapFile{Data: []byte("not gzip")}
	useData(t, fsys)
	if _, ok := Lookup("svc:Do"); ok {
		t.Error("svc:Do found in a broken file")
	}
	if _, ok := LookupConditionKey("svc:Color"); ok {
		t.Error("svc:Color found in a broken file")
	}
	if a, ok := Lookup("GOOD:do"); !ok || a.Name != "Do" || a.Service != "good" {
		t.Errorf("good:Do = %+v, %v", a, ok)
	}
	if k, ok := LookupConditionKey("good:color"); !ok || k.Name != "good:Color" {
		t.Errorf("good:Color = %+v, %v", k, ok)
	}
	if err := Load(); err == nil || !strings.Contains(err.Error(), "svc") {
		t.Errorf("Load() = %v, want the error of svc", err)
	}
	if got := Services(); !slices.Equal(got, []string{"good", "svc"}) {
		t.Errorf("Services() = %v", got)
	}
}

// TestLookupDecodesOnlyItsService pins what makes the first lookup cheap.
func TestLookupDecodesOnlyItsService(t *testing.T) {
	t.Cleanup(reset)
	reset()
	if _, ok := LookupConditionKey("aws:TagKeys"); !ok {
		t.Fatal("aws:TagKeys not found")
	}
	if got := decoded(); len(got) != 0 {
		t.Errorf("aws:TagKeys decoded %v", got)
	}
	if _, ok := Lookup("lambda:CreateFunction"); !ok {
		t.Fatal("lambda:CreateFunction not found")
	}
	if _, ok := LookupConditionKey("iam:PassedToService"); !ok {
		t.Fatal("iam:PassedToService not found")
	}
	if got := decoded(); !slices.Equal(got, []string{"iam", "lambda"}) {
		t.Errorf("decoded %v, want iam and lambda", got)
	}
}

// decoded lists the services the current state has decoded.
func decoded() []string {
	var out []string
	for name, sl := range state.index.slots {
		if sl.svc != nil {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// TestConcurrentFirstLookups is for go test -race: every service's first
// lookup at once, with key lookups and Load racing them.
func TestConcurrentFirstLookups(t *testing.T) {
	t.Cleanup(reset)
	reset()
	var wg sync.WaitGroup
	for _, svc := range embeddedServices(t) {
		wg.Go(func() {
			if _, ok := Lookup(svc.Name + ":" + svc.Actions[0].Name); !ok {
				t.Errorf("%s:%s not found", svc.Name, svc.Actions[0].Name)
			}
		})
		wg.Go(func() {
			if _, ok := LookupConditionKey(svc.ConditionKeys[0].Name); !ok {
				t.Errorf("%s not found", svc.ConditionKeys[0].Name)
			}
		})
	}
	wg.Go(func() {
		if err := Load(); err != nil {
			t.Error(err)
		}
	})
	wg.Wait()
}

// TestEmbeddedFilesAreTheIndexServices: the embedded folder holds a file for
// each service of the index and no other, which the generator promises.
func TestEmbeddedFilesAreTheIndexServices(t *testing.T) {
	files, err := fs.Glob(embedded, "data/*.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, s := range Services() {
		want = append(want, "data/"+sarfile.ServiceFileName(s))
	}
	if !slices.Equal(files, want) {
		t.Errorf("embedded %v, want %v", files, want)
	}
}

// embeddedServices decodes every embedded service file, in index order.
func embeddedServices(t *testing.T) []sarfile.Service {
	t.Helper()
	var out []sarfile.Service
	for _, name := range Services() {
		b, err := fs.ReadFile(embedded, "data/"+sarfile.ServiceFileName(name))
		if err != nil {
			t.Fatal(err)
		}
		svc, err := sarfile.DecodeService(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, svc)
	}
	if len(out) == 0 {
		t.Fatal("no services")
	}
	return out
}

// useData makes the lookups read fsys until the test ends.
func useData(t *testing.T, fsys fs.FS) {
	t.Helper()
	prev := state
	state = newStore(fsys)
	t.Cleanup(func() { state = prev })
}

// dataFS is a data folder of svcs, as ./gen writes one.
func dataFS(t *testing.T, foreign []sarfile.ConditionKey, svcs ...sarfile.Service) fstest.MapFS {
	t.Helper()
	ix := sarfile.Index{Source: "x@1", ForeignConditionKeys: foreign}
	fsys := fstest.MapFS{}
	for _, svc := range svcs {
		ix.Services = append(ix.Services, svc.Name)
		fsys["data/"+sarfile.ServiceFileName(svc.Name)] = &fstest.MapFile{Data: encodeService(t, svc)}
	}
	b, err := sarfile.EncodeIndex(ix)
	if err != nil {
		t.Fatal(err)
	}
	fsys["data/index.json"] = &fstest.MapFile{Data: b}
	return fsys
}

func encodeService(t *testing.T, svc sarfile.Service) []byte {
	t.Helper()
	b, err := sarfile.EncodeService(svc)
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
