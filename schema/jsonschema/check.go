package jsonschema

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/pipegen/pipegen/schema/finding"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
	"github.com/xeipuuv/gojsonschema"
)

// Kind is what a violation of a schema is about; schema/rules gives each
// kind its rule id.
type Kind int

const (
	Other           Kind = iota // any other violation
	UnknownProperty             // a property the schema does not have
	Required                    // a required property is missing
	Type                        // a value of the wrong type
	Enum                        // a value not among the allowed ones
	Pattern                     // a string that does not match its pattern
	Length                      // a string too short or too long
	Items                       // a list with too few or too many items
	Unique                      // a list whose items must differ has two equal ones
	Range                       // a number out of bounds
)

// Violation is one way a value breaks its schema, placed in the template.
type Violation struct {
	Kind    Kind
	Pos     finding.Pos
	Path    string // template path, e.g. Resources/B/Properties/Tags
	Message string
}

// Check runs t's schema over a resource's Properties, which stand at base
// in doc (read-only properties left out: the rules report them, E3040):
// the quick verdict first, and gojsonschema, which explains what is wrong,
// when that is not "valid". Backtracking patterns spend site's budget. The
// error says that the schema could not be read or compiled.
func Check(doc *template.Document, t *registry.ResourceType, props any, base string, site pattern.Site, opts Options) ([]Violation, error) {
	if m, ok := props.(map[string]any); ok {
		props = withoutReadOnly(t, m)
	}
	if !opts.SlowOnly && quickVerdict(t, props, site) == valid {
		return nil, nil
	}
	errs, err := schemaErrors(t, props, site, opts)
	if err != nil {
		return nil, err
	}
	return violations(doc, errs, base, t.Properties(), true), nil
}

// schemaErrors runs gojsonschema over props; its backtracking patterns, if
// the type has any, spend site's budget.
func schemaErrors(t *registry.ResourceType, props any, site pattern.Site, opts Options) ([]gojsonschema.ResultError, error) {
	st := stateOf(t)
	s, err := st.schemaFor(checkedProperties(t, props, opts))
	if err != nil {
		return nil, err
	}
	if !st.backtracking {
		return runSchema(s, props), nil
	}
	var errs []gojsonschema.ResultError
	lend(site, func() { errs = runSchema(s, props) })
	return errs, nil
}

// checkedProperties names the properties the schema will see: those set,
// less the read-only ones the validator reports and removes itself. nil
// (Properties that is not a mapping, or Options.Whole) asks for the whole
// schema.
func checkedProperties(t *registry.ResourceType, props any, opts Options) []string {
	m, ok := props.(map[string]any)
	if !ok || opts.Whole {
		return nil
	}
	used := make([]string, 0, len(m))
	for k := range m {
		if !t.ReadOnly(k) {
			used = append(used, k)
		}
	}
	return used
}

func runSchema(s *gojsonschema.Schema, value any) []gojsonschema.ResultError {
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	res, err := s.Validate(gojsonschema.NewGoLoader(value))
	if err != nil {
		return nil
	}
	return res.Errors()
}

// wrapperErrors only say that a combinator failed; the errors of its
// branches name the real cause, so these are dropped.
var wrapperErrors = map[string]bool{
	"number_any_of": true, "number_all_of": true, "condition_then": true, "condition_else": true,
	"invalid_property_name": true, // the format error of the name follows
}

// kindOfError maps gojsonschema error types to kinds.
var kindOfError = map[string]Kind{
	"additional_property_not_allowed": UnknownProperty,
	"required":                        Required,
	"invalid_type":                    Type,
	"enum":                            Enum,
	"const":                           Enum,
	"pattern":                         Pattern,
	"format":                          Pattern,
	"string_gte":                      Length,
	"string_lte":                      Length,
	"array_min_items":                 Items,
	"array_max_items":                 Items,
	"unique":                          Unique,
	"number_gte":                      Range,
	"number_lte":                      Range,
	"number_gt":                       Range,
	"number_lt":                       Range,
}

