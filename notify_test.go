//go:build unix

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render"
)

// notifierHarness imports the notifier's index.py with botocore's Stubber
// on both clients: every call is checked against the service's API model
// (parameter names and types, response shapes), GetPipelineExecution
// answers $EXECUTION, and what Publish receives is printed as JSON (or
// "null" when nothing is published).
const notifierHarness = `
import json, os, sys
import boto3
from botocore.stub import Stubber, ANY
sys.path.insert(0, os.environ["CODE_DIR"])
import index
cp = boto3.client("codepipeline", region_name="us-east-1")
sns = boto3.client("sns", region_name="us-east-1")
event = json.loads(os.environ["EVENT"])
published = []
sns.meta.events.register("before-parameter-build.sns.Publish", lambda params, **kw: published.append(dict(params)))
with Stubber(cp) as cps, Stubber(sns) as snss:
    cps.add_response("get_pipeline_execution", {"pipelineExecution": json.loads(os.environ["EXECUTION"])},
        {"pipelineName": event["detail"]["pipeline"], "pipelineExecutionId": event["detail"]["execution-id"]})
    snss.add_response("publish", {"MessageId": "m-1"}, {"TopicArn": ANY, "Subject": ANY, "MessageStructure": "json", "Message": ANY})
    index.pipeline, index.sns = cp, sns
    index.handler(event, None)
print(json.dumps(published[0] if published else None))
`

