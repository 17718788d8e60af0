package schema

// Tests that the ways of checking a resource agree (the quick verdict and
// gojsonschema, pruned and whole schemas) on every corpus and golden
// template, and the limits that keep a hostile file cheap, through the
// whole validator.

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pipegen/pipegen/schema/cfn"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/jsonschema"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/rules"
)

// fresh is a registry of the embedded schemas that shares nothing with
// another's: its schemas are read and compiled anew.
func fresh() *Registry { return registry.NewArchive(cfn.Files, cfn.Index) }

// sameFindings checks every corpus and golden template with two validators.
func sameFindings(t *testing.T, a, b *Validator, aName, bName string) {
	for _, f := range casetest.Corpus(t, "..") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, want := a.Check(f, data), b.Check(f, data)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s give\n%v\n%s give\n%v", f, aName, got, bName, want)
		}
	}
}

func TestQuickVerdictChangesNoFinding(t *testing.T) {
	slow := &Validator{Registry: fresh(), schema: jsonschema.Options{SlowOnly: true}}
	sameFindings(t, NewValidator(), slow, "with the quick verdict", "gojsonschema alone")
}

// TestPruningChangesNoFinding checks every corpus and golden template with
// pruned schemas and with whole ones, gojsonschema deciding every resource:
// the findings must be identical.
func TestPruningChangesNoFinding(t *testing.T) {
	pruned := &Validator{Registry: fresh(), schema: jsonschema.Options{SlowOnly: true}}
	whole := &Validator{Registry: fresh(), schema: jsonschema.Options{Whole: true, SlowOnly: true}}
	sameFindings(t, pruned, whole, "pruned schemas", "whole schemas")
}

// TestParseLongJSONKey: JSON has no limit on a key's length; YAML's
// 1024-character limit on implicit keys used to make a valid JSON template
// with a key of 1,023 characters or more a syntax error. Such a file now
// reads as JSON, with the positions yaml.v3 gives any JSON, and the
// escapes YAML lacks (surrogate pairs, \/) read too.
func TestParseLongJSONKey(t *testing.T) {
	long := strings.Repeat("k", 1030)
	src := "{\"Metadata\": {\"" + long + "\": 1},\n \"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\",\n  \"Properties\": {\"" + long + "\": \"\\ud83d\\ude00\\/\"}}}}"
	doc, findings := Parse("t.json", []byte(src))
	if findings != nil {
		t.Fatalf("a false syntax error: %v", findings)
	}
	if got := doc.Root["Resources"].(map[string]any)["B"].(map[string]any)["Properties"].(map[string]any)[long]; got != "😀/" {
		t.Errorf("value %q", got)
	}
	if p := doc.KeyPosOf("Resources/B/Properties/" + long); p != (Pos{Line: 3, Col: 18}) {
		t.Errorf("key position %v, want 3:18", p)
	}
	want := "t.json:3:18: error E3002 Resources/B/Properties/…" + long[:512] + ": unknown property " + long // shortPath
	if got := findingStrings(NewValidator().Check("t.json", []byte(src))); !slices.ContainsFunc(got, func(f string) bool { return strings.HasPrefix(f, want) }) {
		t.Errorf("no finding starting %.80q... among %d", want, len(got))
	}
	// YAML keeps YAML's limit: the key is refused where it stands.
	if _, findings := Parse("t.yaml", []byte("Metadata:\n  "+long+": 1\n")); len(findings) != 1 || findings[0].Pos.Line != 2 {
		t.Errorf("a YAML key over 1024 characters: %v", findings)
	}
}

// longKeys is a valid template whose Metadata nests levels keys of 1,000
// characters over a list of items: small as text, but the path of each item
// holds every key above it.
func longKeys(levels, items int, asYAML bool) string {
	key := func(i int) string { return fmt.Sprintf("K%03d%s", i, strings.Repeat("x", 996)) }
	list := "[" + strings.TrimSuffix(strings.Repeat("1,", items), ",") + "]"
	if asYAML {
		var b strings.Builder
		b.WriteString("Resources:\n  B:\n    Type: AWS::S3::Bucket\nMetadata:\n")
		for i := range levels {
			fmt.Fprintf(&b, "%s%s:\n", strings.Repeat("  ", i+1), key(i))
		}
		fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", levels+1), list)
		return b.String()
	}
	v := list
	for i := levels - 1; i >= 0; i-- {
		v = fmt.Sprintf(`{"%s":%s}`, key(i), v)
	}
	return `{"Resources":{"B":{"Type":"AWS::S3::Bucket","Metadata":` + v + `}},"Metadata":` + v + `}`
}

// TestLongKeysCostTheirSize: 150 nested 1,000-character keys over 10,000
// items (171 KB of JSON; here twice, in the template's and in a resource's
// Metadata) took 12 s and 4.5 GB when every value kept its path as a
// string; the YAML form (100 levels, 120 KB) 7 s and 2.6 GB. The positions
// and the walks now cost the file's size, not the sum of its paths' lengths.
func TestLongKeysCostTheirSize(t *testing.T) {
	for name, src := range map[string]string{
		"json": longKeys(150, 10000, false),
		"yaml": longKeys(100, 10000, true),
	} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			got := findingStrings(NewValidator().Check("t", []byte(src)))
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("allocated %d MB checking %d KB", alloc>>20, len(src)>>10)
			}
			if took > 2*time.Second {
				t.Errorf("took %v", took)
			}
			for _, f := range got {
				if !strings.Contains(f, "W900") { // only the bucket's security warnings
					t.Errorf("unexpected finding %.200s", f)
				}
			}
		})
	}
}

// TestLongPathsAreShortInFindings: findings under long keys carry a path
// cut to about a kilobyte, not every key above them: 3,000 Refs under 150
// nested 1,000-character keys made 450 MB of findings from 196 KB (here
// 2,000 Refs, in two places).
func TestLongPathsAreShortInFindings(t *testing.T) {
	src := strings.Replace(longKeys(150, 0, false), "[]", "["+strings.TrimSuffix(strings.Repeat(`{"Ref":"Nope"},`, 1000), ",")+"]", 2)
	got := NewValidator().Check("t.json", []byte(src))
	size, refs := 0, 0
	for _, f := range got {
		size += len(f.String())
		if f.Rule == rules.Ref.ID {
			refs++
			if len(f.Path) > 1024+len("…") || !strings.HasPrefix(f.Path, "Resources/B/Metadata/…/") && !strings.HasPrefix(f.Path, "Metadata/…/") || !strings.HasSuffix(f.Path, "/Ref") {
				t.Fatalf("path %q", f.Path)
			}
		}
	}
	if refs != 2000 || size > 4<<20 { // 300 MB with whole paths
		t.Errorf("%d E1020 findings in %d MB", refs, size>>20)
	}
}
