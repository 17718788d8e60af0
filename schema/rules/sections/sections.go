package sections

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Sections: the template's top level (E1001, E1004, E1005).

var templateSections = []string{
	"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules",
	"Mappings", "Conditions", "Transform", "Resources", "Outputs", "Hooks",
}

// sections checks the top-level sections, the format version, the
// Description, that Resources has a resource, and the logical ids.
func sections(m *rules.Model, r *rules.Report) {
	root := m.Doc.Root
	for _, name := range slices.Sorted(maps.Keys(root)) {
		if !slices.Contains(templateSections, name) && !(name == "Globals" && m.SAM) {
			r.Key(rules.Template, name, "unknown top-level section%s; expected one of %s", suggest.DidYouMean(name, templateSections), strings.Join(templateSections, ", "))
		}
	}
	if v, ok := root["AWSTemplateFormatVersion"]; ok && v != "2010-09-09" {
		r.At(rules.Template, "AWSTemplateFormatVersion", "must be the string \"2010-09-09\", got %s", template.Show(v))
	}
	if v, ok := root["Description"]; ok {
		if _, isString := v.(string); !isString {
			r.At(rules.Description, "Description", "must be a string, got a %s", template.Kind(v))
		}
	}
	res, ok := root["Resources"]
	if !ok {
		r.Add(rules.Template, template.Pos{Line: 1, Col: 1}, "", "the template has no Resources section: CloudFormation needs at least one resource")
		return
	}
	// An empty Resources is no error when a loop there was left unexpanded:
	// its resources are made at deploy time.
	if rm, isMap := res.(map[string]any); !isMap || len(rm) == 0 && !m.Loops.Skipped["Resources"] {
		r.At(rules.Template, "Resources", "must be a mapping with at least one resource")
	}
	for _, section := range []string{"Parameters", "Mappings", "Conditions", "Outputs", "Resources"} {
		sm, isMap := root[section].(map[string]any)
		if _, present := root[section]; present && !isMap {
			r.At(rules.Template, section, "must be a mapping of logical ids, got a %s", template.Kind(root[section]))
		}
		for _, id := range slices.Sorted(maps.Keys(sm)) {
			switch {
			case section == "Conditions":
				if !isConditionName(id) {
					r.Key(rules.Template, template.Path(section, id), "condition name %q must contain only letters, digits, & and _", id)
				}
			case !template.IsLogicalID(id):
				r.Key(rules.Template, template.Path(section, id), "logical id %q must contain only letters and digits", id)
			}
		}
	}
}

// transform checks the Transform section's shape.
func transform(m *rules.Model, r *rules.Report) {
	v, has := m.Doc.Root["Transform"]
	if !has {
		return
	}
	const want = "Transform takes a transform name (such as AWS::Serverless-2016-10-31), {Name: ..., Parameters: ...} or a list of them"
	check := func(item any, path string) {
		switch t := item.(type) {
		case string:
			if t == "" {
				r.At(rules.Transform, path, "%s, got an empty string", want)
			}
		case map[string]any:
			if _, ok := t["Name"].(string); !ok {
				r.At(rules.Transform, path, "%s, got a mapping without a Name", want)
			}
		default:
			r.At(rules.Transform, path, "%s, got %s", want, template.Describe(item))
		}
	}
	if list, isList := v.([]any); isList {
		for i, item := range list {
			check(item, template.Path("Transform", strconv.Itoa(i)))
		}
	} else {
		check(v, "Transform")
	}
}

// isConditionName reports a name CloudFormation takes for a condition:
// letters, digits, & and _ (AWS's Quick Start VPC template deploys
// conditions named NATInstance&3AZCondition; cfn-lint's schema of the
// section takes ^[a-zA-Z0-9&_]{1,255}$).
func isConditionName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '&' || c == '_') {
			return false
		}
	}
	return s != ""
}
