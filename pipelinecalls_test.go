package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pipegen/pipegen/render/iam"
	"github.com/pipegen/pipegen/render/stacksim"
	sigsyaml "sigs.k8s.io/yaml"
)

// roleCall is a call a role must be allowed to make.
type roleCall struct {
	role string // logical id of the role in the pipeline stack
	why  string // what makes the call
	req  iam.Request
}

func (c roleCall) String() string { return fmt.Sprintf("%s, for %s: %v", c.role, c.why, c.req) }

// pipelineCalls lists the calls the pipeline stack's roles make when the
// pipeline runs, read from the deployed pipeline itself: its stages and
// actions (the CodePipeline role), the builds those actions start (each
// project's role, by what its buildspec does), the EventBridge rule that
// starts it. Sources, as gathered in the research notes for issue 9:
//
//   - CodePipeline User Guide, action references for CodeCommit,
//     CodeStarSourceConnection, CodeBuild, CloudFormation and Manual
//     approval ("Service role permissions" of each), and "Configure
//     server-side encryption for artifacts stored in Amazon S3" (a customer
//     key: kms:Decrypt, DescribeKey, Encrypt, GenerateDataKey*, ReEncrypt*);
//   - CodeBuild User Guide, "Create a CodeBuild service role" (logs on
//     /aws/codebuild/PROJECT, the CodePipeline artifacts' objects, reports);
//   - AWS CLI 1.45 source, customizations/cloudformation (package:
//     HeadObject, then PutObject);
//   - CloudFormation User Guide, "AWS::Serverless transform" (a change set
//     of a template with a transform needs CreateChangeSet on the transform);
//   - EventBridge User Guide, "Amazon EventBridge targets" (the rule's role
//     may start the pipeline).
func pipelineCalls(s *stacksim.Stack, buildspecFile string) ([]roleCall, error) {
	o := pipelineOracle{s: s, buildspecFile: buildspecFile}
	return o.calls()
}

type pipelineOracle struct {
	s             *stacksim.Stack
	buildspecFile string // a -b buildspec, for the package project without an inline one
	out           []roleCall
	key           string // KMS key ARN of the artifacts, or ""
}

func (o *pipelineOracle) add(role, why, action, resource string, ctx map[string][]string) {
	o.out = append(o.out, roleCall{role: role, why: why, req: iam.Request{Action: action, Resource: resource, Context: ctx}})
}

func (o *pipelineOracle) arn(service, resource string) string {
	e := o.s.Env
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", e.Partition, service, e.Region, e.Account, resource)
}

func (o *pipelineOracle) calls() ([]roleCall, error) {
	pipe := o.s.Resources["AppPipeline"]
	props, err := o.s.Resolve(pipe.Properties)
	if err != nil {
		return nil, err
	}
	p := props.(map[string]any)
	pipelineRole := roleOf(p["RoleArn"], o.s)
	if key, _ := dig(p, "ArtifactStore", "EncryptionKey", "Id").(string); key != "" {
		o.key = key
	}
	bucket := o.s.Resources["ArtifactBucketStore"]
	o.add(pipelineRole, "the artifact store", "s3:GetBucketVersioning", bucket.Attributes["Arn"], nil)
	stages, _ := p["Stages"].([]any)
	for _, st := range stages {
		actions, _ := dig(st, "Actions").([]any)
		for _, a := range actions {
			if err := o.action(pipelineRole, pipe.Ref, a.(map[string]any)); err != nil {
				return nil, err
			}
		}
	}
	if rule, ok := o.s.Resources["SourceTrigger"]; ok {
		if err := o.trigger(rule, pipe.Ref); err != nil {
			return nil, err
		}
	}
	if fn, ok := o.s.Resources["PipelineNotifier"]; ok {
		if err := o.notifier(fn, pipe.Ref); err != nil {
			return nil, err
		}
	}
	return o.out, nil
}

// artifactObject is where CodePipeline keeps an artifact.
func (o *pipelineOracle) artifactObject(pipeline, artifact string) string {
	return fmt.Sprintf("%s/%s/%s/Ab12Cd3", o.s.Resources["ArtifactBucketStore"].Attributes["Arn"], pipeline, artifact)
}

