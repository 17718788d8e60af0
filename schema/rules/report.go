package rules

import (
	"fmt"

	"github.com/pipegen/pipegen/schema/finding"
	"github.com/pipegen/pipegen/schema/template"
)

// Report collects the findings of one rule run; each run has its own, so
// rules that run at once share nothing. A finding's severity is its rule's,
// from the table.
type Report struct {
	doc *template.Document
	out []finding.Finding
}

// NewReport returns an empty report on doc's file and positions.
func NewReport(doc *template.Document) *Report { return &Report{doc: doc} }

// Findings returns what was reported.
func (r *Report) Findings() []finding.Finding { return r.out }

// Add reports a finding of rule at pos about path.
func (r *Report) Add(rule *Info, pos finding.Pos, path, format string, args ...any) {
	r.out = append(r.out, finding.Finding{File: r.doc.File, Pos: pos, Severity: rule.Severity, Rule: rule.ID,
		Path: finding.ShortPath(path), Message: fmt.Sprintf(format, args...)})
}

// Append adds a finding made elsewhere (an inline buildspec's, checked as
// a file of its own and placed in the template).
func (r *Report) Append(f finding.Finding) { r.out = append(r.out, f) }

// At reports a finding about the value at path.
func (r *Report) At(rule *Info, path, format string, args ...any) {
	r.Add(rule, r.doc.PosOf(path), path, format, args...)
}

// Key reports a finding about the key that names path.
func (r *Report) Key(rule *Info, path, format string, args ...any) {
	r.Add(rule, r.doc.KeyPosOf(path), path, format, args...)
}

// A TemplateRule checks the template as a whole.
type TemplateRule interface {
	Check(m *Model, r *Report)
}

// A ResourceRule checks one resource at a time; the runner calls it for
// every resource, the resources concurrently.
type ResourceRule interface {
	CheckResource(m *Model, res ResourceEntry, r *Report)
}

// A CallRule checks intrinsic function calls; the runner hands it every
// call of the model's record.
type CallRule interface {
	CheckCall(m *Model, c *Call, r *Report)
}

// ResourceEntry is one entry of Resources.
type ResourceEntry struct {
	ID   string
	Path string         // Resources/<ID>
	Type string         // "" when the entry has no string Type
	Map  map[string]any // the entry, nil when it is not a mapping
}

// TemplateFunc and its kin make plain functions rules.
type (
	TemplateFunc func(m *Model, r *Report)
	ResourceFunc func(m *Model, res ResourceEntry, r *Report)
	CallFunc     func(m *Model, c *Call, r *Report)
)

func (f TemplateFunc) Check(m *Model, r *Report)                            { f(m, r) }
func (f ResourceFunc) CheckResource(m *Model, res ResourceEntry, r *Report) { f(m, res, r) }
func (f CallFunc) CheckCall(m *Model, c *Call, r *Report)                   { f(m, c, r) }

// Set is the rules of one family package (schema/rules/sections,
// functions, resources); the validator runs them all.
type Set struct {
	Template []TemplateRule
	Resource []ResourceRule
	Call     []CallRule
}
