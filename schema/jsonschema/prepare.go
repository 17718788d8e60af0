// Package jsonschema checks a resource's properties against its type's
// registry schema, prepared for templates (intrinsic functions stand
// wherever a value does, scalars coerce as CloudFormation coerces them,
// patterns run as lazily compiled formats). A quick verdict walks the
// schema document without compiling anything; what it does not find valid
// goes to gojsonschema, which explains what is wrong. It is the only
// importer of gojsonschema.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/pipegen/pipegen/schema/lazyjson"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/template"
	"github.com/xeipuuv/gojsonschema"
)

// Options are for tests that compare the ways of checking.
type Options struct {
	// Whole compiles whole schemas, never pruned ones (to test pruning).
	Whole bool
	// SlowOnly sends every resource to gojsonschema, without the quick
	// verdict (to test that the verdict changes no finding).
	SlowOnly bool
}

// typeState is what this package keeps of one resource type, made once
// (registry.ResourceType.Memo) and kept as long as the type.
type typeState struct {
	t        *registry.ResourceType
	fullOnce sync.Once
	raw      map[string]any // the whole document, prepared for gojsonschema
	rawErr   error
	mu       sync.Mutex                 // guards compiled
	compile  sync.Mutex                 // one gojsonschema compile at a time: see schemaFor
	compiled map[string]*compiledSchema // by the sorted property names a resource sets
	// backtracking is set (by full) when a pattern of the prepared document
	// needs regexp2: gojsonschema's runs then spend the file's pattern
	// budget.
	backtracking bool
}

type stateKey struct{}

func stateOf(t *registry.ResourceType) *typeState {
	return t.Memo(stateKey{}, func() any {
		return &typeState{t: t, compiled: map[string]*compiledSchema{}}
	}).(*typeState)
}

// formatsMu guards gojsonschema's global format-checker table: schemas register
// their patterns there while loading, validations read it.
var formatsMu sync.RWMutex

