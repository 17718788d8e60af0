package render

import (
	"slices"
	"strings"
)

// Notifications people act on (--notify-email, --notify-events,
// --notify-chatbot-arn).
//
// CodePipeline's own events name little: a pipeline event carries the
// execution id and state, a stage event the stage, and none the commit;
// a stage rollback is just a new execution, with no event of its own
// (CodePipeline User Guide, "Monitoring CodePipeline events" and "Configure
// stage rollback"). So a small function of the pipeline stack (the
// notifier) receives the pipeline's EventBridge events, asks
// GetPipelineExecution for the commit (artifactRevisions) and whether the
// execution is a rollback (executionType ROLLBACK, rollbackMetadata), and
// publishes one message per event the user chose to the topic: plain text
// for email, and Amazon Q Developer in chat applications' (AWS Chatbot's)
// custom notification JSON for chat subscriptions (SNS MessageStructure
// json: a message per protocol; Chatbot renders custom notifications, not
// plain text). Manual approvals keep CodePipeline's own notification,
// which carries the approve link and the change set review.
//
// A chat channel configuration given by ARN cannot be subscribed to the
// topic from the pipeline's stack (the configuration belongs to another
// stack or the console), so --notify-chatbot-arn makes a CodeStar
// Notifications rule target it directly, with the events CodeStar has:
// every chosen event but rolled-back, whose executions Chatbot still shows
// as their own started, succeeded and failed events.

// Notification events, the values of --notify-events.
const (
	EventStarted        = "started"
	EventSucceeded      = "succeeded"
	EventFailed         = "failed"
	EventApprovalNeeded = "approval-needed"
	EventRolledBack     = "rolled-back"
)

// NotifyEvents lists every event, and DefaultNotifyEvents those chosen
// when --notify-events is not given: what needs a person.
var (
	NotifyEvents        = []string{EventStarted, EventSucceeded, EventFailed, EventApprovalNeeded, EventRolledBack}
	DefaultNotifyEvents = []string{EventFailed, EventApprovalNeeded, EventRolledBack}
)

// codeStarEvents are the CodeStar Notifications event type ids of the
// events (AWS Developer Tools console user guide, "Events for notification
// rules on pipelines"); rolled-back has none.
var codeStarEvents = map[string]string{
	EventStarted:        "codepipeline-pipeline-pipeline-execution-started",
	EventSucceeded:      "codepipeline-pipeline-pipeline-execution-succeeded",
	EventFailed:         "codepipeline-pipeline-pipeline-execution-failed",
	EventApprovalNeeded: "codepipeline-pipeline-manual-approval-needed",
}

// chatbotArn is a chat channel configuration of Amazon Q Developer in chat
// applications: arn:aws:chatbot::ACCOUNT:chat-configuration/slack-channel/NAME
// (or microsoft-teams-channel), the region empty.
var chatbotArn = constraint(`^arn:aws[a-z-]*:chatbot::[0-9]{12}:chat-configuration/(?:slack-channel|microsoft-teams-channel)/[A-Za-z0-9_-]+$`, 20, 1011,
	"the ARN of a chat channel configuration, arn:aws:chatbot::ACCOUNT:chat-configuration/slack-channel/NAME (or microsoft-teams-channel)")

// ChatTarget is a CodeStar Notifications target of a chat configuration.
type ChatTarget struct {
	Type    string // AWSChatbotSlack or AWSChatbotMicrosoftTeams
	Address string // Fn::Sub text of the configuration's ARN, partition-free
}

func chatTargets(arns []string) []ChatTarget {
	out := make([]ChatTarget, len(arns))
	for i, a := range arns {
		out[i] = ChatTarget{Type: "AWSChatbotSlack", Address: partitionless([]string{a})[0]}
		if strings.Contains(a, ":chat-configuration/microsoft-teams-channel/") {
			out[i].Type = "AWSChatbotMicrosoftTeams"
		}
	}
	return out
}

// notifyRuleEvents are the CodeStar event ids of the chosen events.
func notifyRuleEvents(events []string) []string {
	var out []string
	for _, e := range NotifyEvents { // in a stable order
		if id, ok := codeStarEvents[e]; ok && slices.Contains(events, e) {
			out = append(out, id)
		}
	}
	return out
}

