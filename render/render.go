package render

import (
	"io/fs"
	"strings"
)

// Template file names every template folder provides.
const (
	PipelineTemplate  = "pipeline.yaml.tmpl"
	BuildspecTemplate = "buildspec.yaml.tmpl"
)

// Pipeline is the data every template receives: the user's Params plus the
// decisions pipegen made from them. Templates print these; they decide nothing.
type Pipeline struct {
	Params
	Runtime         Runtime                // the runtime chosen by --runtime
	Constraints     map[string]*Constraint // AllowedPattern and lengths, by parameter name
	Deploys         []Deploy               // one per deployment stage, in order
	NamePrefixes    []string               // Fn::Sub prefixes of what the app stacks create (functions, roles, logs)
	Buildspec       string                 // the rendered buildspec text
	InlineBuildspec bool                   // the buildspec goes into the CodeBuild project
}

// Deploy is one deployment stage of the application stack, with the names
// chalice used for its beta stage so existing stacks update in place.
type Deploy struct {
	Stage                 // the user's stage
	Title          string // pipeline stage name, e.g. Beta
	StackName      string // Fn::Sub text of the application stack name
	ChangeSet      string // Fn::Sub text of the change set name
	StackArn       string // Fn::Sub text of the stack's ARN, for IAM
	CreateAction   string // action that creates the change set
	ExecAction     string // action that executes it
	OutputArtifact string // artifact holding the stack outputs
}

// Output is the rendered text of the pipeline template and its buildspec.
type Output struct {
	Template  string
	Buildspec string
}

// Render checks p, then renders the buildspec and the pipeline template from
// the template folder files.
func Render(files fs.FS, p Params) (Output, error) {
	p = p.WithDefaults()
	if err := Check(p); err != nil {
		return Output{}, err
	}
	data := newPipeline(p)
	eng := Engine{Files: files}
	buildspec, err := eng.Render(BuildspecTemplate, data)
	if err != nil {
		return Output{}, err
	}
	data.Buildspec = buildspec
	text, err := eng.Render(PipelineTemplate, data)
	if err != nil {
		return Output{}, err
	}
	return Output{Template: text, Buildspec: buildspec}, nil
}

func newPipeline(p Params) *Pipeline {
	rt, _ := runtimeByName(p.Runtime)
	data := &Pipeline{Params: p, Runtime: rt, Constraints: Constraints, InlineBuildspec: p.BuildspecFile == ""}
	// chalice package names functions and roles after the app
	// (myapp-dev-handler); CloudFormation names the rest after the stack.
	data.NamePrefixes = []string{"${ApplicationName}"}
	for _, s := range p.Stages {
		d := newDeploy(s)
		data.Deploys = append(data.Deploys, d)
		data.NamePrefixes = append(data.NamePrefixes, d.StackName)
	}
	return data
}

// newDeploy names a stage's resources. The beta stage keeps chalice's names
// (BetaStack, ChangeSet, CreateBetaChangeSet, ExecuteChangeSet).
func newDeploy(s Stage) Deploy {
	title := strings.ToUpper(s.Name[:1]) + s.Name[1:]
	d := Deploy{
		Stage:          s,
		Title:          title,
		StackName:      "${ApplicationName}-" + s.Name,
		ChangeSet:      "${ApplicationName}-" + s.Name + "-changeset",
		CreateAction:   "Create" + title + "ChangeSet",
		ExecAction:     "Execute" + title + "ChangeSet",
		OutputArtifact: title + "DeploymentValues",
	}
	if s.Name == DefaultStage {
		d.StackName = "${ApplicationName}BetaStack"
		d.ChangeSet = "${ApplicationName}ChangeSet"
		d.ExecAction = "ExecuteChangeSet"
		d.OutputArtifact = "AppDeploymentValues"
	}
	d.StackArn = "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/" + d.StackName + "/*"
	return d
}
