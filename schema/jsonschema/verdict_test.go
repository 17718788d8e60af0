package jsonschema

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema/cfn"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/lazyjson"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/template"
	"github.com/xeipuuv/gojsonschema"
)

// vendoredRegistry is a fresh registry of the embedded schemas.
func vendoredRegistry() *registry.Registry { return registry.NewArchive(cfn.Files, cfn.Index) }

// verdictTypes cover the keywords the quick verdict implements: the
// pipeline's types, and types with dependencies, multipleOf, const, oneOf,
// anyOf, allOf, minProperties and patternProperties.
var verdictTypes = []string{
	"AWS::S3::Bucket", "AWS::S3::BucketPolicy", "AWS::IAM::Role", "AWS::IAM::Policy",
	"AWS::CodePipeline::Pipeline", "AWS::CodeBuild::Project", "AWS::CodeCommit::Repository",
	"AWS::Lambda::Function", "AWS::DynamoDB::Table", "AWS::EC2::SecurityGroup",
	"AWS::AutoScaling::AutoScalingGroup", "AWS::Cassandra::Keyspace",
	"AWS::CloudFront::CachePolicy", "AWS::AmplifyUIBuilder::Form",
	"AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ARCZonalShift::ZonalAutoshiftConfiguration",
	"AWS::CloudWatch::MetricStream", "AWS::Bedrock::Flow", "AWS::ApiGateway::Deployment",
	"AWS::CloudFormation::Stack", "AWS::SNS::Topic", "AWS::Events::Rule",
}

// TestGeneratedPipelinesNeedNoCompile is the point of the quick verdict:
// every resource pipegen generates is judged valid without gojsonschema.
func TestGeneratedPipelinesNeedNoCompile(t *testing.T) {
	golden, _ := filepath.Glob("../../testdata/golden/*/pipeline.*")
	if len(golden) == 0 {
		t.Fatal("no golden pipelines")
	}
	reg := vendoredRegistry()
	for _, f := range golden {
		for _, r := range resourcesOf(t, f) {
			typ, ok, err := reg.Lookup(r.typ)
			if !ok || err != nil {
				t.Fatalf("%s: %s: %v", f, r.typ, err)
			}
			if got := quickVerdict(typ, r.props, pattern.Site{}); got != valid {
				t.Errorf("%s: %s %s: quick verdict %d, want valid", f, r.id, r.typ, got)
			}
		}
	}
}

type corpusResource struct {
	id, typ string
	props   map[string]any
}

// resourcesOf returns the schema-checked resources of a template, their
// read-only properties taken out as the validator does.
func resourcesOf(t *testing.T, file string) []corpusResource {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, findings := template.Parse(file, data)
	if doc == nil || findings != nil {
		return nil
	}
	res, _ := doc.Root["Resources"].(map[string]any)
	var out []corpusResource
	for _, id := range slices.Sorted(maps.Keys(res)) {
		r, _ := res[id].(map[string]any)
		typ, _ := r["Type"].(string)
		props, _ := r["Properties"].(map[string]any)
		if typ == "" || props == nil || strings.HasPrefix(typ, "Custom::") || strings.HasPrefix(typ, "AWS::Serverless::") || typ == "AWS::CloudFormation::CustomResource" {
			continue
		}
		out = append(out, corpusResource{id, typ, props})
	}
	return out
}

// agree checks that a decided quick verdict is gojsonschema's answer, and
// returns the verdict.
func agree(t *testing.T, typ *registry.ResourceType, props any, what string) verdict {
	t.Helper()
	if m, ok := props.(map[string]any); ok {
		props = withoutReadOnly(typ, m)
	}
	v := quickVerdict(typ, props, pattern.Site{})
	if v == undecided {
		return v
	}
	errs, err := schemaErrors(typ, props, pattern.Site{}, Options{})
	if err != nil {
		t.Fatalf("%s: %v", typ.Name, err)
	}
	if (v == valid) != (len(errs) == 0) {
		text, _ := json.Marshal(props)
		t.Errorf("%s %s: quick verdict %d, gojsonschema %v\n%s", typ.Name, what, v, errs, text)
	}
	return v
}

// verdictCounts tallies verdicts; both valid and invalid values must occur,
// or a comparison proves little.
type verdictCounts [3]int

func (c *verdictCounts) check(t *testing.T, what string) {
	t.Helper()
	total := c[undecided] + c[valid] + c[invalid]
	t.Logf("%s: %d valid, %d invalid, %d undecided", what, c[valid], c[invalid], c[undecided])
	if c[valid] < total/10 || c[invalid] < total/10 || c[undecided] > total/10 {
		t.Errorf("%s: want at least a tenth valid and a tenth invalid, at most a tenth undecided", what)
	}
}

