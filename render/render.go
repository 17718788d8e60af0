package render

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/pipegen/pipegen/render/deployrole"
)

// Template file names every template folder provides.
const (
	PipelineTemplate             = "pipeline.yaml.tmpl"
	BuildspecTemplate            = "buildspec.yaml.tmpl"
	TestBuildspecTemplate        = "buildspec-test.yaml.tmpl"
	IntegrationBuildspecTemplate = "buildspec-integration.yaml.tmpl"
	ResetBuildspecTemplate       = "buildspec-reset.yaml.tmpl"
	ReviewBuildspecTemplate      = "buildspec-review.yaml.tmpl"
)

// TestReportGroup is the report name in the test buildspec; CodeBuild
// creates the group <project>-<name> on the first run.
const TestReportGroup = "tests"

// Pipeline is the data every template receives: the user's Params plus the
// decisions pipegen made from them. Templates print these; they decide nothing.
type Pipeline struct {
	Params
	Runtime              Runtime                // the runtime chosen by --runtime
	Constraints          map[string]*Constraint // AllowedPattern and lengths, by parameter name
	Deploys              []Deploy               // one per deployment stage, in order
	DeployStatements     []deployrole.Statement // the deploy role's policy, derived from AWS's data (render/deployrole)
	EdgeDomainStatements []deployrole.Statement // with EdgeDomains: the deploy role's policy for edge-optimized custom domains
	RolePath             string                 // IAM path of the pipeline's own roles, out of the deploy role's reach
	StageStackNames      string                 // Fn::Sub text: the stage stacks' names, separated by spaces
	ResetCommand         string                 // shell script that deletes stage stacks left in ROLLBACK_COMPLETE
	ResetBuildspec       string                 // the rendered stack-reset buildspec
	HasApprovals         bool                   // some stage waits for a manual approval, after a change set review
	ReviewCommand        string                 // shell script of the change set review (render/review.go)
	ReviewProject        string                 // Fn::Sub name of the review's CodeBuild project
	ReviewBuildspec      string                 // the rendered review buildspec, when HasApprovals
	Buildspec            string                 // the rendered buildspec text
	InlineBuildspec      bool                   // the buildspec goes into the CodeBuild project
	Projects             []string               // Fn::Sub names of the CodeBuild projects, for IAM
	HasTests             bool                   // a Test stage runs TestCommands before packaging
	HasIntegration       bool                   // each stage runs IntegrationTestCommands after its deploy
	TestBuildspec        string                 // the rendered test buildspec, when HasTests
	IntegrationBuildspec string                 // the rendered integration-test buildspec, when HasIntegration
	ReportName           string                 // report name in the test buildspec, when TestReports is set
	ExportOutputsCommand string                 // shell line that turns StackOutputs.json into /tmp/stack-outputs.sh
	BoundaryCommand      string                 // with PermissionsBoundaryArn: shell line (a sam.json path follows) that sets $PERMISSIONS_BOUNDARY on every role
	PermissionsBoundary  string                 // Fn::Sub text of PermissionsBoundaryArn, with ${AWS::Partition}
	ReportGroup          string                 // report group name of the test reports, when TestReports is set
	Notify               bool                   // an SNS topic tells NotifyEmails of the chosen events (render/notify.go)
	NotifyApprovals      bool                   // the approval actions announce themselves on the topic
	NotifierEvents       string                 // with Notify: the events the notifier function publishes, comma-separated
	NotifierCode         string                 // with Notify: the notifier function's Python source
	NotifyRuleEvents     []string               // CodeStar Notifications event ids for the chat configurations
	ChatTargets          []ChatTarget           // the chat configurations (--notify-chatbot-arn)
	StageRollback        bool                   // a failed deployment stage rolls back to its last successful execution (CodePipeline V2)
	LintInstall          string                 // install-phase command of the packaged templates' linter, or "" (render/lint.go)
	CreateConnection     bool                   // the template creates the CodeConnections connection
	ConnectionName       string                 // its name (32 characters at most)
	NotificationRule     string                 // name of the notification rule (64 characters at most)
	Encrypt              bool                   // artifacts and build output are encrypted with a KMS key
	DeployPolicies       []string               // Fn::Sub text of DeployPolicyArns, with ${AWS::Partition}
}

