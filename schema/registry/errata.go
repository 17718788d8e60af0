package registry

import (
	"maps"
	"slices"
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
// read-only property (the registry's attributes), a property the type
// returns though it is not read-only (getatt.go: any property of the
// types that return them all, nested ones too, such as AWS::EC2::VPC
// CidrBlock; a few of others), or a key inside an attribute whose keys
// the schema does not list (AWS::CloudFormation::Stack Outputs.Name).
// Any other property a template sets is no attribute: CloudFormation
// refuses !GetAtt Bucket.BucketName.
func (t *ResourceType) HasAttribute(attr string) bool {
	head, _, nested := strings.Cut(attr, ".")
	if t.attributes[attr] || slices.Contains(extraAttributes[t.Name], attr) || allPropertyTypes[t.Name] && t.settable[head] {
		return true
	}
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

// Attributes lists the attributes Fn::GetAtt may ask for, sorted: the
// read-only properties and those getatt.go adds (for the types that return
// every property, the top-level ones).
func (t *ResourceType) Attributes() []string {
	set := maps.Clone(t.attributes)
	for _, a := range extraAttributes[t.Name] {
		set[a] = true
	}
	if allPropertyTypes[t.Name] {
		for p := range t.settable {
			set[p] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// FixErrata applies the type's errata, if any, to a decoded copy of its
// schema document (the one gojsonschema compiles is decoded apart).
func (t *ResourceType) FixErrata(raw map[string]any) {
	if fix := errata[t.Name]; fix != nil {
		fix(raw)
	}
}