// mutationStride keeps every third mutation: all of them (18,000) take
// seconds, and neighbours differ little.
const mutationStride = 3

// TestQuickVerdictAgreesOnMutations changes every value of every corpus
// resource, one at a time, into values of other kinds and shapes, and
// requires that each decided verdict is gojsonschema's.
func TestQuickVerdictAgreesOnMutations(t *testing.T) {
	reg := vendoredRegistry()
	perType := map[string]int{}
	var counts verdictCounts
	for _, f := range casetest.Corpus(t, "../..") {
		for _, r := range resourcesOf(t, f) {
			typ, ok, err := reg.Lookup(r.typ)
			if !ok || err != nil || perType[r.typ] >= 1 {
				continue
			}
			perType[r.typ]++
			for i, m := range mutations(r.props) {
				if i%mutationStride != 0 {
					continue
				}
				counts[agree(t, typ, m, fmt.Sprintf("%s %s mutation %d", f, r.id, i))]++
			}
		}
	}
	counts.check(t, "mutations")
}

// replacements are what a value is changed into.
var replacements = []any{
	"", "x", "UPPER case!", strings.Repeat("a", 2100), int64(-1), int64(0), int64(1 << 40),
	1.5, float64(3), true, nil, []any{}, []any{"a", "a"}, []any{map[string]any{}},
	map[string]any{}, map[string]any{"Ref": "X"}, map[string]any{"Bogus": int64(1)},
	map[string]any{"Fn::Sub": "x", "Ref": "y"},
}

// mutations returns copies of props, each with one value replaced, one key
// removed or one unknown key added, at every depth.
func mutations(props map[string]any) []any {
	var out []any
	var walk func(v any, replace func(any) any)
	walk = func(v any, replace func(any) any) {
		for _, r := range replacements {
			out = append(out, replace(r))
		}
		switch v := v.(type) {
		case map[string]any:
			out = append(out, replace(with(v, "Bogus", "x")))
			for _, k := range slices.Sorted(maps.Keys(v)) {
				out = append(out, replace(without2(v, k)))
				walk(v[k], func(n any) any { return replace(with(v, k, n)) })
			}
		case []any:
			for i := range v {
				walk(v[i], func(n any) any {
					c := append([]any(nil), v...)
					c[i] = n
					return replace(c)
				})
			}
			if len(v) > 0 {
				out = append(out, replace(append(append([]any(nil), v...), v[0])))
			}
		}
	}
	walk(props, func(n any) any { return n })
	return out
}

func with(m map[string]any, k string, v any) map[string]any {
	c := make(map[string]any, len(m)+1)
	for k2, v2 := range m {
		c[k2] = v2
	}
	c[k] = v
	return c
}

func without2(m map[string]any, k string) map[string]any {
	c := with(m, k, nil)
	delete(c, k)
	return c
}

// TestQuickVerdictAgreesOnGeneratedValues builds values from the schemas of
// verdictTypes (every vendored type with PIPEGEN_ALL_SCHEMAS=1) themselves (required and random optional properties, enum
// members, each branch of a oneOf), valid and invalid ones, so the keywords
// real templates rarely use are compared too.
func TestQuickVerdictAgreesOnGeneratedValues(t *testing.T) {
	reg := vendoredRegistry()
	rng := rand.New(rand.NewPCG(1, 2))
	var counts verdictCounts
	types := verdictTypes
	if os.Getenv(allSchemasEnv) != "" {
		types = reg.Known() // every vendored type: make schema runs this
	}
	for _, name := range types {
		typ, ok, err := reg.Lookup(name)
		if !ok || err != nil {
			t.Fatalf("%s: %v %v", name, ok, err)
		}
		for i := range 60 {
			g := &valueGen{t: typ, rng: rng}
			v := g.value(typ.Doc(), 0)
			counts[agree(t, typ, v, fmt.Sprintf("generated value %d", i))]++
		}
	}
	counts.check(t, "generated values")
}

// valueGen makes a value for a schema node: mostly what the schema asks
// for, sometimes not.
type valueGen struct {
	t   *registry.ResourceType
	rng *rand.Rand
}

