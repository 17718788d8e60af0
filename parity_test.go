package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"
)

// parityFile is the expectation file of facts kept from chalice.
type parityFile struct {
	Variants    map[string]parityVariant `yaml:"variants"`
	Differences struct {
		AddedParameters map[string]string `yaml:"added_parameters"`
		AddedActions    map[string]string `yaml:"added_actions"`
		Changed         []string          `yaml:"changed"`
	} `yaml:"differences"`
}

type parityVariant struct {
	Chalice    string                `yaml:"chalice"`
	Pipegen    []string              `yaml:"pipegen"`
	Parameters []string              `yaml:"parameters"`
	Resources  map[string]string     `yaml:"resources"`
	Outputs    []string              `yaml:"outputs"`
	Stages     []map[string][]string `yaml:"stages"`
	Artifacts  []string              `yaml:"artifacts"`
	StackNames []string              `yaml:"stack_names"`
}

// chaliceOut holds chalice's real outputs of generate-pipeline, copied from
// the project's reference (../shared/reference/chalice/out, with the
// command that made each) so the test needs nothing outside the repository.
const chaliceOut = "testdata/chalice/out"

func readParity(t *testing.T) parityFile {
	t.Helper()
	data, err := os.ReadFile("testdata/parity.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var p parityFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("testdata/parity.yaml: %v", err)
	}
	if len(p.Variants) == 0 {
		t.Fatal("testdata/parity.yaml lists no variants")
	}
	return p
}

// facts extracts the parity facts from a parsed template.
type facts struct {
	parameters, outputs, artifacts, stackNames map[string]bool
	resources                                  map[string]string
	stages                                     []map[string][]string
}

func factsOf(root map[string]any) facts {
	f := facts{parameters: keySet(root["Parameters"]), outputs: keySet(root["Outputs"]),
		artifacts: map[string]bool{}, stackNames: map[string]bool{}, resources: map[string]string{}}
	resources, _ := root["Resources"].(map[string]any)
	for id, r := range resources {
		typ, _ := r.(map[string]any)["Type"].(string)
		f.resources[id] = typ
	}
	props, _ := dig(root, "Resources", "AppPipeline", "Properties").(map[string]any)
	stages, _ := props["Stages"].([]any)
	for _, s := range stages {
		stage, _ := s.(map[string]any)
		var actions []string
		list, _ := stage["Actions"].([]any)
		for _, a := range list {
			action, _ := a.(map[string]any)
			actions = append(actions, str(action["Name"]))
			for _, key := range []string{"InputArtifacts", "OutputArtifacts"} {
				arts, _ := action[key].([]any)
				for _, art := range arts {
					f.artifacts[str(dig(art, "Name"))] = true
				}
			}
			if name := str(dig(action, "Configuration", "StackName", "Fn::Sub")); name != "" {
				f.stackNames[name] = true
			}
		}
		f.stages = append(f.stages, map[string][]string{str(stage["Name"]): actions})
	}
	return f
}

// without drops the pipeline actions pipegen adds on purpose, so the
// stages can be compared with chalice's.
func (f facts) without(added map[string]string) facts {
	var stages []map[string][]string
	for _, stage := range f.stages {
		kept := map[string][]string{}
		for name, actions := range stage {
			kept[name] = []string{}
			for _, a := range actions {
				if _, ok := added[a]; !ok {
					kept[name] = append(kept[name], a)
				}
			}
		}
		stages = append(stages, kept)
	}
	f.stages = stages
	return f
}

// check reports every fact of want that f lacks. exact also requires f to
// have nothing more (for chalice's template, which the file must describe).
func (f facts) check(t *testing.T, label string, want parityVariant, exact bool) {
	t.Helper()
	sets := []struct {
		what string
		have map[string]bool
		want []string
	}{
		{"parameters", f.parameters, want.Parameters},
		{"outputs", f.outputs, want.Outputs},
		{"artifacts", f.artifacts, want.Artifacts},
		{"stack names", f.stackNames, want.StackNames},
	}
	for _, s := range sets {
		for _, name := range s.want {
			if !s.have[name] {
				t.Errorf("%s: %s lack %s", label, s.what, name)
			}
		}
		if exact && len(s.have) != len(s.want) {
			t.Errorf("%s: %s are %v, the expectation file lists %v", label, s.what, sortedSet(s.have), s.want)
		}
	}
	for id, typ := range want.Resources {
		if f.resources[id] != typ {
			t.Errorf("%s: resource %s is %q, want %s", label, id, f.resources[id], typ)
		}
	}
	if exact && len(f.resources) != len(want.Resources) {
		t.Errorf("%s: has %d resources, the expectation file lists %d", label, len(f.resources), len(want.Resources))
	}
	if !reflect.DeepEqual(f.stages, want.Stages) {
		t.Errorf("%s: stages and actions are %v, want %v", label, f.stages, want.Stages)
	}
}

func TestParityWithChalice(t *testing.T) {
	parity := readParity(t)
	for name, want := range parity.Variants {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "pipeline.yml")
			args := append(append([]string{"generate", "--project-dir", "testdata/app"}, want.Pipegen...), out)
			if code, _, stderr := pipegen(t, args...); code != 0 {
				t.Fatalf("generate failed (%d): %s", code, stderr)
			}
			data, _ := os.ReadFile(out)
			ours := factsOf(mustParse(t, out, data).Root).without(parity.Differences.AddedActions)
			ours.check(t, "pipegen", want, false)
			for added := range parity.Differences.AddedParameters {
				if added == "RepositoryName" && name != "codecommit" {
					continue
				}
				if !ours.parameters[added] {
					t.Errorf("pipegen lacks the documented added parameter %s", added)
				}
			}

			ref := filepath.Join(chaliceOut, want.Chalice, "pipeline.json")
			needFile(t, ref, "chalice's output, to check the expectation file against chalice")
			chaliceData, err := os.ReadFile(ref)
			if err != nil {
				t.Fatal(err)
			}
			var root map[string]any
			if err := json.Unmarshal(chaliceData, &root); err != nil {
				t.Fatalf("%s: %v", ref, err)
			}
			theirs := factsOf(root)
			theirs.check(t, "chalice "+want.Chalice, want, true)
			for added := range parity.Differences.AddedParameters {
				if theirs.parameters[added] {
					t.Errorf("%s is listed as added by pipegen, but chalice has it", added)
				}
			}
		})
	}
}

func keySet(v any) map[string]bool {
	m, _ := v.(map[string]any)
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
