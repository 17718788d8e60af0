package schema

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/xeipuuv/gojsonschema"
)

//go:embed cfn/*.json cfn/LICENSE cfn/NOTICE
var vendored embed.FS

// ResourceType is one compiled CloudFormation resource schema.
type ResourceType struct {
	Name       string
	schema     *gojsonschema.Schema
	properties []string        // settable top-level property names, for did-you-mean
	readOnly   map[string]bool // top-level read-only properties: a template may not set them
	attributes map[string]bool // what Fn::GetAtt may ask for (read-only paths, dotted)
}

// HasAttribute reports whether Fn::GetAtt may ask this type for attr.
func (t *ResourceType) HasAttribute(attr string) bool { return t.attributes[attr] }

// Attributes lists the attributes Fn::GetAtt may ask for, sorted.
func (t *ResourceType) Attributes() []string { return sortedKeys(t.attributes) }

// Registry compiles resource schemas lazily, once per type per process, so a
// template never pays for types it does not use.
type Registry struct {
	files   fs.FS
	once    sync.Once
	names   map[string]string // file stem (aws-s3-bucket) -> file name
	mu      sync.Mutex        // guards entries, not the compiling
	entries map[string]*entry
}

// entry compiles one type exactly once, however many goroutines ask.
type entry struct {
	once sync.Once
	t    *ResourceType
	err  error
}

// formatsMu guards gojsonschema's global format-checker table: schemas register
// their backtracking patterns there while loading, validations read it.
var formatsMu sync.RWMutex

// NewRegistry reads schemas from files (a folder of <type>.json files).
func NewRegistry(files fs.FS) *Registry {
	return &Registry{files: files, entries: map[string]*entry{}}
}

var defaultRegistry = NewRegistry(mustSub(vendored, "cfn"))

// Vendored returns the registry of the schemas built into the binary.
func Vendored() *Registry { return defaultRegistry }

// SourceInfo returns the vendored schemas' origin, e.g. "github.com/aws-cloudformation/rain v1.24.4".
func SourceInfo() string {
	data, err := vendored.ReadFile("cfn/SOURCE.json")
	if err != nil {
		return "unknown"
	}
	var src struct{ Module, Version string }
	if json.Unmarshal(data, &src) != nil {
		return "unknown"
	}
	return src.Module + " " + src.Version
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		// fs.Sub only fails on an invalid path literal, which is a build-time constant.
		return f
	}
	return sub
}

// fileName is where the generator writes a type: AWS::S3::Bucket -> aws-s3-bucket.json.
func fileName(typeName string) string {
	return strings.ToLower(strings.ReplaceAll(typeName, "::", "-")) + ".json"
}

// Known lists every vendored type name, sorted. Reading the folder is cheap;
// no schema is parsed.
func (r *Registry) Known() []string {
	r.index()
	return sortedKeys(r.names)
}

func (r *Registry) index() {
	r.once.Do(func() {
		r.names = map[string]string{}
		entries, _ := fs.ReadDir(r.files, ".")
		for _, e := range entries {
			if n := e.Name(); strings.HasPrefix(n, "aws-") && strings.HasSuffix(n, ".json") {
				r.names[strings.TrimSuffix(n, ".json")] = n
			}
		}
	})
}

// Lookup compiles (once) and returns the schema of typeName; ok is false when
// the type is not vendored. Type names are case-sensitive, as in CloudFormation.
func (r *Registry) Lookup(typeName string) (t *ResourceType, ok bool, err error) {
	r.index()
	stem := strings.TrimSuffix(fileName(typeName), ".json")
	file, known := r.names[stem]
	if !known {
		return nil, false, nil
	}
	r.mu.Lock()
	e := r.entries[stem]
	if e == nil {
		e = &entry{}
		r.entries[stem] = e
	}
	r.mu.Unlock()
	e.once.Do(func() { e.t, e.err = r.compile(file) })
	t, err = e.t, e.err
	if err != nil {
		return nil, true, fmt.Errorf("schema of %s: %w", typeName, err)
	}
	if t.Name != typeName {
		return nil, false, nil
	}
	return t, true, nil
}

// Preload compiles the given types concurrently, so a template with several
// types pays for the slowest compile rather than for their sum.
func (r *Registry) Preload(typeNames []string) {
	var wg sync.WaitGroup
	for _, name := range typeNames {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Lookup(name) // errors are reported by the Lookup that needs the type
		}()
	}
	wg.Wait()
}

// Suggest returns the vendored type closest to a misspelled name, or "".
func (r *Registry) Suggest(typeName string) string {
	r.index()
	want := strings.TrimSuffix(fileName(typeName), ".json")
	best, bestDist := "", 4
	for name := range r.names {
		if d := editDistance(want, name); d < bestDist {
			best, bestDist = name, d
		}
	}
	if best == "" {
		return ""
	}
	return r.displayName(best)
}