func (g *valueGen) value(s any, depth int) any {
	s, _ = lazyjson.Resolve(s)
	n, ok := s.(map[string]any)
	if !ok || depth > 12 {
		return "x"
	}
	if ref, ok := n["$ref"].(string); ok {
		section, name, _ := strings.Cut(strings.TrimPrefix(ref, "#/"), "/")
		members, _ := g.t.Doc()[section].(map[string]any)
		return g.value(members[name], depth+1)
	}
	if g.rng.IntN(25) == 0 {
		return replacements[g.rng.IntN(len(replacements))]
	}
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		if list, ok := n[k].([]any); ok && len(list) > 0 && g.rng.IntN(2) == 0 {
			return g.value(list[g.rng.IntN(len(list))], depth+1)
		}
	}
	if enum, ok := n["enum"].([]any); ok && len(enum) > 0 {
		return enum[g.rng.IntN(len(enum))]
	}
	switch typeName(n["type"]) {
	case "object":
		return g.object(n, depth)
	case "array":
		var list []any
		for range g.rng.IntN(3) {
			list = append(list, g.value(n["items"], depth+1))
		}
		return list
	case "integer":
		return int64(g.rng.IntN(200) - 10)
	case "number":
		return float64(g.rng.IntN(100)) / 4
	case "boolean":
		return g.rng.IntN(2) == 0
	}
	if g.rng.IntN(3) == 0 {
		return map[string]any{"Fn::Sub": "${AWS::Region}"}
	}
	return []string{"", "abc", "arn:aws:s3:::bucket", "Enabled", "10"}[g.rng.IntN(5)]
}

func (g *valueGen) object(n map[string]any, depth int) map[string]any {
	out := map[string]any{}
	props, _ := n["properties"].(map[string]any)
	for _, r := range lazyjson.Strings(n["required"]) {
		out[r] = g.value(props[r], depth+1)
	}
	names := slices.Sorted(maps.Keys(props))
	sort.Strings(names)
	for _, name := range names {
		if g.rng.IntN(4) == 0 {
			out[name] = g.value(props[name], depth+1)
		}
	}
	return out
}

func typeName(t any) string {
	switch t := t.(type) {
	case string:
		return t
	case []any:
		if len(t) > 0 {
			s, _ := t[0].(string)
			return s
		}
	}
	return ""
}

// FuzzQuickVerdict compares the quick verdict with gojsonschema on any
// properties, as JSON, for one of verdictTypes, or on any buildspec (which
// past the last type).
func FuzzQuickVerdict(f *testing.F) {
	for _, file := range []string{"../../testdata/golden/default/pipeline.yml", "../../testdata/golden/full/pipeline.yml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		doc, _ := template.Parse(file, data)
		res, _ := doc.Root["Resources"].(map[string]any)
		for _, id := range slices.Sorted(maps.Keys(res)) {
			r, _ := res[id].(map[string]any)
			text, _ := json.Marshal(r["Properties"])
			for i, name := range verdictTypes {
				if name == r["Type"] {
					f.Add(uint8(i), text)
				}
			}
		}
	}
	f.Add(uint8(0), []byte(`{"BucketName": 12, "Tags": [{"Key": "a", "Value": 1.5}, {"Key": "a", "Value": 1.5}]}`))
	f.Add(uint8(12), []byte(`{"CachePolicyConfig": {"DefaultTTL": 1.5, "MinTTL": -1}}`))
	// A registry pattern regexp2 runs (a lookbehind) on a long value, within
	// the time budget; a key over YAML's 1024 characters (read as JSON).
	f.Add(uint8(7), []byte(`{"Code": {"S3Bucket": "`+strings.Repeat("a.", 3000)+`"}, "Role": "r", "Handler": "h", "Runtime": "python3.12"}`))
	f.Add(uint8(0), []byte(`{"`+strings.Repeat("k", 1030)+`": 1, "BucketName": 1e300}`))
	buildspecCase := uint8(len(verdictTypes))
	f.Add(buildspecCase, []byte(`{"version": 0.2, "phases": {"build": {"commands": ["make"]}}}`))
	f.Add(buildspecCase, []byte(`{"version": "0.2", "env": {"variables": {"A": 1}}, "phases": {"install": {"runtime-versions": {"python": 3.12}}}}`))
	reg := vendoredRegistry()
	f.Fuzz(func(t *testing.T, which uint8, props []byte) {
		if which%(buildspecCase+1) == buildspecCase {
			fuzzBuildspecVerdict(t, props)
			return
		}
		name := verdictTypes[int(which)%len(verdictTypes)]
		src := `{"Resources": {"R": {"Type": "` + name + `", "Properties": ` + string(props) + `}}}`
		doc, findings := template.Parse("fuzz.json", []byte(src))
		if doc == nil || findings != nil {
			return
		}
		res, _ := doc.Root["Resources"].(map[string]any)
		r, _ := res["R"].(map[string]any)
		if r == nil || r["Type"] != name {
			return // the input closed the template early
		}
		typ, _, err := reg.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		agree(t, typ, r["Properties"], "fuzzed")
	})
}

