package jsonschema

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pipegen/pipegen/schema/lazyjson"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/template"
	"github.com/xeipuuv/gojsonschema"
)

// The quick verdict decides whether a resource's properties satisfy its
// type's schema without compiling anything: it walks the schema document as
// it stands, reading only the parts the value reaches. Most resources in a
// template are valid, and for them gojsonschema is never built; when the
// verdict is anything but valid, gojsonschema checks the resource and
// explains what is wrong, so every finding still comes from it.
//
// It must agree with gojsonschema on the schema as prepare rewrites it
// (intrinsic functions accepted where a value stands, loosened scalar types,
// patterns as formats), keyword by keyword as gojsonschema v1.2.0 applies
// them. What it does not know for certain, it leaves undecided: an
// undecided verdict costs time, never a finding. Tests require the same
// findings with and without it on every corpus and golden template and
// under fuzzing.

type verdict uint8

const (
	undecided verdict = iota // gojsonschema decides
	valid
	invalid
)

// and combines verdicts that must all hold.
func (a verdict) and(b verdict) verdict {
	switch {
	case a == invalid || b == invalid:
		return invalid
	case a == undecided || b == undecided:
		return undecided
	}
	return valid
}

func (a verdict) not() verdict {
	switch a {
	case valid:
		return invalid
	case invalid:
		return valid
	}
	return undecided
}

// maxVerdictDepth bounds nesting through schemas ($ref chains that make no
// progress in the value included); deeper is undecided.
const maxVerdictDepth = 400

type quick struct {
	root map[string]any // the document $refs resolve in
	// prepared judges as prepare rewrote the document (resource schemas);
	// without it, the document is a plain JSON Schema (the buildspec's).
	prepared bool
	depth    int
	site     pattern.Site // the budget backtracking patterns spend
}

// quickVerdict judges props (read-only properties already taken out)
// against the type's schema. A backtracking pattern that runs out of
// site's budget is undecided.
func quickVerdict(t *registry.ResourceType, props any, site pattern.Site) verdict {
	q := &quick{root: t.Doc(), prepared: true, site: site}
	return q.schema(t.Doc(), props)
}

// plainVerdict judges v against a plain JSON Schema document, as
// gojsonschema does.
func plainVerdict(root map[string]any, v any) verdict {
	q := &quick{root: root}
	return q.schema(root, v)
}

// schema judges v against a schema node.
func (q *quick) schema(s any, v any) verdict {
	s, ok := lazyjson.Resolve(s)
	if !ok {
		return undecided
	}
	switch s := s.(type) {
	case bool:
		if s {
			return valid
		}
		return invalid
	case map[string]any:
		if q.depth >= maxVerdictDepth {
			return undecided
		}
		q.depth++
		r := q.node(s, v)
		q.depth--
		return r
	}
	return undecided
}

// valueSchema judges v where prepare wrapped the schema to accept an
// intrinsic function call instead (allowIntrinsic).
func (q *quick) valueSchema(s any, v any) verdict {
	if q.prepared && template.IsIntrinsic(v) { // intrinsicSchema
		return valid
	}
	return q.schema(s, v)
}

// scopeKeywords change how a $ref resolves; only the root may carry them
// (the registry removes them there).
var scopeKeywords = []string{"$schema", "$id", "id"}

func (q *quick) node(s map[string]any, v any) verdict {
	if ref, has := s["$ref"]; has {
		return q.ref(ref, v) // gojsonschema ignores a $ref's siblings
	}
	for _, k := range scopeKeywords {
		if _, has := s[k]; has {
			return undecided
		}
	}
	kind := kindOf(v)
	if kind == "" {
		return undecided
	}
	if t, has := s["type"]; has {
		if r := typeAllows(t, kind, q.prepared); r != valid {
			return r
		}
	}
	r := q.combinators(s, v)
	if r == invalid {
		return invalid
	}
	r = r.and(enumAndConst(s, v, q.prepared))
	if r == invalid {
		return invalid
	}
	switch kind {
	case "object":
		r = r.and(q.object(s, v.(map[string]any)))
	case "array":
		r = r.and(q.array(s, v.([]any)))
	case "string":
		r = r.and(q.stringKeywords(s, v.(string)))
	case "integer", "number":
		r = r.and(numberKeywords(s, v, q.prepared))
	}
	return r
}

