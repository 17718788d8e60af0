package render

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// FileValue is one setting read from a --params file, with where it stands.
type FileValue struct {
	Value string
	Line  int
	Col   int
}

// ReadParamsFile reads a YAML or JSON mapping of generate options keyed by
// their long flag names (app-name: myapp). Keys not in known, values that are
// not scalars and duplicate keys are errors with the file's line and column.
func ReadParamsFile(path string, known []string) (map[string]FileValue, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
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
	allowed := map[string]bool{}
	for _, k := range known {
		allowed[k] = true
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		at := fmt.Sprintf("%s:%d:%d", path, k.Line, k.Column)
		switch {
		case !allowed[k.Value]:
			return nil, fmt.Errorf("%s: unknown option %q; the file takes generate's long flag names: %s", at, k.Value, strings.Join(sortedCopy(known), ", "))
		case out[k.Value] != (FileValue{}):
			return nil, fmt.Errorf("%s: %q is given twice", at, k.Value)
		case v.Kind != yaml.ScalarNode || v.Tag == "!!null":
			return nil, fmt.Errorf("%s:%d:%d: %q takes a single value", path, v.Line, v.Column, k.Value)
		}
		out[k.Value] = FileValue{Value: v.Value, Line: v.Line, Col: v.Column}
	}
	return out, nil
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