// full decodes the whole document and prepares it for gojsonschema, once.
func (s *typeState) full() (map[string]any, error) {
	s.fullOnce.Do(func() {
		registerIntrinsicFormat()
		var raw map[string]any
		// Numbers stay json.Number: the schema goes to gojsonschema as it is
		// (a raw loader), without a marshal and decode round trip per compile.
		dec := json.NewDecoder(bytes.NewReader(s.t.Data()))
		dec.UseNumber()
		if err := dec.Decode(&raw); err != nil {
			s.rawErr = fmt.Errorf("the schema of %s: %w", s.t.Name, err)
			return
		}
		s.t.FixErrata(raw)
		for _, k := range registry.ScopeKeys {
			delete(raw, k)
		}
		formats := map[string]formatChecker{}
		prepare(raw, formats)
		formatsMu.Lock()
		for name, f := range formats {
			if !gojsonschema.FormatCheckers.Has(name) {
				gojsonschema.FormatCheckers.Add(name, f)
			}
			if _, re2 := pattern.RE2(f.l.Pattern()); !re2 {
				s.backtracking = true
			}
		}
		formatsMu.Unlock()
		s.raw = raw
	})
	return s.raw, s.rawErr
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

// intrinsicName is template.IntrinsicName as a format.
type intrinsicName struct{}

func (intrinsicName) IsFormat(input any) bool {
	s, ok := input.(string)
	return ok && template.IntrinsicName(s)
}

// registerIntrinsicFormat adds intrinsicName to gojsonschema's formats,
// once, before the first schema that uses it compiles (no package init:
// a run that checks nothing pays nothing).
var registerIntrinsicFormat = sync.OnceFunc(func() {
	formatsMu.Lock()
	gojsonschema.FormatCheckers.Add(intrinsicNameFormat, intrinsicName{})
	formatsMu.Unlock()
})

// backtrackingKey is where the schema generator keeps a pattern Go's
// regexp cannot run (schema/gen); backtrackingKeysKey maps a
// patternProperties key whose lookarounds it stripped to the source key.
const (
	backtrackingKey     = "x-pipegen-backtracking-pattern"
	backtrackingKeysKey = "x-pipegen-backtracking-pattern-properties"
)

// prepare rewrites a registry schema in place for template checking:
//   - every value schema accepts an intrinsic function instead (if/then/else
//     keeps error paths flat, unlike anyOf);
//   - scalar types are loosened as CloudFormation coerces them ("1" for 1, 1 for "1"),
//     and so are enums (loosenEnum: RetentionInDays: '90' is one of 1, 3, ..., 90);
//   - patterns become named formats compiled on first use (pattern.Lazy),
//     including those Go's RE2 cannot run, which the generator parked under
//     backtrackingKey;
//   - a patternProperties key whose lookarounds the generator stripped
//     (backtrackingKeysKey) becomes a format on the property names too, so
//     a name the stripped key lets through but the source key refuses is
//     refused (AWS::Oam::Sink tag keys may not start with aws:).
func prepare(node any, formats map[string]formatChecker) {
	switch n := node.(type) {
	case map[string]any:
		if p, ok := n[backtrackingKey].(string); ok {
			delete(n, backtrackingKey)
			lazyFormat(n, p, formats) // gojsonschema cannot compile it: a format is the only way
		} else if p, ok := n["pattern"].(string); ok && n["format"] == nil {
			delete(n, "pattern")
			lazyFormat(n, p, formats)
		}
		if keys, ok := n[backtrackingKeysKey].(map[string]any); ok {
			delete(n, backtrackingKeysKey)
			keyFormats(n, keys, formats)
		}
		loosenType(n)
		if list, ok := n["enum"].([]any); ok {
			n["enum"] = loosenEnum(list)
		}
		for key, child := range n {
			switch key {
			case "properties", "patternProperties", "definitions":
				if m, ok := child.(map[string]any); ok {
					for name, sub := range m {
						prepare(sub, formats)
						if key != "definitions" {
							m[name] = allowIntrinsic(sub)
						}
					}
				}
			case "items", "additionalProperties":
				prepare(child, formats)
				if _, ok := child.(map[string]any); ok {
					n[key] = allowIntrinsic(child)
				}
			case "enum", "required", "const", "examples", "default":
				// data, not schemas
			default:
				prepare(child, formats)
			}
		}
	case []any:
		for _, item := range n {
			prepare(item, formats)
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
		types = lazyjson.Strings(t)
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
	for _, t := range slices.Sorted(maps.Keys(set)) {
		out = append(out, t)
	}
	n["type"] = out
}

// loosenEnum returns an enum's items with, after them, the scalars
// CloudFormation coerces each to where loosenType lets one stand for the
// other: a number's decimal text ("90" for 90: RetentionInDays: '90'
// deploys), the number a string of one stands for, "true"/"false" for a
// boolean and the reverse. An item already there is not added again
// (gojsonschema refuses an enum with two equal items); list itself comes
// back when nothing is added.
func loosenEnum(list []any) []any {
	var out []any
	add := func(v any) {
		for _, item := range list {
			if same, ok := sameValue(item, v); same && ok {
				return
			}
		}
		for _, item := range out[min(len(out), len(list)):] {
			if same, ok := sameValue(item, v); same && ok {
				return
			}
		}
		if out == nil {
			out = slices.Clip(list)
		}
		out = append(out, v)
	}
	for _, item := range list {
		switch it := item.(type) {
		case json.Number, int64, float64, int:
			if f, _, ok := number(it); ok {
				add(strconv.FormatFloat(f, 'f', -1, 64))
			}
		case bool:
			add(strconv.FormatBool(it))
		case string:
			if b, err := strconv.ParseBool(it); err == nil && (it == "true" || it == "false") {
				add(b)
			} else if isDecimal(it) {
				add(json.Number(it))
			}
		}
	}
	if out == nil {
		return list
	}
	return out
}

// isDecimal reports a string that is a JSON number in plain decimal: the
// text loosenEnum writes for a number, so the two directions agree.
func isDecimal(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && strconv.FormatFloat(f, 'f', -1, 64) == s
}

// lazyFormat replaces a pattern by the format that checks it.
func lazyFormat(n map[string]any, p string, formats map[string]formatChecker) {
	name := patternFormat + p
	formats[name] = formatChecker{l: pattern.For(p)}
	n["format"] = name
}

// keyFormats makes the property names of node meet the source key of each
// stripped patternProperties key (stripped key -> source key): a name the
// stripped key matches must match the source one. The generator strips a
// key only where it is the node's one key and additionalProperties is
// false, so the names that match no key are refused already.
func keyFormats(node, keys map[string]any, formats map[string]formatChecker) {
	var names []any
	for _, stripped := range slices.Sorted(maps.Keys(keys)) {
		source, ok := keys[stripped].(string)
		re, compiles := pattern.RE2(stripped)
		if !ok || !compiles {
			continue
		}
		name := keyFormat + source
		formats[name] = formatChecker{l: pattern.For(source), only: re}
		names = append(names, map[string]any{"format": name})
	}
	if len(names) == 0 {
		return
	}
	if old, has := node["propertyNames"]; has {
		names = append(names, old)
	}
	node["propertyNames"] = map[string]any{"allOf": names}
}

// patternFormat starts the name of the format that checks a pattern;
// keyFormat, that of one that checks the property names of an object.
const (
	patternFormat = "pipegen-pattern:"
	keyFormat     = "pipegen-name-pattern:"
)

// formatChecker is a pattern as one of gojsonschema's format checkers,
// with the budget runSchema lent: a match the budget stopped is
// undecided, and undecided is no finding. With only set, it checks only
// the strings only matches (the names a stripped key lets through).
type formatChecker struct {
	l    *pattern.Lazy
	only *regexp.Regexp
}

func (f formatChecker) IsFormat(input any) bool {
	s, ok := input.(string)
	if !ok || f.only != nil && !f.only.MatchString(s) {
		return true // a pattern only constrains strings
	}
	matched, decided := f.l.Match(s, borrowed())
	return matched || !decided
}

// lent is the budget gojsonschema's format checkers spend. They are
// process-wide and take no context, so runSchema lends them the budget of
// the file whose resource it checks, and runs that can reach a backtracking
// pattern take turns (lendMu): the checker then knows whose budget it
// spends and where to report a cut.
var (
	lendMu sync.Mutex
	lent   atomic.Pointer[pattern.Site]
)

// lend runs f with site's budget lent to the format checkers.
func lend(site pattern.Site, f func()) {
	lendMu.Lock()
	defer lendMu.Unlock()
	lent.Store(&site)
	defer lent.Store(nil)
	f()
}

// borrowed is the site lent to the format checkers; outside lend (no caller
// does that today), a budget of its own for the one match.
func borrowed() pattern.Site {
	if site := lent.Load(); site != nil {
		return *site
	}
	return pattern.Site{Budget: pattern.NewBudget(pattern.Time)}
}