// kindOf names v's JSON type as gojsonschema sees it after its JSON round
// trip; "" when that round trip could change v (invalid UTF-8, a number
// JSON cannot hold, a Go type the parser does not produce).
func kindOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		if !utf8.ValidString(v) {
			return ""
		}
		return "string"
	case int64, int:
		return "integer"
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return ""
		}
		if v == math.Trunc(v) {
			return "integer" // its shortest decimal form is an integer: see numberRat
		}
		return "number"
	case map[string]any:
		for k := range v {
			if !utf8.ValidString(k) {
				return ""
			}
		}
		return "object"
	case []any:
		return "array"
	}
	return ""
}

// typeAllows applies "type", loosened as loosenType does when loosen is set.
func typeAllows(t any, kind string, loosen bool) verdict {
	var names []any
	switch t := t.(type) {
	case string:
		names = []any{t}
	case []any:
		names = t
	}
	if len(names) == 0 {
		return undecided // not a type gojsonschema reads as one
	}
	set := map[string]bool{}
	for _, n := range names {
		name, ok := n.(string)
		if !ok {
			return undecided
		}
		switch name {
		case "string":
			if loosen {
				set["number"], set["boolean"] = true, true
			}
		case "integer", "number", "boolean":
			if loosen {
				set["string"] = true
			}
		case "object", "array", "null":
		default:
			return undecided // gojsonschema refuses the schema
		}
		set[name] = true
	}
	if set[kind] || kind == "integer" && set["number"] {
		return valid
	}
	return invalid
}

// ref follows a $ref into the root document: its definitions, or its
// properties (which prepare wrapped to accept intrinsic functions).
func (q *quick) ref(ref any, v any) verdict {
	s, ok := ref.(string)
	if !ok {
		return undecided
	}
	section, name, ok := strings.Cut(strings.TrimPrefix(s, "#/"), "/")
	if !ok || !strings.HasPrefix(s, "#/") || strings.ContainsAny(name, "/~%") {
		return undecided
	}
	members, _ := q.root[section].(map[string]any)
	target, found := members[name]
	if !found {
		return undecided
	}
	switch section {
	case "definitions":
		return q.schema(target, v)
	case "properties":
		return q.valueSchema(target, v)
	}
	return undecided
}

// combinators: anyOf, oneOf, allOf, not, if/then/else, dependencies.
func (q *quick) combinators(s map[string]any, v any) verdict {
	r := valid
	if list, has := s["anyOf"]; has {
		r = r.and(q.anyOf(list, v))
	}
	if list, has := s["oneOf"]; has && r != invalid {
		r = r.and(q.oneOf(list, v))
	}
	if list, has := s["allOf"]; has && r != invalid {
		branches, ok := list.([]any)
		if !ok {
			return undecided
		}
		for _, b := range branches {
			if r = r.and(q.schema(b, v)); r == invalid {
				return invalid
			}
		}
	}
	if not, has := s["not"]; has && r != invalid {
		r = r.and(q.schema(not, v).not())
	}
	if cond, has := s["if"]; has && r != invalid {
		r = r.and(q.ifThenElse(s, cond, v))
	}
	if deps, has := s["dependencies"]; has && r != invalid {
		r = r.and(q.dependencies(deps, v))
	}
	return r
}

func (q *quick) anyOf(list any, v any) verdict {
	branches, ok := list.([]any)
	if !ok || len(branches) == 0 {
		return undecided
	}
	r := invalid
	for _, b := range branches {
		switch q.schema(b, v) {
		case valid:
			return valid
		case undecided:
			r = undecided
		}
	}
	return r
}

func (q *quick) oneOf(list any, v any) verdict {
	branches, ok := list.([]any)
	if !ok || len(branches) == 0 {
		return undecided
	}
	passed, unsure := 0, false
	for _, b := range branches {
		switch q.schema(b, v) {
		case valid:
			passed++
		case undecided:
			unsure = true
		}
	}
	switch {
	case passed > 1:
		return invalid
	case unsure:
		return undecided
	case passed == 1:
		return valid
	}
	return invalid
}

func (q *quick) ifThenElse(s map[string]any, cond any, v any) verdict {
	branch := "else"
	switch q.schema(cond, v) {
	case valid:
		branch = "then"
	case undecided:
		return undecided
	}
	next, has := s[branch]
	if !has {
		return valid
	}
	return q.schema(next, v)
}

// prepareKeywords are the keys prepare rewrites wherever it meets them; a
// dependencies map (property names to lists or schemas) that holds one is
// rewritten in ways this check does not follow.
var prepareKeywords = []string{"properties", "patternProperties", "definitions", "items",
	"additionalProperties", "pattern", "format", "type", backtrackingKey, backtrackingKeysKey}

