package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// FileValue is one setting read from a --params file, with where it stands.
type FileValue struct {
	Values []string // one value, or the items of a list option
	Line   int
	Col    int
}

// ReadParamsFile reads a YAML or JSON mapping of generate options keyed by
// their long flag names (app-name: myapp). known maps each option to whether
// it takes a list (stage: [beta, prod]). Unknown keys, lists for single-value
// options and duplicate keys are errors with the file's line and column.
func ReadParamsFile(path string, known map[string]bool) (map[string]FileValue, error) {
	data, err := readCapped(path, MaxSettingsFile)
	if err != nil {
		return nil, err
	}
	return ParseParamsFile(path, data, known)
}

// ParseParamsFile is ReadParamsFile on bytes already read; path names them in errors.
func ParseParamsFile(path string, data []byte, known map[string]bool) (map[string]FileValue, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: not valid YAML or JSON: %v", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	// A second document would be ignored, and its author meant something.
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case err == nil:
		return nil, fmt.Errorf("%s:%d:%d: a second YAML document; a params file holds one mapping of options", path, second.Line, second.Column)
	case !errors.Is(err, io.EOF):
		return nil, fmt.Errorf("%s: not valid YAML or JSON: %v", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	out := map[string]FileValue{}
	if len(doc.Content) == 0 {
		return out, nil // an empty file sets nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: expected a mapping of option names to values (app-name: myapp)", path, root.Line, root.Column)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		at := fmt.Sprintf("%s:%d:%d", path, k.Line, k.Column)
		multi, allowed := known[k.Value]
		if !allowed {
			return nil, fmt.Errorf("%s: unknown option %q; the file takes generate's long flag names: %s", at, k.Value, strings.Join(sortedKeys(known), ", "))
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("%s: %q is given twice", at, k.Value)
		}
		values, err := fileValues(path, k.Value, v, multi)
		if err != nil {
			return nil, err
		}
		out[k.Value] = FileValue{Values: values, Line: v.Line, Col: v.Column}
	}
	return out, nil
}

// fileValues reads a scalar, or for a list option a list of scalars.
func fileValues(path, key string, v *yaml.Node, multi bool) ([]string, error) {
	scalar := func(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag != "!!null" }
	if scalar(v) {
		return []string{v.Value}, nil
	}
	if !multi || v.Kind != yaml.SequenceNode {
		want := "a single value"
		if multi {
			want = "a value or a list of values"
		}
		return nil, fmt.Errorf("%s:%d:%d: %q takes %s", path, v.Line, v.Column, key, want)
	}
	values := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		if !scalar(item) {
			return nil, fmt.Errorf("%s:%d:%d: the items of %q must be plain values", path, item.Line, item.Column, key)
		}
		values = append(values, item.Value)
	}
	return values, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
