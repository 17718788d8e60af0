package schema

import (
	"errors"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/schema/buildspec"
	"github.com/xeipuuv/gojsonschema"
)

// buildspecDocument is the vendored buildspec schema decoded for the quick
// verdict (verdict.go): a valid buildspec never compiles the schema.
var buildspecDocument = sync.OnceValues(func() (map[string]any, error) {
	v, err := (&lazyValue{raw: buildspec.Schema}).get()
	doc, ok := v.(map[string]any)
	if err == nil && !ok {
		err = errors.New("the buildspec schema is not an object")
	}
	for _, k := range scopeKeys { // it names draft-07, which the verdict follows
		delete(doc, k)
	}
	return doc, err
})

// buildspecSchema compiles the vendored buildspec schema on first use.
var buildspecSchema = sync.OnceValues(func() (*gojsonschema.Schema, error) {
	return gojsonschema.NewSchema(gojsonschema.NewBytesLoader(buildspec.Schema))
})

// CheckBuildspec validates a CodeBuild buildspec file.
func (v *Validator) CheckBuildspec(file string, data []byte) []Finding {
	findings := checkBuildspec(file, data)
	Sort(findings)
	return findings
}

// checkBuildspec parses and validates buildspec text; positions are in that text.
func checkBuildspec(file string, data []byte) []Finding {
	doc, findings := Parse(file, data)
	for i := range findings {
		findings[i].Rule = RuleBuildspecYAML
		findings[i].Message = "buildspec: " + findings[i].Message
	}
	if doc == nil {
		return findings
	}
	if root, err := buildspecDocument(); err == nil && plainVerdict(root, doc.Root) == valid {
		return nil
	}
	s, err := buildspecSchema()
	if err != nil {
		return []Finding{{File: file, Pos: Pos{1, 1}, Severity: Error, Rule: RuleBuildspec, Message: "the vendored buildspec schema does not compile: " + err.Error()}}
	}
	out := schemaFindings(doc, runSchema(s, doc.Root), "", nil)
	for i := range out {
		out[i].Rule = RuleBuildspec
	}
	return out
}

// inlineBuildspec checks Source.BuildSpec of a CodeBuild project when it
// holds the buildspec itself rather than the path of a file in the source.
func (c *check) inlineBuildspec(propsPath string, props any) {
	m, _ := props.(map[string]any) // Properties may be null, a string or an intrinsic
	source, _ := m["Source"].(map[string]any)
	text, ok := source["BuildSpec"].(string)
	if !ok || !strings.Contains(strings.TrimSpace(text), "\n") {
		return
	}
	path := Path(propsPath, "Source", "BuildSpec")
	start, isBlock := c.doc.BlockStart(path)
	for _, f := range checkBuildspec(c.doc.File, []byte(text)) {
		if isBlock {
			f.Pos = Pos{start.Line + f.Pos.Line - 1, start.Col + f.Pos.Col - 1}
		} else {
			f.Pos = c.doc.PosOf(path)
		}
		f.Path = strings.TrimSuffix(path+"/"+f.Path, "/")
		c.out = append(c.out, f)
	}
}
