package functions

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Placeholders: a ${Name} that names a parameter, a resource, a pseudo
// parameter or a resource's attribute, in a string that no Fn::Sub
// substitutes into, stays as text: CloudFormation substitutes only in
// Fn::Sub (E1029, cfn-lint's semantics: its SubNeeded rule). ${!Literal}
// is Fn::Sub's escape, no variable; a string under a TemplateBody key is
// another template's text; in a Step Functions state machine's Definition
// or DefinitionString, DefinitionSubstitutions substitutes, and any other
// ${Name} there is reported.
//
// Unlike cfn-lint, code for another interpreter is left alone too: a
// CodeBuild BuildSpec (shell), a Lambda ZipFile or SAM InlineCode, where
// ${...} is the language's own (a shell variable, a JavaScript template
// literal) or text meant for a template the code writes; cfn-lint reports
// those, and pipegen's own pipelines carry such a buildspec.
var notSubstituted = map[string]bool{"TemplateBody": true, "BuildSpec": true, "ZipFile": true, "InlineCode": true}

// placeholder is cfn-lint's pattern of a variable.
var placeholder = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{[A-Za-z0-9_:.]+\}`) })

// stateMachines substitute DefinitionSubstitutions into their definitions.
var stateMachines = map[string]bool{"AWS::StepFunctions::StateMachine": true, "AWS::Serverless::StateMachine": true}

// subNeeded checks the strings the model found with "${" outside Fn::Sub,
// and those of Parameters, Mappings and Description, which the model's
// walk does not visit.
func subNeeded(m *rules.Model, r *rules.Report) {
	for _, lit := range m.Placeholders {
		placeholders(m, r, lit.Text, lit.At)
	}
	for _, section := range []string{"Description", "Parameters", "Mappings"} {
		if v, ok := m.Doc.Root[section]; ok {
			eachPlaceholder(v, []string{section}, func(s string, at *template.Trail) {
				if !rules.InSub(at) {
					placeholders(m, r, s, at)
				}
			})
		}
	}
}

// eachPlaceholder calls f with each string under v that holds "${", and
// its trail, made from segs (the path to v) only for those: these
// sections are walked for nothing else.
func eachPlaceholder(v any, segs []string, f func(string, *template.Trail)) {
	switch n := v.(type) {
	case string:
		if strings.Contains(n, "${") {
			at := template.TrailOf(segs[0])
			for _, s := range segs[1:] {
				at = at.To(s)
			}
			f(n, at)
		}
	case map[string]any:
		for k, child := range n {
			eachPlaceholder(child, append(segs, k), f)
		}
	case []any:
		for i, child := range n {
			eachPlaceholder(child, append(segs, strconv.Itoa(i)), f)
		}
	}
}

// placeholders reports each variable of one string that no Fn::Sub
// substitutes.
func placeholders(m *rules.Model, r *rules.Report, text string, at *template.Trail) {
	for t := at; t != nil; t = t.Up() {
		if notSubstituted[t.Seg()] {
			return
		}
	}
	substitutions, inDefinition := definition(m, at)
	var seen []string
	for _, v := range placeholder().FindAllString(text, -1) {
		name := v[2 : len(v)-1]
		if slices.Contains(seen, name) {
			continue
		}
		seen = append(seen, name)
		switch {
		case inDefinition:
			if _, substituted := substitutions[name]; substituted {
				continue
			}
		case !m.IsDeclared(name) && !isAttribute(m, name):
			continue
		}
		r.Add(rules.SubNeeded, m.Doc.ObjectPos(at.String()), at.String(),
			"%s is in a string that no Fn::Sub substitutes into: CloudFormation keeps the text %s as it is (write the string with !Sub)", v, v)
	}
}

// definition tells whether a string stands in a state machine's
// Definition or DefinitionString, and the DefinitionSubstitutions there.
func definition(m *rules.Model, at *template.Trail) (map[string]any, bool) {
	var segs []string
	for t := at; t != nil; t = t.Up() {
		segs = append(segs, t.Seg())
	}
	slices.Reverse(segs)
	if len(segs) < 4 || segs[0] != "Resources" || segs[2] != "Properties" {
		return nil, false
	}
	res, _ := m.Resources[segs[1]].(map[string]any)
	typ, _ := res["Type"].(string)
	if !stateMachines[typ] || !slices.Contains(segs[3:], "Definition") && !slices.Contains(segs[3:], "DefinitionString") {
		return nil, false
	}
	props, _ := res["Properties"].(map[string]any)
	subs, _ := props["DefinitionSubstitutions"].(map[string]any)
	return subs, true
}

// isAttribute reports a Resource.Attribute Fn::GetAtt would take.
func isAttribute(m *rules.Model, name string) bool {
	res, attr, dotted := strings.Cut(name, ".")
	if !dotted {
		return false
	}
	if _, ok := m.Resources[res]; !ok {
		return false
	}
	t := m.Types[res]
	return t == nil || t.HasAttribute(attr)
}