// Deploy is one deployment stage of the application stack, with the names
// chalice used for its beta stage so existing stacks update in place.
type Deploy struct {
	Stage                 // the user's stage
	Title          string // pipeline stage name, e.g. Beta
	StackName      string // Fn::Sub text of the application stack name
	ChangeSet      string // Fn::Sub text of the change set name
	StackArn       string // Fn::Sub text of the stack's ARN, for IAM
	TemplateFile   string // packaged template of this stage in the build artifact
	CreateAction   string // action that creates the change set
	ExecAction     string // action that executes it
	OutputArtifact string // artifact holding the stack outputs (StackOutputs.json)

	Approval         bool   // a manual approval runs before the change set is executed
	ApprovalAction   string // its action name
	ApprovalNote     string // its CustomData: the commit and the change set's summary, as CodePipeline variables
	ReviewAction     string // the change set review before the approval (render/review.go)
	ReviewNamespace  string // the review's variable namespace: CHANGE_SET_URL, CHANGE_SUMMARY
	ReviewEnv        string // Fn::Sub text of the review's EnvironmentVariables
	CreateOrder      int    // RunOrder of the create-change-set action
	ReviewOrder      int    // RunOrder of the review, with an approval
	ApprovalOrder    int    // RunOrder of the approval
	ExecOrder        int    // RunOrder of the execute action
	IntegrationOrder int    // RunOrder of the integration tests, when the pipeline has them
	IntegrationEnv   string // CodePipeline EnvironmentVariables JSON for the integration tests
	LintCommand      string // the build's command that lints this stage's packaged template, or ""
	TrafficConfig    string // with --traffic for this stage: its CodeDeploy configuration, e.g. Canary10Percent5Minutes
	TrafficCommand   string // the build's command that makes the stage's packaged template deploy gradually, or ""
}

// Output is the rendered text of the pipeline template and its buildspec.
type Output struct {
	Template  string
	Buildspec string
	Warnings  []string // what the user should know about the pipeline, e.g. deploy role scopes that are prefixes
}

// Render checks p as of today (the caller's clock: the runtime must still be
// deployable that day), then renders the buildspecs and the pipeline
// template from the template folder files.
func Render(files fs.FS, p Params, today time.Time) (Output, error) {
	p = p.WithDefaults()
	if err := Check(p, today); err != nil {
		return Output{}, err
	}
	data, warnings, err := newPipeline(p)
	if err != nil {
		return Output{}, err
	}
	eng := Engine{Files: files}.shared() // one time and size budget for every template
	if data.Buildspec, err = eng.Render(BuildspecTemplate, data); err != nil {
		return Output{}, err
	}
	if data.HasTests {
		if data.TestBuildspec, err = eng.Render(TestBuildspecTemplate, data); err != nil {
			return Output{}, err
		}
	}
	if data.HasIntegration {
		if data.IntegrationBuildspec, err = eng.Render(IntegrationBuildspecTemplate, data); err != nil {
			return Output{}, err
		}
	}
	if data.ResetBuildspec, err = eng.Render(ResetBuildspecTemplate, data); err != nil {
		return Output{}, err
	}
	if data.HasApprovals {
		if data.ReviewBuildspec, err = eng.Render(ReviewBuildspecTemplate, data); err != nil {
			return Output{}, err
		}
	}
	text, err := eng.Render(PipelineTemplate, data)
	if err != nil {
		return Output{}, err
	}
	return Output{Template: text, Buildspec: data.Buildspec, Warnings: warnings}, nil
}

