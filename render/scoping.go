package render

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/render/cfnnames"
	"github.com/pipegen/pipegen/render/deployrole"
	"github.com/pipegen/pipegen/schema"
)

// StackName is the application stack of a stage, as Fn::Sub text:
// ${ApplicationName}BetaStack (chalice's name for its one stage), and the
// same shape for every other stage (${ApplicationName}ProdStack).
//
// The stage's title, capitalised, marks where the app name ends: stage
// names are lower-case letters and digits, so the last capital letter
// before the closing "Stack" is the stage's first, and no two (app, stage)
// pairs share a stack name; app names hold no "Stack" and stage names do
// not start with "stack", so "Stack" appears once, at the end, and no
// stack name starts with another's. With a hyphen there (myapp-prod), the
// app "myapp-prod" and the app "myapp" with stage "prod" would share one,
// and a deploy role scoped to one would reach the other.
func StackName(stage string) string {
	return "${ApplicationName}" + stageTitle(stage) + "Stack"
}

func stageTitle(stage string) string {
	if stage == "" {
		return ""
	}
	return strings.ToUpper(stage[:1]) + stage[1:]
}

// RolePath is the IAM path of the pipeline stack's own roles. The deploy
// role may manage roles whose names start with a stage stack's name, in
// the path "/" where CloudFormation puts the roles of the app's stacks: no
// such pattern reaches a role under /pipegen/, whatever the pipeline stack
// is called.
const RolePath = "/pipegen/"

// scoping is how the deploy role names what CloudFormation generates in
// the stages' stacks.
type scoping struct {
	// Patterns are Fn::Sub text of each stage's name pattern, in stage order.
	Patterns []string
	// Exact: every stack name fits whole in the names CloudFormation
	// generates, so the patterns match this app's names and no other's.
	Exact bool
	// MaxExactAppName is the longest app name that keeps the patterns exact
	// with these stages.
	MaxExactAppName int
}

// newScoping computes the patterns for appName's stages. While every
// stage's stack name fits in cfnnames.StackShare characters, the pattern is
// "<stack name>-*" with ${ApplicationName} left to CloudFormation, so a
// name given at deploy time (within MaxExactAppName) keeps them exact.
// Otherwise CloudFormation keeps only a prefix of the longer stack names,
// and the patterns are those prefixes, computed here from the app name.
func newScoping(appName string, stages []Stage) scoping {
	share := cfnnames.StackShare(cfnnames.MaxLength)
	sc := scoping{Exact: true, MaxExactAppName: share}
	for _, s := range stages {
		suffix := stageTitle(s.Name) + "Stack"
		sc.MaxExactAppName = min(sc.MaxExactAppName, share-len(suffix))
		if _, exact := cfnnames.Pattern(appName+suffix, cfnnames.MaxLength); !exact {
			sc.Exact = false
		}
	}
	for _, s := range stages {
		suffix := stageTitle(s.Name) + "Stack"
		if sc.Exact {
			sc.Patterns = append(sc.Patterns, "${ApplicationName}"+suffix+"-*")
		} else {
			p, _ := cfnnames.Pattern(appName+suffix, cfnnames.MaxLength)
			sc.Patterns = append(sc.Patterns, p)
		}
	}
	return sc
}

// warning says, when the scopes are prefixes, what the deploy role reaches
// besides this app and how to avoid it.
func (sc scoping) warning(appName string) string {
	if sc.Exact {
		return ""
	}
	fix := fmt.Sprintf("an app name of at most %d characters keeps the scopes exact", sc.MaxExactAppName)
	if sc.MaxExactAppName < 1 {
		fix = "shorter stage names keep the scopes exact"
	}
	return fmt.Sprintf("app name %q is %d characters: CloudFormation keeps only the first %d characters of the longer stack names in the names it generates, "+
		"so the deploy role also reaches the functions, roles, rules and log groups of other apps whose stack names start with the same characters (%s); %s",
		appName, len(appName), cfnnames.StackShare(cfnnames.MaxLength), strings.Join(slices.Compact(slices.Clone(sc.Patterns)), ", "), fix)
}

// applicationNameConstraint is the ApplicationName parameter's constraint
// for these scopes. Exact scopes hold for any name up to MaxExactAppName,
// so a name given at deploy time must stay within it; prefix scopes were
// computed from this very name, so the parameter accepts no other.
func (sc scoping) applicationNameConstraint(appName string) *Constraint {
	general := Constraints["ApplicationName"]
	if sc.Exact {
		return constraint(general.Pattern, general.MinLength, min(general.MaxLength, sc.MaxExactAppName),
			general.Rule+fmt.Sprintf("; at most %d characters, so that the deploy role's scopes stay exact", sc.MaxExactAppName))
	}
	return constraint("^"+regexp.QuoteMeta(appName)+"$", len(appName), len(appName),
		"the name pipegen generated this template for: the deploy role's scopes are computed from it; generate the template again for another name")
}

// constraintsFor returns the template parameters' constraints with
// ApplicationName's narrowed to the scopes.
func constraintsFor(sc scoping, appName string) map[string]*Constraint {
	out := make(map[string]*Constraint, len(Constraints))
	for k, v := range Constraints {
		out[k] = v
	}
	out["ApplicationName"] = sc.applicationNameConstraint(appName)
	return out
}

