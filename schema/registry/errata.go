package registry

import (
	"strings"

	"github.com/pipegen/pipegen/schema/lazyjson"
)

// errata correct registry schemas that disagree with what CloudFormation
// accepts and documents; each entry says why. They apply when a type is
// loaded, so the vendored files stay as the registry ships them.
var errata = map[string]func(raw map[string]any){
	// The template reference requires only TemplateURL: CloudFormation names
	// a nested stack itself. The registry schema lists StackName as required.
	"AWS::CloudFormation::Stack": func(raw map[string]any) {
		raw["required"] = without(lazyjson.Strings(raw["required"]), "StackName")
	},
	// Triggers.FilterGroups is a list of lists of filters (Type, Pattern,
	// ExcludeMatchedPattern); the registry defines a group as an empty object.
	"AWS::CodeBuild::Project": func(raw map[string]any) {
		defs, _ := raw["definitions"].(map[string]any)
		if defs == nil {
			return
		}
		defs["FilterGroup"] = map[string]any{
			"type": "array",
			"items": map[string]any{
				"type":                 "object",
				"additionalProperties": false,
				"required":             []any{"Type", "Pattern"},
				"properties": map[string]any{
					"Type":                  map[string]any{"type": "string"},
					"Pattern":               map[string]any{"type": "string"},
					"ExcludeMatchedPattern": map[string]any{"type": "boolean"},
				},
			},
		}
	},
}

func without(list []string, drop string) []any {
	out := []any{}
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

// HasAttribute reports whether Fn::GetAtt may ask this type for attr: a
// read-only property (the registry's attributes), a top-level property
// (older types return their settings too, such as AWS::EC2::VPC CidrBlock),
// or a key inside an attribute whose keys the schema does not list
// (AWS::CloudFormation::Stack Outputs.Name).
func (t *ResourceType) HasAttribute(attr string) bool {
	if t.attributes[attr] || t.settable[attr] {
		return true
	}
	head, _, nested := strings.Cut(attr, ".")
	if !nested || !t.attributes[head] {
		return false
	}
	for a := range t.attributes {
		if strings.HasPrefix(a, head+".") {
			return false // the nested attributes are listed: attr is not one of them
		}
	}
	return true
}

// FixErrata applies the type's errata, if any, to a decoded copy of its
// schema document (the one gojsonschema compiles is decoded apart).
func (t *ResourceType) FixErrata(raw map[string]any) {
	if fix := errata[t.Name]; fix != nil {
		fix(raw)
	}
}
