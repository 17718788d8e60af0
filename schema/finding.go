package schema

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Severity orders findings: only errors make a template invalid.
type Severity int

const (
	Error Severity = iota
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// Rule ids. Where a rule matches one of cfn-lint's, it reuses cfn-lint's id.
const (
	RuleParse         = "E0000" // the file is not a readable YAML/JSON template
	RuleTemplate      = "E1001" // top-level sections and their shapes
	RuleGetAtt        = "E1010" // Fn::GetAtt target and attribute
	RuleRef           = "E1012" // Ref target exists
	RuleSub           = "E1019" // Fn::Sub variables exist
	RuleParameter     = "E2001" // parameter definitions
	RuleParamDefault  = "E2015" // parameter Default within its own constraints
	RuleResource      = "E3001" // resource entry shape (Type, Properties, ...)
	RuleProperty      = "E3002" // unknown property
	RuleRequired      = "E3003" // required property missing
	RuleResourceType  = "E3006" // unknown resource type
	RuleValueType     = "E3012" // value of the wrong type
	RuleReadOnly      = "E3045" // read-only property set in a template
	RuleEnum          = "E3030" // value not among the allowed ones
	RulePattern       = "E3031" // value does not match the pattern
	RuleLength        = "E3033" // string or list length out of bounds
	RuleRange         = "E3034" // number out of bounds
	RuleSchema        = "E3000" // any other schema violation
	RuleOutput        = "E6001" // outputs shape
	RuleBuildspec     = "E3100" // inline or file buildspec against the buildspec schema
	RuleBuildspecYAML = "E3101" // buildspec that is not readable YAML
)

// Template rule ids (schema/rules_*.go). All are cfn-lint's ids for the same
// checks (cfn-lint 1.51 rule list) except I3038, which cfn-lint does not have.
const (
	RuleDescription     = "E1004" // Description is a string
	RuleTransform       = "E1005" // Transform is a name, {Name, Parameters} or a list of them
	RuleFindInMap       = "E1011" // Fn::FindInMap shape, mapping and keys exist
	RuleGetAZs          = "E1015" // Fn::GetAZs takes a region string or a Ref
	RuleImportValue     = "E1016" // Fn::ImportValue takes a string
	RuleSelect          = "E1017" // Fn::Select [index, list], index in range
	RuleSplit           = "E1018" // Fn::Split [delimiter, string]
	RuleBase64          = "E1021" // Fn::Base64 takes a string
	RuleJoin            = "E1022" // Fn::Join [delimiter, list]
	RuleCidr            = "E1024" // Fn::Cidr [ipBlock, count, cidrBits]
	RuleIf              = "E1028" // Fn::If [condition, value, value]
	RuleFnLength        = "E1030" // Fn::Length needs AWS::LanguageExtensions
	RuleToJSONString    = "E1031" // Fn::ToJsonString needs AWS::LanguageExtensions
	RuleForEach         = "E1032" // Fn::ForEach needs AWS::LanguageExtensions
	RuleCircular        = "E3004" // resources that depend on each other in a loop
	RuleDependsOn       = "E3005" // DependsOn names other, existing resources
	RuleServerless      = "E3038" // AWS::Serverless types need the SAM transform
	RuleServerlessInfo  = "I3038" // AWS::Serverless resources are not schema-checked
	RuleMapping         = "E7001" // Mappings: map -> top key -> second key -> value
	RuleConditions      = "E8001" // Conditions entries are condition functions
	RuleConditionRef    = "E8002" // a named condition is defined
	RuleEquals          = "E8003" // Fn::Equals [a, b]
	RuleAnd             = "E8004" // Fn::And of 2..10 conditions
	RuleNot             = "E8005" // Fn::Not [condition]
	RuleOr              = "E8006" // Fn::Or of 2..10 conditions
	RuleConditionFn     = "E8007" // {Condition: Name} takes a string; no circular conditions
	RuleUnusedParam     = "W2001" // parameter never used
	RuleUnusedCondition = "W8001" // condition never used
)

// CodePipeline rule ids (schema/pipeline_rules.go), cfn-lint's ids for the same checks.
const (
	RulePipelineStages    = "E2540" // at least two stages, unique stage names
	RulePipelineActions   = "E2541" // unique action names in a stage, Owner, Provider for the Category
	RulePipelineStore     = "E3626" // exactly one of ArtifactStore and ArtifactStores
	RulePipelineSource    = "E3700" // Source actions in the first stage only, and only Source actions there
	RulePipelineArtifacts = "E3701" // inputs produced by earlier actions, unique output artifact names
)

// Lambda runtime rule ids (schema/rules_lambda.go), cfn-lint's for the same
// checks (cfn-lint 1.51, rules/resources/lmbd/DeprecatedRuntime*.py), dated
// by render/lambdaruntime's table.
const (
	RuleRuntimeDeprecated    = "W2531" // deprecated runtime: functions can still be created and updated
	RuleRuntimeCreateBlocked = "E2531" // Lambda no longer creates functions with the runtime
	RuleRuntimeUpdateBlocked = "E2533" // Lambda no longer creates or updates functions with the runtime
)

// Finding is one problem found in a file, printed as FILE:LINE:COL: SEVERITY RULE message.
type Finding struct {
	File     string
	Pos      Pos
	Severity Severity
	Rule     string
	Path     string // template path the finding is about, e.g. Resources/App/Properties
	Message  string
}

// String is the finding as one line of text. Resource types, property
// names, Ref targets and file names come from the user's files and may hold
// any character: a newline there would start a second line that a CI
// problem matcher reads as a finding of its own, and an escape sequence
// would reach the terminal. So control characters are written as Go
// escapes (see escapeControl); everything else is left as it is.
func (f Finding) String() string {
	msg := f.Message
	if f.Path != "" {
		msg = f.Path + ": " + msg
	}
	return escapeControl(fmt.Sprintf("%s:%d:%d: %s %s %s", f.File, f.Pos.Line, f.Pos.Col, f.Severity, f.Rule, msg))
}

// escapeControl writes the characters that can break or disguise a line of
// output as Go escapes: C0 controls and DEL (\n, \r, \t, \x1b), C1 controls
// (\u009b, a terminal's one-byte CSI), the Unicode line and paragraph
// separators, bidirectional controls (which reorder what a terminal shows),
// and bytes that are not UTF-8 (\xff). Backslashes are left alone, so that
// the patterns quoted in messages read as they are written.
func escapeControl(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe is the offset of the first character escapeControl rewrites, or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

// unsafeRune reports the non-ASCII characters escapeControl rewrites.
func unsafeRune(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// maxPathText bounds the path a finding carries. A path that long comes
// from keys nested deep or very long, and every finding under them would
// carry all of it again: 3,000 Refs under 150 nested 1,000-character keys
// made 450 MB of output from a 196 KB file. The finding's line and column
// say exactly where it is.
const maxPathText = 1024

// shortPath keeps a path of up to maxPathText bytes as it is; a longer one
// keeps about half of that from its start (which holds Resources/<id>, for
// Metadata ignore lists: a logical id has at most 255 characters) and from
// its end, cut at slashes where it can, with "…" for the rest:
// Resources/B/Metadata/…/0/Ref.
func shortPath(path string) string {
	if len(path) <= maxPathText {
		return path
	}
	half := maxPathText / 2
	head := path[:runeStart(path, half)]
	if i := strings.LastIndexByte(head, '/'); i > 0 {
		head = head[:i+1]
	}
	tail := path[runeStart(path, len(path)-half):]
	if i := strings.IndexByte(tail, '/'); i >= 0 {
		tail = tail[i:]
	}
	return head + "…" + tail
}

// runeStart moves i back to the start of the character it is in.
func runeStart(s string, i int) int {
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders findings by file, position, rule and message so output is deterministic.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Path+a.Message < b.Path+b.Message
	})
}

// ruleDescriptions is the one-line description of every rule id, shown by
// the machine output formats (SARIF's shortDescription). A new rule adds a
// line here; schema/output's tests check that every Rule constant has one.
var ruleDescriptions = map[string]string{
	RuleParse:             "The file is a readable YAML or JSON template",
	RuleTemplate:          "Top-level sections, their shapes and logical ids",
	RuleDescription:       "Description is a string",
	RuleTransform:         "Transform is a name, {Name, Parameters} or a list of them",
	RuleGetAtt:            "Fn::GetAtt names a resource and an attribute its type has",
	RuleFindInMap:         "Fn::FindInMap shape; the mapping and keys exist",
	RuleRef:               "Ref names a parameter, resource or pseudo parameter",
	RuleGetAZs:            "Fn::GetAZs takes a region string or a Ref",
	RuleImportValue:       "Fn::ImportValue takes a string",
	RuleSelect:            "Fn::Select takes [index, list] with the index in range",
	RuleSplit:             "Fn::Split takes [delimiter, string]",
	RuleSub:               "Every Fn::Sub variable exists",
	RuleBase64:            "Fn::Base64 takes a string",
	RuleJoin:              "Fn::Join takes [delimiter, list]",
	RuleCidr:              "Fn::Cidr takes [ipBlock, count, cidrBits]",
	RuleIf:                "Fn::If takes [condition, value, value]",
	RuleFnLength:          "Fn::Length needs the AWS::LanguageExtensions transform",
	RuleToJSONString:      "Fn::ToJsonString needs the AWS::LanguageExtensions transform",
	RuleForEach:           "Fn::ForEach needs the AWS::LanguageExtensions transform",
	RuleParameter:         "Parameter attributes and types",
	RuleUnusedParam:       "A parameter is never used",
	RuleParamDefault:      "A parameter's Default meets its own constraints",
	RulePipelineStages:    "A pipeline has at least two stages with unique names",
	RulePipelineActions:   "Pipeline actions: unique names in a stage, Owner and Provider valid for the Category",
	RuleSchema:            "Resource properties match the resource type's schema",
	RuleResource:          "Resource entries: Type present, known attributes",
	RuleProperty:          "Properties exist in the resource type's schema",
	RuleRequired:          "Required properties are present",
	RuleCircular:          "Resources do not depend on each other in a loop",
	RuleDependsOn:         "DependsOn names other, existing resources",
	RuleResourceType:      "The resource type exists",
	RuleValueType:         "Property values have the expected type",
	RuleEnum:              "Property values are among the allowed ones",
	RulePattern:           "Property values match the schema's pattern",
	RuleLength:            "String and list lengths are within bounds",
	RuleRange:             "Numbers are within bounds",
	RuleServerless:        "AWS::Serverless types need the SAM transform",
	RuleServerlessInfo:    "AWS::Serverless resources are not checked against a schema",
	RuleReadOnly:          "Read-only properties are not set in a template",
	RuleBuildspec:         "A buildspec matches the buildspec 0.2 schema",
	RuleBuildspecYAML:     "A buildspec is readable YAML",
	RulePipelineStore:     "A pipeline has exactly one of ArtifactStore and ArtifactStores",
	RulePipelineSource:    "Source actions are in the first stage only, and only Source actions are there",
	RulePipelineArtifacts: "Input artifacts are produced by earlier actions; output artifact names are unique",
	RuleOutput:            "Outputs have a Value and known attributes",
	RuleMapping:           "Mappings are map, top key, second key, value",
	RuleConditions:        "Conditions entries are condition functions",
	RuleConditionRef:      "A named condition is defined",
	RuleEquals:            "Fn::Equals takes [a, b]",
	RuleAnd:               "Fn::And takes 2 to 10 conditions",
	RuleNot:               "Fn::Not takes [condition]",
	RuleOr:                "Fn::Or takes 2 to 10 conditions",
	RuleConditionFn:       "{Condition: Name} takes a string; conditions are not circular",
	RuleUnusedCondition:   "A condition is never used",
	RuleWildcardAction:    "An IAM identity policy allows every action of a service, or all actions",
	RulePassRoleWildcard:  "iam:PassRole is allowed on every role",
	RuleWildcardResource:  "A write action is allowed on Resource \"*\"",
	RulePublicBucket:      "A bucket sets all four public access blocks",
	RuleInsecureBucket:    "A bucket has a policy that refuses plain HTTP",
	RuleHardPartition:     "ARNs do not hard-code the partition",

	RuleRuntimeDeprecated:    "A Lambda function uses a deprecated runtime",
	RuleRuntimeCreateBlocked: "A Lambda function uses a runtime Lambda no longer creates functions with",
	RuleRuntimeUpdateBlocked: "A Lambda function uses a runtime Lambda no longer creates or updates functions with",
}

// DescribeRule returns the one-line description of a rule id, or "" for an
// id pipegen does not know.
func DescribeRule(id string) string { return ruleDescriptions[id] }
