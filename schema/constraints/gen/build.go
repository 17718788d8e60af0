package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/dlclark/regexp2"
	"github.com/pipegen/pipegen/schema/archive"
	"github.com/pipegen/pipegen/schema/constraints"
	"github.com/pipegen/pipegen/schema/pattern"
)

// rawConstraint is a constraint on a schema node (a JSON pointer into the
// type's registry schema), before it is placed at the template paths that
// reach the node.
type rawConstraint struct {
	Type    string `json:"type,omitempty"` // manual.json only
	Pointer string `json:"pointer"`
	Keyword string `json:"keyword"`
	Value   any    `json:"value"`
	Origin  string `json:"origin"`
}

// readManual reads the hand-written constraints.
func readManual(file string) ([]rawConstraint, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var list []rawConstraint
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for i, c := range list {
		if c.Type == "" || c.Keyword == "" || c.Origin == "" {
			return nil, fmt.Errorf("%s: item %d lacks a type, keyword or origin", file, i)
		}
	}
	return list, nil
}

// kind of source, for the counts.
const (
	srcAPI    = "api"
	srcFormat = "format"
	srcManual = "manual"
)

// build makes the output files.
func build(schemas []*typeSchema, models map[string]*model, manual []rawConstraint) (map[string][]byte, error) {
	entries := map[string][]byte{}
	typeNames := map[string]string{}
	var report strings.Builder
	report.WriteString("# Every constraint schema/constraints adds, one a line: type, path in Properties (* = each item),\n")
	report.WriteString("# keyword, value, origin. Written by make constraints (schema/constraints/gen); do not edit.\n")
	counts := map[string]map[string]int{srcAPI: {}, srcFormat: {}, srcManual: {}}
	var dropped []string
	byType := map[string][]rawConstraint{}
	for _, c := range manual {
		byType[c.Type] = append(byType[c.Type], c)
	}
	known := map[string]bool{}
	for _, s := range schemas {
		known[s.name] = true
		var api, formats []rawConstraint
		if m := models[s.namespace()]; m != nil && !slices.Contains(skipTypes, s.name) {
			apiConstraints(s, m, apiPatches(s, m), &api, &dropped)
		}
		formatConstraints(s, &formats)
		hand := byType[s.name]
		list, err := place(s, hand, formats, api, counts, &dropped)
		if err != nil {
			return nil, err
		}
		if len(list) == 0 {
			continue
		}
		for _, c := range list {
			fmt.Fprintf(&report, "%s\t%s\t%s\t%s\t%s\n", s.name, c.Path, c.Keyword, c.Value, c.Origin)
		}
		data, err := archive.EncodeEntry(constraints.Type{Type: s.name, Constraints: list})
		if err != nil {
			return nil, err
		}
		stem := archive.Stem(s.name)
		entries[stem+".json"] = data
		typeNames[stem+".json"] = s.name
	}
	for t := range byType {
		if !known[t] {
			return nil, fmt.Errorf("manual.json: %s is not a vendored type", t)
		}
	}
	zipData, err := archive.WriteZip(entries)
	if err != nil {
		return nil, err
	}
	index, err := archive.WriteIndex(zipData, typeNames)
	if err != nil {
		return nil, err
	}
	sort.Strings(dropped)
	for _, d := range dropped {
		fmt.Fprintf(&report, "# dropped: %s\n", d)
	}
	source, err := sourceJSON(counts, len(entries), zipData)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		constraints.ZipName:   zipData,
		constraints.IndexName: index,
		"REPORT.txt":          []byte(report.String()),
		"SOURCE.json":         source,
	}, nil
}

