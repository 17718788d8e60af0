//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render"
	sigsyaml "sigs.k8s.io/yaml"
)

// lintStep is the package buildspec's lint command of the beta stage, with
// the cfn-lint of the build's virtualenv replaced by this machine's.
func lintStep(t *testing.T, cfnLint string) (command, file string) {
	t.Helper()
	text := renderPipeline(t, render.Params{AppName: "orders"})
	buildspec, _ := dig(mustParse(t, "p", text).Root, "Resources", "AppPackageBuild", "Properties", "Source", "BuildSpec").(string)
	var spec map[string]any
	if err := sigsyaml.Unmarshal([]byte(buildspec), &spec); err != nil {
		t.Fatal(err)
	}
	install, _ := dig(spec, "phases", "install", "commands").([]any)
	if !strings.Contains(strings.Join(toStrings(install), "\n"), "pip install --quiet 'cfn-lint==1.58.0'") {
		t.Fatalf("the install phase does not pin cfn-lint: %v", install)
	}
	build, _ := dig(spec, "phases", "build", "commands").([]any)
	for _, c := range toStrings(build) {
		if strings.HasPrefix(c, "/tmp/cfn-lint/bin/cfn-lint ") {
			if !strings.Contains(c, "--non-zero-exit-code error ") {
				t.Fatalf("the lint step must fail on errors only: %s", c)
			}
			command = strings.Replace(c, "/tmp/cfn-lint/bin/cfn-lint", cfnLint, 1)
			file = c[strings.LastIndex(c, " ")+1:]
			return command, file
		}
	}
	t.Fatalf("no lint step in %v", build)
	return "", ""
}

// TestLintStepStopsChaliceBug2079 runs the build's lint step, as rendered,
// on the reference app's real `chalice package` output: prod.json, whose
// log group names ${ApiHandler} (aws/chalice#2079), fails the build;
// dev.json passes. Warnings do not fail it.
func TestLintStepStopsChaliceBug2079(t *testing.T) {
	cfnLint := needTool(t, "cfn-lint", "pip install cfn-lint")
	sh := needTool(t, "sh", "a POSIX shell")
	packaged := filepath.Join("testdata", "chalice", "orders", "packaged") // the reference app's, committed
	command, file := lintStep(t, cfnLint)
	run := func(name string) (string, error) {
		dir := t.TempDir()
		data, err := os.ReadFile(filepath.Join(packaged, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), data, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(sh, "-c", command)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "AWS_REGION=us-east-1")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	out, err := run("prod.json")
	if err == nil || !strings.Contains(out, "E1019 'ApiHandler' is not one of") {
		t.Fatalf("prod.json must fail the build on chalice#2079's E1019: err %v\n%s", err, out)
	}

	// With no exception: cfn-lint's own runtime dates, which may be older
	// than AWS's, are not checked by the step (render/lint.go).
	if out, err := run("dev.json"); err != nil {
		t.Fatalf("dev.json must pass the lint step: %v\n%s", err, out)
	}
}
