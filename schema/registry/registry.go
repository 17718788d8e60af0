// Package registry reads the vendored CloudFormation resource schemas: the
// index of type names, one type's schema when a template first uses it
// (decompressed from the archive and decoded lazily), the registry's
// errata, a prefetch of the types a template's text names, and the handler
// permissions generate derives the deploy role from.
package registry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/schema/archive"
	"github.com/pipegen/pipegen/schema/lazyjson"
	"github.com/pipegen/pipegen/schema/suggest"
)

// ResourceType is one CloudFormation resource schema as vendored, with the
// facts a template's checks ask of it: which properties a template may set,
// which are read-only, which attributes Fn::GetAtt may ask for. Its
// document is read lazily (schema/lazyjson): its properties and
// definitions are decoded when a check first reaches them.
type ResourceType struct {
	Name       string
	data       []byte          // the type's JSON, as vendored
	doc        map[string]any  // the document, its properties and definitions decoded on demand
	settable   map[string]bool // top-level properties a template may set
	properties []string        // settable top-level property names, for did-you-mean
	readOnly   map[string]bool // top-level read-only properties: a template may not set them
	attributes map[string]bool // what Fn::GetAtt may ask for (read-only paths, dotted)
	memo       sync.Map        // what other packages derive from the type, by their key: see Memo
}

// Doc is the type's schema document with errata applied: its top level
// decoded, the members of its properties and definitions *lazyjson.Value
// until used. Callers must not change it.
func (t *ResourceType) Doc() map[string]any { return t.doc }

// Data is the type's schema as vendored, JSON.
func (t *ResourceType) Data() []byte { return t.data }

// Properties lists the top-level properties a template may set, sorted.
func (t *ResourceType) Properties() []string { return t.properties }

// ReadOnly reports a top-level read-only property: AWS sets it, a template
// may not.
func (t *ResourceType) ReadOnly(name string) bool { return t.readOnly[name] }

// Memo returns what make builds from the type, made once per key and kept
// as long as the type (the compiled schemas of schema/jsonschema): a
// registry's types live as long as the registry, and a fresh registry
// starts with nothing made.
func (t *ResourceType) Memo(key any, make func() any) any {
	v, ok := t.memo.Load(key)
	if !ok {
		v, _ = t.memo.LoadOrStore(key, &memo{})
	}
	m := v.(*memo)
	m.once.Do(func() { m.v = make() })
	return m.v
}

type memo struct {
	once sync.Once
	v    any
}

// Registry reads resource schemas lazily, once per type per process, so a
// template never pays for types it does not use. Opening the schemas (the
// zip's directory and index) is deferred to the first use too.
type Registry struct {
	open    func() (source, error) // finds the types; called once
	once    sync.Once
	source  source     // every type and how to read one (source.go)
	err     error      // from opening or indexing the schemas
	mu      sync.Mutex // guards entries, not the reading
	entries map[string]*entry
}

// entry compiles one type exactly once, however many goroutines ask.
type entry struct {
	once sync.Once
	t    *ResourceType
	err  error
}

// New reads schemas from files, which holds either schemas.zip as
// `make schema` writes it, or plain <type>.json files named like its entries
// (aws-s3-bucket.json; an fstest.MapFS does for tests). Nothing is read
// before the first use. Without an index.txt, the index is built by reading
// every file's typeName, which suits a handful of files, not the vendored set.
func New(files fs.FS) *Registry {
	return newRegistry(func() (source, error) { return openFolder(files) })
}

// NewArchive reads the archive schemas.zip in files by its index, given
// as text (the embedded one is read in place, without a copy).
func NewArchive(files fs.FS, index string) *Registry {
	return newRegistry(func() (source, error) { return openArchive(files, index) })
}

func newRegistry(open func() (source, error)) *Registry {
	return &Registry{open: open, entries: map[string]*entry{}}
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
	return slices.Sorted(slices.Values(r.source.index.Names))
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
	e.once.Do(func() { e.t, e.err = r.read(typeName) })
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
		if d := suggest.Distance(want, s); d < bestDist {
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

// read reads (from the zip: decompresses) one type's schema and decodes its
// top level; properties and definitions are decoded when first reached.
func (r *Registry) read(typeName string) (*ResourceType, error) {
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
	t := &ResourceType{Name: typeName, data: data, doc: doc, readOnly: map[string]bool{}, attributes: map[string]bool{}}
	for _, p := range lazyjson.Strings(doc["readOnlyProperties"]) {
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
	for _, name := range slices.Sorted(maps.Keys(props)) {
		if !t.readOnly[name] {
			t.properties = append(t.properties, name)
			t.settable[name] = true
		}
	}
	return t, nil
}

// ScopeKeys are removed from the root: the schema's own identity, which
// gojsonschema would try to resolve.
var ScopeKeys = []string{"$id", "$schema", "id"}

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
	members, err := lazyjson.SplitObject(data)
	if err != nil {
		return nil, err
	}
	doc := make(map[string]any, len(members))
	for key, raw := range members {
		switch {
		case resourceMetadata[key]:
			continue
		case key == "properties" || key == "definitions":
			inner, err := lazyjson.SplitObject(raw)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			m := make(map[string]any, len(inner))
			for name, value := range inner {
				m[name] = lazyjson.New(value)
			}
			doc[key] = m
		default:
			v, err := lazyjson.New(raw).Get()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			doc[key] = v
		}
	}
	for _, k := range ScopeKeys {
		delete(doc, k)
	}
	return doc, nil
}

// maxPrefetch bounds the types one prefetch reads.
const maxPrefetch = 64

// Prefetch starts reading, in the background, the schemas of the AWS types
// named in a template's text, so they load while the template is parsed
// (on another core) instead of after. A name that is no resource's type
// costs one schema read; Lookup waits for reads already under way. (Decoding
// every property and definition there as well was measured to cost more CPU
// than it saves: a check decodes only what its resources reach.)
func (r *Registry) Prefetch(text []byte) {
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
