package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/rules"
)

func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// readmeSection returns the text under a heading, up to the next heading
// of any level.
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	_, rest, ok := strings.Cut(readme(t), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no heading %q", heading)
	}
	for _, next := range []string{"\n## ", "\n### "} {
		if i := strings.Index(rest, next); i >= 0 {
			rest = rest[:i]
		}
	}
	return rest
}

// shellWords splits a command line as sh would for the README's commands:
// words, single-quoted strings and backslash-newline continuations.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	line = strings.ReplaceAll(line, "\\\n", " ")
	var words []string
	var word strings.Builder
	inWord, quoted := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case !quoted && (r == ' ' || r == '\n' || r == '\t'):
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unclosed quote in %q", line)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

// TestReadmeFullExample: the README's full example is exactly the `full`
// golden's flags, and its commands fit the reference app's layout: each
// test command names test folders the app has, the Test stage runs the unit
// tests only (integration tests need a deployed stage), and the JUnit file
// pytest is told to write is one --test-reports publishes.
func TestReadmeFullExample(t *testing.T) {
	text := readme(t)
	_, after, ok := strings.Cut(text, "<!-- full example -->\n```sh\n")
	if !ok {
		t.Fatal("README.md lost its <!-- full example --> block")
	}
	block, _, _ := strings.Cut(after, "```")
	words := shellWords(t, block)
	if len(words) < 3 || words[0] != "pipegen" || words[1] != "generate" {
		t.Fatalf("the full example is not a pipegen generate command: %q", words)
	}
	flags := words[2 : len(words)-1]
	if !slices.Equal(flags, fullExample) {
		t.Errorf("README's full example flags\n%q\ndiffer from the full golden's\n%q", flags, fullExample)
	}
	const app = "testdata/chalice/orders/source"
	var reports string
	var testCmds, integrationCmds []string
	for i := 0; i+1 < len(flags); i++ {
		switch flags[i] {
		case "--test-command":
			testCmds = append(testCmds, flags[i+1])
		case "--integration-test-command":
			integrationCmds = append(integrationCmds, flags[i+1])
		case "--test-reports":
			reports = flags[i+1]
		}
	}
	junit := ""
	for _, cmd := range append(append([]string{}, testCmds...), integrationCmds...) {
		args := strings.Fields(cmd)
		if args[0] != "pytest" {
			t.Errorf("%q: the reference app's tests run with pytest", cmd)
			continue
		}
		paths := 0
		for _, a := range args[1:] {
			if path, ok := strings.CutPrefix(a, "--junitxml="); ok {
				junit = path
			}
			if strings.HasPrefix(a, "-") {
				continue
			}
			paths++
			if info, err := os.Stat(filepath.Join(app, a)); err != nil || !info.IsDir() {
				t.Errorf("%q names %s, which the reference app does not have", cmd, a)
			}
		}
		if paths == 0 {
			t.Errorf("%q names no test folder: pytest would collect every test, integration tests included", cmd)
		}
	}
	for _, cmd := range testCmds {
		if strings.Contains(cmd, "integration") {
			t.Errorf("the Test stage runs %q, but integration tests need a deployed stage", cmd)
		}
	}
	if ok, _ := filepath.Match(reports, junit); junit == "" || !ok {
		t.Errorf("--test-reports %q does not match the JUnit file the tests write (%q)", reports, junit)
	}
}

// TestReadmeLeastPrivilegeListsEveryStatement: each statement of each role
// the golden pipelines hold is in the README's least-privilege section.
func TestReadmeLeastPrivilegeListsEveryStatement(t *testing.T) {
	section := readmeSection(t, "### Least privilege")
	files, _ := filepath.Glob("testdata/golden/*/pipeline.*")
	seen := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		resources, _ := mustParse(t, file, data).Root["Resources"].(map[string]any)
		for id, r := range resources {
			res, _ := r.(map[string]any)
			props, _ := res["Properties"].(map[string]any)
			for _, doc := range identityPolicyDocs(res["Type"], props) {
				for _, st := range asList(dig(doc, "Statement")) {
					sid, _ := dig(st, "Sid").(string)
					seen++
					if sid == "" {
						t.Errorf("%s %s: a statement without Sid", file, id)
					} else if !strings.Contains(section, "`"+sid+"`") {
						t.Errorf("%s %s: statement %s is not in the README's least-privilege section", file, id, sid)
					}
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no statements found: the walk is broken")
	}
}

// The README's rules table is made from the rule table (schema/rules,
// table.go): one row a rule, in the order of the ids, with an anchor that
// SARIF's help and links can point at. Edit the rule table, then rewrite
// the README's copy with go test . -run TestReadmeRules -update.
const (
	rulesBegin = "<!-- rules: made from schema/rules/table.go by `go test . -run TestReadmeRules -update`; edit the table, not this -->\n"
	rulesEnd   = "<!-- end of rules -->\n"
)

// rulesMarkdown is the README's rules table.
func rulesMarkdown() string {
	var b strings.Builder
	b.WriteString("| rule | cfn-lint 1.51 | checks | example | fix |\n| --- | --- | --- | --- | --- |\n")
	for _, r := range rules.Table() {
		long := r.Long
		switch r.Severity {
		case schema.Warning:
			long = "(warning) " + long
		case schema.Info:
			long = "(info) " + long
		}
		cfn := r.CfnLint
		if cfn == "" {
			cfn = "—"
		}
		cells := []string{`<a id="` + r.Anchor() + `"></a>` + r.ID, cfn, long, r.Example, r.Fix}
		for i, c := range cells {
			cells[i] = strings.ReplaceAll(c, "|", `\|`)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	return b.String()
}

// TestReadmeRules: the README's rules table is the rule table's, row for row.
func TestReadmeRules(t *testing.T) {
	text := readme(t)
	before, rest, ok := strings.Cut(text, rulesBegin)
	table, after, ok2 := strings.Cut(rest, rulesEnd)
	if !ok || !ok2 {
		t.Fatalf("README.md lost the markers around its rules table: %q ... %q", rulesBegin, rulesEnd)
	}
	want := rulesMarkdown()
	if *update {
		if err := os.WriteFile("README.md", []byte(before+rulesBegin+want+rulesEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if table != want {
		t.Errorf("README.md's rules table is not the rule table's: run go test . -run TestReadmeRules -update and review the diff")
	}
}
