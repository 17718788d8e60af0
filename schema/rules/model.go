package rules

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pipegen/pipegen/schema/jsonschema"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/rules/condlogic"
	"github.com/pipegen/pipegen/schema/template"
	"github.com/pipegen/pipegen/schema/template/foreach"
)

// The transforms the rules know. Other transforms (macros, AWS::Include)
// are accepted as names; what they generate is not checked.
const (
	SAMTransform      = "AWS::Serverless-2016-10-31"
	LanguageExtension = "AWS::LanguageExtensions"
	serverlessPrefix  = "AWS::Serverless::"
)

// Model is what every rule reads of one template: the document with its
// Fn::ForEach loops expanded, its sections, the schema of each resource's
// type, and the record of every intrinsic function call, made in one walk.
// Rules must not change it.
type Model struct {
	Doc   *template.Document // loops expanded
	Loops foreach.Result     // what the expansion found

	Params, Resources, Conditions, Mappings, Outputs map[string]any
	// The sections' names, sorted.
	ParamNames, ResourceNames, ConditionNames, MappingNames []string

	Transforms   []string // the names in Transform
	SAM, LangExt bool     // the SAM and AWS::LanguageExtensions transforms are declared

	Registry *registry.Registry
	Types    map[string]*registry.ResourceType // logical id -> its type's schema, where vendored

	// Calls is every intrinsic function call in the sections where they
	// stand (Resources, Outputs, Conditions, Metadata, Rules, Hooks and
	// SAM's Globals), in walk order: sections in that order, keys sorted.
	Calls []Call
	// ARNs are the literal strings of Resources and Outputs that name an
	// ARN's partition (arn:aws:...), in walk order.
	ARNs []Literal
	// Placeholders are the literal strings of the walked sections that hold
	// "${" outside any Fn::Sub (E1029 reads them), in walk order.
	Placeholders []Literal
	// NoValueIfs names the resources with an Fn::If that has a branch of
	// Ref AWS::NoValue (E3003 looks for required properties they remove).
	NoValueIfs map[string]bool
	// DynamicRefs counts the dynamic references ({{resolve:ssm:...}}) in
	// the strings of Resources, which CloudFormation resolves before a
	// resource sees them (and allows 60 of a template).
	DynamicRefs int

	// conditionCalls indexes the calls of the Conditions section by the
	// condition they stand in: CallsUnder looks only at that condition's.
	conditionCalls map[string][]int

	// Logic answers whether conditions can hold together (E3003, E3005,
	// W1001).
	Logic *condlogic.Logic

	Today    time.Time          // the day the Lambda runtime rules judge by
	Patterns *pattern.Budget    // the file's time for backtracking patterns
	Schema   jsonschema.Options // how resources meet their schemas (tests)
}

// Call is one intrinsic function call: {Fn: Arg} at a path.
type Call struct {
	Fn      string
	Arg     any
	At      *template.Trail // the function's key: .../Properties/Name/Fn::Sub
	Section string          // the top-level section it stands in
	Owner   string          // the resource it stands in, "" outside Resources
	// Sub is the parsed argument of a Fn::Sub, nil for other functions:
	// every rule reads this one parse.
	Sub *SubArgs
	// path is the text of the call's value (At's parent), for Conditions
	// only: the conditions rules find the calls inside an operand by it.
	path string
}

// Literal is a string value and where it stands.
type Literal struct {
	Text string
	At   *template.Trail
}

// DynamicRefPrefix starts a dynamic reference: {{resolve:ssm:Name}},
// {{resolve:ssm-secure:...}}, {{resolve:secretsmanager:...}}.
const DynamicRefPrefix = "{{resolve:"

// callSections are the sections the walk records calls in, in order.
var callSections = []string{"Resources", "Outputs", "Conditions", "Metadata", "Rules", "Hooks", "Globals"}

