package schema

import (
	"strconv"
	"strings"
)

// The transforms the template rules know. Other transforms (macros,
// AWS::Include) are accepted as names; what they generate is not checked.
const (
	samTransform      = "AWS::Serverless-2016-10-31"
	languageExtension = "AWS::LanguageExtensions"
	serverlessPrefix  = "AWS::Serverless::"
)

// isServerlessType reports a SAM resource type, which the SAM transform
// expands at deploy time: it has no registry schema.
func isServerlessType(typ string) bool { return strings.HasPrefix(typ, serverlessPrefix) }

// transformNames lists the names in the top-level Transform: a name, a list
// of names, or {Name: ..., Parameters: ...} (AWS::Include), or a list of those.
func transformNames(v any) []string {
	var names []string
	var add func(v any)
	add = func(v any) {
		switch t := v.(type) {
		case string:
			names = append(names, t)
		case map[string]any:
			if name, ok := t["Name"].(string); ok {
				names = append(names, name)
			}
		case []any:
			for _, item := range t {
				if _, nested := item.([]any); !nested {
					add(item)
				}
			}
		}
	}
	add(v)
	return names
}

// hasTransform reports whether the template declares the named transform.
func (c *check) hasTransform(name string) bool {
	return contains(transformNames(c.doc.Root["Transform"]), name)
}

// transforms checks the Transform section's shape and notes the transforms
// the rules know.
func (f *facts) transforms() {
	v, has := f.c.doc.Root["Transform"]
	if !has {
		return
	}
	const want = "Transform takes a transform name (such as AWS::Serverless-2016-10-31), {Name: ..., Parameters: ...} or a list of them"
	check := func(item any, path string) {
		switch t := item.(type) {
		case string:
			if t == "" {
				f.c.errAt(RuleTransform, path, "%s, got an empty string", want)
			}
		case map[string]any:
			if _, ok := t["Name"].(string); !ok {
				f.c.errAt(RuleTransform, path, "%s, got a mapping without a Name", want)
			}
		default:
			f.c.errAt(RuleTransform, path, "%s, got %s", want, describe(item))
		}
	}
	if list, isList := v.([]any); isList {
		for i, item := range list {
			check(item, Path("Transform", strconv.Itoa(i)))
		}
	} else {
		check(v, "Transform")
	}
	names := transformNames(v)
	f.sam = contains(names, samTransform)
	f.langExt = contains(names, languageExtension)
}

// serverless reports each AWS::Serverless resource: with the SAM transform it
// is expanded at deploy time and not schema-checked (an info finding); without
// the transform CloudFormation rejects it.
func (f *facts) serverless() {
	for _, id := range f.resourceNames {
		r, _ := f.resources[id].(map[string]any)
		typ, _ := r["Type"].(string)
		if !isServerlessType(typ) {
			continue
		}
		path := Path("Resources", id, "Type")
		if f.sam {
			f.c.add(Info, RuleServerlessInfo, f.c.doc.PosOf(path), path,
				"%s is expanded by the %s transform at deploy time: its properties are not checked against a schema (run `sam validate --lint` for that)", typ, samTransform)
		} else {
			f.c.errAt(RuleServerless, path, "%s needs the SAM transform: add `Transform: %s` at the top of the template", typ, samTransform)
		}
	}
}

// samGenerated reports whether name may be a resource the SAM transform
// generates: a name that starts with an AWS::Serverless resource's logical id
// (FunctionRole, FunctionAliaslive, Function.Version, ApiProdStage, ...) or
// one of the implicit APIs and CodeDeploy resources. Ref, Fn::GetAtt, Fn::Sub
// and DependsOn accept them rather than report a resource that will exist.
func (c *check) samGenerated(name string) bool {
	if !c.hasTransform(samTransform) {
		return false
	}
	for _, prefix := range []string{"ServerlessRestApi", "ServerlessHttpApi", "ServerlessDeploymentApplication", "CodeDeployServiceRole"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	for id, r := range c.section("Resources") {
		m, _ := r.(map[string]any)
		if typ, _ := m["Type"].(string); isServerlessType(typ) && strings.HasPrefix(name, id) {
			return true
		}
	}
	return false
}