func TestNotifierTellsStageCommitAndExecution(t *testing.T) {
	python := needTool(t, "python3", "Python 3, as Lambda's runtimes have")
	if exec.Command(python, "-c", "import boto3, botocore.stub").Run() != nil {
		missing(t, "boto3 is not installed for python3 (pip install boto3)")
	}
	text := renderPipeline(t, render.Params{AppName: "shop", Stages: []render.Stage{{Name: "beta"}, {Name: "prod"}},
		NotifyEmails: []string{"team@example.com"}, NotifyEvents: []string{"succeeded", "failed", "rolled-back"}})
	fn := dig(mustParse(t, "p", text).Root, "Resources", "PipelineNotifier", "Properties")
	code, _ := dig(fn, "Code", "ZipFile").(string)
	events, _ := dig(fn, "Environment", "Variables", "NOTIFY_EVENTS").(string)
	if code == "" || events != "succeeded,failed,rolled-back" {
		t.Fatalf("the notifier: events %q, code %d bytes", events, len(code))
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.py"), []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	const standard = `{"pipelineExecutionId": "e-1", "status": "Failed", "executionType": "STANDARD",
		"artifactRevisions": [{"name": "SourceRepo", "revisionId": "3f2a9c1d07be5e6f", "revisionSummary": "Add the orders endpoint\n\nlong body"}]}`
	const connection = `{"pipelineExecutionId": "e-3", "status": "Failed", "executionType": "STANDARD",
		"artifactRevisions": [{"name": "SourceRepo", "revisionId": "3f2a9c1d07be5e6f", "revisionSummary": "{\"ProviderType\":\"GitHub\",\"CommitMessage\":\"Add the orders endpoint\\n\\nlong body\"}"}]}`
	const rollback = `{"pipelineExecutionId": "e-2", "status": "Succeeded", "executionType": "ROLLBACK",
		"rollbackMetadata": {"rollbackTargetPipelineExecutionId": "e-0"}, "artifactRevisions": [{"name": "SourceRepo", "revisionId": "9d8c7b6a5f4e"}]}`
	event := func(detailType, state, stage, arn string) string {
		detail := map[string]any{"pipeline": "shop-pipeline", "execution-id": "e-1", "state": state, "version": 3}
		if stage != "" {
			detail["stage"] = stage
		}
		data, _ := json.Marshal(map[string]any{"detail-type": detailType, "source": "aws.codepipeline", "region": "us-east-1",
			"resources": []string{arn}, "detail": detail})
		return string(data)
	}
	const pipelineEvent, stageEvent = "CodePipeline Pipeline Execution State Change", "CodePipeline Stage Execution State Change"
	const arn = "arn:aws:codepipeline:us-east-1:123456789012:shop-pipeline"
	cases := []struct {
		name, event, execution string
		want                   []string // in the email text; none: nothing published
		subject                string
	}{
		{"a stage fails", event(stageEvent, "FAILED", "Prod", arn), standard,
			[]string{"shop-pipeline: stage Prod failed", "Stage: Prod", "Commit: 3f2a9c1d07be Add the orders endpoint\n",
				"Execution: https://console.aws.amazon.com/codesuite/codepipeline/pipelines/shop-pipeline/executions/e-1/timeline?region=us-east-1"},
			"shop-pipeline: stage Prod failed"},
		{"a connection's JSON summary gives its commit message", event(stageEvent, "FAILED", "Prod", arn), connection,
			[]string{"Commit: 3f2a9c1d07be Add the orders endpoint\n"}, "shop-pipeline: stage Prod failed"},
		{"the pipeline's failure is told by its stage", event(pipelineEvent, "FAILED", "", arn), standard, nil, ""},
		{"started is not chosen", event(pipelineEvent, "STARTED", "", arn), standard, nil, ""},
		{"a rollback ends", event(pipelineEvent, "SUCCEEDED", "", arn), rollback,
			[]string{"shop-pipeline: stage rollback succeeded (back to execution e-0)", "Commit: 9d8c7b6a5f4e"}, "shop-pipeline: stage rollback succeeded (back to execution e-0)"},
		{"a rolled-back stage's failure is the rollback's", event(stageEvent, "FAILED", "Prod", arn), rollback, nil, ""},
		{"China's console", event(pipelineEvent, "SUCCEEDED", "", "arn:aws-cn:codepipeline:cn-north-1:123456789012:shop-pipeline"), strings.Replace(standard, "Failed", "Succeeded", 1),
			[]string{"https://console.amazonaws.cn/codesuite/codepipeline/pipelines/shop-pipeline/executions/e-1/timeline"}, "shop-pipeline: execution succeeded"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(python, "-c", notifierHarness)
			cmd.Env = append(os.Environ(), "CODE_DIR="+dir, "EVENT="+c.event, "EXECUTION="+c.execution,
				"NOTIFY_EVENTS="+events, "TOPIC_ARN=arn:aws:sns:us-east-1:123456789012:shop", "AWS_DEFAULT_REGION=us-east-1",
				"AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
			out, err := cmd.Output()
			if err != nil {
				var stderr string
				if ee, ok := err.(*exec.ExitError); ok {
					stderr = string(ee.Stderr)
				}
				t.Fatalf("%v\n%s", err, stderr)
			}
			var published *struct{ Subject, Message string }
			if err := json.Unmarshal(out, &published); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if c.want == nil {
				if published != nil {
					t.Fatalf("published %+v, want nothing", published)
				}
				return
			}
			if published == nil {
				t.Fatal("nothing published")
			}
			if published.Subject != c.subject {
				t.Errorf("subject %q, want %q", published.Subject, c.subject)
			}
			var perProtocol struct{ Default, Email string }
			if err := json.Unmarshal([]byte(published.Message), &perProtocol); err != nil {
				t.Fatalf("the message is not SNS per-protocol JSON: %v", err)
			}
			for _, w := range c.want {
				if !strings.Contains(perProtocol.Email, w) {
					t.Errorf("the email lacks %q:\n%s", w, perProtocol.Email)
				}
			}
			var chat struct {
				Version, Source string
				Content         struct{ TextType, Title, Description string }
			}
			if err := json.Unmarshal([]byte(perProtocol.Default), &chat); err != nil || chat.Version != "1.0" || chat.Source != "custom" ||
				chat.Content.TextType != "client-markdown" || chat.Content.Title != c.subject {
				t.Errorf("the chat message is not a custom notification: %v %+v", err, chat)
			}
		})
	}
}

// eventPatternHarness matches each event of EVENTS (a JSON list) against
// PATTERN with moto's implementation of EventBridge's matching, and prints
// the verdicts as a JSON list.
const eventPatternHarness = `
import json, os
from moto.events.models import EventPattern
pattern = EventPattern.load(os.environ["PATTERN"])
print(json.dumps([pattern.matches_event(e) for e in json.loads(os.environ["EVENTS"])]))
`

// TestNotifierRuleSendsOnlyWhatItTells: the rule passes the notifier the
// pipeline's execution events and its stages' failures, and nothing the
// notifier would drop (review n11: every stage's STARTED and SUCCEEDED
// cost an invocation and a GetPipelineExecution), nor another pipeline's.
func TestNotifierRuleSendsOnlyWhatItTells(t *testing.T) {
	python := needTool(t, "python3", "Python 3")
	if exec.Command(python, "-c", "from moto.events.models import EventPattern").Run() != nil {
		missing(t, "moto is not installed for python3 (pip install moto)")
	}
	text := renderPipeline(t, render.Params{AppName: "shop", Stages: []render.Stage{{Name: "beta"}},
		NotifyEmails: []string{"team@example.com"}, NotifyEvents: []string{"started", "succeeded", "failed", "rolled-back"}})
	pipeline, _ := deployPipeline(t, "shop", text, nil)
	rule, err := pipeline.Resolve(pipeline.Resources["PipelineEvents"].Properties["EventPattern"])
	if err != nil {
		t.Fatal(err)
	}
	pattern, _ := json.Marshal(rule)
	arn := pipeline.Resources["AppPipeline"].Attributes["Arn"]
	if arn == "" {
		arn = "arn:aws:codepipeline:us-east-1:123456789012:" + pipeline.Resources["AppPipeline"].Ref
	}
	event := func(detailType, state, resource string) map[string]any {
		return map[string]any{"source": "aws.codepipeline", "detail-type": detailType, "resources": []string{resource},
			"detail": map[string]any{"state": state, "pipeline": "p", "execution-id": "e-1"}}
	}
	const pipelineEvent, stageEvent, actionEvent = "CodePipeline Pipeline Execution State Change", "CodePipeline Stage Execution State Change", "CodePipeline Action Execution State Change"
	cases := []struct {
		event map[string]any
		want  bool
	}{
		{event(pipelineEvent, "STARTED", arn), true},
		{event(pipelineEvent, "SUCCEEDED", arn), true},
		{event(pipelineEvent, "FAILED", arn), true},
		{event(stageEvent, "FAILED", arn), true},
		{event(stageEvent, "STARTED", arn), false},
		{event(stageEvent, "SUCCEEDED", arn), false},
		{event(actionEvent, "FAILED", arn), false},
		{event(pipelineEvent, "FAILED", arn+"-other"), false},
	}
	var events []map[string]any
	for _, c := range cases {
		events = append(events, c.event)
	}
	data, _ := json.Marshal(events)
	cmd := exec.Command(python, "-c", eventPatternHarness)
	cmd.Env = append(os.Environ(), "PATTERN="+string(pattern), "EVENTS="+string(data))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []bool
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(cases) {
		t.Fatalf("%v: %s", err, out)
	}
	for i, c := range cases {
		if got[i] != c.want {
			t.Errorf("%s %s on %s: matched %v, want %v (pattern %s)", c.event["detail-type"], c.event["detail"].(map[string]any)["state"], c.event["resources"].([]string)[0], got[i], c.want, pattern)
		}
	}
}
