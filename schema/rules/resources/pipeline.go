package resources

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// CodePipeline rules: what the CodePipeline API refuses in a pipeline's
// structure but the resource schema cannot say. The requirements are AWS's
// "Pipeline and stage structure requirements" and "Action structure
// requirements":
// https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html#pipeline-requirements
//
// Ids are cfn-lint's where cfn-lint 1.x has the same check, and pipegen's
// own, in a range cfn-lint does not use, where it has none (the old ids,
// from cfn-lint 0.x or taken by mistake, still work in --ignore):
//   - E9540 (was E2540, cfn-lint 0.x CodepipelineStages): at least two stages,
//     unique stage names;
//   - E9541 (was E2541, cfn-lint 0.x CodepipelineStageActions): unique action
//     names within a stage, a valid Owner, and a Provider AWS offers in the
//     action's Category;
//   - E9626 (was E3626): exactly one of ArtifactStore and ArtifactStores;
//   - E3700 (cfn-lint PipelineFirstStageHasSource): Source actions in the first
//     stage only, and the first stage only Source actions;
//   - E3701 (cfn-lint PipelineArtifactNames): every input artifact is the output
//     of an earlier action, and output artifact names are unique.
//
// A value written as an intrinsic function (Ref, Fn::If, ...) is unknown until
// deploy time: a check that would need it is skipped, never guessed.

// pipelineProviders lists, by Category, the providers AWS owns (Owner: AWS).
// Source: "Valid action providers in CodePipeline",
// https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-valid-providers.html,
// and the action structure reference of each provider,
// https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference.html.
var pipelineProviders = map[string][]string{
	"Source":   {"CodeCommit", "CodeStarSourceConnection", "ECR", "S3"},
	"Build":    {"CodeBuild", "ECRBuildAndPublish"},
	"Test":     {"CodeBuild", "DeviceFarm"},
	"Deploy":   {"AppConfig", "CloudFormation", "CloudFormationStackInstances", "CloudFormationStackSet", "CodeDeploy", "CodeDeployToECS", "EC2", "ECS", "EKS", "ElasticBeanstalk", "Lambda", "OpsWorks", "S3", "ServiceCatalog"},
	"Approval": {"Manual"},
	"Invoke":   {"CodePipeline", "InspectorScan", "Lambda", "StepFunctions"},
	"Compute":  {"Commands"},
}

// pipelineThirdPartySources: the only source action a third party owns is
// GitHub version 1 (OAuth app); Bitbucket, GitHub apps and GitLab go through
// Owner AWS, Provider CodeStarSourceConnection. Third-party actions of the
// other categories (Snyk, AlexaSkillsKit, ...) are not checked.
var pipelineThirdPartySources = []string{"GitHub"}

var pipelineOwners = []string{"AWS", "ThirdParty", "Custom"}

