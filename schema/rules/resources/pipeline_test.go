package resources_test

import (
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
	"strings"
	"testing"
)

// pipelineTmpl wraps stage lines (indented 8 spaces) into a pipeline template;
// the first stage line is line 9.
func pipelineTmpl(stages string) string {
	return casetest.Tmpl(`  P:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: !Sub "arn:${AWS::Partition}:iam::123456789012:role/p"
      ArtifactStore: {Type: S3, Location: b}
      Stages:
` + stages)
}

// Actions in flow style, one a line.
const (
	plSource = "            - {Name: Src, ActionTypeId: {Category: Source, Owner: AWS, Provider: CodeCommit, Version: '1'}, OutputArtifacts: [{Name: Code}], Configuration: {RepositoryName: r, BranchName: main}}\n"
	plBuild  = "            - {Name: Build, ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: '1'}, InputArtifacts: [{Name: Code}], OutputArtifacts: [{Name: Built}], Configuration: {ProjectName: p}}\n"
	plDeploy = "            - {Name: Deploy, ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: '1'}, InputArtifacts: [{Name: Built}], Configuration: {ActionMode: CREATE_UPDATE, StackName: s}}\n"
)

// plParams declares what the intrinsics of "intrinsics are skipped" name.
const plParams = `Parameters:
  Cat: {Type: String}
  Own: {Type: String}
  In: {Type: String}
  Run: {Type: Number}
  Prov: {Type: String}
Conditions:
  C: !Equals [!Ref Own, AWS]
`

// plCondition declares one condition that needs no parameter.
func plCondition(name string) string {
	return "Conditions:\n  " + name + ": !Equals [!Ref AWS::Region, us-east-1]\n"
}

func stage(name string, actions ...string) string {
	return "        - Name: " + name + "\n          Actions:\n" + strings.Join(actions, "")
}

