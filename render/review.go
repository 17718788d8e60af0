package render

import (
	"encoding/json"
	"fmt"
)

// The change set review: before a stage's manual approval, a CodeBuild
// action describes the change set just created and exports what the
// approver needs, in the action's namespace (CodePipeline User Guide,
// "Variables reference": CodeBuild actions export the variables the
// buildspec lists under env/exported-variables):
//
//   - CHANGE_SET_URL, the change set in the CloudFormation console. The
//     console opens a change set only by its ARN and its stack's ARN, which
//     hold ids known once the change set exists, and the CloudFormation
//     action exports no variable of them ("CloudFormation action
//     reference": only stack outputs), hence the build;
//   - CHANGE_SUMMARY, the number of resources to add, modify and remove,
//     and those replaced, read from DescribeChangeSet (the CLI pages
//     through all changes).
//
// The approval then carries the commit (#{SourceVariables.CommitId} and
// CommitMessage, which CodeCommit, GitHub and CodeConnections source
// actions all export), the summary, and the link.

// ReviewProject is the Fn::Sub name of the review's CodeBuild project.
const ReviewProject = "${ApplicationName}ChangeSetReview"

// SourceNamespace is the source action's variable namespace.
const SourceNamespace = "SourceVariables"

// reviewCommand describes $CHANGE_SET_NAME of $STACK_NAME, prints every
// change to the build log, and sets CHANGE_SET_URL and CHANGE_SUMMARY,
// quoted, for the buildspec to export.
const reviewCommand = `set -eu
change_set=$(mktemp)
aws cloudformation describe-change-set --stack-name "$STACK_NAME" --change-set-name "$CHANGE_SET_NAME" --output json > "$change_set"
eval "$(python3 -c '
import json, shlex, sys, urllib.parse
cs = json.load(open(sys.argv[1]))
counts, replaced = {}, []
for change in cs.get("Changes", []):
    rc = change.get("ResourceChange", {})
    action = rc.get("Action", "?")
    counts[action] = counts.get(action, 0) + 1
    replacement = rc.get("Replacement", "")
    if replacement in ("True", "Conditional"):
        replaced.append(rc.get("LogicalResourceId", "?") + ("" if replacement == "True" else " (maybe)"))
    print("%-8s %-40s %-40s %s" % (action, rc.get("LogicalResourceId", ""), rc.get("ResourceType", ""), replacement and "replacement: " + replacement), file=sys.stderr)
summary = ", ".join("%d to %s" % (counts.get(a, 0), a.lower()) for a in ("Add", "Modify", "Remove"))
for a in sorted(set(counts) - {"Add", "Modify", "Remove"}):
    summary += ", %d to %s" % (counts[a], a.lower())
if replaced:
    summary += "; replaced: " + ", ".join(replaced[:10]) + (" and %d more" % (len(replaced) - 10) if len(replaced) > 10 else "")
if cs.get("Status") == "FAILED":
    summary = "no change to review: " + cs.get("StatusReason", "")[:300]
arn = cs.get("ChangeSetId", "")
parts = arn.split(":")
partition, region = (parts[1], parts[3]) if len(parts) > 3 else ("aws", "")
console = {"aws-cn": "console.amazonaws.cn", "aws-us-gov": "console.amazonaws-us-gov.com"}.get(partition, "console.aws.amazon.com")
quote = lambda s: urllib.parse.quote(s, safe="")
url = "https://%s/cloudformation/home?region=%s#/stacks/changesets/changes?stackId=%s&changeSetId=%s" % (console, region, quote(cs.get("StackId", "")), quote(arn))
print("export CHANGE_SET_URL=" + shlex.quote(url))
print("export CHANGE_SUMMARY=" + shlex.quote(summary[:500]))
' "$change_set")"
echo "$CHANGE_SUMMARY"
echo "$CHANGE_SET_URL"`

// reviewEnv is the review action's EnvironmentVariables, Fn::Sub text: the
// stage's stack and change set.
func reviewEnv(d Deploy) string {
	vars := []map[string]string{
		{"name": "STACK_NAME", "value": d.StackName, "type": "PLAINTEXT"},
		{"name": "CHANGE_SET_NAME", "value": d.ChangeSet, "type": "PLAINTEXT"},
	}
	data, _ := json.Marshal(vars) // plain strings: cannot fail
	return string(data)
}

// approvalNote is the approval's CustomData, Fn::Sub text: the commit, the
// stage and the review's summary, as CodePipeline variables (#{...}, which
// Fn::Sub leaves alone) resolved at run time.
func approvalNote(d Deploy) string {
	return fmt.Sprintf("Deploy ${ApplicationName} commit #{%s.CommitId} to the %s stage: #{%s.CHANGE_SUMMARY}. Commit message: #{%s.CommitMessage}",
		SourceNamespace, d.Name, d.ReviewNamespace, SourceNamespace)
}
