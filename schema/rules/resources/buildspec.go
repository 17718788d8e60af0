package resources

import (
	"strings"

	"github.com/pipegen/pipegen/schema/finding"
	"github.com/pipegen/pipegen/schema/jsonschema"
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Buildspecs: a CodeBuild buildspec, inline in a project's Source.BuildSpec
// or a file of its own, against the buildspec 0.2 schema (E3100), and
// readable YAML (E3101).

// CheckBuildspec parses and checks buildspec text; positions are in that text.
func CheckBuildspec(file string, data []byte) []finding.Finding {
	doc, perr := template.Parse(file, data)
	if perr != nil {
		return []finding.Finding{{File: file, Pos: perr.Pos, Severity: rules.BuildspecYAML.Severity, Rule: rules.BuildspecYAML.ID, Message: "buildspec: " + perr.Message}}
	}
	r := rules.NewReport(doc)
	violations, err := jsonschema.Buildspec(doc)
	if err != nil {
		r.Add(rules.Buildspec, template.Pos{Line: 1, Col: 1}, "", "the vendored buildspec schema does not compile: %v", err)
	}
	for _, v := range violations {
		r.Add(rules.Buildspec, v.Pos, v.Path, "%s", v.Message)
	}
	return r.Findings()
}

// inlineBuildspec checks Source.BuildSpec of a CodeBuild project when it
// holds the buildspec itself rather than the path of a file in the source.
func inlineBuildspec(m *rules.Model, res rules.ResourceEntry, r *rules.Report) {
	if res.Type != "AWS::CodeBuild::Project" || m.Types[res.ID] == nil {
		return
	}
	props, _ := properties(res).(map[string]any) // Properties may be null, a string or an intrinsic
	source, _ := props["Source"].(map[string]any)
	text, ok := source["BuildSpec"].(string)
	if !ok || !strings.Contains(strings.TrimSpace(text), "\n") {
		return
	}
	path := template.Path(res.Path, "Properties", "Source", "BuildSpec")
	start, isBlock := m.Doc.BlockStart(path)
	for _, f := range CheckBuildspec(m.Doc.File, []byte(text)) {
		if isBlock {
			f.Pos = template.Pos{Line: start.Line + f.Pos.Line - 1, Col: start.Col + f.Pos.Col - 1}
		} else {
			f.Pos = m.Doc.PosOf(path)
		}
		f.Path = strings.TrimSuffix(path+"/"+f.Path, "/")
		r.Append(f)
	}
}