// readArtifact and writeArtifact are what a role does with an artifact,
// and with the key that encrypts it.
func (o *pipelineOracle) readArtifact(role, why, object string) {
	o.add(role, why, "s3:GetObject", object, nil)
	o.add(role, why, "s3:GetObjectVersion", object, nil)
	o.useKey(role, why)
}

func (o *pipelineOracle) writeArtifact(role, why, object string) {
	o.add(role, why, "s3:PutObject", object, nil)
	o.useKey(role, why)
}

// useKey: what CodePipeline and CodeBuild need of a customer key.
func (o *pipelineOracle) useKey(role, why string) {
	if o.key == "" {
		return
	}
	for _, a := range []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"} {
		o.add(role, why+" (encrypted)", a, o.key, nil)
	}
}

func (o *pipelineOracle) action(role, pipeline string, a map[string]any) error {
	name, _ := a["Name"].(string)
	provider, _ := dig(a, "ActionTypeId", "Provider").(string)
	cfg, _ := a["Configuration"].(map[string]any)
	why := "action " + name
	for _, in := range names(a["InputArtifacts"]) {
		if provider != "CodeBuild" { // a build reads its inputs with its own role
			o.readArtifact(role, why, o.artifactObject(pipeline, in))
		}
	}
	for _, out := range names(a["OutputArtifacts"]) {
		if provider != "CodeBuild" {
			o.writeArtifact(role, why, o.artifactObject(pipeline, out))
		}
	}
	switch provider {
	case "CodeCommit":
		repo := o.s.Resources["SourceRepository"].Attributes["Arn"]
		for _, act := range []string{"GetBranch", "GetCommit", "GetRepository", "UploadArchive", "GetUploadArchiveStatus", "CancelUploadArchive"} {
			o.add(role, why, "codecommit:"+act, repo, nil)
		}
	case "CodeStarSourceConnection":
		conn, _ := cfg["ConnectionArn"].(string)
		o.add(role, why, "codestar-connections:UseConnection", conn, nil)
		o.add(role, why, "codeconnections:UseConnection", conn, nil)
	case "GitHub":
		// The OAuth token does the work; no IAM beyond the artifact.
	case "CodeBuild":
		return o.build(role, pipeline, why, a, cfg)
	case "CloudFormation":
		o.changeSet(role, why, cfg)
	case "Manual":
		if topic, _ := cfg["NotificationArn"].(string); topic != "" {
			o.add(role, why, "sns:Publish", topic, nil)
		}
	default:
		return fmt.Errorf("%s: provider %s is not modelled", why, provider)
	}
	return nil
}

// changeSet: the CloudFormation action's calls, all on the stack's ARN.
func (o *pipelineOracle) changeSet(role, why string, cfg map[string]any) {
	stack := o.arn("cloudformation", "stack/"+cfg["StackName"].(string)+"/0c4e1a10-0000-4000-8000-000000000000")
	ctx := map[string][]string{"cloudformation:ChangeSetName": {fmt.Sprint(cfg["ChangeSetName"])}}
	switch cfg["ActionMode"] {
	case "CHANGE_SET_REPLACE":
		for _, act := range []string{"DescribeStacks", "DescribeChangeSet", "DeleteChangeSet", "CreateChangeSet"} {
			o.add(role, why, "cloudformation:"+act, stack, ctx)
		}
		o.add(role, why+" (the SAM transform)", "cloudformation:CreateChangeSet",
			fmt.Sprintf("arn:%s:cloudformation:%s:aws:transform/Serverless-2016-10-31", o.s.Env.Partition, o.s.Env.Region), nil)
		o.add(role, why+" (its service role)", "iam:PassRole", cfg["RoleArn"].(string),
			map[string][]string{"iam:PassedToService": {"cloudformation.amazonaws.com"}})
	case "CHANGE_SET_EXECUTE":
		for _, act := range []string{"DescribeStacks", "DescribeChangeSet", "ExecuteChangeSet"} {
			o.add(role, why, "cloudformation:"+act, stack, ctx)
		}
	}
}