// pipelineString returns v when it is a plain string.
func pipelineString(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

// pipelineAction is one action of a pipeline, as far as the template fixes it.
type pipelineAction struct {
	path      string
	stage     int
	stageName string
	name      string
	category  string // "" when not a plain string
	runOrder  int64
	runKnown  bool
	inputs    []pipelineArtifact
	outputs   []pipelineArtifact
}

type pipelineArtifact struct {
	name string
	path string // path of the Name value
}

// pipelineRel shortens a path to the part below the resource's Properties,
// for messages that name another place of the same pipeline.
func pipelineRel(path string) string {
	if i := strings.Index(path, "/Properties/"); i >= 0 {
		return path[i+len("/Properties/"):]
	}
	return path
}

func (a *pipelineAction) label() string {
	stage, name := a.stageName, a.name
	if stage == "" {
		stage = "?"
	}
	if name == "" {
		name = "?"
	}
	return stage + "/" + name
}

// pipeline runs the CodePipeline rules over one AWS::CodePipeline::Pipeline.
func pipeline(m *rules.Model, res rules.ResourceEntry, r *rules.Report) {
	if res.Type != "AWS::CodePipeline::Pipeline" || m.Types[res.ID] == nil {
		return
	}
	path := template.Path(res.Path, "Properties")
	p, ok := properties(res).(map[string]any)
	if !ok {
		return
	}
	pipelineArtifactStore(m, r, path, p)
	stagesPath := template.Path(path, "Stages")
	stages, ok := p["Stages"].([]any)
	if !ok {
		return
	}
	actions, complete := pipelineStages(m, r, stagesPath, stages)
	pipelineSources(m, r, stagesPath, stages, actions)
	pipelineArtifactFlow(m, r, actions, complete)
}

// pipelineArtifactStore: exactly one of ArtifactStore and ArtifactStores (E9626).
func pipelineArtifactStore(m *rules.Model, r *rules.Report, path string, p map[string]any) {
	store, hasStore := p["ArtifactStore"]
	stores, hasStores := p["ArtifactStores"]
	switch {
	case hasStore && hasStores:
		if template.IsIntrinsic(store) || template.IsIntrinsic(stores) {
			return // one of them may well be AWS::NoValue
		}
		r.Key(rules.PipelineStore, template.Path(path, "ArtifactStores"), "set ArtifactStore (a pipeline in one Region) or ArtifactStores (one store per Region of its actions), not both")
	case !hasStore && !hasStores:
		r.Add(rules.PipelineStore, m.Doc.ObjectPos(path), path, "missing ArtifactStore: a pipeline needs ArtifactStore (an S3 bucket in its Region) or ArtifactStores (one per Region of its actions)")
	}
}

// pipelineStages checks the stage count, stage names and action names, and
// collects the actions. complete is false when an intrinsic hides a stage, an
// action or an output artifact, so the set of outputs is not fully known.
func pipelineStages(m *rules.Model, r *rules.Report, stagesPath string, stages []any) (actions []*pipelineAction, complete bool) {
	complete = true
	for _, s := range stages {
		if template.IsIntrinsic(s) {
			complete = false
		}
	}
	if complete && len(stages) < 2 {
		r.Add(rules.PipelineStages, m.Doc.ObjectPos(stagesPath), stagesPath, "a pipeline needs at least two stages (a Source stage, then one that builds, tests or deploys); this one has %d", len(stages))
	}
	stageNames := map[string]string{} // name -> path of its first use
	for i, s := range stages {
		stagePath := template.Path(stagesPath, strconv.Itoa(i))
		stage, ok := s.(map[string]any)
		if !ok {
			continue
		}
		stageName, named := pipelineString(stage["Name"])
		if named {
			if first, dup := stageNames[stageName]; dup {
				r.At(rules.PipelineStages, template.Path(stagePath, "Name"), "stage name %s is already used by %s: stage names must be unique in a pipeline", stageName, pipelineRel(first))
			} else {
				stageNames[stageName] = stagePath
			}
		}
		list, ok := stage["Actions"].([]any)
		if !ok {
			complete = false
			continue
		}
		actionNames := map[string]string{}
		for j, a := range list {
			actionPath := template.Path(stagePath, "Actions", strconv.Itoa(j))
			action, ok := a.(map[string]any)
			if !ok {
				complete = false
				continue
			}
			pa := &pipelineAction{path: actionPath, stage: i, stageName: stageName, runOrder: 1, runKnown: true}
			if name, ok := pipelineString(action["Name"]); ok {
				pa.name = name
				if first, dup := actionNames[name]; dup {
					r.At(rules.PipelineActions, template.Path(actionPath, "Name"), "action name %s is already used in this stage by %s: action names must be unique within a stage", name, pipelineRel(first))
				} else {
					actionNames[name] = actionPath
				}
			}
			if ro, has := action["RunOrder"]; has {
				pa.runOrder, pa.runKnown = pipelineRunOrder(ro)
			}
			pipelineActionType(m, r, actionPath, action["ActionTypeId"], pa)
			pa.inputs, _ = readPipelineArtifacts(action["InputArtifacts"], template.Path(actionPath, "InputArtifacts"))
			var outputsKnown bool
			pa.outputs, outputsKnown = readPipelineArtifacts(action["OutputArtifacts"], template.Path(actionPath, "OutputArtifacts"))
			if !outputsKnown {
				complete = false
			}
			actions = append(actions, pa)
		}
	}
	return actions, complete
}

// pipelineRunOrder reads a RunOrder: a number, or a string CloudFormation converts.
func pipelineRunOrder(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case float64:
		if n == float64(int64(n)) {
			return int64(n), true
		}
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64); err == nil {
			return i, true
		}
	}
	return 0, false
}