func (q *quick) dependencies(deps any, v any) verdict {
	m, ok := deps.(map[string]any)
	if !ok {
		return undecided
	}
	for _, k := range prepareKeywords {
		if _, has := m[k]; has && q.prepared {
			return undecided
		}
	}
	obj, isObject := v.(map[string]any)
	if !isObject {
		return valid
	}
	r := valid
	for key, dep := range m {
		if _, present := obj[key]; !present {
			continue
		}
		switch dep := dep.(type) {
		case []any:
			for _, name := range dep {
				n, ok := name.(string)
				if !ok {
					return undecided
				}
				if _, has := obj[n]; !has {
					return invalid
				}
			}
		default:
			if r = r.and(q.schema(dep, v)); r == invalid {
				return invalid
			}
		}
	}
	return r
}

// enumAndConst compare values as gojsonschema does: as JSON text after a
// round trip that forgets how numbers were written. In a prepared schema
// an enum also holds the scalars its items coerce to (loosenEnum).
func enumAndConst(s map[string]any, v any, prepared bool) verdict {
	r := valid
	if c, has := s["const"]; has {
		r = r.and(sameJSON(c, v))
	}
	if e, has := s["enum"]; has && r != invalid {
		list, ok := e.([]any)
		if !ok {
			return undecided
		}
		if len(list) > 0 { // gojsonschema skips an empty enum
			in := inEnum(list, v)
			if in != valid && prepared && template.IsScalar(v) {
				in = inEnum(loosenEnum(list), v) // a superset of list
			}
			r = r.and(in)
		}
	}
	return r
}

func inEnum(list []any, v any) verdict {
	r := invalid
	for _, item := range list {
		switch sameJSON(item, v) {
		case valid:
			return valid
		case undecided:
			r = undecided
		}
	}
	return r
}

// sameJSON reports whether schema value a and value b have the same
// canonical JSON text (gojsonschema's marshalWithoutNumber).
func sameJSON(a, b any) verdict {
	if same, ok := sameValue(a, b); ok {
		return truth(same)
	}
	ca, okA := canonicalJSON(a)
	cb, okB := canonicalJSON(b)
	if !okA || !okB {
		return undecided
	}
	return truth(ca == cb)
}

// sameValue compares a and b as their canonical JSON texts would, without
// writing them: JSON writes a valid UTF-8 string one way only, and numbers
// compare as the float64 the canonical round trip turns them into. ok is
// false where that does not hold (invalid UTF-8, which JSON replaces, or a
// value of another Go type): then the texts must be compared.
func sameValue(a, b any) (same, ok bool) {
	x, aIsNumber, aOK := number(a)
	y, bIsNumber, bOK := number(b)
	switch {
	case !aOK || !bOK:
		return false, false // a number JSON cannot write
	case aIsNumber || bIsNumber:
		return aIsNumber && bIsNumber && x == y, true
	}
	switch a := a.(type) {
	case nil:
		return b == nil, true
	case bool:
		bb, isBool := b.(bool)
		return isBool && a == bb, true
	case string:
		if !utf8.ValidString(a) {
			return false, false
		}
		bs, isString := b.(string)
		if isString && !utf8.ValidString(bs) {
			return false, false
		}
		return isString && a == bs, true
	case []any:
		bl, isList := b.([]any)
		if !isList || len(bl) != len(a) {
			return false, kindOf(b) != ""
		}
		for i := range a {
			if same, ok := sameValue(a[i], bl[i]); !same || !ok {
				return false, ok
			}
		}
		return true, true
	case map[string]any:
		bm, isMap := b.(map[string]any)
		if !isMap || len(bm) != len(a) {
			return false, kindOf(b) != "" && kindOf(a) != ""
		}
		for k, v := range a {
			if !utf8.ValidString(k) {
				return false, false
			}
			w, has := bm[k]
			if !has {
				return false, kindOf(b) != ""
			}
			if same, ok := sameValue(v, w); !same || !ok {
				return false, ok
			}
		}
		return true, true
	}
	return false, false
}

// number returns the float64 a number becomes in the canonical round trip;
// ok is false for a number JSON cannot write (infinite, NaN, out of range).
func number(v any) (f float64, isNumber, ok bool) {
	switch v := v.(type) {
	case int64:
		return float64(v), true, true
	case int:
		return float64(v), true, true
	case float64:
		f = v
	case json.Number:
		var err error
		if f, err = strconv.ParseFloat(string(v), 64); err != nil {
			return 0, true, false
		}
	default:
		return 0, false, true
	}
	return f, true, !math.IsInf(f, 0) && !math.IsNaN(f)
}

