//go:build unix

package main

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render"
	sigsyaml "sigs.k8s.io/yaml"
)

var updateTraffic = flag.Bool("update-traffic", false, "rewrite testdata/chalice/traffic/packaged from the reference app with the build's traffic step (then run translate.py traffic)")

// trafficFixture is the reference app packaged by chalice and then by the
// build's traffic step: testdata/chalice/traffic, made by `make
// traffic-fixture` (this test with -update-traffic, then
// testdata/chalice/translate.py traffic for the SAM transform).
const trafficFixture = "testdata/chalice/traffic"

// trafficRoleInFixture stands in the fixture for the ARN of the pipeline
// stack's TrafficShiftRole, which the build passes to the traffic step in
// TRAFFIC_ROLE_ARN; the role tests put the simulated pipeline's ARN there.
const trafficRoleInFixture = "arn:aws:iam::123456789012:role/pipegen/pipeline-TrafficShiftRole-FIXTURE"

// trafficParams render the pipeline whose traffic step made the fixture.
func trafficParams() render.Params {
	return render.Params{AppName: "orders", Stages: []render.Stage{{Name: "beta"}, {Name: "prod"}},
		Traffic:   []render.TrafficShift{{Stage: "beta", Config: "AllAtOnce"}, {Stage: "prod", Config: "Canary10Percent5Minutes"}},
		AlarmArns: []string{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-latency"}}
}

// trafficStep is the package buildspec's traffic command for a stage, with
// the packaged template's path left as PATH.
func trafficStep(t *testing.T, p render.Params, stage string) string {
	t.Helper()
	text := renderPipeline(t, p)
	buildspec, _ := dig(mustParse(t, "p", text).Root, "Resources", "AppPackageBuild", "Properties", "Source", "BuildSpec").(string)
	var spec map[string]any
	if err := sigsyaml.Unmarshal([]byte(buildspec), &spec); err != nil {
		t.Fatal(err)
	}
	build, _ := dig(spec, "phases", "build", "commands").([]any)
	path := "/tmp/packaged-" + stage + "/sam.json"
	for _, c := range toStrings(build) {
		if strings.HasPrefix(c, "python3 -c 'import json, os, re, sys") && strings.Contains(c, path) {
			return strings.Replace(c, path, "PATH", 1)
		}
	}
	t.Fatalf("no traffic step for %s in %v", stage, build)
	return ""
}

// TestTrafficFixture runs the rendered traffic step on the reference app's
// real `chalice package` output: the fixture must be what it makes, and
// its translation what SAM makes of it.
func TestTrafficFixture(t *testing.T) {
	python := needTool(t, "python3", "Python 3, as CodeBuild's images have")
	for stage, file := range map[string]string{"beta": "dev.json", "prod": "prod.json"} {
		step := trafficStep(t, trafficParams(), stage)
		dir := t.TempDir()
		path := filepath.Join(dir, "sam.json")
		data, err := os.ReadFile(filepath.Join("testdata", "chalice", "orders", "packaged", file))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("sh", "-c", strings.Replace(step, "PATH", path, 1))
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(python)+":"+os.Getenv("PATH"), "TRAFFIC_ROLE_ARN="+trafficRoleInFixture)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: the traffic step failed: %v\n%s", stage, err, out)
		}
		got, _ := os.ReadFile(path)
		want := filepath.Join(trafficFixture, "packaged", file)
		if *updateTraffic {
			if err := os.MkdirAll(filepath.Dir(want), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(want, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		wantData, err := os.ReadFile(want)
		if err != nil {
			t.Fatalf("%v (make traffic-fixture)", err)
		}
		var g, w any
		if json.Unmarshal(got, &g) != nil || json.Unmarshal(wantData, &w) != nil || !reflect.DeepEqual(g, w) {
			t.Errorf("%s differs from what the build's traffic step makes: make traffic-fixture", want)
		}
	}
	if *updateTraffic {
		return
	}
	check := exec.Command(python, "testdata/chalice/translate.py", "--check", "traffic")
	if out, err := check.CombinedOutput(); err != nil {
		if strings.Contains(string(out), "No module named") {
			missing(t, "the SAM translator is not installed for python3 (pip install aws-sam-translator): "+string(out))
		}
		t.Errorf("the fixture's translation is stale (make traffic-fixture): %v\n%s", err, out)
	}
}