// build: the pipeline starts the build; the project's role reads the
// inputs, writes the outputs and the logs, and does what its buildspec does.
func (o *pipelineOracle) build(pipelineRole, pipeline, why string, a, cfg map[string]any) error {
	project := o.projectNamed(cfg["ProjectName"])
	if project == nil {
		return fmt.Errorf("%s: no project %v in the stack", why, cfg["ProjectName"])
	}
	props, err := o.s.Resolve(project.Properties)
	if err != nil {
		return err
	}
	pp := props.(map[string]any)
	name := project.Ref
	projectArn := o.arn("codebuild", "project/"+name)
	o.add(pipelineRole, why, "codebuild:StartBuild", projectArn, nil)
	o.add(pipelineRole, why, "codebuild:BatchGetBuilds", projectArn, nil)
	role := roleOf(pp["ServiceRole"], o.s)
	bwhy := "build " + name
	o.add(role, bwhy, "logs:CreateLogGroup", o.arn("logs", "log-group:/aws/codebuild/"+name), nil)
	for _, act := range []string{"logs:CreateLogStream", "logs:PutLogEvents"} {
		o.add(role, bwhy, act, o.arn("logs", "log-group:/aws/codebuild/"+name+":log-stream:0f3c9a"), nil)
	}
	for _, in := range names(a["InputArtifacts"]) {
		o.readArtifact(role, bwhy, o.artifactObject(pipeline, in))
	}
	for _, out := range names(a["OutputArtifacts"]) {
		o.writeArtifact(role, bwhy, o.artifactObject(pipeline, out))
	}
	spec, err := o.buildspecOf(pp)
	if err != nil {
		return fmt.Errorf("%s: %w", bwhy, err)
	}
	o.buildspecCalls(role, bwhy, name, spec, pp, cfg)
	return nil
}

func (o *pipelineOracle) projectNamed(name any) *stacksim.Resource {
	for _, r := range o.s.OfType("AWS::CodeBuild::Project") {
		if r.Ref == name {
			return r
		}
	}
	return nil
}

// buildspecOf is the project's inline buildspec, or the -b file.
func (o *pipelineOracle) buildspecOf(props map[string]any) (map[string]any, error) {
	text, _ := dig(props, "Source", "BuildSpec").(string)
	if text == "" || !strings.Contains(text, "\n") {
		if o.buildspecFile == "" {
			return nil, fmt.Errorf("the buildspec is in the repository, and the test has no copy")
		}
		data, err := os.ReadFile(o.buildspecFile)
		if err != nil {
			return nil, err
		}
		text = string(data)
	}
	var spec map[string]any
	err := sigsyaml.Unmarshal([]byte(text), &spec)
	return spec, err
}