// canonicalJSON is gojsonschema's marshalWithoutNumber.
func canonicalJSON(v any) (string, bool) {
	text, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	var doc any
	if err := json.Unmarshal(text, &doc); err != nil {
		return "", false
	}
	text, err = json.Marshal(doc)
	return string(text), err == nil
}

// sizeWithin applies a pair of size keywords (minItems and maxItems, ...)
// to a size, computed only when one of them is there.
func sizeWithin(s map[string]any, minKey, maxKey string, size func() int) verdict {
	n := -1
	for _, k := range []string{minKey, maxKey} {
		limit, has := s[k]
		if !has {
			continue
		}
		bound, ok := count(limit)
		if !ok {
			return undecided
		}
		if n < 0 {
			n = size()
		}
		if k == minKey && n < bound || k == maxKey && n > bound {
			return invalid
		}
	}
	return valid
}

func (q *quick) object(s map[string]any, obj map[string]any) verdict {
	if r := sizeWithin(s, "minProperties", "maxProperties", func() int { return len(obj) }); r != valid {
		return r
	}
	if req, has := s["required"]; has {
		names, ok := req.([]any)
		if !ok {
			return undecided
		}
		for _, n := range names {
			name, ok := n.(string)
			if !ok {
				return undecided
			}
			if _, present := obj[name]; !present {
				return invalid
			}
		}
	}
	r := q.members(s, obj)
	if names, has := s["propertyNames"]; has && r != invalid {
		for k := range obj {
			if r = r.and(q.schema(names, k)); r == invalid {
				return invalid
			}
		}
	}
	return r
}

// members judges each member by properties, patternProperties and
// additionalProperties.
func (q *quick) members(s map[string]any, obj map[string]any) verdict {
	props, _ := s["properties"].(map[string]any)
	if _, has := s["properties"]; has && props == nil {
		return undecided
	}
	patterns, _ := s["patternProperties"].(map[string]any)
	if _, has := s["patternProperties"]; has && patterns == nil {
		return undecided
	}
	additional, hasAdditional := s["additionalProperties"]
	keys, _ := s[backtrackingKeysKey].(map[string]any)
	r := valid
	for key, value := range obj {
		matched := false
		if sub, found := props[key]; found {
			matched = true
			if r = r.and(q.valueSchema(sub, value)); r == invalid {
				return invalid
			}
		}
		for expr, sub := range patterns {
			re, ok := pattern.RE2(expr)
			if !ok {
				return undecided
			}
			if !re.MatchString(key) {
				continue
			}
			matched = true
			if source, ok := keys[expr].(string); ok && q.prepared {
				// the key the generator stripped of lookarounds: the name
				// must meet the source key too (prepare: keyFormats)
				m, decided := pattern.For(source).Match(key, q.site)
				if !decided {
					r = r.and(undecided)
				} else if !m {
					return invalid
				}
			}
			if r = r.and(q.valueSchema(sub, value)); r == invalid {
				return invalid
			}
		}
		if matched || !hasAdditional {
			continue
		}
		if r = r.and(q.objectValueSchema(additional, value)); r == invalid {
			return invalid
		}
	}
	return r
}

// objectValueSchema judges v under items or additionalProperties, where
// prepare wraps a schema object to accept intrinsic functions but leaves a
// boolean as it is.
func (q *quick) objectValueSchema(s any, v any) verdict {
	if got, ok := lazyjson.Resolve(s); ok {
		if _, isObject := got.(map[string]any); isObject {
			return q.valueSchema(got, v)
		}
	}
	return q.schema(s, v)
}

func (q *quick) array(s map[string]any, list []any) verdict {
	for _, k := range []string{"contains", "additionalItems"} {
		if _, has := s[k]; has {
			return undecided
		}
	}
	if r := sizeWithin(s, "minItems", "maxItems", func() int { return len(list) }); r != valid {
		return r
	}
	r := valid
	if u, has := s["uniqueItems"]; has {
		unique, ok := u.(bool)
		if !ok {
			return undecided
		}
		if unique {
			r = uniqueItems(list)
		}
	}
	items, has := s["items"]
	if !has || r == invalid {
		return r
	}
	if got, _ := lazyjson.Resolve(items); isList(got) {
		return undecided // a list of schemas, one per position
	}
	for _, item := range list {
		if r = r.and(q.objectValueSchema(items, item)); r == invalid {
			return invalid
		}
	}
	return r
}