// Build makes the model of a parsed template: it expands the Fn::ForEach
// loops, looks up the type of every resource, and walks the template once.
func Build(doc *template.Document, reg *registry.Registry, today time.Time, patterns *pattern.Budget, opts jsonschema.Options) *Model {
	transforms := transformNames(doc.Root["Transform"])
	m := &Model{
		Transforms: transforms,
		SAM:        slices.Contains(transforms, SAMTransform),
		LangExt:    slices.Contains(transforms, LanguageExtension),
		Registry:   reg,
		Today:      today,
		Patterns:   patterns,
		Schema:     opts,
	}
	m.Loops = foreach.Expand(doc, m.LangExt)
	m.Doc = m.Loops.Doc
	m.Params = m.Doc.Section("Parameters")
	m.Resources = m.Doc.Section("Resources")
	m.Conditions = m.Doc.Section("Conditions")
	m.Mappings = m.Doc.Section("Mappings")
	m.Outputs = m.Doc.Section("Outputs")
	m.ParamNames = slices.Sorted(maps.Keys(m.Params))
	m.ResourceNames = slices.Sorted(maps.Keys(m.Resources))
	m.ConditionNames = slices.Sorted(maps.Keys(m.Conditions))
	m.MappingNames = slices.Sorted(maps.Keys(m.Mappings))
	m.Logic = condlogic.New(m.Conditions, m.Params)
	m.Types = map[string]*registry.ResourceType{}
	for id, r := range m.Resources {
		rm, _ := r.(map[string]any)
		typ, _ := rm["Type"].(string)
		if IsCustomType(typ) || IsServerlessType(typ) || IsModuleType(typ) {
			continue
		}
		if t, ok, err := reg.Lookup(typ); ok && err == nil {
			m.Types[id] = t
		}
	}
	m.walk()
	return m
}

// walk records every call, and the ARN literals, in one walk of the
// template.
func (m *Model) walk() {
	for _, section := range callSections {
		v, ok := m.Doc.Root[section]
		if !ok {
			continue
		}
		root := template.TrailOf(section)
		inResources, arns := section == "Resources", section == "Resources" || section == "Outputs"
		template.Walk(v, root, func(v any, path *template.Trail) bool {
			switch n := v.(type) {
			case map[string]any:
				if fn, arg, ok := template.Call(n); ok {
					c := Call{Fn: fn, Arg: arg, At: path.To(fn), Section: section}
					if fn == "Fn::Sub" {
						s := parseSub(arg)
						c.Sub = &s
					}
					if inResources {
						c.Owner = ownerOf(path)
						if fn == "Fn::If" && ifHasNoValue(arg) {
							if m.NoValueIfs == nil {
								m.NoValueIfs = map[string]bool{}
							}
							m.NoValueIfs[c.Owner] = true
						}
					}
					if section == "Conditions" {
						c.path = path.String()
						name := ownerOf(path)
						if m.conditionCalls == nil {
							m.conditionCalls = map[string][]int{}
						}
						m.conditionCalls[name] = append(m.conditionCalls[name], len(m.Calls))
					}
					m.Calls = append(m.Calls, c)
				}
			case string:
				if arns && hasLiteralPartition(n) {
					m.ARNs = append(m.ARNs, Literal{Text: n, At: path})
				}
				if strings.Contains(n, "${") && !InSub(path) {
					m.Placeholders = append(m.Placeholders, Literal{Text: n, At: path})
				}
				if inResources && strings.Contains(n, DynamicRefPrefix) {
					m.DynamicRefs += strings.Count(n, DynamicRefPrefix)
				}
			}
			return true
		})
	}
}

// ifHasNoValue reports an Fn::If argument with a branch of Ref AWS::NoValue.
func ifHasNoValue(arg any) bool {
	list, ok := arg.([]any)
	if !ok || len(list) != 3 {
		return false
	}
	for _, b := range list[1:] {
		if fn, a, isFn := template.Call(b); isFn && fn == "Ref" && a == "AWS::NoValue" {
			return true
		}
	}
	return false
}

// InSub reports a value at a trail of the walk that stands inside an
// Fn::Sub (its string, or a value of its variables).
func InSub(path *template.Trail) bool {
	for t := path; t != nil; t = t.Up() {
		if t.Seg() == "Fn::Sub" {
			return true
		}
	}
	return false
}

// ownerOf is the second piece of a path: the logical id under Resources,
// the condition's name under Conditions.
func ownerOf(path *template.Trail) string {
	var id string
	for t := path; t != nil; t = t.Up() {
		if t.Up() != nil && t.Up().Up() == nil {
			id = t.Seg()
		}
	}
	return id
}

// CallsUnder returns the calls in condition whose value stands at path
// (Conditions/<condition>/...) or below it.
func (m *Model) CallsUnder(condition, path string) []Call {
	var out []Call
	for _, i := range m.conditionCalls[condition] {
		if c := m.Calls[i]; c.path == path || strings.HasPrefix(c.path, path+"/") {
			out = append(out, c)
		}
	}
	return out
}

// IsDeclared reports whether name is a parameter, a resource or a pseudo
// parameter (or a resource the SAM transform will generate).
func (m *Model) IsDeclared(name string) bool {
	if _, ok := m.Params[name]; ok {
		return true
	}
	if _, ok := m.Resources[name]; ok {
		return true
	}
	return slices.Contains(PseudoParameters, name) || m.SAMGenerated(name)
}

