package main

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Keys the generator adds beside a schema node. The validator checks them
// with regexp2, within a file's time budget (schema/jsonschema: the quick
// verdict, and formats gojsonschema runs).
const (
	// backtrackingKey holds a pattern Go's regexp cannot run; the node's
	// "pattern" is removed.
	backtrackingKey = "x-pipegen-backtracking-pattern"
	// backtrackingKeysKey maps a patternProperties key whose lookarounds were
	// stripped to the source key, so property names can be checked fully.
	backtrackingKeysKey = "x-pipegen-backtracking-pattern-properties"
)

// outcome tells what happened to one pattern.
type outcome string

const (
	outRewritten    outcome = "rewritten"
	outBacktracking outcome = "backtracking"
	outDropped      outcome = "dropped"
	outKeyRewritten outcome = "key-rewritten"
)

// change records one pattern the generator did not keep as it was.
type change struct {
	Type    string
	Path    string // JSON pointer in the vendored file
	Outcome outcome
	Before  string
	After   string // the Go pattern, or what went to backtrackingKey
	Rules   []rule
	Reason  string // why Go (and for dropped, regexp2) refused the pattern
}

// tally counts every pattern seen, changed or not.
type tally struct {
	uses     int
	distinct map[string]bool
	changes  []change
}

func newTally() *tally { return &tally{distinct: map[string]bool{}} }

// Keywords whose value maps names to schemas: their keys are names (a
// property may well be called "pattern"), their values schemas.
var nameMapKeywords = map[string]bool{
	"properties": true, "definitions": true, "$defs": true,
	"patternProperties": true, "dependencies": true,
}

// Keywords whose value is data, not schema: never look for patterns there.
var dataKeywords = map[string]bool{
	"enum": true, "const": true, "default": true, "examples": true,
	backtrackingKey: true, backtrackingKeysKey: true,
}

// walker rewrites the patterns of one resource type's schema in place.
type walker struct {
	typ string
	t   *tally
}

// schema visits a schema or an array of schemas.
func (w *walker) schema(node any, path string) error {
	switch v := node.(type) {
	case []any:
		for i, item := range v {
			if err := w.schema(item, path+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
	case map[string]any:
		return w.object(v, path)
	}
	return nil
}

// annotationKeywords are documentation only: no validator reads them, and
// they are most of a schema's bytes (AWS::S3::Bucket: 91 KB with them, 23 KB
// without), which every validation would inflate and scan.
var annotationKeywords = []string{"description", "title", "examples", "$comment"}

// object visits one schema node: its annotations are removed, its own
// pattern and patternProperties keys handled first, then the schemas below
// it in key order, so the report is stable.
func (w *walker) object(obj map[string]any, path string) error {
	for _, k := range annotationKeywords {
		delete(obj, k)
	}
	w.pattern(obj, path)
	if err := w.patternKeys(obj, path); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		sub := path + "/" + pointerToken(k)
		switch {
		case dataKeywords[k]:
		case nameMapKeywords[k]:
			if m, ok := obj[k].(map[string]any); ok {
				if err := w.nameMap(m, sub); err != nil {
					return err
				}
			}
		default:
			if err := w.schema(obj[k], sub); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *walker) nameMap(m map[string]any, path string) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := w.schema(m[k], path+"/"+pointerToken(k)); err != nil {
			return err
		}
	}
	return nil
}

// pattern keeps, rewrites, moves or drops the node's "pattern".
func (w *walker) pattern(obj map[string]any, path string) {
	p, ok := obj["pattern"].(string)
	if !ok {
		return
	}
	w.count(p)
	c := change{Type: w.typ, Path: path + "/pattern", Before: p}
	after, rules, err := rewriteForGo(p)
	switch {
	case err == nil && len(rules) == 0:
		return
	case err == nil:
		obj["pattern"] = after
		c.Outcome, c.After, c.Rules = outRewritten, after, rules
	default:
		delete(obj, "pattern")
		w.moveToBacktracking(obj, &c, err)
	}
	w.t.changes = append(w.t.changes, c)
}

// moveToBacktracking stores a pattern Go cannot run for regexp2, or drops it
// when regexp2 cannot compile it either.
func (w *walker) moveToBacktracking(obj map[string]any, c *change, goErr error) {
	c.Reason = "Go: " + goErr.Error()
	bt, rules, err := forRegexp2(c.Before)
	if err != nil {
		c.Outcome = outDropped
		c.Reason += "; regexp2: " + err.Error()
		return
	}
	obj[backtrackingKey] = bt
	c.Path = strings.TrimSuffix(c.Path, "pattern") + backtrackingKey
	c.Outcome, c.After, c.Rules = outBacktracking, bt, rules
}

func (w *walker) count(p string) {
	w.t.uses++
	w.t.distinct[p] = true
}

// patternKeys rewrites patternProperties keys Go cannot compile. A key has
// nowhere else to go, so it must end up compilable or generation fails.
func (w *walker) patternKeys(obj map[string]any, path string) error {
	props, ok := obj["patternProperties"].(map[string]any)
	if !ok {
		return nil
	}
	for _, key := range slices.Sorted(maps.Keys(props)) {
		w.count(key)
		after, rules, err := rewriteKey(key)
		if err != nil {
			return fmt.Errorf("%s %s: patternProperties key %q: no rewrite compiles: %w", w.typ, path, key, err)
		}
		if len(rules) == 0 {
			continue
		}
		if err := renameKey(obj, props, key, after, rules); err != nil {
			return fmt.Errorf("%s %s: patternProperties key %q: %w", w.typ, path, key, err)
		}
		w.t.changes = append(w.t.changes, change{
			Type: w.typ, Path: path + "/patternProperties/" + pointerToken(after),
			Outcome: outKeyRewritten, Before: key, After: after, Rules: rules,
		})
	}
	return nil
}

// rewriteKey applies the Go rules to a patternProperties key and, when that
// is not enough, strips its lookarounds too.
func rewriteKey(key string) (string, []rule, error) {
	after, rules, err := rewriteForGo(key)
	if err == nil {
		return after, rules, nil
	}
	stripped, ok := stripLookarounds(key)
	if !ok {
		return "", nil, err
	}
	after, rules, err = rewriteForGo(stripped)
	if err != nil {
		return "", nil, err
	}
	return after, sortRules(append(rules, ruleStripLookaround)), nil
}

// renameKey moves props[key] to props[after]. A looser key makes more
// property names meet its schema. That only loosens the node when no other
// name could have met another schema: no "properties", no other key, and
// additionalProperties false (a name matching no key was refused before).
func renameKey(obj, props map[string]any, key, after string, rules []rule) error {
	if anyLoosening(rules) {
		_, hasProps := obj["properties"]
		if hasProps || len(props) != 1 || obj["additionalProperties"] != false {
			return fmt.Errorf("rewrite to %q would not only loosen the schema (needs additionalProperties false, no properties, one key)", after)
		}
	}
	if _, clash := props[after]; clash {
		return fmt.Errorf("rewrite to %q clashes with an existing key", after)
	}
	props[after] = props[key]
	delete(props, key)
	if !slices.Contains(rules, ruleStripLookaround) {
		return nil
	}
	bt, _, err := forRegexp2(key)
	if err != nil {
		return fmt.Errorf("regexp2 cannot compile it either: %w", err)
	}
	obj[backtrackingKeysKey] = map[string]any{after: bt}
	return nil
}

// pointerToken escapes a key for a JSON pointer (RFC 6901); regex keys often
// hold '/'.
func pointerToken(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}