// readPipelineArtifacts reads an InputArtifacts or OutputArtifacts list; known
// is false when part of it is an intrinsic (so a name may be missing).
func readPipelineArtifacts(v any, path string) (out []pipelineArtifact, known bool) {
	if v == nil {
		return nil, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, !template.IsIntrinsic(v)
	}
	known = true
	for k, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			known = known && !template.IsIntrinsic(item)
			continue
		}
		name, ok := pipelineString(m["Name"])
		if !ok {
			known = known && !template.IsIntrinsic(m["Name"])
			continue
		}
		out = append(out, pipelineArtifact{name: name, path: template.Path(path, strconv.Itoa(k), "Name")})
	}
	return out, known
}

// pipelineActionType checks Owner, and Provider against Category (E9541).
func pipelineActionType(m *rules.Model, r *rules.Report, actionPath string, v any, pa *pipelineAction) {
	t, ok := v.(map[string]any)
	if !ok {
		return
	}
	typePath := template.Path(actionPath, "ActionTypeId")
	category, hasCategory := pipelineString(t["Category"])
	if hasCategory {
		if _, known := pipelineProviders[category]; known {
			pa.category = category
		}
	}
	owner, ok := pipelineString(t["Owner"])
	if !ok {
		return
	}
	if !slices.Contains(pipelineOwners, owner) {
		r.At(rules.PipelineActions, template.Path(typePath, "Owner"), "Owner %q is not one of %s%s", owner, strings.Join(pipelineOwners, ", "), suggest.DidYouMean(owner, pipelineOwners))
		return
	}
	provider, ok := pipelineString(t["Provider"])
	if !ok || pa.category == "" {
		return
	}
	providerPath := template.Path(typePath, "Provider")
	switch owner {
	case "AWS":
		valid := pipelineProviders[pa.category]
		if slices.Contains(valid, provider) {
			return
		}
		hint := suggest.DidYouMean(provider, valid)
		if elsewhere := pipelineProviderCategories(provider); len(elsewhere) > 0 {
			hint = fmt.Sprintf(" (%s is a %s provider)", provider, strings.Join(elsewhere, " and "))
		}
		r.At(rules.PipelineActions, providerPath, "%s is not an AWS %s provider%s; AWS %s providers are %s", provider, pa.category, hint, pa.category, strings.Join(valid, ", "))
	case "ThirdParty":
		if pa.category == "Source" && !slices.Contains(pipelineThirdPartySources, provider) {
			r.At(rules.PipelineActions, providerPath, "%s is not a ThirdParty Source provider: the only one is GitHub (version 1); Bitbucket, GitHub and GitLab connections use Owner AWS with Provider CodeStarSourceConnection", provider)
		}
	}
}

// pipelineProviderCategories lists the categories in which AWS offers provider.
func pipelineProviderCategories(provider string) []string {
	var out []string
	for category, providers := range pipelineProviders {
		if slices.Contains(providers, provider) {
			out = append(out, category)
		}
	}
	slices.Sort(out)
	return out
}

