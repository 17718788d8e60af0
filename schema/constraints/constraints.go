// Package constraints holds the constraints AWS enforces on resource
// properties that the registry schemas do not carry (patterns, allowed
// values, lengths and ranges from the AWS API models; resource id and ARN
// formats; properties that exclude or require each other), as `make
// constraints` writes them (schema/constraints/gen): one entry a type in
// constraints.zip, read when a template first uses the type, and its
// index. SOURCE.json and README.md say where each kind comes from;
// REPORT.txt lists every constraint with its origin.
//
// The constraints are checked in a pass of their own over a resource's
// Properties (schema/rules/resources), not merged into the schemas: a type
// nobody uses costs nothing, and a type that is used costs one small
// decompression, no schema compile.
package constraints

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/schema/archive"
)

// The keywords a constraint may have, as cfn-lint's schema extensions name
// them.
const (
	Pattern           = "pattern"             // the whole string matches Value (string)
	Enum              = "enum"                // one of Value ([]string)
	EnumFold          = "enumCaseInsensitive" // one of Value, case folded ([]string, lower case)
	MinLength         = "minLength"           // at least Value characters
	MaxLength         = "maxLength"           // at most Value characters
	MinItems          = "minItems"            // a list of at least Value items
	MaxItems          = "maxItems"            // a list of at most Value items
	Minimum           = "minimum"             // a number at least Value
	Maximum           = "maximum"             // a number at most Value
	Format            = "format"              // one of the formats named in Value ([]string, any of them)
	DependentExcluded = "dependentExcluded"   // each key present excludes the listed properties (map[string][]string)
	DependentRequired = "dependentRequired"   // each key present requires the listed properties (map[string][]string)
)

// Constraint is one constraint on the values at Path in a resource's
// Properties: property names separated by "/", "*" for every item of a
// list ("BucketEncryption/ServerSideEncryptionConfiguration/*/..."); ""
// is Properties itself.
type Constraint struct {
	Path    string          `json:"path"`
	Keyword string          `json:"keyword"`
	Value   json.RawMessage `json:"value"`
	Origin  string          `json:"origin"` // where it comes from: a model and shape, a doc, a rule
	decoded any             // Value decoded, by Decode
	segs    []string        // Path split, by Decode
}

// Segments are the constraint's path split at "/"; none for Properties
// itself. Callers must not change them.
func (c *Constraint) Segments() []string { return c.segs }

// Text returns a string Value (a pattern).
func (c *Constraint) Text() string { s, _ := c.decoded.(string); return s }

// Number returns a numeric Value (a length or a bound).
func (c *Constraint) Number() float64 { f, _ := c.decoded.(float64); return f }

// List returns a list Value (allowed values, formats).
func (c *Constraint) List() []string { l, _ := c.decoded.([]string); return l }

// Map returns a map Value (dependent properties).
func (c *Constraint) Map() map[string][]string { m, _ := c.decoded.(map[string][]string); return m }

// decode reads Value by the keyword.
func (c *Constraint) decode() error {
	c.segs = Segments(c.Path)
	var err error
	switch c.Keyword {
	case Pattern:
		var s string
		err = json.Unmarshal(c.Value, &s)
		c.decoded = s
	case Enum, EnumFold, Format:
		var l []string
		err = json.Unmarshal(c.Value, &l)
		c.decoded = l
	case MinLength, MaxLength, MinItems, MaxItems, Minimum, Maximum:
		var f float64
		err = json.Unmarshal(c.Value, &f)
		c.decoded = f
	case DependentExcluded, DependentRequired:
		var m map[string][]string
		err = json.Unmarshal(c.Value, &m)
		c.decoded = m
	default:
		err = fmt.Errorf("unknown keyword %q", c.Keyword)
	}
	return err
}

// Type is one type's entry in the archive.
type Type struct {
	Type        string        `json:"type"`
	Constraints []*Constraint `json:"constraints"`
}

// Set reads the constraints of types from an archive, once per type.
type Set struct {
	open    func() (*archive.Reader, archive.Index, error)
	once    sync.Once
	r       *archive.Reader
	index   archive.Index
	err     error
	mu      sync.Mutex
	entries map[string]*entry
}

type entry struct {
	once sync.Once
	list []*Constraint
	err  error
}

// ModelsRelease names the AWS API models the constraints were taken from
// (SOURCE.json): their lists of allowed values are as of that release, and
// AWS adds values after it.
const ModelsRelease = "botocore 1.37.9, March 2025"

// ZipName and IndexName are the files of the archive.
const (
	ZipName   = "constraints.zip"
	IndexName = "index.txt"
)

//go:embed constraints.zip
var zipData []byte

//go:embed index.txt
var indexText string

// Embedded is the set vendored in the binary.
var Embedded = New(zipData, indexText)

// New reads a set from an archive's zip and index text.
func New(zipData []byte, index string) *Set {
	return &Set{entries: map[string]*entry{}, open: func() (*archive.Reader, archive.Index, error) {
		x, err := archive.ParseIndex(index, true)
		if err != nil {
			return nil, x, err
		}
		r, err := archive.NewReader(bytes.NewReader(zipData), int64(len(zipData)), x)
		return r, x, err
	}}
}

// For returns the constraints of typeName, read and decoded on the first
// call for the type; none for a type without any.
func (s *Set) For(typeName string) ([]*Constraint, error) {
	s.once.Do(func() { s.r, s.index, s.err = s.open() })
	if s.err != nil {
		return nil, fmt.Errorf("the constraints archive: %w", s.err)
	}
	// Entries are kept by type name: a template names the same types over
	// and over, and the stem and index lookup are paid once a type.
	s.mu.Lock()
	e := s.entries[typeName]
	if e == nil {
		e = &entry{}
		s.entries[typeName] = e
	}
	s.mu.Unlock()
	e.once.Do(func() {
		stem := archive.Stem(typeName)
		if i, ok := s.index.Position(stem); ok && s.index.Names[i] == typeName {
			e.list, e.err = s.read(stem, typeName)
		}
	})
	return e.list, e.err
}

func (s *Set) read(stem, typeName string) ([]*Constraint, error) {
	data, err := s.r.Read(stem)
	if err != nil {
		return nil, err
	}
	var t Type
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("constraints of %s: %w", typeName, err)
	}
	for _, c := range t.Constraints {
		if err := c.decode(); err != nil {
			return nil, fmt.Errorf("constraints of %s at %s: %w", typeName, c.Path, err)
		}
	}
	return t.Constraints, nil
}

// Segments splits a constraint's path; none for Properties itself.
func Segments(path string) []string {
	if path == "" {
		return nil
	}
	return strings.Split(path, "/")
}

// Decode reads c's Value by its keyword (the generator checks each
// constraint it writes with it).
func Decode(c *Constraint) error { return c.decode() }
