package resources

import (
	"maps"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Packaged properties (W3002): a template written for `aws cloudformation
// package` (or `sam package`) names local files where CloudFormation takes
// an S3 location: Lambda's Code: ./src. The package command uploads them
// and writes the location; CloudFormation itself would refuse the
// template. So it is a warning that says to package it, not a type error
// (cfn-lint's W3002 and its list of such properties, from the CLI's
// `package` reference).

// packagedProp is a property the package command rewrites: its path in
// Properties, and whether CloudFormation takes an object there (then any
// string is the package command's, an S3 URI included) or a string (then
// only a local path is: s3:// and https:// locations deploy as they are).
type packagedProp struct {
	path   []string
	object bool
}

var packagedProps = map[string][]packagedProp{
	"AWS::ApiGateway::RestApi":                  {{[]string{"BodyS3Location"}, true}},
	"AWS::Lambda::Function":                     {{[]string{"Code"}, true}},
	"AWS::Lambda::LayerVersion":                 {{[]string{"Content"}, true}},
	"AWS::ElasticBeanstalk::ApplicationVersion": {{[]string{"SourceBundle"}, true}},
	"AWS::StepFunctions::StateMachine":          {{[]string{"DefinitionS3Location"}, true}},
	"AWS::AppSync::GraphQLSchema":               {{[]string{"DefinitionS3Location"}, false}},
	"AWS::AppSync::Resolver": {
		{[]string{"RequestMappingTemplateS3Location"}, false},
		{[]string{"ResponseMappingTemplateS3Location"}, false},
	},
	"AWS::AppSync::FunctionConfiguration": {
		{[]string{"RequestMappingTemplateS3Location"}, false},
		{[]string{"ResponseMappingTemplateS3Location"}, false},
	},
	"AWS::CloudFormation::Stack":  {{[]string{"TemplateURL"}, false}},
	"AWS::CodeCommit::Repository": {{[]string{"Code", "S3"}, true}},
}

// packaged reports each property of props that only the package command
// makes deployable, and returns props with those values made deploy-time
// values (copied where they change). With the SAM transform nothing is
// reported: such templates are packaged as a rule (cfn-lint does the same).
func packaged(m *rules.Model, r *rules.Report, typ string, props map[string]any, path string) map[string]any {
	list := packagedProps[typ]
	if len(list) == 0 || m.SAM {
		return props
	}
	out := props
	for _, p := range list {
		parent, at := out, path
		for _, k := range p.path[:len(p.path)-1] {
			next, _ := parent[k].(map[string]any)
			if next == nil {
				parent = nil
				break
			}
			parent, at = next, template.Path(at, k)
		}
		last := p.path[len(p.path)-1]
		s, isString := parent[last].(string)
		if !isString || !p.object && (strings.HasPrefix(s, "s3://") || strings.HasPrefix(s, "https://")) {
			continue
		}
		at = template.Path(at, last)
		r.At(rules.Packaged, at, "%s %q is a local path or S3 URI that only `aws cloudformation package` (or `sam package`) turns into what CloudFormation takes; package the template, and deploy what it writes", last, s)
		out = withValue(out, p.path, deployTime(s))
	}
	return out
}

// withValue returns m with the value at path replaced, copying the maps on
// the way so that m itself is not changed.
func withValue(m map[string]any, path []string, v any) map[string]any {
	cp := maps.Clone(m)
	if len(path) == 1 {
		cp[path[0]] = v
		return cp
	}
	child, _ := cp[path[0]].(map[string]any)
	cp[path[0]] = withValue(child, path[1:], v)
	return cp
}
