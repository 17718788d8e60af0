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

// fakeAWS answers describe-stacks from $FAKE_STATUS_<stack> ("missing":
// the stack does not exist; "denied": access denied) and records every
// call in $FAKE_LOG.
const fakeAWS = `#!/bin/sh
echo "$*" >> "$FAKE_LOG"
case "$1 $2" in
"cloudformation describe-stacks")
  stack="$4"
  eval "status=\${FAKE_STATUS_$(echo "$stack" | tr -c 'A-Za-z0-9\n' _)}"
  case "$status" in
  missing) echo "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id $stack does not exist" >&2; exit 254 ;;
  denied) echo "An error occurred (AccessDenied) when calling the DescribeStacks operation: not authorized" >&2; exit 254 ;;
  esac
  echo "$status" ;;
esac
`

// resetScript is the stack reset's command from the rendered buildspec.
func resetScript(t *testing.T) string {
	t.Helper()
	text := renderPipeline(t, render.Params{AppName: "shop", Stages: []render.Stage{{Name: "beta"}, {Name: "prod"}}})
	buildspec, _ := dig(mustParse(t, "p", text).Root, "Resources", "StackResetBuild", "Properties", "Source", "BuildSpec").(string)
	var spec map[string]any
	if err := sigsyaml.Unmarshal([]byte(buildspec), &spec); err != nil {
		t.Fatal(err)
	}
	commands, _ := dig(spec, "phases", "build", "commands").([]any)
	if len(commands) != 1 {
		t.Fatalf("the reset buildspec has %d commands, want 1", len(commands))
	}
	return commands[0].(string)
}

// TestStackResetDeletesOnlyRolledBackStacks runs the stack reset's script
// with a fake aws command: a stack in ROLLBACK_COMPLETE is deleted (and
// waited for), a healthy or missing one is left alone, and a stack whose
// rollback failed, or an error reading a stack, stops the run.
func TestStackResetDeletesOnlyRolledBackStacks(t *testing.T) {
	bash := needTool(t, "bash", "the reset script is a bash script")
	script := resetScript(t)
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "aws"), []byte(fakeAWS), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		statuses   map[string]string // stack -> status
		wantExit   bool
		wantCalls  []string
		notCalls   []string
		wantOutput string
	}{
		{"healthy and missing stacks are left alone", map[string]string{"shopBetaStack": "UPDATE_COMPLETE", "shopProdStack": "missing"}, false,
			nil, []string{"delete-stack"}, "shopProdStack: not created yet"},
		{"a failed first deploy is deleted", map[string]string{"shopBetaStack": "CREATE_COMPLETE", "shopProdStack": "ROLLBACK_COMPLETE"}, false,
			[]string{"cloudformation describe-stack-events --stack-name shopProdStack", "cloudformation delete-stack --stack-name shopProdStack --role-arn arn:aws:iam::1:role/pipegen/deploy",
				"cloudformation wait stack-delete-complete --stack-name shopProdStack"},
			[]string{"delete-stack --stack-name shopBetaStack"}, "deleting it"},
		{"a failed rollback stops the run", map[string]string{"shopBetaStack": "ROLLBACK_FAILED", "shopProdStack": "ROLLBACK_COMPLETE"}, true,
			nil, []string{"delete-stack"}, "continue-update-rollback"},
		{"an update whose rollback failed stops the run", map[string]string{"shopBetaStack": "UPDATE_ROLLBACK_FAILED", "shopProdStack": "UPDATE_COMPLETE"}, true,
			nil, []string{"delete-stack"}, "UPDATE_ROLLBACK_FAILED"},
		{"an error reading a stack stops the run", map[string]string{"shopBetaStack": "denied", "shopProdStack": "ROLLBACK_COMPLETE"}, true,
			nil, []string{"delete-stack"}, "AccessDenied"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "calls")
			cmd := exec.Command(bash, "-c", script)
			cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "FAKE_LOG=" + log, "STACK_NAMES=shopBetaStack shopProdStack",
				"DEPLOY_ROLE_ARN=arn:aws:iam::1:role/pipegen/deploy"}
			for stack, status := range c.statuses {
				cmd.Env = append(cmd.Env, "FAKE_STATUS_"+stack+"="+status)
			}
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != c.wantExit {
				t.Fatalf("exit error %v, want failure %v\n%s", err, c.wantExit, out)
			}
			calls, _ := os.ReadFile(log)
			for _, want := range c.wantCalls {
				if !strings.Contains(string(calls), want) {
					t.Errorf("no call %q in\n%s", want, calls)
				}
			}
			for _, not := range c.notCalls {
				if strings.Contains(string(calls), not) {
					t.Errorf("unexpected call %q in\n%s", not, calls)
				}
			}
			if !strings.Contains(string(out), c.wantOutput) {
				t.Errorf("output lacks %q:\n%s", c.wantOutput, out)
			}
		})
	}
}
