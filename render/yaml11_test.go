package render

import (
	"fmt"
	"testing"

	"github.com/pipegen/pipegen/tmpl"
	"sigs.k8s.io/yaml"
)

// yaml11Words are the plain scalars YAML 1.1, which CloudFormation reads,
// turns into booleans or null, in the forms a value can take in the
// output (stage titles are capitalized).
var yaml11Words = []string{"yes", "no", "on", "off", "y", "n", "true", "false", "null"}

// everyField sets every user value a template prints to word, for each
// source kind (each prints other values).
func everyField(word string) []Params {
	base := Params{
		AppName:                 word,
		RepoName:                word,
		Branch:                  word,
		CodeBuildImage:          word,
		Stages:                  []Stage{{Name: word, ChaliceStage: word}, {Name: "other" + word, ChaliceStage: word}},
		TestCommands:            []string{word},
		TestReports:             word,
		IntegrationTestCommands: []string{word},
		ApprovalBefore:          []string{word},
	}
	github := base
	github.Source = SourceGitHub
	github.GitHub = GitHub{Owner: word, Repo: word, SecretID: word, SecretKey: word}
	connection := base
	connection.Source = SourceConnection
	connection.Connection = Connection{Repository: word + "/" + word, Provider: "GitHub"}
	connection.TriggerPaths = []string{word}
	return []Params{base, github, connection}
}

// Every user value reaches YAML quoted: rendered with a YAML 1.1 special
// word in every field, the documents (and the buildspecs inside them) have
// the same shape and types as with an ordinary word.
func TestYAML11WordsStayStrings(t *testing.T) {
	const ordinary = "zq"
	baseline := everyField(ordinary)
	for _, word := range yaml11Words {
		for i, p := range everyField(word) {
			t.Run(fmt.Sprintf("%s/%s", word, sourceOf(p)), func(t *testing.T) {
				want := renderParsed(t, baseline[i])
				got := renderParsed(t, p)
				rename := map[string]string{word: ordinary, stageTitle(word): stageTitle(ordinary)}
				if err := sameShape(want, got, rename, "$"); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

func sourceOf(p Params) string {
	if p.Source == "" {
		return SourceCodeCommit
	}
	return p.Source
}

// renderParsed renders p and reads the template as CloudFormation does
// (YAML 1.1: sigs.k8s.io/yaml reads yes, on and y as booleans).
func renderParsed(t *testing.T, p Params) any {
	t.Helper()
	out, err := Render(tmpl.FS(), p, testToday())
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	var doc any
	if err := yaml.Unmarshal([]byte(out.Template), &doc); err != nil {
		t.Fatalf("the template does not parse: %v", err)
	}
	return doc
}

// sameShape compares two parsed documents type by type. Keys of got are
// renamed back to the ordinary word when they are the word; a BuildSpec string is parsed and
// compared in turn.
func sameShape(want, got any, rename map[string]string, path string) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want a mapping, got %T (%v)", path, got, got)
		}
		if len(g) != len(w) {
			return fmt.Errorf("%s: %d keys, want %d", path, len(g), len(w))
		}
		for k, gv := range g {
			wk := k
			if r, ok := rename[k]; ok {
				wk = r
			}
			wv, ok := w[wk]
			if !ok {
				return fmt.Errorf("%s: unexpected key %q", path, k)
			}
			if err := sameShapeValue(wk, wv, gv, rename, path+"."+wk); err != nil {
				return err
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: want a list of %d, got %T (%v)", path, len(w), got, got)
		}
		for i := range w {
			if err := sameShape(w[i], g[i], rename, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			return fmt.Errorf("%s: want %T (%v), got %T (%v)", path, want, want, got, got)
		}
	}
	return nil
}

func sameShapeValue(key string, want, got any, rename map[string]string, path string) error {
	ws, wok := want.(string)
	gs, gok := got.(string)
	if key != "BuildSpec" || !wok || !gok {
		return sameShape(want, got, rename, path)
	}
	var wdoc, gdoc any
	if err := yaml.Unmarshal([]byte(ws), &wdoc); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if err := yaml.Unmarshal([]byte(gs), &gdoc); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return sameShape(wdoc, gdoc, rename, path+"(buildspec)")
}