// buildspecSchemas returns the buildspec schema as the verdict and as
// gojsonschema read it.
func buildspecSchemas(t *testing.T) (map[string]any, *gojsonschema.Schema) {
	t.Helper()
	root, err := buildspecDocument()
	if err != nil {
		t.Fatal(err)
	}
	s, err := buildspecSchema()
	if err != nil {
		t.Fatal(err)
	}
	return root, s
}

func fuzzBuildspecVerdict(t *testing.T, text []byte) {
	doc, findings := template.Parse("buildspec.json", text)
	if doc == nil || findings != nil {
		return
	}
	root, s := buildspecSchemas(t)
	v := plainVerdict(root, doc.Root)
	if errs := runSchema(s, doc.Root); v != undecided && (v == valid) != (len(errs) == 0) {
		t.Errorf("buildspec: quick verdict %d, gojsonschema %v", v, errs)
	}
}

// buildspecTexts returns the golden buildspec files and every inline
// BuildSpec of the corpus and golden templates.
func buildspecTexts(t *testing.T) []string {
	t.Helper()
	var out []string
	files, _ := filepath.Glob("../../testdata/golden/*/buildspec*.yml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(data))
	}
	for _, f := range casetest.Corpus(t, "../..") {
		for _, r := range resourcesOf(t, f) {
			source, _ := r.props["Source"].(map[string]any)
			if text, ok := source["BuildSpec"].(string); ok && strings.Contains(text, "\n") {
				out = append(out, text)
			}
		}
	}
	if len(out) < 5 {
		t.Fatalf("found only %d buildspecs", len(out))
	}
	return out
}

// TestBuildspecVerdictAgrees compares the quick verdict on the plain
// buildspec schema with gojsonschema, on real buildspecs and their mutations.
func TestBuildspecVerdictAgrees(t *testing.T) {
	root, s := buildspecSchemas(t)
	var counts verdictCounts
	for i, text := range buildspecTexts(t) {
		doc, findings := template.Parse("buildspec.yml", []byte(text))
		if doc == nil || findings != nil {
			continue // the bad corpus has a buildspec that is not YAML
		}
		for j, m := range mutations(doc.Root) {
			if j%mutationStride != 0 {
				continue
			}
			v := plainVerdict(root, m)
			counts[v]++
			if v == undecided {
				continue
			}
			if errs := runSchema(s, m); (v == valid) != (len(errs) == 0) {
				text, _ := json.Marshal(m)
				t.Errorf("buildspec %d mutation %d: quick verdict %d, gojsonschema %v\n%s", i, j, v, errs, text)
			}
		}
	}
	counts.check(t, "buildspec mutations")
}

// TestSameValue checks sameValue against the canonical texts it stands for.
func TestSameValue(t *testing.T) {
	values := []any{
		nil, true, false, "", "a", "1", "\xff", "\xfe", int64(1), int64(2), 1.0, 1.5, json.Number("1.0"),
		json.Number("1e400"), math.Inf(1), int64(9007199254740993), float64(9007199254740992),
		[]any{}, []any{"a"}, []any{int64(1)}, []any{1.0}, []any{"\xff"},
		map[string]any{}, map[string]any{"a": int64(1)}, map[string]any{"a": 1.0}, map[string]any{"b": int64(1)},
		map[string]any{"\xff": int64(1), "\xfe": int64(1)}, map[string]any{"\ufffd": int64(1)},
		map[string]any{"a": []any{"x", map[string]any{"y": nil}}}, map[string]any{"a": []any{"x", map[string]any{"y": false}}},
	}
	for _, a := range values {
		for _, b := range values {
			same, ok := sameValue(a, b)
			if !ok {
				continue
			}
			ca, okA := canonicalJSON(a)
			cb, okB := canonicalJSON(b)
			if !okA || !okB {
				t.Errorf("sameValue(%#v, %#v) decided, but JSON cannot write them", a, b)
				continue
			}
			if same != (ca == cb) {
				t.Errorf("sameValue(%#v, %#v) = %v; canonical texts %s and %s", a, b, same, ca, cb)
			}
		}
	}
}

