package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pipegen/pipegen/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

// testNow is the tests' clock: the day this suite's expectations about
// Lambda runtimes were written (python3.10 deprecated but still creatable,
// python3.11 to python3.14 supported), so they hold whenever it runs.
func testNow() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }

// pipegen runs the command line in-process on testNow's day and returns exit
// code, stdout, stderr.
func pipegen(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return pipegenAt(t, testNow(), args...)
}

// pipegenAt is pipegen on another day.
func pipegenAt(t *testing.T, day time.Time, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"pipegen"}, args...), strings.NewReader(""), &stdout, &stderr, func() time.Time { return day })
	return code, stdout.String(), stderr.String()
}

// goldenCases are the generate variants kept as golden files: name -> flags.
var goldenCases = map[string][]string{
	"default":     {},
	"json":        {"--format", "json"},
	"github":      {"--source", "github", "--github-owner", "octo-org", "--github-repo", "helloworld"},
	"buildspec":   {"-b", "BUILDSPEC"},
	"image":       {"-i", "aws/codebuild/standard:7.0"},
	"python3.10":  {"--runtime", "python3.10"},
	"python3.11":  {"--runtime", "python3.11"},
	"python3.12":  {"--runtime", "3.12"},
	"python3.13":  {"--runtime", "python3.13"},
	"python3.14":  {"--runtime", "python3.14"},
	"stages":      {"--stage", "beta", "--stage", "prod:production"},
	"no-rollback": {"--stage", "beta", "--stage", "prod", "--no-stage-rollback"},
	"no-lint":     {"--app-lint", "none"},
	"traffic":     {"--stage", "beta", "--stage", "prod", "--traffic", "prod=Canary10Percent5Minutes", "--alarm-arn", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-latency"},
	"release": {"--stage", "beta", "--stage", "prod", "--traffic", "prod=Canary10Percent5Minutes", "--approval-before", "prod",
		"--notify-email", "team@example.com", "--notify-events", "failed,approval-needed,rolled-back,succeeded",
		"--notify-chatbot-arn", "arn:aws:chatbot::123456789012:chat-configuration/slack-channel/deploys"},
	"chat":        {"--notify-chatbot-arn", "arn:aws:chatbot::123456789012:chat-configuration/slack-channel/deploys", "--notify-events", "started,failed"},
	"tests":       {"--test-command", "pytest -q tests/unit", "--test-command", "flake8 app.py", "--test-reports", "reports/junit.xml"},
	"approval":    {"--stage", "beta", "--stage", "prod", "--approval-before", "prod"},
	"integration": {"--integration-test-command", "pytest tests/integration"},
	"connection":  {"--source", "connection", "--repository", "octo-org/helloworld", "--connection-arn", "arn:aws:codeconnections:us-east-1:123456789012:connection/0a1b2c3d-4e5f"},
	"connection-created": {"--source", "connection", "--repository", "octo-org/helloworld", "--connection-provider", "GitHub",
		"--trigger-path", "app.py", "--trigger-path", "chalicelib/**"},
	"notify":        {"--stage", "beta", "--stage", "prod", "--approval-before", "prod", "--notify-email", "team@example.com"},
	"kms-created":   {"--create-kms-key"},
	"kms-arn":       {"--kms-key-arn", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
	"deploy-policy": {"--deploy-policy-arn", "arn:aws:iam::aws:policy/AmazonSQSFullAccess"},
	"full":          fullExample,
	// The options for what an app reaches outside its stack.
	"app-roles": {"--app-role-arn", "arn:aws:iam::123456789012:role/shared-authorizer-invoke", "--edge-domain"},
	// Every role of the app's stacks under a permissions boundary.
	"boundary": {"--permissions-boundary", "arn:aws:iam::123456789012:policy/app-boundary", "--stage", "beta", "--stage", "prod"},
	// A name too long for exact scopes: prefix patterns, a pinned parameter.
	"long-name": {"--app-name", "customer-orders-service-eu-central", "--stage", "beta", "--stage", "prod"},
}

// fullExample is the README's full example (readme_test.go checks that
// the README shows exactly these flags, and that they fit the reference
// app's layout).
var fullExample = []string{"--source", "connection", "--repository", "octo-org/helloworld", "--connection-provider", "GitHub",
	"--test-command", "pytest tests/unit --junitxml=reports/unit.xml", "--test-reports", "reports/*.xml",
	"--stage", "beta", "--stage", "prod", "--approval-before", "prod",
	"--integration-test-command", "pytest tests/integration",
	"--notify-email", "team@example.com", "--create-kms-key"}

func TestGolden(t *testing.T) {
	for name, flags := range goldenCases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "pipeline.yml")
			if name == "json" {
				out = filepath.Join(dir, "pipeline.json")
			}
			args := []string{"generate", "--project-dir", "testdata/app"}
			for _, f := range flags {
				args = append(args, strings.ReplaceAll(f, "BUILDSPEC", filepath.Join(dir, "buildspec.yml")))
			}
			code, stdout, stderr := pipegen(t, append(args, out)...)
			if code != 0 {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			if code, findings, _ := pipegen(t, "validate", out); code != 0 || findings != "" {
				t.Errorf("the generated template has findings (every variant must have neither errors nor warnings):\n%s", findings)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				compareGolden(t, filepath.Join(dir, e.Name()), filepath.Join("testdata", "golden", name, e.Name()))
			}
		})
	}
}

// compareGolden compares two templates as parsed documents, so formatting
// and key order do not matter but every value does.
func compareGolden(t *testing.T, gotPath, wantPath string) {
	t.Helper()
	got, err := os.ReadFile(gotPath)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(wantPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(wantPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(wantPath)
	if err != nil {
		t.Fatalf("%v (run `make golden` to create it)", err)
	}
	gotDoc, wantDoc := mustParse(t, gotPath, got), mustParse(t, wantPath, want)
	if !reflect.DeepEqual(gotDoc.Root, wantDoc.Root) {
		t.Errorf("%s differs from %s as a parsed document; run `make golden` and review the diff", gotPath, wantPath)
	}
}

func mustParse(t *testing.T, name string, data []byte) *schema.Document {
	t.Helper()
	doc, findings := schema.Parse(name, data)
	if doc == nil {
		t.Fatalf("%s does not parse: %v", name, findings)
	}
	return doc
}

// TestGoldensPassStrict: every golden pipeline validates without a
// finding of any severity, as the README promises of generated templates.
func TestGoldensPassStrict(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*/pipeline.*")
	if len(files) < 10 {
		t.Fatalf("expected the golden templates, found %d", len(files))
	}
	args := append([]string{"validate", "--strict"}, files...)
	if code, stdout, stderr := pipegen(t, args...); code != 0 || stdout != "" {
		t.Errorf("validate --strict of the goldens: exit %d\n%s%s", code, stdout, stderr)
	}
}
