// Package schema is pipegen's template validator, as the commands use it:
// a Validator checks a file's bytes (Check, CheckBuildspec) or a parsed
// Document (Validate) and returns sorted findings. It only orchestrates;
// each job is a package of its own below it: finding (what is reported),
// template (parsing with positions, the one walk), template/foreach (the
// Fn::ForEach expansion), registry (the vendored resource schemas),
// jsonschema (checking a resource against its schema), pattern (patterns
// within a per-file time budget), rules (the rule table, the model of a
// template, the rule interfaces) and its families rules/sections,
// rules/functions and rules/resources, output (the formats of validate).
package schema

import (
	"io/fs"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pipegen/pipegen/schema/cfn"
	"github.com/pipegen/pipegen/schema/finding"
	"github.com/pipegen/pipegen/schema/jsonschema"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/rules/functions"
	"github.com/pipegen/pipegen/schema/rules/resources"
	"github.com/pipegen/pipegen/schema/rules/sections"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// The types the commands use, from the packages that define them.
type (
	Finding      = finding.Finding
	Pos          = finding.Pos
	Severity     = finding.Severity
	Document     = template.Document
	Registry     = registry.Registry
	ResourceType = registry.ResourceType
)

// Severities.
const (
	Error   = finding.Error
	Warning = finding.Warning
	Info    = finding.Info
)

// MaxFileSize is the most bytes of one file that validate reads
// (template.MaxFileSize says why).
const MaxFileSize = template.MaxFileSize

// Sort orders findings by file, position, rule and message.
func Sort(fs []Finding) { finding.Sort(fs) }

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool { return finding.HasErrors(fs) }

// Parse reads a template in YAML (short-form tags allowed) or JSON. It never
// panics; a file that is not a template gives one E0000 finding.
func Parse(file string, data []byte) (*Document, []Finding) {
	doc, err := template.Parse(file, data)
	if err != nil {
		return nil, []Finding{{File: file, Pos: err.Pos, Severity: rules.Parse.Severity, Rule: rules.Parse.ID, Message: err.Message}}
	}
	return doc, nil
}

// TooLarge is the finding for a file over MaxFileSize, which is refused
// without being parsed; a buildspec file gets the buildspec rule.
func TooLarge(file string, buildspec bool) Finding {
	rule, msg := rules.Parse, "the file is larger than 2 MB: refusing it (CloudFormation takes templates of up to 1 MB)"
	if buildspec {
		rule, msg = rules.BuildspecYAML, "buildspec: the file is larger than 2 MB: refusing it"
	}
	return Finding{File: file, Pos: Pos{Line: 1, Col: 1}, Severity: rule.Severity, Rule: rule.ID, Message: msg}
}

// ExpandRule returns the rule ids an id given to --ignore stands for: its
// own, or those of an id a rule had before it took cfn-lint's (E1012 is
// E1020 now).
func ExpandRule(id string) []string { return rules.Expand(id, false) }

// DescribeRule returns the one-line description of a rule id, or "" for an
// id pipegen does not know.
func DescribeRule(id string) string {
	if r := rules.Lookup(id); r != nil {
		return r.Short
	}
	return ""
}

// KnownRule reports whether pipegen has a rule of that id; when it has
// not, nearest is the id it most likely meant: one a single character away
// (a typo; the first in order), else the id of the same letter nearest in
// number, else "".
func KnownRule(id string) (known bool, nearest string) {
	if rules.Lookup(id) != nil || rules.IsAlias(id) {
		return true, ""
	}
	table := rules.Table()
	for _, r := range table {
		if suggest.Distance(id, r.ID) == 1 {
			return false, r.ID
		}
	}
	n, err := strconv.Atoi(id[min(1, len(id)):])
	best := -1
	for _, r := range table {
		m, _ := strconv.Atoi(r.ID[1:])
		if err == nil && r.ID[:1] == id[:1] && (best < 0 || abs(m-n) < best) {
			nearest, best = r.ID, abs(m-n)
		}
	}
	return false, nearest
}

func abs(n int) int { return max(n, -n) }

// vendored is the registry of the schemas built into the binary.
var vendored = sync.OnceValue(func() *Registry { return registry.NewArchive(cfn.Files, cfn.Index) })

// Vendored returns the registry of the schemas built into the binary.
func Vendored() *Registry { return vendored() }

// NewRegistry reads schemas from files: schemas.zip and its index as `make
// schema` writes them, or plain <type>.json files named like its entries.
func NewRegistry(files fs.FS) *Registry { return registry.New(files) }

// SourceInfo returns the vendored schemas' origin, e.g. "github.com/aws-cloudformation/rain v1.24.4".
func SourceInfo() string { return cfn.SourceInfo() }

// Validator checks parsed templates against the resource schemas of a Registry
// and CloudFormation's template rules.
type Validator struct {
	Registry *Registry
	// Now dates the Lambda runtime rules (W2531, E2531, E2533: a runtime's
	// retirement depends on the day); nil means the system clock. Tests
	// set it so their findings do not change with the calendar.
	Now func() time.Time

	schema jsonschema.Options // how resources meet their schemas (tests compare the ways)
}

// NewValidator returns a validator over the schemas built into the binary.
func NewValidator() *Validator { return &Validator{Registry: Vendored()} }

// Check parses and validates one file's bytes.
// A file that looks like a CodeBuild buildspec (phases, no Resources) is
// checked as one, so a folder with a pipeline and its buildspec validates.
func (v *Validator) Check(file string, data []byte) []Finding {
	v.Registry.Prefetch(data)
	doc, findings := Parse(file, data)
	if doc != nil && looksLikeBuildspec(doc.Root) {
		return v.CheckBuildspec(file, data)
	}
	if doc != nil {
		findings = v.Validate(doc)
	}
	Sort(findings)
	return findings
}

// CheckFound is Check for a file found by walking a folder, which may be
// any YAML or JSON file of a repository (a workflow, a package.json, a
// parameters file): it is checked only when it is a CloudFormation
// template or a buildspec. It is a template when its top level is a
// mapping with AWSTemplateFormatVersion, Resources or Transform (every
// template CloudFormation takes has Resources; Transform alone is a
// template whose macro makes them), and a buildspec when it has phases
// and none of those. A file that does not parse is a template with a
// syntax error when its text has one of those names as a key (at the start
// of a line in YAML, quoted and followed by a colon in JSON), and is not
// one otherwise. A file that is neither is not checked: its one finding is
// the info I9001, and checked is false.
func (v *Validator) CheckFound(file string, data []byte) (findings []Finding, checked bool) {
	v.Registry.Prefetch(data)
	doc, findings := Parse(file, data)
	switch {
	case doc == nil && !templateText().Match(data):
		return notTemplate(file, "not a YAML or JSON mapping, and no AWSTemplateFormatVersion, Resources or Transform key in its text"), false
	case doc == nil:
		return findings, true
	case looksLikeBuildspec(doc.Root):
		return v.CheckBuildspec(file, data), true
	}
	for _, k := range templateKeys {
		if _, ok := doc.Root[k]; ok {
			findings = v.Validate(doc)
			Sort(findings)
			return findings, true
		}
	}
	return notTemplate(file, "no AWSTemplateFormatVersion, Resources or Transform at its top level, nor phases (a buildspec)"), false
}

// templateKeys are the top-level keys that make a file a template for
// CheckFound.
var templateKeys = []string{"AWSTemplateFormatVersion", "Resources", "Transform"}

// templateText finds a template key in a file that does not parse.
var templateText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^(?:AWSTemplateFormatVersion|Resources|Transform)[ \t]*:|"(?:AWSTemplateFormatVersion|Resources|Transform)"\s*:`)
})

// notTemplate is the one finding of a file CheckFound does not check.
func notTemplate(file, why string) []Finding {
	r := rules.NotTemplate
	return []Finding{{File: file, Pos: Pos{Line: 1, Col: 1}, Severity: r.Severity, Rule: r.ID,
		Message: "not a CloudFormation template, skipped: " + why + " (name the file to check it anyway)"}}
}

func looksLikeBuildspec(root map[string]any) bool {
	_, phases := root["phases"]
	_, resources := root["Resources"]
	_, format := root["AWSTemplateFormatVersion"]
	return phases && !resources && !format
}

// CheckBuildspec validates a CodeBuild buildspec file.
func (v *Validator) CheckBuildspec(file string, data []byte) []Finding {
	findings := resources.CheckBuildspec(file, data)
	Sort(findings)
	return findings
}

// Validate runs every rule over a parsed document; doc is not changed.
// The rules run over one read-only model of the template: the resource
// rules on one worker a core, beside one goroutine for the rules of the
// whole template and one for the call rules. Each goroutine writes its
// own report, so the findings, sorted, do not depend on scheduling.
// Findings a resource's Metadata silences are dropped.
func (v *Validator) Validate(doc *Document) []Finding {
	m := rules.Build(doc, v.Registry, v.clock(), pattern.NewBudget(pattern.Time), v.schema)
	var reports []*rules.Report
	var wg sync.WaitGroup
	run := func(f func(r *rules.Report)) {
		r := rules.NewReport(m.Doc)
		reports = append(reports, r)
		wg.Go(func() { f(r) })
	}
	// The resources go to one worker a core, each taking the next: a
	// template pays for its slowest resource type, not for their sum, and
	// 10,000 resources are not 10,000 goroutines at once.
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(m.ResourceNames)) {
		run(func(r *rules.Report) {
			for i := int(next.Add(1) - 1); i < len(m.ResourceNames); i = int(next.Add(1) - 1) {
				id := m.ResourceNames[i]
				entry, _ := m.Resources[id].(map[string]any)
				typ, _ := entry["Type"].(string)
				res := rules.ResourceEntry{ID: id, Path: template.Path("Resources", id), Type: typ, Map: entry}
				for _, rule := range ruleSet.Resource {
					rule.CheckResource(m, res, r)
				}
			}
		})
	}
	run(func(r *rules.Report) {
		for _, rule := range ruleSet.Template {
			rule.Check(m, r)
		}
	})
	run(func(r *rules.Report) {
		for i := range m.Calls {
			for _, rule := range ruleSet.Call {
				rule.CheckCall(m, &m.Calls[i], r)
			}
		}
	})
	wg.Wait()
	last := rules.NewReport(m.Doc)
	sections.ReportPatternTime(m, last) // once every pattern has been matched
	var out []Finding
	for _, r := range append(reports, last) {
		out = append(out, r.Findings()...)
	}
	Sort(out)
	return rules.Suppress(m.Doc, out)
}

// ruleSet is every rule, from the three packages of rules.
var ruleSet = func() rules.Set {
	var all rules.Set
	for _, s := range []rules.Set{sections.Rules(), functions.Rules(), resources.Rules()} {
		all.Template = append(all.Template, s.Template...)
		all.Resource = append(all.Resource, s.Resource...)
		all.Call = append(all.Call, s.Call...)
	}
	return all
}()

// clock returns the validator's clock, the system's when none is set.
func (v *Validator) clock() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}