// TestPlainVerdictKeywords compares the verdict with gojsonschema on plain
// schemas using the keywords the vendored schemas use rarely or never, and
// requires each listed value to be decided.
func TestPlainVerdictKeywords(t *testing.T) {
	cases := []struct {
		schema string
		values []any
	}{
		{`{"type": ["integer", "null"]}`, []any{int64(1), 1.5, nil, "1", 2.0}},
		{`{"oneOf": [{"type": "string"}, {"minLength": 2}]}`, []any{"a", "ab", int64(1)}},
		{`{"anyOf": [{"type": "string"}, {"type": "boolean"}]}`, []any{"a", true, int64(1)}},
		{`{"not": {"type": "string"}}`, []any{"a", int64(1)}},
		{`{"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"minimum": 5}}`, []any{"a", "ab", int64(4), int64(6)}},
		{`{"if": {"type": "string"}, "then": {"minLength": 2}}`, []any{"a", int64(1)}},
		{`{"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}`, []any{map[string]any{"a": int64(1)}, map[string]any{"a": int64(1), "b": int64(2)}, map[string]any{"c": int64(1)}, map[string]any{"c": int64(1), "d": int64(1)}, "x"}},
		{`{"propertyNames": {"pattern": "^[a-z]+$"}}`, []any{map[string]any{"ab": int64(1)}, map[string]any{"Ab": int64(1)}}},
		{`{"multipleOf": 0.5, "exclusiveMinimum": 0, "exclusiveMaximum": 10}`, []any{int64(0), 0.5, 1.25, 9.5, int64(10)}},
		{`{"minimum": 1, "maximum": 3}`, []any{int64(0), int64(1), 3.0, 3.5}},
		{`{"const": {"a": [1, "x"]}}`, []any{map[string]any{"a": []any{int64(1), "x"}}, map[string]any{"a": []any{1.0, "x"}}, map[string]any{"a": []any{"x", int64(1)}}}},
		{`{"enum": [1, "1", null, true]}`, []any{int64(1), 1.0, "1", nil, true, false, "2"}},
		{`{"uniqueItems": true, "items": {"type": "object"}}`, []any{[]any{map[string]any{"a": int64(1)}, map[string]any{"a": 1.0}}, []any{map[string]any{"a": int64(1)}, map[string]any{"a": int64(2)}}, []any{"x"}}},
		{`{"minProperties": 1, "maxProperties": 2, "required": ["a"]}`, []any{map[string]any{}, map[string]any{"a": nil}, map[string]any{"a": nil, "b": nil, "c": nil}}},
		{`{"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false}`, []any{map[string]any{"x-a": "s"}, map[string]any{"x-a": int64(1)}, map[string]any{"y": "s"}}},
		{`{"properties": {"a": {"$ref": "#/definitions/A"}}, "definitions": {"A": {"type": "string", "maxLength": 2}}}`, []any{map[string]any{"a": "ab"}, map[string]any{"a": "abc"}}},
		{`{"format": "date-time"}`, []any{"2026-11-26T00:00:00Z", "yesterday", int64(1)}},
		{`{"pattern": "^a", "minLength": 1}`, []any{"ab", "ba", "", true}},
	}
	for _, c := range cases {
		var root map[string]any
		dec := json.NewDecoder(strings.NewReader(c.schema))
		dec.UseNumber()
		if err := dec.Decode(&root); err != nil {
			t.Fatalf("%s: %v", c.schema, err)
		}
		compiled, err := gojsonschema.NewSchema(gojsonschema.NewStringLoader(c.schema))
		if err != nil {
			t.Fatalf("%s: %v", c.schema, err)
		}
		for _, v := range c.values {
			got := plainVerdict(root, v)
			want := truth(len(runSchema(compiled, v)) == 0)
			if got != want {
				t.Errorf("%s on %#v: verdict %d, gojsonschema %d", c.schema, v, got, want)
			}
		}
	}
}

// TestStrippedKeysAgree: the quick verdict and gojsonschema both hold the
// names a stripped patternProperties key lets through to the source key.
func TestStrippedKeysAgree(t *testing.T) {
	typ, _, err := vendoredRegistry().Lookup("AWS::Oam::Sink")
	if err != nil {
		t.Fatal(err)
	}
	for props, want := range map[string]verdict{
		`{"Name": "s", "Tags": {"team": "y"}}`:              valid,
		`{"Name": "s", "Tags": {"aws:owner": "y"}}`:         invalid,
		`{"Name": "s", "Tags": {"team": "y", "aws:": "z"}}`: invalid,
	} {
		var v any
		if err := json.Unmarshal([]byte(props), &v); err != nil {
			t.Fatal(err)
		}
		if got := agree(t, typ, v, props); got != want {
			t.Errorf("%s: verdict %d, want %d", props, got, want)
		}
	}
}
