package schema

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/schema/archive"
	"github.com/xeipuuv/gojsonschema"
)

// The vendored schemas are one deflated zip and its index, written by `make
// schema` (archive.go). The binary carries them as they are; a type is
// decompressed only when a template uses it.
//
//go:embed cfn/schemas.zip cfn/index.txt cfn/SOURCE.json cfn/LICENSE cfn/NOTICE
var vendored embed.FS

// ResourceType is one CloudFormation resource schema, prepared for
// templates. Its document is read lazily (lazyjson.go) for the quick
// verdict (verdict.go); gojsonschema gets the whole prepared document, built
// on first need and compiled per set of properties a resource uses: see
// schemaFor.
type ResourceType struct {
	Name       string
	data       []byte         // the type's JSON, as vendored
	doc        map[string]any // the document, its properties and definitions decoded on demand
	fullOnce   sync.Once
	raw        map[string]any // the whole document, prepared for gojsonschema
	rawErr     error
	mu         sync.Mutex                 // guards compiled
	compileMu  sync.Mutex                 // one gojsonschema compile at a time: see schemaFor
	compiled   map[string]*compiledSchema // by the sorted property names a resource sets
	whole      bool                       // never prune (Registry.whole)
	slowOnly   bool                       // no quick verdict (Registry.slowOnly)
	settable   map[string]bool            // top-level properties a template may set
	properties []string                   // settable top-level property names, for did-you-mean
	readOnly   map[string]bool            // top-level read-only properties: a template may not set them
	attributes map[string]bool            // what Fn::GetAtt may ask for (read-only paths, dotted)
	// backtracking is set (by full) when a pattern of the prepared document
	// needs regexp2: gojsonschema's runs then spend the file's pattern
	// budget (patterns.go).
	backtracking bool
}

// Attributes lists the attributes Fn::GetAtt may ask for, sorted.
func (t *ResourceType) Attributes() []string { return sortedKeys(t.attributes) }

// Registry compiles resource schemas lazily, once per type per process, so a
// template never pays for types it does not use. Opening the schemas (the
// zip's directory and index) is deferred to the first use too.
type Registry struct {
	open    func() (source, error) // finds the types; called once
	once    sync.Once
	source  source     // every type and how to read one (archive.go)
	err     error      // from opening or indexing the schemas
	mu      sync.Mutex // guards entries, not the compiling
	entries map[string]*entry
	whole   bool // compile whole schemas, never pruned ones (to test pruning)
	// slowOnly sends every resource to gojsonschema, without the quick
	// verdict (to test that the verdict changes no finding).
	slowOnly bool
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

// NewRegistry reads schemas from files, which holds either schemas.zip as
// `make schema` writes it, or plain <type>.json files named like its entries
// (aws-s3-bucket.json; an fstest.MapFS does for tests). Nothing is read
// before the first use. Without an index.txt, the index is built by reading
// every file's typeName, which suits a handful of files, not the vendored set.
func NewRegistry(files fs.FS) *Registry {
	return newRegistry(func() (source, error) { return openFolder(files) })
}

func newRegistry(open func() (source, error)) *Registry {
	return &Registry{open: open, entries: map[string]*entry{}}
}

// vendoredIndex is cfn/index.txt, embedded as a string: read in place.
//
//go:embed cfn/index.txt
var vendoredIndex string

var defaultRegistry = newRegistry(func() (source, error) {
	return openArchive(mustSub(vendored, "cfn"), vendoredIndex)
})

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
	return stem(typeName) + ".json"
}

// stem is a type's file name without .json: AWS::S3::Bucket -> aws-s3-bucket.
func stem(typeName string) string { return archive.Stem(typeName) }

// load opens the schemas and reads their index, once.
func (r *Registry) load() error {
	r.once.Do(func() {
		r.source, r.err = r.open()
		if r.err != nil {
			r.err = fmt.Errorf("reading the resource schemas: %w", r.err)
		}
	})
	return r.err
}

// Known lists every vendored type name, sorted. It reads the index only; no
// schema is decompressed or parsed. It is empty when the schemas cannot be
// read (Lookup says why).
func (r *Registry) Known() []string {
	if r.load() != nil {
		return nil
	}
	out := append([]string(nil), r.source.index.Names...)
	sort.Strings(out)
	return out
}

