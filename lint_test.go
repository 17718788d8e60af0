//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pipegen/pipegen/render"
	"github.com/pipegen/pipegen/render/lambdaruntime"
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

	out, err = run("dev.json")
	if err == nil {
		return
	}
	// This machine's cfn-lint may carry Lambda runtime dates AWS has since
	// moved: its E2533 "creation was disabled" for a runtime that pipegen's
	// table (AWS's current dates) says Lambda still creates is not an error
	// of the template. Any other error is.
	for _, finding := range lintErrors(out) {
		m := staleRuntime.FindStringSubmatch(finding)
		if m == nil || !stillCreatable(m[1], testNow()) {
			t.Fatalf("dev.json must pass the lint step, got %q\n%s", finding, out)
		}
	}
}

var staleRuntime = regexp.MustCompile(`^E2533 Runtime '([a-z0-9.]+)' was deprecated on .* Creation was disabled on`)

// lintErrors are the error lines of cfn-lint's default output.
func lintErrors(out string) []string {
	var errs []string
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 1 && line[0] == 'E' && line[1] >= '0' && line[1] <= '9' {
			errs = append(errs, line)
		}
	}
	return errs
}

// stillCreatable: pipegen's runtime table says Lambda still creates
// functions with the runtime on day.
func stillCreatable(runtime string, day time.Time) bool {
	rt, ok := lambdaruntime.Lookup(runtime)
	return ok && rt.PhaseAt(day) < lambdaruntime.CreateBlocked
}
