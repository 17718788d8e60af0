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

// fakeDescribeChangeSet answers describe-change-set with $FAKE_CHANGE_SET
// (a file), or fails with $FAKE_ERROR, and records the call in $FAKE_LOG.
const fakeDescribeChangeSet = `#!/bin/sh
echo "$*" >> "$FAKE_LOG"
if [ -n "${FAKE_ERROR:-}" ]; then echo "$FAKE_ERROR" >&2; exit 254; fi
cat "$FAKE_CHANGE_SET"
`

// reviewBuildspec is the change set review's buildspec from a rendered
// pipeline with an approval before prod.
func reviewBuildspec(t *testing.T) map[string]any {
	t.Helper()
	text := renderPipeline(t, render.Params{AppName: "shop", Stages: []render.Stage{{Name: "beta"}, {Name: "prod"}}, ApprovalBefore: []string{"prod"}})
	buildspec, _ := dig(mustParse(t, "p", text).Root, "Resources", "ChangeSetReviewBuild", "Properties", "Source", "BuildSpec").(string)
	var spec map[string]any
	if err := sigsyaml.Unmarshal([]byte(buildspec), &spec); err != nil {
		t.Fatal(err)
	}
	return spec
}

// TestChangeSetReviewExportsWhatTheApproverSees runs the review's script
// with a fake aws: it exports the console link built from the ARNs (the
// console's domain by partition) and a summary of the changes; an error
// describing the change set fails the build, so no approval is asked for
// a change set nobody could see; values from AWS cannot run as shell.
func TestChangeSetReviewExportsWhatTheApproverSees(t *testing.T) {
	bash := needTool(t, "bash", "the GNU shell")
	needTool(t, "python3", "Python 3, as CodeBuild's images have")
	spec := reviewBuildspec(t)
	exported, _ := dig(spec, "env", "exported-variables").([]any)
	if strings.Join(toStrings(exported), ",") != "CHANGE_SET_URL,CHANGE_SUMMARY" {
		t.Fatalf("exported variables %v", exported)
	}
	commands, _ := dig(spec, "phases", "build", "commands").([]any)
	if len(commands) != 1 {
		t.Fatalf("the review buildspec has %d commands, want 1", len(commands))
	}
	script := commands[0].(string) + "\nprintf 'URL=%s\\nSUMMARY=%s\\n' \"$CHANGE_SET_URL\" \"$CHANGE_SUMMARY\"\n"
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "aws"), []byte(fakeDescribeChangeSet), 0o755); err != nil {
		t.Fatal(err)
	}
	pwned := filepath.Join(t.TempDir(), "pwned")
	cases := []struct {
		name, changeSet, awsError string
		wantFail                  bool
		want                      []string
	}{
		{"changes with a replacement", `{"ChangeSetId": "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/shop-prod-changeset/1a2b", "StackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/shopProdStack/9f8e", "Status": "CREATE_COMPLETE",
			"Changes": [{"ResourceChange": {"Action": "Add", "LogicalResourceId": "Orders", "ResourceType": "AWS::DynamoDB::Table"}},
			{"ResourceChange": {"Action": "Modify", "LogicalResourceId": "APIHandler", "ResourceType": "AWS::Lambda::Function", "Replacement": "False"}},
			{"ResourceChange": {"Action": "Modify", "LogicalResourceId": "RestAPI", "ResourceType": "AWS::ApiGateway::RestApi", "Replacement": "True"}}]}`, "", false,
			[]string{"URL=https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/changesets/changes?stackId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack%2FshopProdStack%2F9f8e&changeSetId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3AchangeSet%2Fshop-prod-changeset%2F1a2b",
				"SUMMARY=1 to add, 2 to modify, 0 to remove; replaced: RestAPI", "Add      Orders"}},
		{"the China partition's console", `{"ChangeSetId": "arn:aws-cn:cloudformation:cn-north-1:123456789012:changeSet/c/1", "StackId": "arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/s/2", "Changes": []}`, "", false,
			[]string{"URL=https://console.amazonaws.cn/cloudformation/home?region=cn-north-1#", "SUMMARY=0 to add, 0 to modify, 0 to remove"}},
		{"no changes, and a reason that tries to run a command", `{"ChangeSetId": "arn:aws:cloudformation:us-east-1:1:changeSet/c/1", "StackId": "arn:aws:cloudformation:us-east-1:1:stack/s/2", "Status": "FAILED",
			"StatusReason": "it's $(touch ` + pwned + `) and ` + "`touch " + pwned + "`" + `", "Changes": []}`, "", false,
			[]string{"SUMMARY=no change to review: it's $(touch " + pwned}},
		{"an error describing the change set", "{}", "An error occurred (AccessDenied) when calling the DescribeChangeSet operation", true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			changeSet := filepath.Join(dir, "change-set.json")
			if err := os.WriteFile(changeSet, []byte(c.changeSet), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bash, "-c", script)
			cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin:" + os.Getenv("PATH"), "FAKE_LOG=" + filepath.Join(dir, "calls"), "FAKE_CHANGE_SET=" + changeSet,
				"FAKE_ERROR=" + c.awsError, "STACK_NAME=shopProdStack", "CHANGE_SET_NAME=shop-prod-changeset", "TMPDIR=" + dir}
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != c.wantFail {
				t.Fatalf("exit error %v, want failure %v\n%s", err, c.wantFail, out)
			}
			for _, want := range c.want {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			calls, _ := os.ReadFile(filepath.Join(dir, "calls"))
			if !strings.Contains(string(calls), "cloudformation describe-change-set --stack-name shopProdStack --change-set-name shop-prod-changeset --output json") {
				t.Errorf("calls: %s", calls)
			}
			if _, err := os.Stat(pwned); err == nil {
				t.Fatal("a value from the change set ran as a command")
			}
		})
	}
}

func toStrings(list []any) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i], _ = v.(string)
	}
	return out
}