// Lookup compiles (once) and returns the schema of typeName; ok is false when
// the type is not vendored. Type names are case-sensitive, as in
// CloudFormation; the index settles that without reading the schema.
func (r *Registry) Lookup(typeName string) (t *ResourceType, ok bool, err error) {
	if err := r.load(); err != nil {
		return nil, false, err
	}
	s := stem(typeName)
	if name, known := r.source.find(s); !known || name != typeName {
		return nil, false, nil
	}
	r.mu.Lock()
	e := r.entries[s]
	if e == nil {
		e = &entry{}
		r.entries[s] = e
	}
	r.mu.Unlock()
	e.once.Do(func() { e.t, e.err = r.compile(typeName) })
	if e.err != nil {
		return nil, true, fmt.Errorf("schema of %s: %w", typeName, e.err)
	}
	return e.t, true, nil
}

// maxSuggestDistance bounds how far a suggestion may be from the name asked.
const maxSuggestDistance = 3

// Suggest returns the vendored type closest to a misspelled name, or "".
// Names are compared case-insensitively, on the index alone; of equally
// close names the first in sorted order wins, so the answer is stable.
func (r *Registry) Suggest(typeName string) string {
	if r.load() != nil {
		return ""
	}
	want := stem(typeName)
	best, bestDist := "", maxSuggestDistance+1
	for _, s := range r.source.index.Stems {
		if abs(len(s)-len(want)) >= bestDist {
			continue // the distance is at least the difference in length
		}
		if d := editDistance(want, s); d < bestDist {
			best, bestDist = s, d
		}
	}
	name, _ := r.source.find(best)
	return name
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// compile reads (from the zip: decompresses) one type's schema and decodes
// its top level; properties and definitions are decoded when first reached.
func (r *Registry) compile(typeName string) (*ResourceType, error) {
	data, err := r.source.read(stem(typeName))
	if err != nil {
		return nil, err
	}
	doc, err := lazyDocument(data)
	if err != nil {
		return nil, err
	}
	if name, _ := doc["typeName"].(string); name != typeName {
		return nil, fmt.Errorf("%s holds typeName %q", fileName(typeName), name)
	}
	t := &ResourceType{Name: typeName, data: data, doc: doc, readOnly: map[string]bool{},
		attributes: map[string]bool{}, whole: r.whole, slowOnly: r.slowOnly, compiled: map[string]*compiledSchema{}}
	for _, p := range stringList(doc["readOnlyProperties"]) {
		name := strings.TrimPrefix(p, "/properties/")
		t.attributes[strings.ReplaceAll(name, "/", ".")] = true
		if !strings.Contains(name, "/") {
			t.readOnly[name] = true
		}
	}
	// Read-only properties stay in the schema, as a $ref may point at one
	// (AWS::OpenSearchService::Application refers to #/properties/Arn); the
	// validator takes them out of the input before the schema sees it.
	if fix := errata[typeName]; fix != nil {
		fix(doc)
	}
	props, _ := doc["properties"].(map[string]any)
	t.settable = map[string]bool{}
	for _, name := range sortedKeys(props) {
		if !t.readOnly[name] {
			t.properties = append(t.properties, name)
			t.settable[name] = true
		}
	}
	return t, nil
}

// scopeKeys are removed from the root: the schema's own identity, which
// gojsonschema would try to resolve.
var scopeKeys = []string{"$id", "$schema", "id"}

// resourceMetadata are the registry's keys about provisioning (permissions,
// tagging, identifiers): neither a JSON Schema keyword nor read by a check,
// so the lazy document leaves them out (gojsonschema would ignore them).
var resourceMetadata = map[string]bool{
	"handlers": true, "tagging": true, "propertyTransform": true, "primaryIdentifier": true,
	"additionalIdentifiers": true, "createOnlyProperties": true, "writeOnlyProperties": true,
	"conditionalCreateOnlyProperties": true, "deprecatedProperties": true, "replacementStrategy": true,
	"sourceUrl": true, "documentationUrl": true, "taggable": true, "resourceLink": true,
}

// lazyDocument decodes the top level of a schema; the members of its
// properties and definitions stay undecoded (lazyValue) until used.
func lazyDocument(data []byte) (map[string]any, error) {
	members, err := splitObject(data)
	if err != nil {
		return nil, err
	}
	doc := make(map[string]any, len(members))
	for key, raw := range members {
		switch {
		case resourceMetadata[key]:
			continue
		case key == "properties" || key == "definitions":
			inner, err := splitObject(raw)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			m := make(map[string]any, len(inner))
			for name, value := range inner {
				m[name] = &lazyValue{raw: value}
			}
			doc[key] = m
		default:
			v, err := (&lazyValue{raw: raw}).get()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			doc[key] = v
		}
	}
	for _, k := range scopeKeys {
		delete(doc, k)
	}
	return doc, nil
}

// full decodes the whole document and prepares it for gojsonschema, once.
func (t *ResourceType) full() (map[string]any, error) {
	t.fullOnce.Do(func() {
		var raw map[string]any
		// Numbers stay json.Number: the schema goes to gojsonschema as it is
		// (a raw loader), without a marshal and decode round trip per compile.
		dec := json.NewDecoder(bytes.NewReader(t.data))
		dec.UseNumber()
		if err := dec.Decode(&raw); err != nil {
			t.rawErr = fmt.Errorf("the schema of %s: %w", t.Name, err)
			return
		}
		if fix := errata[t.Name]; fix != nil {
			fix(raw)
		}
		for _, k := range scopeKeys {
			delete(raw, k)
		}
		patterns := map[string]string{}
		prepare(raw, patterns)
		formatsMu.Lock()
		for name, pattern := range patterns {
			if !gojsonschema.FormatCheckers.Has(name) {
				gojsonschema.FormatCheckers.Add(name, lazyPatternFor(pattern))
			}
			if _, re2 := compiledRegexp(pattern); !re2 {
				t.backtracking = true
			}
		}
		formatsMu.Unlock()
		t.raw = raw
	})
	return t.raw, t.rawErr
}

// intrinsicSchema matches a value that is an intrinsic function call: a
// one-key object named Ref, Condition or Fn::*. CloudFormation resolves those
// before the resource sees them, so the resource schema does not apply.
//
// The name test is a format, not a pattern: gojsonschema compiles a pattern
// again for every schema that carries it, and this one is on every value.
var intrinsicSchema = map[string]any{
	"type":          "object",
	"minProperties": json.Number("1"),
	"maxProperties": json.Number("1"),
	"propertyNames": map[string]any{"format": intrinsicNameFormat},
}

const intrinsicNameFormat = "pipegen-intrinsic-name"

// intrinsicName matches Ref, Condition and Fn::Name.
type intrinsicName struct{}

func (intrinsicName) IsFormat(input any) bool {
	s, ok := input.(string)
	if !ok {
		return false
	}
	if s == "Ref" || s == "Condition" {
		return true
	}
	name, ok := strings.CutPrefix(s, "Fn::")
	if !ok || name == "" {
		return false
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func init() {
	gojsonschema.FormatCheckers.Add(intrinsicNameFormat, intrinsicName{})
}

// prepare rewrites a registry schema in place for template checking:
//   - every value schema accepts an intrinsic function instead (if/then/else
//     keeps error paths flat, unlike anyOf);
//   - scalar types are loosened as CloudFormation coerces them ("1" for 1, 1 for "1");
//   - patterns become named formats compiled on first use (lazyPattern),
//     including those Go's RE2 cannot run, which the generator parked under
//     x-pipegen-backtracking-pattern.
func prepare(node any, patterns map[string]string) {
	switch n := node.(type) {
	case map[string]any:
		if p, ok := n["x-pipegen-backtracking-pattern"].(string); ok {
			delete(n, "x-pipegen-backtracking-pattern")
			lazyFormat(n, p, patterns) // gojsonschema cannot compile it: a format is the only way
		} else if p, ok := n["pattern"].(string); ok && n["format"] == nil {
			delete(n, "pattern")
			lazyFormat(n, p, patterns)
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
// lazyFormat replaces a pattern by the format that checks it.
func lazyFormat(n map[string]any, pattern string, patterns map[string]string) {
	name := "pipegen-pattern:" + pattern
	patterns[name] = pattern
	n["format"] = name
}

// lazyPattern checks a schema pattern, compiled on its first use: a check
// pays only for the patterns its values meet, and each pattern compiles once
// per process whichever schemas carry it (lazyPatternFor). Go's RE2 runs it
// when it can; patterns that need lookarounds (parked by the generator) run
// on regexp2, within the file's pattern budget (patterns.go).
type lazyPattern struct {
	pattern string
	once    sync.Once
	re      *regexp.Regexp // nil: the pattern needs regexp2
}

// lazyPatterns holds one lazyPattern per pattern text, for the quick
// verdict and gojsonschema's format checkers alike.
var lazyPatterns sync.Map // string -> *lazyPattern

func lazyPatternFor(pattern string) *lazyPattern {
	if l, ok := lazyPatterns.Load(pattern); ok {
		return l.(*lazyPattern)
	}
	l, _ := lazyPatterns.LoadOrStore(pattern, &lazyPattern{pattern: pattern})
	return l.(*lazyPattern)
}

// IsFormat is the check gojsonschema runs, with the budget runSchema lent:
// a match the budget stopped is undecided, and undecided is no finding.
func (l *lazyPattern) IsFormat(input any) bool {
	s, ok := input.(string)
	if !ok {
		return true // a pattern only constrains strings
	}
	matched, decided := l.match(s, borrowed())
	return matched || !decided
}

// match matches s; decided is false when a pattern that needs regexp2 ran
// out of site's budget (a site without one gets a budget of its own).
func (l *lazyPattern) match(s string, site patternSite) (matched, decided bool) {
	l.once.Do(func() { l.re, _ = compiledRegexp(l.pattern) })
	if l.re != nil {
		return l.re.MatchString(s), true
	}
	if site.budget == nil {
		site.budget = newPatternBudget(patternTime)
	}
	// A pattern regexp2 cannot compile matches: the generator checked that
	// every vendored one compiles.
	return site.budget.match(l.pattern, s, site.path, "the pattern "+l.pattern)
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

// maxPrefetch bounds the types one prefetch reads.
const maxPrefetch = 64

// prefetch starts reading, in the background, the schemas of the AWS types
// named in a template's text, so they load while the template is parsed
// (on another core) instead of after. A name that is no resource's type
// costs one schema read; Lookup waits for reads already under way. (Decoding
// every property and definition there as well was measured to cost more CPU
// than it saves: a check decodes only what its resources reach.)
func (r *Registry) prefetch(text []byte) {
	for _, name := range awsTypeNames(text, maxPrefetch) {
		go r.Lookup(name) //nolint:errcheck // Lookup reports errors again when asked
	}
}

// awsTypeNames returns the distinct AWS::Service::Resource names in text,
// at most limit of them.
func awsTypeNames(text []byte, limit int) []string {
	var names []string
	seen := map[string]bool{}
	for rest := text; len(names) < limit; {
		i := bytes.Index(rest, []byte("AWS::"))
		if i < 0 {
			break
		}
		end := i + len("AWS::")
		for end < len(rest) && (isAlnum(rest[end]) || rest[end] == ':') {
			end++
		}
		if name := string(rest[i:end]); strings.Count(name, "::") == 2 && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		rest = rest[end:]
	}
	return names
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// HandlerPermissions returns what the registry schema of typeName lists
// under handlers.<operation>.permissions: the IAM actions CloudFormation
// calls, with the stack's role, to create, read, update, delete and list
// resources of the type. ok is false when the type is not vendored; a type
// without handlers (a legacy, non-registry type) gives an empty map.
func (r *Registry) HandlerPermissions(typeName string) (perms map[string][]string, ok bool, err error) {
	if err := r.load(); err != nil {
		return nil, false, err
	}
	s := stem(typeName)
	if name, known := r.source.find(s); !known || name != typeName {
		return nil, false, nil
	}
	data, err := r.source.read(s)
	if err != nil {
		return nil, true, err
	}
	var doc struct {
		Handlers map[string]struct {
			Permissions []string `json:"permissions"`
		} `json:"handlers"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, true, fmt.Errorf("schema of %s: %w", typeName, err)
	}
	perms = map[string][]string{}
	for op, h := range doc.Handlers {
		perms[op] = h.Permissions
	}
	return perms, true, nil
}