func isList(v any) bool { _, ok := v.([]any); return ok }

func uniqueItems(list []any) verdict {
	for i := range list {
		for j := i + 1; j < len(list); j++ {
			switch sameJSON(list[i], list[j]) {
			case valid:
				return invalid
			case undecided:
				return undecided
			}
		}
	}
	return valid
}

func (q *quick) stringKeywords(s map[string]any, str string) verdict {
	if r := sizeWithin(s, "minLength", "maxLength", func() int { return utf8.RuneCountInString(str) }); r != valid {
		return r
	}
	f := formats(s, q.prepared)
	if !f.ok {
		return undecided
	}
	if f.pattern != "" {
		re, ok := pattern.RE2(f.pattern)
		if !ok {
			return undecided
		}
		if !re.MatchString(str) {
			return invalid
		}
	}
	if f.lazy != nil {
		matched, decided := f.lazy.Match(str, q.site)
		if !decided {
			return undecided
		}
		return truth(matched)
	}
	if f.format != "" {
		return truth(isFormat(f.format, str))
	}
	return valid
}

func numberKeywords(s map[string]any, v any, prepared bool) verdict {
	n, ok := numberRat(v)
	if !ok {
		return undecided
	}
	if m, has := s["multipleOf"]; has {
		step, ok := schemaRat(m)
		if !ok || step.Sign() <= 0 {
			return undecided
		}
		if !new(big.Rat).Quo(n, step).IsInt() {
			return invalid
		}
	}
	bounds := []struct {
		key  string
		fail func(cmp int) bool
	}{
		{"maximum", func(c int) bool { return c > 0 }},
		{"exclusiveMaximum", func(c int) bool { return c >= 0 }},
		{"minimum", func(c int) bool { return c < 0 }},
		{"exclusiveMinimum", func(c int) bool { return c <= 0 }},
	}
	for _, b := range bounds {
		limit, has := s[b.key]
		if !has {
			continue
		}
		l, ok := schemaRat(limit) // a draft-4 boolean exclusive bound is undecided too
		if !ok {
			return undecided
		}
		if b.fail(n.Cmp(l)) {
			return invalid
		}
	}
	f := formats(s, prepared)
	switch {
	case !f.ok:
		return undecided
	case f.lazy != nil:
		return valid // a pattern only constrains strings
	case f.format != "":
		return truth(isFormat(f.format, n))
	}
	return valid
}

// formatView is a node's pattern and format, as prepare leaves them when
// the document is prepared.
type formatView struct {
	pattern string        // a pattern gojsonschema compiles itself
	lazy    *pattern.Lazy // a pattern prepare turned into a format
	format  string        // any other format
	ok      bool
}

func formats(s map[string]any, prepared bool) formatView {
	f := formatView{ok: true}
	pat, hasPattern := s["pattern"]
	if p, ok := s[backtrackingKey].(string); ok && prepared {
		f.lazy = pattern.For(p)
	} else if p, ok := pat.(string); ok && s["format"] == nil && prepared {
		f.lazy = pattern.For(p)
		hasPattern = false
	}
	if hasPattern {
		p, ok := pat.(string)
		f.pattern, f.ok = p, ok && p != ""
	}
	if f.lazy == nil {
		if format, has := s["format"]; has && format != nil {
			name, ok := format.(string)
			f.format, f.ok = name, f.ok && ok
		}
	}
	return f
}

func truth(ok bool) verdict {
	if ok {
		return valid
	}
	return invalid
}

// isFormat asks gojsonschema's format checkers, as its validator does.
func isFormat(name string, input any) bool {
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	return gojsonschema.FormatCheckers.IsFormat(name, input)
}

// count reads a non-negative integer keyword (minLength, maxItems, ...).
func count(n any) (int, bool) {
	num, ok := n.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(string(num))
	return i, err == nil && i >= 0
}

func schemaRat(n any) (*big.Rat, bool) {
	num, ok := n.(json.Number)
	if !ok {
		return nil, false
	}
	return new(big.Rat).SetString(string(num))
}

// numberRat is the exact value gojsonschema compares: that of the number's
// JSON text (for a float64, its shortest decimal form, as encoding/json
// writes it).
func numberRat(v any) (*big.Rat, bool) {
	switch v := v.(type) {
	case int64:
		return new(big.Rat).SetInt64(v), true
	case int:
		return new(big.Rat).SetInt64(int64(v)), true
	case float64:
		return new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
	}
	return nil, false
}