func checkNotify(p Params, bad func(flag, value, rule string)) {
	for _, e := range p.NotifyEvents {
		if !slices.Contains(NotifyEvents, e) {
			bad("notify-events", e, "expected one of "+strings.Join(NotifyEvents, ", "))
		}
	}
	for _, a := range p.NotifyChatbotArns {
		if why := chatbotArn.check(a); why != "" {
			bad("notify-chatbot-arn", a, why)
		}
	}
	if len(p.NotifyEvents) > 0 && len(p.NotifyEmails) == 0 && len(p.NotifyChatbotArns) == 0 {
		bad("notify-events", strings.Join(p.NotifyEvents, ","), "--notify-events needs --notify-email or --notify-chatbot-arn: someone to tell")
	}
	if len(p.NotifyChatbotArns) > 0 && len(notifyRuleEvents(p.notifyEvents())) == 0 {
		bad("notify-chatbot-arn", p.NotifyChatbotArns[0], "the chat configuration would receive nothing: rolled-back has no CodeStar event; choose another event too")
	}
}

// notifyEvents are the chosen events, or the default.
func (p Params) notifyEvents() []string {
	if len(p.NotifyEvents) == 0 {
		return DefaultNotifyEvents
	}
	return p.NotifyEvents
}

// notifierEvents are the events the notifier publishes: the chosen ones
// but approvals, which CodePipeline's approval action announces itself.
func notifierEvents(events []string) string {
	var out []string
	for _, e := range events {
		if e != EventApprovalNeeded {
			out = append(out, e)
		}
	}
	return strings.Join(out, ",")
}

// notifierCode is the notifier's Python source (Lambda's python runtimes
// bundle boto3). It reads the pipeline's EventBridge events: a pipeline
// execution's state (started, succeeded, failed, and whether it is a
// rollback) and a stage's failure (which names the stage).
func notifierCode() string {
	return pythonSource(notifierSource)
}

// NotifierFunctionTimeout is the notifier's timeout in seconds: one
// GetPipelineExecution and one Publish.
const NotifierFunctionTimeout = 30

const notifierSource = `
import json, os, urllib.parse
import boto3

pipeline = boto3.client("codepipeline")
sns = boto3.client("sns")
EVENTS = set(os.environ["NOTIFY_EVENTS"].split(","))
CONSOLE = {"aws-cn": "console.amazonaws.cn", "aws-us-gov": "console.amazonaws-us-gov.com"}


def kind(event, execution):
	detail = event["detail"]
	rollback = execution.get("executionType") == "ROLLBACK"
	if event["detail-type"] == "CodePipeline Stage Execution State Change":
		return "failed" if detail["state"] == "FAILED" and not rollback else None
	state = detail["state"]
	if rollback:
		return "rolled-back" if state in ("SUCCEEDED", "FAILED") else None
	return {"STARTED": "started", "SUCCEEDED": "succeeded"}.get(state)


def first_line(summary):
	# A CodeStarSourceConnection source's summary is JSON with the commit
	# message in CommitMessage; CodeCommit's is the message itself.
	text = summary or ""
	try:
		parsed = json.loads(text)
	except ValueError:
		parsed = None
	if isinstance(parsed, dict):
		text = str(parsed.get("CommitMessage") or "")
	lines = text.splitlines()
	return lines[0] if lines else ""

def handler(event, context):
	detail = event["detail"]
	name, execution_id = detail["pipeline"], detail["execution-id"]
	execution = pipeline.get_pipeline_execution(pipelineName=name, pipelineExecutionId=execution_id)["pipelineExecution"]
	what = kind(event, execution)
	if what is None or what not in EVENTS:
		return
	partition = event["resources"][0].split(":")[1] if event.get("resources") else "aws"
	link = "https://%s/codesuite/codepipeline/pipelines/%s/executions/%s/timeline?region=%s" % (
		CONSOLE.get(partition, "console.aws.amazon.com"), urllib.parse.quote(name), execution_id, event["region"])
	revisions = execution.get("artifactRevisions") or [{}]
	commit = revisions[0].get("revisionId", "unknown")
	message = first_line(revisions[0].get("revisionSummary"))
	stage = detail.get("stage", "")
	if what == "rolled-back":
		target = (execution.get("rollbackMetadata") or {}).get("rollbackTargetPipelineExecutionId", "?")
		title = "%s: stage rollback %s (back to execution %s)" % (name, detail["state"].lower(), target)
	elif what == "failed":
		title = "%s: stage %s failed" % (name, stage)
	else:
		title = "%s: execution %s" % (name, what)
	lines = [title, "", "Commit: %s %s" % (commit[:12], message), "Execution: %s" % link]
	if stage:
		lines.insert(2, "Stage: %s" % stage)
	chat = {"version": "1.0", "source": "custom", "content": {
		"textType": "client-markdown", "title": title,
		"description": "Commit %s %s\nExecution %s: %s" % (commit[:12], message, execution_id, link)}}
	sns.publish(TopicArn=os.environ["TOPIC_ARN"], Subject=title[:99], MessageStructure="json",
		Message=json.dumps({"default": json.dumps(chat), "email": "\n".join(lines)}))
`