func newPipeline(p Params) (*Pipeline, []string, error) {
	rt, _ := runtimeByName(p.Runtime)
	sc := newScoping(p.AppName, p.Stages)
	data := &Pipeline{
		Params: p, Runtime: rt, Constraints: constraintsFor(sc, p.AppName), InlineBuildspec: p.BuildspecFile == "",
		RolePath:     RolePath,
		ResetCommand: resetCommand,
		HasTests:     len(p.TestCommands) > 0, HasIntegration: len(p.IntegrationTestCommands) > 0,
		Projects:             []string{"${ApplicationName}Build"},
		ExportOutputsCommand: exportOutputsCommand,
		BoundaryCommand:      boundaryCommand,
		Notify:               len(p.NotifyEmails) > 0,
		StageRollback:        !p.NoStageRollback,
		Encrypt:              p.KMSKeyArn != "" || p.CreateKMSKey,
		DeployPolicies:       partitionless(p.DeployPolicyArns),
		CreateConnection:     p.Source == SourceConnection && p.Connection.Arn == "",
		ConnectionName:       truncate(p.AppName, maxConnectionName),
		NotificationRule:     truncate(p.AppName, maxRuleName-len("-pipeline")) + "-pipeline",
	}
	if p.AppLint == AppLintCfnLint {
		data.LintInstall = lintInstall()
	}
	if data.Notify {
		events := p.notifyEvents()
		data.NotifyApprovals = slices.Contains(events, EventApprovalNeeded)
		data.NotifierEvents, data.NotifierCode = notifierEvents(events), notifierCode()
	}
	if len(p.NotifyChatbotArns) > 0 {
		data.NotifyRuleEvents, data.ChatTargets = notifyRuleEvents(p.notifyEvents()), chatTargets(p.NotifyChatbotArns)
	}
	if data.HasTests {
		data.Projects = append(data.Projects, "${ApplicationName}Test")
		if p.TestReports != "" {
			data.ReportName = TestReportGroup
			data.ReportGroup = "${ApplicationName}Test-" + TestReportGroup
		}
	}
	if data.HasIntegration {
		data.Projects = append(data.Projects, "${ApplicationName}IntegrationTest")
	}
	if data.HasApprovals = len(p.ApprovalBefore) > 0; data.HasApprovals {
		data.ReviewCommand, data.ReviewProject = reviewCommand, ReviewProject
	}
	var err error
	if data.DeployStatements, err = deployStatements(p, sc); err != nil {
		return nil, nil, err
	}
	if p.EdgeDomains {
		data.EdgeDomainStatements = deployrole.EdgeDomainStatements()
	}
	if p.PermissionsBoundaryArn != "" {
		data.PermissionsBoundary = partitionless([]string{p.PermissionsBoundaryArn})[0]
	}
	if err := checkPolicySize(p, sc, data); err != nil {
		return nil, nil, err
	}
	var warnings []string
	if w := sc.warning(p.AppName); w != "" {
		warnings = append(warnings, w)
	}
	var names []string
	approvals := map[string]bool{}
	for _, a := range p.ApprovalBefore {
		approvals[a] = true
	}
	for _, s := range p.Stages {
		d := newDeploy(s, approvals[s.Name], data.HasIntegration)
		if p.AppLint == AppLintCfnLint {
			d.LintCommand = lintCommand(d.TemplateFile)
		}
		for _, t := range p.Traffic {
			if t.Stage == s.Name {
				d.TrafficConfig = t.Config
				d.TrafficCommand = fmt.Sprintf("%s /tmp/packaged-%s/sam.json %s", trafficCommand(), s.Name, trafficArgs(t.Config, p))
			}
		}
		if d.Approval {
			d.ApprovalNote = approvalNote(d)
		}
		data.Deploys = append(data.Deploys, d)
		names = append(names, d.StackName)
	}
	data.StageStackNames = strings.Join(names, " ")
	return data, warnings, nil
}

// newDeploy names a stage's resources and orders its actions. The beta stage
// keeps chalice's names (BetaStack, ChangeSet, CreateBetaChangeSet,
// ExecuteChangeSet, transformed.yaml, AppDeploymentValues).
func newDeploy(s Stage, approval, integration bool) Deploy {
	title := stageTitle(s.Name)
	d := Deploy{
		Stage:          s,
		Title:          title,
		StackName:      StackName(s.Name),
		ChangeSet:      "${ApplicationName}-" + s.Name + "-changeset",
		TemplateFile:   "transformed-" + s.Name + ".yaml",
		CreateAction:   "Create" + title + "ChangeSet",
		ExecAction:     "Execute" + title + "ChangeSet",
		OutputArtifact: title + "DeploymentValues",
		Approval:       approval,
		ApprovalAction: "Approve" + title,
	}
	if s.Name == DefaultStage {
		d.ChangeSet = "${ApplicationName}ChangeSet"
		d.TemplateFile = "transformed.yaml"
		d.ExecAction = "ExecuteChangeSet"
		d.OutputArtifact = "AppDeploymentValues"
	}
	d.StackArn = "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/" + d.StackName + "/*"
	// The change set exists before the approval, so the approver sees it.
	d.CreateOrder, d.ExecOrder = 1, 2
	if approval {
		d.ReviewAction = "Review" + title + "ChangeSet"
		d.ReviewNamespace = "Review" + title
		d.ReviewEnv = reviewEnv(d)
		d.ReviewOrder, d.ApprovalOrder, d.ExecOrder = 2, 3, 4
	}
	if integration {
		d.IntegrationOrder = d.ExecOrder + 1
		d.IntegrationEnv = integrationEnv(s.Name, d.OutputArtifact)
	}
	return d
}

