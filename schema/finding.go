package schema

import (
	"fmt"
	"sort"
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

// Finding is one problem found in a file, printed as FILE:LINE:COL: SEVERITY RULE message.
type Finding struct {
	File     string
	Pos      Pos
	Severity Severity
	Rule     string
	Path     string // template path the finding is about, e.g. Resources/App/Properties
	Message  string
}

func (f Finding) String() string {
	msg := f.Message
	if f.Path != "" {
		msg = f.Path + ": " + msg
	}
	return fmt.Sprintf("%s:%d:%d: %s %s %s", f.File, f.Pos.Line, f.Pos.Col, f.Severity, f.Rule, msg)
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
