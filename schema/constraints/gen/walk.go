package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pipegen/pipegen/schema/cfn"
	"github.com/pipegen/pipegen/schema/registry"
)

// typeSchema is one vendored registry schema, decoded.
type typeSchema struct {
	name string
	root map[string]any
}

// loadSchemas reads every vendored type (schema/cfn), in name order.
func loadSchemas() ([]*typeSchema, error) {
	reg := registry.NewArchive(cfn.Files, cfn.Index)
	var out []*typeSchema
	for _, name := range reg.Known() {
		t, _, err := reg.Lookup(name)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(t.Data()))
		dec.UseNumber()
		var root map[string]any
		if err := dec.Decode(&root); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, &typeSchema{name: name, root: root})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no vendored schemas")
	}
	return out, nil
}

// namespace is the type's service, lower case: AWS::S3::Bucket -> s3.
func (s *typeSchema) namespace() string {
	parts := strings.Split(s.name, "::")
	if len(parts) != 3 {
		return ""
	}
	return strings.ToLower(parts[1])
}

// createOperations are the API actions among the create handler's
// permissions whose names start as cfn-lint's create actions do.
func (s *typeSchema) createOperations() []string {
	handlers, _ := s.root["handlers"].(map[string]any)
	create, _ := handlers["create"].(map[string]any)
	perms, _ := create["permissions"].([]any)
	var out []string
	for _, p := range perms {
		perm, _ := p.(string)
		_, action, ok := strings.Cut(perm, ":")
		if !ok {
			continue
		}
		for _, prefix := range createPrefixes {
			if strings.HasPrefix(action, prefix) {
				out = append(out, action)
				break
			}
		}
	}
	return out
}

// node returns the schema node at a JSON pointer ("/definitions/X/properties/Y").
func (s *typeSchema) node(ptr string) (map[string]any, bool) {
	if ptr == "" {
		return s.root, true
	}
	var cur any = s.root
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[part]
		default:
			return nil, false
		}
	}
	m, ok := cur.(map[string]any)
	return m, ok
}

// follow resolves a chain of $refs from the node at ptr: the pointer and
// node it ends at.
func (s *typeSchema) follow(ptr string, node map[string]any) (string, map[string]any, bool) {
	for i := 0; i < 32; i++ {
		ref, ok := node["$ref"].(string)
		if !ok {
			return ptr, node, node != nil
		}
		if !strings.HasPrefix(ref, "#/") {
			return "", nil, false
		}
		ptr = ref[1:]
		if node, ok = s.node(ptr); !ok {
			return "", nil, false
		}
	}
	return "", nil, false
}

// Limits of the walk from properties to schema nodes: a recursive
// definition is followed once on a path, and a node reachable along very
// many paths keeps the first maxPaths of them.
const (
	maxDepth = 24
	maxPaths = 64
)

// templatePaths maps each schema node a template reaches to the paths of
// Properties it stands at ("A/*/B": * for a list's items), following
// properties, items and $refs from the schema's top-level properties.
func (s *typeSchema) templatePaths() map[string][]string {
	out := map[string][]string{}
	var walk func(node map[string]any, ptr, tpath string, stack []string, depth int)
	walk = func(node map[string]any, ptr, tpath string, stack []string, depth int) {
		if node == nil || depth > maxDepth {
			return
		}
		if len(out[ptr]) < maxPaths && !slices.Contains(out[ptr], tpath) {
			out[ptr] = append(out[ptr], tpath)
		}
		if ref, ok := node["$ref"].(string); ok {
			target := strings.TrimPrefix(ref, "#")
			if !strings.HasPrefix(ref, "#/") || slices.Contains(stack, target) {
				return
			}
			next, ok := s.node(target)
			if ok {
				walk(next, target, tpath, append(stack, target), depth+1)
			}
			return
		}
		if props, ok := node["properties"].(map[string]any); ok {
			for _, name := range sortedKeys(props) {
				if strings.ContainsAny(name, "/*~") {
					continue
				}
				child, _ := props[name].(map[string]any)
				walk(child, ptr+"/properties/"+name, joinPath(tpath, name), stack, depth+1)
			}
		}
		if items, ok := node["items"].(map[string]any); ok {
			walk(items, ptr+"/items", joinPath(tpath, "*"), stack, depth+1)
		}
	}
	props, _ := s.root["properties"].(map[string]any)
	for _, name := range sortedKeys(props) {
		if strings.ContainsAny(name, "/*~") {
			continue
		}
		child, _ := props[name].(map[string]any)
		walk(child, "/properties/"+name, name, nil, 0)
	}
	out[""] = []string{""}
	return out
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "/" + b
}