// pipelineSources: the first stage holds Source actions only, and only the
// first stage holds Source actions (E3700).
func pipelineSources(m *rules.Model, r *rules.Report, stagesPath string, stages []any, actions []*pipelineAction) {
	if len(stages) == 0 || template.IsIntrinsic(stages[0]) {
		return // which stage comes first is not known
	}
	first, ok := stages[0].(map[string]any)
	if !ok {
		return
	}
	firstActions, ok := first["Actions"].([]any)
	if !ok {
		return
	}
	// Is every action of the first stage known, and is none of them a source?
	known, sources := true, 0
	var categories []string
	for _, a := range firstActions {
		m, ok := a.(map[string]any)
		if !ok {
			known = false
			continue
		}
		t, _ := m["ActionTypeId"].(map[string]any)
		category, ok := pipelineString(t["Category"])
		if !ok {
			known = false
			continue
		}
		if category == "Source" {
			sources++
		} else if !slices.Contains(categories, category) {
			categories = append(categories, category)
		}
	}
	firstPath := template.Path(stagesPath, "0")
	if known && sources == 0 {
		what := "no actions"
		if len(categories) > 0 {
			what = "only " + strings.Join(categories, ", ") + " actions"
		}
		r.Add(rules.PipelineSource, pipelineStagePos(m, firstPath), firstPath, "the first stage must hold the pipeline's Source actions, and only them; it has %s", what)
		return
	}
	for _, a := range actions {
		if a.category == "" {
			continue
		}
		categoryPath := template.Path(a.path, "ActionTypeId", "Category")
		switch {
		case a.stage == 0 && a.category != "Source":
			r.At(rules.PipelineSource, categoryPath, "%s action %s cannot be in the first stage, which holds only Source actions: move it to a later stage", a.category, a.label())
		case a.stage > 0 && a.category == "Source" && !pipelineHidden(stages[:a.stage]):
			r.At(rules.PipelineSource, categoryPath, "Source action %s must be in the first stage: only the first stage may hold Source actions", a.label())
		}
	}
}

// pipelineHidden reports whether an intrinsic stands for one of stages.
func pipelineHidden(stages []any) bool {
	for _, s := range stages {
		if template.IsIntrinsic(s) {
			return true
		}
	}
	return false
}

// pipelineStagePos points at a stage's Name, else at the stage.
func pipelineStagePos(m *rules.Model, stagePath string) template.Pos {
	if p, ok := m.Doc.ValueAt(template.Path(stagePath, "Name")); ok {
		return p
	}
	return m.Doc.PosOf(stagePath)
}

// pipelineArtifactFlow: input artifacts come from earlier actions and output
// artifact names are unique (E3701). complete tells whether every output of
// the pipeline is known; when it is not, a missing producer is not reported.
func pipelineArtifactFlow(m *rules.Model, r *rules.Report, actions []*pipelineAction, complete bool) {
	firstOutput := map[string]*pipelineAction{} // name -> the action that produces it
	for _, a := range actions {
		for _, out := range a.outputs {
			if first, dup := firstOutput[out.name]; dup {
				r.At(rules.PipelineArtifacts, out.path, "output artifact %s is already produced by %s (%s): output artifact names must be unique in a pipeline", out.name, first.label(), pipelineRel(first.path))
				continue
			}
			firstOutput[out.name] = a
		}
	}
	names := slices.Sorted(maps.Keys(firstOutput))
	for _, a := range actions {
		for _, in := range a.inputs {
			p := firstOutput[in.name]
			if p == nil {
				if complete {
					r.At(rules.PipelineArtifacts, in.path, "input artifact %s is not the output artifact of any action%s: an input must be produced by an earlier action", in.name, suggest.DidYouMean(in.name, names))
				}
				continue
			}
			switch {
			case p.stage < a.stage:
			case p.stage > a.stage:
				r.At(rules.PipelineArtifacts, in.path, "input artifact %s is produced by %s, in a later stage: an input must be produced by an earlier action", in.name, p.label())
			case p == a:
				r.At(rules.PipelineArtifacts, in.path, "input artifact %s is this action's own output: an input must be produced by an earlier action", in.name)
			case !p.runKnown || !a.runKnown || p.runOrder < a.runOrder:
			default:
				r.At(rules.PipelineArtifacts, in.path, "input artifact %s is produced by %s at RunOrder %d, which does not run before this action (RunOrder %d): give the producer a lower RunOrder or move it to an earlier stage", in.name, p.label(), p.runOrder, a.runOrder)
			}
		}
	}
}