func TestPipelineRules(t *testing.T) {
	tests := []casetest.Case{
		{"valid three-stage pipeline", pipelineTmpl(stage("Source", plSource) + stage("Build", plBuild) + stage("Deploy", plDeploy)), nil},
		{"one stage", pipelineTmpl(stage("Source", plSource)), []string{
			"t.yaml:8:7: error E9540 Resources/P/Properties/Stages: a pipeline needs at least two stages (a Source stage, then one that builds, tests or deploys); this one has 1",
		}},
		{"duplicate stage name", pipelineTmpl(stage("Source", plSource) + stage("Build", plBuild) + stage("Build", plDeploy)), []string{
			"t.yaml:15:17: error E9540 Resources/P/Properties/Stages/2/Name: stage name Build is already used by Stages/1: stage names must be unique in a pipeline",
		}},
		{"duplicate action name", pipelineTmpl(stage("Source", plSource) + stage("Build", plBuild, strings.Replace(plDeploy, "{Name: Deploy,", "{Name: Build, RunOrder: 2,", 1))), []string{
			"t.yaml:15:22: error E9541 Resources/P/Properties/Stages/1/Actions/1/Name: action name Build is already used in this stage by Stages/1/Actions/0: action names must be unique within a stage",
		}},
		{"build action in the source stage", pipelineTmpl(stage("Source", plSource, strings.Replace(plBuild, "{Name: Build,", "{Name: Build, RunOrder: 2,", 1)) + stage("Deploy", plDeploy)), []string{
			"t.yaml:12:67: error E3700 Resources/P/Properties/Stages/0/Actions/1/ActionTypeId/Category: Build action Source/Build cannot be in the first stage, which holds only Source actions: move it to a later stage",
		}},
		{"no source action in the first stage", pipelineTmpl(stage("Approve", "            - {Name: Ok, ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: '1'}}\n") + stage("Deploy", "            - {Name: Deploy, ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: '1'}, Configuration: {ActionMode: DELETE_ONLY, StackName: s}}\n")), []string{
			"t.yaml:9:17: error E3700 Resources/P/Properties/Stages/0: the first stage must hold the pipeline's Source actions, and only them; it has only Approval actions",
		}},
		{"source action in a later stage", pipelineTmpl(stage("Source", plSource) + stage("Build", plBuild, strings.Replace(strings.Replace(plSource, "Name: Src", "Name: Src2", 1), "Name: Code}", "Name: Code2}", 1))), []string{
			"t.yaml:15:53: error E3700 Resources/P/Properties/Stages/1/Actions/1/ActionTypeId/Category: Source action Build/Src2 must be in the first stage: only the first stage may hold Source actions",
		}},
		{"input artifact from nowhere", pipelineTmpl(stage("Source", plSource) + stage("Build", strings.Replace(plBuild, "[{Name: Code}]", "[{Name: Cod}]", 1))), []string{
			"t.yaml:14:133: error E3701 Resources/P/Properties/Stages/1/Actions/0/InputArtifacts/0/Name: input artifact Cod is not the output artifact of any action (did you mean Code?): an input must be produced by an earlier action",
		}},
		{"input artifact from a later stage", pipelineTmpl(stage("Source", plSource) + stage("Deploy", plDeploy) + stage("Build", plBuild)), []string{
			"t.yaml:14:140: error E3701 Resources/P/Properties/Stages/1/Actions/0/InputArtifacts/0/Name: input artifact Built is produced by Build/Build, in a later stage: an input must be produced by an earlier action",
		}},
		{"input artifact from a parallel action", pipelineTmpl(stage("Source", plSource) + stage("Release", plBuild, plDeploy)), []string{
			"t.yaml:15:140: error E3701 Resources/P/Properties/Stages/1/Actions/1/InputArtifacts/0/Name: input artifact Built is produced by Release/Build at RunOrder 1, which does not run before this action (RunOrder 1): give the producer a lower RunOrder or move it to an earlier stage",
		}},
		{"input artifact from a lower RunOrder", pipelineTmpl(stage("Source", plSource) + stage("Release", plBuild, strings.Replace(plDeploy, "{Name: Deploy,", "{Name: Deploy, RunOrder: 2,", 1))), nil},
		{"input artifact of its own action", pipelineTmpl(stage("Source", plSource) + stage("Build", strings.Replace(plBuild, "[{Name: Code}]", "[{Name: Built}]", 1))), []string{
			"t.yaml:14:133: error E3701 Resources/P/Properties/Stages/1/Actions/0/InputArtifacts/0/Name: input artifact Built is this action's own output: an input must be produced by an earlier action",
		}},
		{"duplicate output artifact", pipelineTmpl(stage("Source", plSource) + stage("Build", strings.Replace(plBuild, "[{Name: Built}]", "[{Name: Code}]", 1))), []string{
			"t.yaml:14:166: error E3701 Resources/P/Properties/Stages/1/Actions/0/OutputArtifacts/0/Name: output artifact Code is already produced by Source/Src (Stages/0/Actions/0): output artifact names must be unique in a pipeline",
		}},
		{"bad owner", pipelineTmpl(stage("Source", strings.Replace(plSource, "Owner: AWS", "Owner: aws", 1)) + stage("Build", plBuild)), []string{
			`t.yaml:11:67: error E9541 Resources/P/Properties/Stages/0/Actions/0/ActionTypeId/Owner: Owner "aws" is not one of AWS, ThirdParty, Custom (did you mean AWS?)`,
		}},
		{"provider of another category", pipelineTmpl(stage("Source", plSource) + stage("Build", strings.Replace(plBuild, "Provider: CodeBuild", "Provider: CloudFormation", 1))), []string{
			"t.yaml:14:83: error E9541 Resources/P/Properties/Stages/1/Actions/0/ActionTypeId/Provider: CloudFormation is not an AWS Build provider (CloudFormation is a Deploy provider); AWS Build providers are CodeBuild, ECRBuildAndPublish",
		}},
		{"misspelled provider", pipelineTmpl(stage("Source", plSource) + stage("Build", strings.Replace(plBuild, "Provider: CodeBuild", "Provider: CodeBuld", 1))), []string{
			"t.yaml:14:83: error E9541 Resources/P/Properties/Stages/1/Actions/0/ActionTypeId/Provider: CodeBuld is not an AWS Build provider (did you mean CodeBuild?); AWS Build providers are CodeBuild, ECRBuildAndPublish",
		}},
		{"third-party source other than GitHub", pipelineTmpl(stage("Source", strings.Replace(plSource, "Owner: AWS, Provider: CodeCommit", "Owner: ThirdParty, Provider: Bitbucket", 1)) + stage("Build", plBuild)), []string{
			"t.yaml:11:89: error E9541 Resources/P/Properties/Stages/0/Actions/0/ActionTypeId/Provider: Bitbucket is not a ThirdParty Source provider: the only one is GitHub (version 1); Bitbucket, GitHub and GitLab connections use Owner AWS with Provider CodeStarSourceConnection",
		}},
		{"custom and third-party actions", pipelineTmpl(stage("Source", strings.Replace(plSource, "Owner: AWS, Provider: CodeCommit", "Owner: ThirdParty, Provider: GitHub", 1)) + stage("Build", strings.Replace(plBuild, "Owner: AWS, Provider: CodeBuild", "Owner: Custom, Provider: Jenkins", 1)) + stage("Scan", "            - {Name: Snyk, ActionTypeId: {Category: Invoke, Owner: ThirdParty, Provider: Snyk, Version: '1'}, InputArtifacts: [{Name: Built}], OutputArtifacts: [{Name: Report}]}\n")), nil},
		{"intrinsics are skipped", plParams + pipelineTmpl(stage("Source", plSource)+"        - !If [C, {Name: Extra, Actions: [{Name: X, ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: '1'}, OutputArtifacts: [{Name: Extra}]}]}, !Ref AWS::NoValue]\n"+stage("Build",
			"            - {Name: A, ActionTypeId: {Category: !Ref Cat, Owner: AWS, Provider: Whatever, Version: '1'}, InputArtifacts: [{Name: Extra}]}\n",
			"            - {Name: B, ActionTypeId: {Category: Build, Owner: !Ref Own, Provider: Nope, Version: '1'}, InputArtifacts: [{Name: !Ref In}]}\n",
			"            - {Name: C, RunOrder: !Ref Run, ActionTypeId: {Category: Build, Owner: AWS, Provider: !Ref Prov, Version: '1'}, InputArtifacts: [{Name: Code}]}\n",
		)), nil},
		{"an intrinsic stage may be the second", plCondition("C") + pipelineTmpl(stage("Source", plSource)+"        - !If [C, {Name: Build, Actions: [{Name: X, ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: '1'}, InputArtifacts: [{Name: Code}]}]}, !Ref AWS::NoValue]\n"), nil},
		{"both artifact stores", strings.Replace(pipelineTmpl(stage("Source", plSource)+stage("Build", plBuild)), "      Stages:\n", "      ArtifactStores: [{Region: eu-west-1, ArtifactStore: {Type: S3, Location: c}}]\n      Stages:\n", 1), []string{
			"t.yaml:8:7: error E9626 Resources/P/Properties/ArtifactStores: set ArtifactStore (a pipeline in one Region) or ArtifactStores (one store per Region of its actions), not both",
		}},
		{"no artifact store", strings.Replace(pipelineTmpl(stage("Source", plSource)+stage("Build", plBuild)), "      ArtifactStore: {Type: S3, Location: b}\n", "", 1), []string{
			"t.yaml:5:5: error E9626 Resources/P/Properties: missing ArtifactStore: a pipeline needs ArtifactStore (an S3 bucket in its Region) or ArtifactStores (one per Region of its actions)",
		}},
		{"artifact store chosen by condition", plCondition("Multi") + strings.Replace(pipelineTmpl(stage("Source", plSource)+stage("Build", plBuild)), "      Stages:\n", "      ArtifactStores: !If [Multi, [{Region: eu-west-1, ArtifactStore: {Type: S3, Location: c}}], !Ref AWS::NoValue]\n      Stages:\n", 1), nil},
	}
	rulecase.Run(t, tests)
}