// deployActions are the deploy role's actions, derived once per process
// from the vendored registry schemas' handlers: without and with gradual
// deployment's types.
var deployActions = map[bool]func() ([]deployrole.Action, error){
	false: sync.OnceValues(func() ([]deployrole.Action, error) {
		return deployrole.Actions(schema.Vendored().HandlerPermissions, deployrole.TypesFor(false))
	}),
	true: sync.OnceValues(func() ([]deployrole.Action, error) {
		return deployrole.Actions(schema.Vendored().HandlerPermissions, deployrole.TypesFor(true))
	}),
}

// deployStatements derives the deploy role's policy for p.
func deployStatements(p Params, sc scoping) ([]deployrole.Statement, error) {
	traffic := len(p.Traffic) > 0
	actions, err := deployActions[traffic]()
	if err != nil {
		return nil, err
	}
	in := deployrole.Input{
		AppName:     "${ApplicationName}",
		CodeObjects: "${ApplicationBucket.Arn}/*",
		AppRoles:    partitionless(p.AppRoleArns),
	}
	if p.PermissionsBoundaryArn != "" {
		in.PermissionsBoundary = partitionless([]string{p.PermissionsBoundaryArn})[0]
	}
	if traffic {
		in.TrafficShiftRole = "${TrafficShiftRole.Arn}"
	}
	for i, s := range p.Stages {
		shifted := slices.ContainsFunc(p.Traffic, func(t TrafficShift) bool { return t.Stage == s.Name })
		in.Stages = append(in.Stages, deployrole.Stage{NamePattern: sc.Patterns[i], ChaliceStage: s.ChaliceStage, Traffic: shifted})
	}
	return deployrole.Statements(in, actions)
}

// checkPolicySize refuses a deploy role whose inline policies (DeployAccess,
// and EdgeDomainPolicy with --edge-domain) would exceed IAM's limit once
// CloudFormation resolves them, measured at their longest.
func checkPolicySize(p Params, sc scoping, data *Pipeline) error {
	size, appName := deployPolicySize(p, sc, data)
	if size > maxInlinePolicies {
		return fmt.Errorf("the deploy role's inline policies would come to about %d characters in the longest partition and region (%d stages, app name up to %d characters), over the %d IAM allows a role; deploy fewer stages from one pipeline",
			size, len(p.Stages), len(appName), maxInlinePolicies)
	}
	return nil
}

// deployPolicySize measures the deploy role's inline policies at their
// longest, and returns the app name it measured them with.
func deployPolicySize(p Params, sc scoping, data *Pipeline) (int, string) {
	appName := p.AppName
	if sc.Exact {
		appName = strings.Repeat("a", sc.MaxExactAppName) // the longest name the parameter takes
	}
	deploy := data.DeployStatements
	if data.Encrypt {
		key := p.KMSKeyArn
		if key == "" {
			key = "arn:aws-us-gov:kms:ap-southeast-3:123456789012:key/" + strings.Repeat("k", 36)
		}
		deploy = append(slices.Clone(deploy), deployrole.Statement{Sid: "PipelineKeyDecrypt", Effect: "Allow", Actions: []string{"kms:Decrypt"}, Resources: []string{key}})
	}
	size := policySize(deploy, appName)
	if len(data.EdgeDomainStatements) > 0 {
		size += policySize(data.EdgeDomainStatements, appName)
	}
	return size, appName
}

// maxInlinePolicies is IAM's limit on the inline policies of one role,
// whitespace not counted (IAM User Guide, "IAM and AWS STS quotas": role
// policy size, 10,240 characters).
const maxInlinePolicies = 10240

// policySize is the length of a policy document of the statements as IAM
// counts it (JSON without whitespace), with each Fn::Sub variable at its
// longest: the partition aws-us-gov, a 14-character region, a 12-digit
// account, the app name given, an application bucket of 63 characters.
func policySize(sts []deployrole.Statement, appName string) int {
	longest := strings.NewReplacer(
		"${AWS::Partition}", "aws-us-gov",
		"${AWS::Region}", "ap-southeast-3",
		"${AWS::AccountId}", "123456789012",
		"${ApplicationName}", appName,
		"${ApplicationBucket.Arn}", "arn:aws-us-gov:s3:::"+strings.Repeat("b", 63),
	)
	var doc []map[string]any
	for _, st := range sts {
		m := map[string]any{"Sid": st.Sid, "Effect": st.Effect, "Action": st.Actions}
		var res []string
		for _, r := range st.Resources {
			res = append(res, longest.Replace(r))
		}
		m["Resource"] = res
		cond := map[string]map[string][]string{}
		for _, c := range st.Conditions {
			if cond[c.Operator] == nil {
				cond[c.Operator] = map[string][]string{}
			}
			for _, v := range c.Values {
				cond[c.Operator][c.Key] = append(cond[c.Operator][c.Key], longest.Replace(v))
			}
		}
		if len(cond) > 0 {
			m["Condition"] = cond
		}
		doc = append(doc, m)
	}
	data, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": doc}) // plain values: cannot fail
	return len(data)
}
