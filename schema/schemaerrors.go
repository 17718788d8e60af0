package schema

import (
	"fmt"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

// validate runs the type's schema over a resource's Properties (read-only
// properties already taken out): the quick verdict first, and gojsonschema,
// which explains what is wrong, when that is not "valid".
func (t *ResourceType) validate(props any, site patternSite) ([]gojsonschema.ResultError, error) {
	if !t.slowOnly && t.quickVerdict(props, site) == valid {
		return nil, nil
	}
	return t.schemaErrors(props, site)
}

// schemaErrors runs gojsonschema over props; its backtracking patterns, if
// the type has any, spend site's budget.
func (t *ResourceType) schemaErrors(props any, site patternSite) ([]gojsonschema.ResultError, error) {
	s, err := t.schemaFor(t.checkedProperties(props))
	if err != nil {
		return nil, err
	}
	if !t.backtracking {
		return runSchema(s, props), nil
	}
	var errs []gojsonschema.ResultError
	lend(site, func() { errs = runSchema(s, props) })
	return errs, nil
}

// checkedProperties names the properties the schema will see: those set,
// less the read-only ones the validator reports and removes itself. nil
// (Properties that is not a mapping, or a whole-schema registry) asks for
// the whole schema.
func (t *ResourceType) checkedProperties(props any) []string {
	m, ok := props.(map[string]any)
	if !ok || t.whole {
		return nil
	}
	used := make([]string, 0, len(m))
	for k := range m {
		if !t.readOnly[k] {
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
}

// ruleOfError maps gojsonschema error types to rule ids.
var ruleOfError = map[string]string{
	"additional_property_not_allowed": RuleProperty,
	"required":                        RuleRequired,
	"invalid_type":                    RuleValueType,
	"enum":                            RuleEnum,
	"const":                           RuleEnum,
	"pattern":                         RulePattern,
	"format":                          RulePattern,
	"string_gte":                      RuleLength,
	"string_lte":                      RuleLength,
	"array_min_items":                 RuleLength,
	"array_max_items":                 RuleLength,
	"number_gte":                      RuleRange,
	"number_lte":                      RuleRange,
	"number_gt":                       RuleRange,
	"number_lt":                       RuleRange,
}

// schemaFindings turns schema errors about the value at base into findings
// with positions. known lists the property names at the root, for did-you-mean.
func (c *check) schemaFindings(errs []gojsonschema.ResultError, base string, known []string) {
	c.out = append(c.out, schemaFindings(c.doc, errs, base, known)...)
}

func schemaFindings(doc *Document, errs []gojsonschema.ResultError, base string, known []string) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, e := range errs {
		if wrapperErrors[e.Type()] {
			continue
		}
		f := schemaFinding(doc, e, base, known)
		if key := f.String(); !seen[key] {
			seen[key] = true
			out = append(out, f)
		}
	}
	return out
}

func schemaFinding(doc *Document, e gojsonschema.ResultError, base string, known []string) Finding {
	rel := strings.TrimPrefix(strings.TrimPrefix(e.Context().String("/"), "(root)"), "/")
	path := base
	if rel != "" {
		path = join(base, rel)
	}
	rule := ruleOfError[e.Type()]
	if rule == "" {
		rule = RuleSchema
	}
	pos := doc.PosOf(path)
	msg := e.Description()
	switch e.Type() {
	case "additional_property_not_allowed":
		prop := fmt.Sprint(e.Details()["property"])
		path = join(path, prop)
		pos = doc.KeyPosOf(path)
		msg = fmt.Sprintf("unknown property %s", prop)
		if rel == "" {
			msg += didYouMean(prop, known)
		}
	case "required":
		pos = doc.objectPos(path)
		msg = fmt.Sprintf("missing required property %s", e.Details()["property"])
	case "invalid_type":
		msg = fmt.Sprintf("expected %s, got %s", e.Details()["expected"], e.Details()["given"])
	case "enum":
		msg = fmt.Sprintf("%s is not one of the allowed values: %s", show(e.Value()), e.Details()["allowed"])
	case "pattern":
		msg = fmt.Sprintf("%s does not match the pattern %s", show(e.Value()), e.Details()["pattern"])
	case "format":
		msg = fmt.Sprintf("%s does not match the pattern %s", show(e.Value()), strings.TrimPrefix(fmt.Sprint(e.Details()["format"]), "pipegen-pattern:"))
	}
	return Finding{File: doc.File, Pos: pos, Severity: Error, Rule: rule, Path: shortPath(path), Message: msg}
}