// buildspecCalls: what the commands and reports of a buildspec call, with
// the project's environment and the action's (cfg's EnvironmentVariables).
func (o *pipelineOracle) buildspecCalls(role, why, project string, spec, props, cfg map[string]any) {
	commands := fmt.Sprint(spec["phases"])
	env := map[string]string{}
	vars, _ := dig(props, "Environment", "EnvironmentVariables").([]any)
	for _, v := range vars {
		env[fmt.Sprint(dig(v, "Name"))] = fmt.Sprint(dig(v, "Value"))
	}
	if text, ok := cfg["EnvironmentVariables"].(string); ok {
		var actionVars []struct{ Name, Value string }
		if err := json.Unmarshal([]byte(text), &actionVars); err == nil {
			for _, v := range actionVars {
				env[v.Name] = v.Value
			}
		}
	}
	if strings.Contains(commands, "aws cloudformation describe-change-set") {
		arn := o.arn("cloudformation", "stack/"+env["STACK_NAME"]+"/0c4e1a10-0000-4000-8000-000000000000")
		o.add(role, why+" (change set review)", "cloudformation:DescribeChangeSet", arn,
			map[string][]string{"cloudformation:ChangeSetName": {env["CHANGE_SET_NAME"]}})
	}
	if strings.Contains(commands, "aws cloudformation package") {
		// HeadObject (s3:GetObject) finds code already uploaded, then
		// PutObject uploads the rest, into the application bucket.
		object := fmt.Sprintf("arn:%s:s3:::%s/5f2b8c0e6d", o.s.Env.Partition, env["APP_S3_BUCKET"])
		o.add(role, why+" (aws cloudformation package)", "s3:GetObject", object, nil)
		o.add(role, why+" (aws cloudformation package)", "s3:PutObject", object, nil)
		o.useKey(role, why+" (aws cloudformation package)")
	}
	if strings.Contains(commands, "aws cloudformation delete-stack") {
		for _, stack := range strings.Fields(env["STACK_NAMES"]) {
			arn := o.arn("cloudformation", "stack/"+stack+"/0c4e1a10-0000-4000-8000-000000000000")
			for _, act := range []string{"DescribeStacks", "DescribeStackEvents", "DeleteStack"} {
				o.add(role, why+" (stack reset)", "cloudformation:"+act, arn, nil)
			}
		}
		o.add(role, why+" (stack reset, deleting with the deploy role)", "iam:PassRole", env["DEPLOY_ROLE_ARN"],
			map[string][]string{"iam:PassedToService": {"cloudformation.amazonaws.com"}})
	}
	reports, _ := spec["reports"].(map[string]any)
	for report := range reports {
		group := o.arn("codebuild", "report-group/"+project+"-"+report)
		for _, act := range []string{"CreateReportGroup", "CreateReport", "UpdateReport", "BatchPutTestCases"} {
			o.add(role, why+" (test reports)", "codebuild:"+act, group, nil)
		}
	}
}

// notifier: the notifier function writes its logs, reads the execution an
// event names (CodePipeline API Reference, GetPipelineExecution: the
// pipeline's ARN) and publishes to the topic (Lambda Developer Guide,
// "Lambda execution role": logs on its own log group).
func (o *pipelineOracle) notifier(fn *stacksim.Resource, pipeline string) error {
	props, err := o.s.Resolve(fn.Properties)
	if err != nil {
		return err
	}
	p := props.(map[string]any)
	role, why := roleOf(p["Role"], o.s), "the notifier"
	name := fmt.Sprint(p["FunctionName"])
	o.add(role, why, "logs:CreateLogGroup", o.arn("logs", "log-group:/aws/lambda/"+name), nil)
	for _, act := range []string{"logs:CreateLogStream", "logs:PutLogEvents"} {
		o.add(role, why, act, o.arn("logs", "log-group:/aws/lambda/"+name+":log-stream:2026/11/26/[$LATEST]0f3c9a"), nil)
	}
	o.add(role, why, "codepipeline:GetPipelineExecution", o.arn("codepipeline", pipeline), nil)
	topic, _ := dig(p, "Environment", "Variables", "TOPIC_ARN").(string)
	o.add(role, why, "sns:Publish", topic, nil)
	return nil
}

// trigger: the EventBridge rule's role starts the pipeline.
func (o *pipelineOracle) trigger(rule *stacksim.Resource, pipeline string) error {
	props, err := o.s.Resolve(rule.Properties)
	if err != nil {
		return err
	}
	targets, _ := props.(map[string]any)["Targets"].([]any)
	for _, t := range targets {
		o.add(roleOf(dig(t, "RoleArn"), o.s), "the source trigger", "codepipeline:StartPipelineExecution", o.arn("codepipeline", pipeline), nil)
	}
	return nil
}

// roleOf finds the logical id of the stack's role with this ARN.
func roleOf(arn any, s *stacksim.Stack) string {
	for _, r := range s.OfType("AWS::IAM::Role") {
		if r.Attributes["Arn"] == arn {
			return r.LogicalID
		}
	}
	return fmt.Sprintf("(no role of the stack has ARN %v)", arn)
}

// names lists the Name of each artifact in a list.
func names(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, item := range list {
		out = append(out, fmt.Sprint(dig(item, "Name")))
	}
	return out
}

// goldenBuildspec is the -b buildspec beside a golden template, if any.
func goldenBuildspec(dir string) string {
	path := filepath.Join(dir, "buildspec.yml")
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}