// violations turns schema errors about the value at base into violations
// with positions, once each. known lists the property names at the root,
// for did-you-mean; prepared says the schema is a prepared resource schema,
// whose enums prepare loosened.
func violations(doc *template.Document, errs []gojsonschema.ResultError, base string, known []string, prepared bool) []Violation {
	var out []Violation
	type key struct {
		kind      Kind
		pos       finding.Pos
		path, msg string
	}
	seen := map[key]bool{}
	for _, e := range errs {
		if wrapperErrors[e.Type()] {
			continue
		}
		v := violation(doc, e, base, known, prepared)
		if k := (key{v.Kind, v.Pos, finding.ShortPath(v.Path), v.Message}); !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

func violation(doc *template.Document, e gojsonschema.ResultError, base string, known []string, prepared bool) Violation {
	rel := strings.TrimPrefix(strings.TrimPrefix(e.Context().String("/"), "(root)"), "/")
	path := base
	if rel != "" {
		path = template.Join(base, rel)
	}
	kind := kindOfError[e.Type()]
	pos := doc.PosOf(path)
	switch e.Value().(type) {
	case map[string]any, []any:
		// A finding about a whole mapping or list (too few items, a
		// duplicate, the wrong type, none of oneOf's shapes) points at the
		// key that names it, as cfn-lint does, so both land on one line;
		// an item of a list has no key and is pointed at itself.
		pos = doc.ObjectPos(path)
	}
	msg := e.Description()
	switch e.Type() {
	case "additional_property_not_allowed":
		prop := fmt.Sprint(e.Details()["property"])
		path = template.Join(path, prop)
		pos = doc.KeyPosOf(path)
		msg = fmt.Sprintf("unknown property %s", prop)
		if rel == "" {
			msg += suggest.DidYouMean(prop, known)
		}
	case "required":
		msg = fmt.Sprintf("missing required property %s", e.Details()["property"])
	case "invalid_type":
		msg = fmt.Sprintf("expected %s, got %s", e.Details()["expected"], e.Details()["given"])
	case "enum":
		allowed := fmt.Sprint(e.Details()["allowed"])
		if prepared {
			allowed = unloosened(allowed)
		}
		msg = fmt.Sprintf("%s is not one of the allowed values: %s", template.Show(e.Value()), allowed)
	case "pattern":
		msg = fmt.Sprintf("%s does not match the pattern %s", template.Show(e.Value()), e.Details()["pattern"])
	case "format":
		format := fmt.Sprint(e.Details()["format"])
		if source, isKey := strings.CutPrefix(format, keyFormat); isKey {
			name := fmt.Sprint(e.Value())
			path = template.Join(path, name)
			pos = doc.KeyPosOf(path)
			msg = fmt.Sprintf("the name %s does not match the pattern %s", template.Show(name), source)
			break
		}
		msg = fmt.Sprintf("%s does not match the pattern %s", template.Show(e.Value()), strings.TrimPrefix(format, patternFormat))
	}
	return Violation{Kind: kind, Pos: pos, Path: path, Message: msg}
}

// unloosened is gojsonschema's list of an enum's allowed values (JSON
// values joined by ", ") without the items loosenEnum added: the shortest
// prefix that loosens to the whole list. Text it cannot read comes back
// as it is.
func unloosened(allowed string) string {
	var list []any
	dec := json.NewDecoder(strings.NewReader("[" + allowed + "]"))
	dec.UseNumber()
	if dec.Decode(&list) != nil {
		return allowed
	}
	for k := 1; k < len(list); k++ {
		if len(loosenEnum(list[:k])) != len(list) {
			continue
		}
		parts := make([]string, k)
		for i, item := range list[:k] {
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			if enc.Encode(item) != nil {
				return allowed
			}
			parts[i] = strings.TrimSuffix(b.String(), "\n")
		}
		return strings.Join(parts, ", ")
	}
	return allowed
}

// withoutReadOnly returns props less the type's read-only properties (props
// itself when it has none): the rules report those (E3040), so the schema
// does not report them again.
func withoutReadOnly(t *registry.ResourceType, props map[string]any) map[string]any {
	var rest map[string]any
	for k := range props {
		if !t.ReadOnly(k) {
			continue
		}
		if rest == nil {
			rest = maps.Clone(props)
		}
		delete(rest, k)
	}
	if rest == nil {
		return props
	}
	return rest
}
