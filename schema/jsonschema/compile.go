package jsonschema

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

// compiledSchema is compiled once, whichever goroutine asks first.
type compiledSchema struct {
	once   sync.Once
	schema *gojsonschema.Schema
	err    error
}

// schemaFor returns the type's schema compiled for a resource that sets the
// given top-level properties. Compiling is what a check costs most
// (gojsonschema builds every pattern and definition), and a resource uses a
// few of its type's properties: the schema keeps those properties and the
// definitions they reach, so unknown and missing properties are still found
// (additionalProperties and required stay) while the rest is never built.
// A nil set compiles the whole schema.
func (s *typeState) schemaFor(used []string) (*gojsonschema.Schema, error) {
	key := "*"
	if used != nil {
		key = strings.Join(slices.Sorted(slices.Values(used)), "\x00")
	}
	s.mu.Lock()
	c := s.compiled[key]
	if c == nil {
		c = &compiledSchema{}
		s.compiled[key] = c
	}
	s.mu.Unlock()
	c.once.Do(func() {
		doc, err := s.full()
		if err != nil {
			c.err = err
			return
		}
		// gojsonschema rewrites every $ref in the document it compiles, and
		// pruned documents share their subtrees with the whole one: one
		// compile of a type at a time.
		s.compile.Lock()
		defer s.compile.Unlock()
		if used != nil {
			doc = prune(doc, used)
		}
		c.schema, c.err = gojsonschema.NewSchema(gojsonschema.NewRawLoader(doc))
		if c.err != nil {
			c.err = fmt.Errorf("the schema of %s does not compile: %w", s.t.Name, c.err)
		}
	})
	return c.schema, c.err
}

// prune keeps the properties in used (and any a $ref names) and the
// definitions reachable from what is kept; every other keyword stays.
func prune(raw map[string]any, used []string) map[string]any {
	out := make(map[string]any, len(raw))
	for k, v := range raw {
		if k != "properties" && k != "definitions" {
			out[k] = v
		}
	}
	props, _ := raw["properties"].(map[string]any)
	defs, _ := raw["definitions"].(map[string]any)
	keptProps := map[string]any{}
	keptDefs := map[string]any{}
	var queue []any
	keepProp := func(name string) {
		if p, ok := props[name]; ok && keptProps[name] == nil {
			keptProps[name] = p
			queue = append(queue, p)
		}
	}
	for _, name := range used {
		keepProp(name)
	}
	queue = append(queue, out) // root keywords (oneOf, dependencies, ...) may refer too
	for len(queue) > 0 {
		node := queue[0]
		queue = queue[1:]
		for _, ref := range refsIn(node) {
			switch {
			case strings.HasPrefix(ref, "#/definitions/"):
				name := strings.SplitN(strings.TrimPrefix(ref, "#/definitions/"), "/", 2)[0]
				if d, ok := defs[name]; ok && keptDefs[name] == nil {
					keptDefs[name] = d
					queue = append(queue, d)
				}
			case strings.HasPrefix(ref, "#/properties/"):
				keepProp(strings.SplitN(strings.TrimPrefix(ref, "#/properties/"), "/", 2)[0])
			}
		}
	}
	if props != nil {
		out["properties"] = keptProps
	}
	if defs != nil {
		out["definitions"] = keptDefs
	}
	return out
}

// refsIn lists the $ref values inside a schema node, not following them.
func refsIn(node any) []string {
	var out []string
	var walk func(any)
	walk = func(n any) {
		switch v := n.(type) {
		case map[string]any:
			for k, child := range v {
				if k == "$ref" {
					if s, ok := child.(string); ok {
						out = append(out, s)
					}
					continue
				}
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	walk(node)
	return out
}