// displayName reads the canonical type name of an indexed file.
func (r *Registry) displayName(indexName string) string {
	data, err := fs.ReadFile(r.files, r.names[indexName])
	if err != nil {
		return indexName
	}
	var head struct {
		TypeName string `json:"typeName"`
	}
	if json.Unmarshal(data, &head) != nil || head.TypeName == "" {
		return indexName
	}
	return head.TypeName
}

// defaultMatchTimeout bounds a backtracking pattern on hostile input.
const defaultMatchTimeout = time.Second

func (r *Registry) compile(file string) (*ResourceType, error) {
	data, err := fs.ReadFile(r.files, file)
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	name, _ := raw["typeName"].(string)
	t := &ResourceType{Name: name, readOnly: map[string]bool{}, attributes: map[string]bool{}}
	props, _ := raw["properties"].(map[string]any)
	for _, p := range stringList(raw["readOnlyProperties"]) {
		name := strings.TrimPrefix(p, "/properties/")
		t.attributes[strings.ReplaceAll(name, "/", ".")] = true
		if !strings.Contains(name, "/") {
			t.readOnly[name] = true
			delete(props, name)
		}
	}
	t.properties = sortedKeys(props)
	for _, k := range []string{"$id", "$schema", "id"} {
		delete(raw, k)
	}
	patterns := map[string]string{}
	prepare(raw, patterns)
	formatsMu.Lock()
	for name, pattern := range patterns {
		gojsonschema.FormatCheckers.Add(name, newBacktrackingChecker(pattern))
	}
	formatsMu.Unlock()
	compiled, err := gojsonschema.NewSchema(gojsonschema.NewGoLoader(raw))
	if err != nil {
		return nil, fmt.Errorf("does not compile: %w", err)
	}
	t.schema = compiled
	return t, nil
}

// intrinsicSchema matches a value that is an intrinsic function call: a
// one-key object named Ref, Condition or Fn::*. CloudFormation resolves those
// before the resource sees them, so the resource schema does not apply.
var intrinsicSchema = map[string]any{
	"type":          "object",
	"minProperties": 1,
	"maxProperties": 1,
	"propertyNames": map[string]any{"pattern": "^(Ref|Condition|Fn::[A-Za-z0-9]+)$"},
}

// prepare rewrites a registry schema in place for template checking:
//   - every value schema accepts an intrinsic function instead (if/then/else
//     keeps error paths flat, unlike anyOf);
//   - scalar types are loosened as CloudFormation coerces them ("1" for 1, 1 for "1");
//   - patterns Go's RE2 cannot run, which the generator parked under
//     x-pipegen-backtracking-pattern, become named formats checked with regexp2.
func prepare(node any, patterns map[string]string) {
	switch n := node.(type) {
	case map[string]any:
		if p, ok := n["x-pipegen-backtracking-pattern"].(string); ok {
			name := "pipegen-pattern:" + p
			patterns[name] = p
			n["format"] = name
			delete(n, "x-pipegen-backtracking-pattern")
		}
		loosenType(n)
		for key, child := range n {
			switch key {
			case "properties", "patternProperties", "definitions":
				if m, ok := child.(map[string]any); ok {
					for name, sub := range m {
						prepare(sub, patterns)
						if key != "definitions" {
							m[name] = allowIntrinsic(sub)
						}
					}
				}
			case "items", "additionalProperties":
				prepare(child, patterns)
				if _, ok := child.(map[string]any); ok {
					n[key] = allowIntrinsic(child)
				}
			case "enum", "required", "const", "examples", "default":
				// data, not schemas
			default:
				prepare(child, patterns)
			}
		}
	case []any:
		for _, item := range n {
			prepare(item, patterns)
		}
	}
}

func allowIntrinsic(s any) any {
	return map[string]any{"if": intrinsicSchema, "then": true, "else": s}
}

// loosenType lets scalars stand for each other the way CloudFormation converts
// them: a number or boolean where a string is expected and the reverse.
func loosenType(n map[string]any) {
	var types []string
	switch t := n["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		types = stringList(t)
	default:
		return
	}
	set := map[string]bool{}
	for _, t := range types {
		set[t] = true
		switch t {
		case "string":
			set["number"], set["boolean"] = true, true
		case "integer", "number", "boolean":
			set["string"] = true
		}
	}
	if set["number"] {
		delete(set, "integer")
	}
	out := make([]any, 0, len(set))
	for _, t := range sortedKeys(set) {
		out = append(out, t)
	}
	n["type"] = out
}

// newBacktrackingChecker checks a registry pattern that needs lookarounds.
type backtrackingChecker struct{ re *regexp2.Regexp }

func newBacktrackingChecker(pattern string) gojsonschema.FormatChecker {
	re, err := regexp2.Compile(pattern, regexp2.None)
	if err != nil {
		return backtrackingChecker{}
	}
	re.MatchTimeout = defaultMatchTimeout
	return backtrackingChecker{re: re}
}

func (c backtrackingChecker) IsFormat(input any) bool {
	s, ok := input.(string)
	if !ok || c.re == nil {
		return true
	}
	matched, err := c.re.MatchString(s)
	return err != nil || matched
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// editDistance is Levenshtein distance, for did-you-mean suggestions.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