// place puts a type's constraints at the template paths that reach their
// schema nodes. A hand-written constraint replaces a model's or a format's
// of the same keyword on the same node; a format replaces a model's
// pattern there (the format is the stricter, named check).
func place(s *typeSchema, manual, formats, api []rawConstraint, counts map[string]map[string]int, dropped *[]string) ([]*constraints.Constraint, error) {
	paths := s.templatePaths()
	readOnly := readOnlyTop(s)
	type key struct{ ptr, keyword string }
	taken := map[key]bool{}
	formatAt := map[string]bool{}
	var out []*constraints.Constraint
	emit := func(c rawConstraint, src string) error {
		at, ok := paths[c.Pointer]
		if !ok {
			if src == srcManual {
				return fmt.Errorf("manual.json: %s %s: no template path reaches it", s.name, c.Pointer)
			}
			return nil
		}
		value, err := archive.EncodeEntry(c.Value)
		if err != nil {
			return err
		}
		n := 0
		for _, p := range at {
			if readOnly[strings.SplitN(p, "/", 2)[0]] {
				continue
			}
			out = append(out, &constraints.Constraint{Path: p, Keyword: c.Keyword, Value: value, Origin: c.Origin})
			n++
		}
		if n > 0 {
			counts[src][c.Keyword]++
		}
		return nil
	}
	for _, c := range manual {
		if err := checkValue(c); err != nil {
			return nil, fmt.Errorf("manual.json: %s %s: %w", s.name, c.Pointer, err)
		}
		taken[key{c.Pointer, c.Keyword}] = true
		if err := emit(c, srcManual); err != nil {
			return nil, err
		}
	}
	for _, c := range formats {
		if taken[key{c.Pointer, c.Keyword}] {
			continue
		}
		taken[key{c.Pointer, c.Keyword}] = true
		formatAt[c.Pointer] = true
		if err := emit(c, srcFormat); err != nil {
			return nil, err
		}
	}
	for _, c := range api {
		if taken[key{c.Pointer, c.Keyword}] || c.Keyword == "pattern" && formatAt[c.Pointer] {
			continue
		}
		if err := checkValue(c); err != nil {
			*dropped = append(*dropped, fmt.Sprintf("%s %s %s: %v", s.name, c.Pointer, c.Keyword, err))
			continue
		}
		taken[key{c.Pointer, c.Keyword}] = true
		if err := emit(c, srcAPI); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Keyword < out[j].Keyword
	})
	return out, nil
}

// readOnlyTop are the type's top-level read-only properties: a template
// cannot set them (E3045), so no constraint applies.
func readOnlyTop(s *typeSchema) map[string]bool {
	out := map[string]bool{}
	list, _ := s.root["readOnlyProperties"].([]any)
	for _, p := range list {
		str, _ := p.(string)
		if name, ok := strings.CutPrefix(str, "/properties/"); ok && !strings.Contains(name, "/") {
			out[name] = true
		}
	}
	return out
}

// checkValue refuses a value of the wrong shape for its keyword, and a
// pattern that does not compile.
func checkValue(c rawConstraint) error {
	data, err := archive.EncodeEntry(c.Value)
	if err != nil {
		return err
	}
	probe := &constraints.Constraint{Keyword: c.Keyword, Value: data}
	if err := constraints.Decode(probe); err != nil {
		return err
	}
	if c.Keyword == "pattern" {
		if _, ok := pattern.RE2(probe.Text()); ok {
			return nil
		}
		if _, err := regexp2.Compile(probe.Text(), regexp2.None); err != nil {
			return fmt.Errorf("pattern %q: %v", probe.Text(), err)
		}
	}
	return nil
}

// wholeMatch returns the pattern that matches a whole string as the
// model's pattern does: AWS validates a value against the model's pattern
// as a whole ("Member must satisfy regular expression pattern: [\w\.-]+"
// for a name with a space), so the pattern is anchored at both ends. A dot
// matches a line break too ((?s)): AWS takes values that span lines where
// the model says .*\S.* (a Glue schema definition, a Backup framework's
// description), so its validation does not stop a dot at one. It is in
// RE2 syntax when Go's regexp compiles it, else in Java syntax rewritten
// for regexp2 (pattern.Java).
func wholeMatch(p string) (string, bool) {
	full := `^(?s:` + p + `)$`
	if _, err := regexp.Compile(full); err == nil {
		return full, true
	}
	full = `^(?s:` + pattern.Java(p) + `)$`
	if _, err := regexp2.Compile(full, regexp2.None); err == nil {
		return full, true
	}
	return "", false
}

// sourceJSON records the package and what was taken from where.
func sourceJSON(counts map[string]map[string]int, types int, zipData []byte) ([]byte, error) {
	sum := sha256.Sum256(zipData)
	src := map[string]any{
		"archive_sha256": hex.EncodeToString(sum[:]),
		"debian_package": debPackage,
		"version":        debVersion,
		"release":        debRelease,
		"sha256":         debSHA256,
		"license":        "Apache-2.0",
		"types":          types,
		"constraints":    counts,
	}
	b, err := json.MarshalIndent(src, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