// integrationEnv tells the integration-test build which stage it tests and
// which input artifact holds that stage's StackOutputs.json.
func integrationEnv(stage, artifact string) string {
	vars := []map[string]string{
		{"name": "PIPELINE_STAGE", "value": stage, "type": "PLAINTEXT"},
		{"name": "STACK_OUTPUTS_ARTIFACT", "value": artifact, "type": "PLAINTEXT"},
	}
	data, _ := json.Marshal(vars) // plain strings: cannot fail
	return string(data)
}

// exportOutputsCommand writes each stack output as a shell export, quoted,
// so the integration commands can read EndpointURL and the like.
const exportOutputsCommand = `python3 -c 'import json, os, shlex; ` +
	`d = json.load(open(os.path.join(os.environ["CODEBUILD_SRC_DIR_" + os.environ["STACK_OUTPUTS_ARTIFACT"]], "StackOutputs.json"))); ` +
	`print("\n".join("export %s=%s" % (k, shlex.quote(str(v))) for k, v in d.items()))' > /tmp/stack-outputs.sh`

// boundaryCommand sets the permissions boundary $PERMISSIONS_BOUNDARY on
// every AWS::IAM::Role of the chalice-packaged template whose path follows
// it (chalice package sets none), so the deploy role, which may change
// only roles that carry it, can create the app's roles.
const boundaryCommand = `python3 -c 'import json, os, sys; path = sys.argv[1]; t = json.load(open(path)); ` +
	`[r.setdefault("Properties", {}).update(PermissionsBoundary=os.environ["PERMISSIONS_BOUNDARY"]) for r in t.get("Resources", {}).values() if r.get("Type") == "AWS::IAM::Role"]; ` +
	`json.dump(t, open(path, "w"), indent=2)'`

// resetCommand deletes each stage stack of $STACK_NAMES that sits in
// ROLLBACK_COMPLETE (a failed first deploy, rolled back: no resources
// left, and CloudFormation refuses change sets until it is deleted), after
// printing why it failed (the delete takes the stack's events with it),
// and stops the run for a stack whose rollback or delete failed: those
// hold resources and need a person. The delete runs with the current
// deploy role ($DEPLOY_ROLE_ARN): the role a stack remembers may have been
// replaced since. (CloudFormation User Guide, "Stack status
// codes" and "Troubleshooting CloudFormation".)
const resetCommand = `set -eu
for stack in $STACK_NAMES; do
  if ! status=$(aws cloudformation describe-stacks --stack-name "$stack" --query "Stacks[0].StackStatus" --output text 2>&1); then
    case "$status" in
      *"does not exist"*) echo "$stack: not created yet"; continue ;;
    esac
    echo "$status" >&2
    exit 1
  fi
  case "$status" in
    ROLLBACK_COMPLETE)
      echo "$stack: ROLLBACK_COMPLETE after a failed first deploy; why it failed:"
      aws cloudformation describe-stack-events --stack-name "$stack" --output text \
        --query "StackEvents[?ends_with(ResourceStatus, 'FAILED')].[LogicalResourceId, ResourceStatus, ResourceStatusReason]"
      echo "$stack: deleting it so this run can create it again"
      aws cloudformation delete-stack --stack-name "$stack" --role-arn "$DEPLOY_ROLE_ARN"
      aws cloudformation wait stack-delete-complete --stack-name "$stack" ;;
    ROLLBACK_FAILED|DELETE_FAILED|UPDATE_ROLLBACK_FAILED)
      echo "$stack: $status: it holds resources CloudFormation could not remove or restore; read its events, then delete it or run aws cloudformation continue-update-rollback" >&2
      exit 1 ;;
    *) echo "$stack: $status" ;;
  esac
done
`

// Name limits of CodeConnections connections and notification rules.
const (
	maxConnectionName = 32
	maxRuleName       = 64
)

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// partitionless rewrites ARNs to Fn::Sub text with ${AWS::Partition}, so
// arn:aws:iam::aws:policy/X works in the China and GovCloud partitions too.
func partitionless(arns []string) []string {
	out := make([]string, len(arns))
	for i, a := range arns {
		if rest, ok := strings.CutPrefix(a, "arn:"); ok {
			if _, tail, ok := strings.Cut(rest, ":"); ok {
				a = "arn:${AWS::Partition}:" + tail
			}
		}
		out[i] = a
	}
	return out
}