// DeclaredNames lists what Ref may name, for did-you-mean.
func (m *Model) DeclaredNames() []string {
	return slices.Concat(m.ParamNames, m.ResourceNames, PseudoParameters)
}

// PseudoParameters are the names Ref and Fn::Sub know without a declaration.
var PseudoParameters = []string{
	"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
	"AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
}

// SubArgs is a Fn::Sub argument, parsed once for every rule that reads it.
type SubArgs struct {
	Text   string         // the string substituted into ("" when it is not one)
	Locals map[string]any // the variables the [String, {Name: Value}] form defines
	Names  []string       // the variables of Text that Locals does not define: distinct, sorted
}

// subVar finds ${Name} and ${Name.Attr}; ${!Literal} is an escape, not a variable.
var subVar = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{([^}]*)\}`) })

// parseSub reads the argument of a Fn::Sub call, whatever its shape: the
// references rule reports a shape that is wrong.
func parseSub(arg any) SubArgs {
	var s SubArgs
	switch a := arg.(type) {
	case string:
		s.Text = a
	case []any:
		if len(a) > 0 {
			s.Text, _ = a[0].(string)
		}
		if len(a) > 1 {
			s.Locals, _ = a[1].(map[string]any)
		}
	}
	if !strings.Contains(s.Text, "${") {
		return s
	}
	seen := map[string]bool{}
	for _, match := range subVar().FindAllStringSubmatch(s.Text, -1) {
		name := strings.TrimSpace(match[1])
		if name == "" || strings.HasPrefix(name, "!") || seen[name] {
			continue
		}
		seen[name] = true
		if _, local := s.Locals[name]; !local {
			s.Names = append(s.Names, name)
		}
	}
	slices.Sort(s.Names)
	return s
}

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

// IsServerlessType reports a SAM resource type, which the SAM transform
// expands at deploy time: it has no registry schema.
func IsServerlessType(typ string) bool { return strings.HasPrefix(typ, serverlessPrefix) }

// IsCustomType reports a resource type that has no registry schema and
// takes any properties: a custom resource, or AWS::CDK::Metadata (the CDK's
// own record of a stack, which CloudFormation accepts and the registry does
// not list).
func IsCustomType(typ string) bool {
	return strings.HasPrefix(typ, "Custom::") || typ == "AWS::CloudFormation::CustomResource" || typ == "AWS::CDK::Metadata"
}

// IsModuleType reports a CloudFormation module of a private registry,
// Organization::Service::Name::MODULE: it is expanded into the resources
// it holds at deploy time, each named after the module's logical id, and
// has no resource schema the binary carries.
func IsModuleType(typ string) bool {
	rest, ok := strings.CutSuffix(typ, "::MODULE")
	if !ok || strings.Count(rest, "::") != 2 { // checked before any split: most types are not modules
		return false
	}
	for p := range strings.SplitSeq(rest, "::") {
		if !template.IsLogicalID(p) {
			return false
		}
	}
	return true
}

// SAMGenerated reports whether name may be a resource the template does
// not declare but its transforms and modules generate: with the SAM
// transform, a name that starts with an AWS::Serverless resource's logical
// id (FunctionRole, FunctionAliaslive, Function.Version, ApiProdStage, ...)
// or one of the implicit APIs and CodeDeploy resources; in any template, a
// name that starts with a module's logical id (a module's resources are
// named after it: the module Storage's Bucket is StorageBucket). Ref,
// Fn::GetAtt, Fn::Sub and DependsOn accept them rather than report a
// resource that will exist.
func (m *Model) SAMGenerated(name string) bool {
	if m.SAM {
		for _, prefix := range []string{"ServerlessRestApi", "ServerlessHttpApi", "ServerlessDeploymentApplication", "CodeDeployServiceRole"} {
			if strings.HasPrefix(name, prefix) {
				return true
			}
		}
	}
	for id, r := range m.Resources {
		rm, _ := r.(map[string]any)
		typ, _ := rm["Type"].(string)
		if (m.SAM && IsServerlessType(typ) || IsModuleType(typ)) && strings.HasPrefix(name, id) {
			return true
		}
	}
	return false
}

// hasLiteralPartition reports an ARN that names its partition.
func hasLiteralPartition(s string) bool {
	for _, p := range []string{"arn:aws:", "arn:aws-cn:", "arn:aws-us-gov:"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
