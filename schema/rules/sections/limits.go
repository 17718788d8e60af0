package sections

import (
	"strconv"
	"unicode/utf8"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Limits: CloudFormation's quotas on a template, with cfn-lint's ids and
// figures where cfn-lint has the rule (E1002, E1003, E2010, E2011, E3001,
// E3010, E6010, E6011, E7002, E7010) and pipegen's own where it has none
// (E9001). The figures are AWS's "Understand CloudFormation quotas"
// page, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html,
// as cfn-lint 1.51 reads it (src/cfnlint/helpers.py LIMITS and the schemas
// of data/schemas/other): lengths are counted in characters, as cfn-lint
// counts them, where the page says bytes (a count of characters is never
// more than one of bytes, so this reports nothing AWS would take).
const (
	maxTemplateBytes  = 1_000_000 // template body in S3 (AWS: 1 MB; cfn-lint's figure)
	maxDescription    = 1024      // template Description
	maxParameters     = 200
	maxResources      = 500
	maxOutputs        = 200
	maxMappings       = 200
	maxMappingKeys    = 200  // top-level keys of a mapping, and second-level keys of each
	maxName           = 255  // logical ids of parameters, resources, outputs; mapping names and keys
	maxParameterValue = 4096 // a parameter's Default and each AllowedValues item (AWS: 4,096 bytes)
	maxParameterDesc  = 4000 // a parameter's Description (cfn-lint's figure)
	maxOutputDesc     = 1024 // an output's Description
	maxDynamicRefs    = 60   // dynamic references in a template
)

// limits checks the template against CloudFormation's quotas. It counts
// what the model already holds: linear in the template's sections.
func limits(m *rules.Model, r *rules.Report) {
	start := template.Pos{Line: 1, Col: 1}
	// A template over 51,200 bytes deploys from S3 only (aws cloudformation
	// deploy --s3-bucket): no finding, as in cfn-lint; generate warns of it
	// for the pipelines it writes (render.CheckTemplateSize).
	if size := m.Doc.Size; size > maxTemplateBytes {
		r.Add(rules.TemplateSize, start, "", "the template is %s bytes, over CloudFormation's limit of %s bytes (1 MB, for a template in S3): split it, for example into nested stacks", thousands(size), thousands(maxTemplateBytes))
	}
	if d, ok := m.Doc.Root["Description"].(string); ok {
		tooLong(r, rules.DescriptionSize, "Description", "Description", d, maxDescription, true)
	}
	count(r, rules.ParamLimit, "Parameters", len(m.Params), maxParameters, "parameters")
	count(r, rules.ResourceLimit, "Resources", len(m.Resources), maxResources, "resources")
	count(r, rules.OutputLimit, "Outputs", len(m.Outputs), maxOutputs, "outputs")
	count(r, rules.MappingLimit, "Mappings", len(m.Mappings), maxMappings, "mappings")
	if m.DynamicRefs > maxDynamicRefs {
		r.At(rules.DynamicRefLimit, "Resources", "the resources hold %d dynamic references ({{resolve:...}}), over CloudFormation's limit of %d a template", m.DynamicRefs, maxDynamicRefs)
	}
	for _, id := range m.ParamNames {
		path := template.Path("Parameters", id)
		tooLong(r, rules.ParamLength, path, "parameter name", id, maxName, true)
		p, _ := m.Params[id].(map[string]any)
		if d, ok := p["Default"].(string); ok {
			tooLong(r, rules.ParamLength, template.Path(path, "Default"), "Default", d, maxParameterValue, true)
		}
		if d, ok := p["Description"].(string); ok {
			tooLong(r, rules.ParamLength, template.Path(path, "Description"), "Description", d, maxParameterDesc, true)
		}
		values, _ := p["AllowedValues"].([]any)
		for i, v := range values {
			if s, ok := v.(string); ok {
				tooLong(r, rules.ParamLength, template.Path(path, "AllowedValues", strconv.Itoa(i)), "an allowed value", s, maxParameterValue, false)
			}
		}
	}
	for _, id := range m.ResourceNames {
		tooLong(r, rules.Resource, template.Path("Resources", id), "logical id", id, maxName, true)
	}
	for id, out := range m.Outputs { // findings are sorted afterwards
		path := template.Path("Outputs", id)
		tooLong(r, rules.OutputLength, path, "output name", id, maxName, true)
		o, _ := out.(map[string]any)
		if d, ok := o["Description"].(string); ok {
			tooLong(r, rules.OutputLength, template.Path(path, "Description"), "Description", d, maxOutputDesc, true)
		}
	}
	for _, name := range m.MappingNames {
		path := template.Path("Mappings", name)
		tooLong(r, rules.MappingLength, path, "mapping name", name, maxName, true)
		top, _ := m.Mappings[name].(map[string]any)
		count(r, rules.MappingLimit, path, len(top), maxMappingKeys, "top-level keys")
		for k, v := range top {
			// A top-level key's length is not checked: cfn-lint does not,
			// and AWS's page names only mapping names and attributes.
			at := template.Join(path, k)
			second, _ := v.(map[string]any)
			count(r, rules.MappingLimit, at, len(second), maxMappingKeys, "second-level keys")
			for k2 := range second {
				tooLong(r, rules.MappingLength, template.Join(at, k2), "second-level key", k2, maxName, true)
			}
		}
	}
}

// count reports a mapping at path with more than limit entries, at its key.
func count(r *rules.Report, rule *rules.Info, path string, n, limit int, what string) {
	if n > limit {
		r.Key(rule, path, "%s %s, over CloudFormation's limit of %s", thousands(n), what, thousands(limit))
	}
}

// tooLong reports a string over limit characters at the key that names
// it (a name, or a value under a key, as cfn-lint points), or, for an
// item of a list (atKey false), at the item.
func tooLong(r *rules.Report, rule *rules.Info, path, what, s string, limit int, atKey bool) {
	if len(s) <= limit { // bytes: never fewer than characters
		return
	}
	n := utf8.RuneCountInString(s)
	if n <= limit {
		return
	}
	report := r.At
	if atKey {
		report = r.Key
	}
	report(rule, path, "%s is %s characters, over CloudFormation's limit of %s", what, thousands(n), thousands(limit))
}

// thousands prints n with a comma every three digits, as AWS's page does.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
