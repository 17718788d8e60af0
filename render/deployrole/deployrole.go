// Package deployrole derives the policy of the role CloudFormation uses to
// deploy a Chalice app's stacks from AWS's own data: the actions from what
// the registry schemas' handlers call for every resource type a Chalice
// app can hold (AppTypes, Conditionals), the resources and condition keys
// of each action from the Service Authorization Reference (render/iam/sar),
// and the names from how CloudFormation names what a template leaves
// unnamed (render/cfnnames). The template prints the statements; it
// decides nothing.
package deployrole

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pipegen/pipegen/render/iam/sar"
)

// HandlerSource reads a type's handler permissions by operation (create,
// read, update, delete, list): schema.Vendored().HandlerPermissions.
type HandlerSource func(typeName string) (map[string][]string, bool, error)

// Stage is one deployment stage's application stack.
type Stage struct {
	// NamePattern is Fn::Sub text of the IAM pattern that every name
	// CloudFormation generates in the stack matches (cfnnames.Pattern).
	NamePattern string
	// ChaliceStage is the chalice config stage packaged for the stack;
	// chalice names the managed layer after it.
	ChaliceStage string
	// Traffic: the stage deploys gradually (TrafficTypes); the CodeDeploy
	// and alarm scopes name only such stages.
	Traffic bool
}

// Input is what the role's scopes are made of; every string is Fn::Sub text.
type Input struct {
	Stages      []Stage
	AppName     string // chalice's app_name as Fn::Sub text: ${ApplicationName}
	CodeObjects string // the packaged code's objects: ${ApplicationBucket.Arn}/*
	// AppRoles are ARNs of roles the app uses that its stack does not
	// make: chalice's iam_role_arn (passed to Lambda), and an authorizer's
	// execution_role or invoke_role_arn (passed to API Gateway).
	AppRoles []string
	// PermissionsBoundary is Fn::Sub text of the managed policy every role
	// of the app's stacks carries as permissions boundary, or "": the role
	// may then write only roles that carry it, and may set it.
	PermissionsBoundary string
	// TrafficShiftRole is Fn::Sub text of CodeDeploy's service role for
	// gradual deployment (TrafficTypes), which the role may pass to
	// CodeDeploy, or "".
	TrafficShiftRole string
}

// Statement is one statement of the derived policy.
type Statement struct {
	Sid        string
	Effect     string // Allow, or Deny
	Actions    []string
	Resources  []string // Fn::Sub text
	Conditions []Condition
}

// Condition is one condition key of a statement.
type Condition struct {
	Operator, Key string
	Values        []string // Fn::Sub text
}

// HandlerOperations are the handlers a stack operation runs: create,
// update and delete, and read after each and for rollbacks. (list serves
// resource listing, not stack operations.)
var HandlerOperations = []string{"create", "read", "update", "delete"}

// Actions returns the actions the deploy role grants, each with the types
// whose handlers call it: every handler permission of every type of types
// (TypesFor), but the withheld Conditionals.
func Actions(handlers HandlerSource, types []AppType) ([]Action, error) {
	byName := map[string]*Action{} // lower case -> action
	for _, t := range types {
		perms, err := HandlersOf(handlers, t.Type)
		if err != nil {
			return nil, err
		}
		for _, op := range HandlerOperations {
			for _, a := range perms[op] {
				if c, ok := ConditionalFor(t.Type, a); ok && c.Withheld {
					continue
				}
				key := strings.ToLower(a)
				if byName[key] == nil {
					byName[key] = &Action{Name: canonical(a)}
				}
				if !slices.Contains(byName[key].Types, t.Type) {
					byName[key].Types = append(byName[key].Types, t.Type)
				}
			}
		}
	}
	out := make([]Action, 0, len(byName))
	for _, a := range byName {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// HandlersOf returns a type's handler permissions by operation: its
// registry schema's, or, for a type whose schema lists none (a legacy,
// non-registry type), LegacyHandlers'.
func HandlersOf(handlers HandlerSource, typ string) (map[string][]string, error) {
	perms, ok, err := handlers(typ)
	if err != nil || !ok {
		return nil, fmt.Errorf("the handlers of %s: not vendored (%v)", typ, err)
	}
	if len(perms) > 0 {
		return perms, nil
	}
	if legacy, ok := LegacyHandlers[typ]; ok {
		return legacy, nil
	}
	return nil, fmt.Errorf("%s: its registry schema lists no handlers and deployrole.LegacyHandlers has none for it", typ)
}

// LegacyHandlers are the calls of the types whose registry schema lists no
// handlers. AWS::ApiGatewayV2::Stage: API Gateway V2 API Reference, Stages
// (POST /v2/apis/{apiId}/stages, GET, PATCH and DELETE
// .../stages/{stageName}), authorized as apigateway:<METHOD> on those paths
// (API Gateway Developer Guide, "Control access to the API Gateway
// management API with IAM").
//
// AWS::CodeDeploy::DeploymentGroup: CodeDeploy API Reference,
// CreateDeploymentGroup, GetDeploymentGroup, UpdateDeploymentGroup,
// DeleteDeploymentGroup; its ServiceRoleArn is a role passed to CodeDeploy
// (IAM User Guide, "Grant a user permissions to pass a role to an AWS
// service").
var LegacyHandlers = map[string]map[string][]string{
	"AWS::CodeDeploy::DeploymentGroup": {
		"create": {"codedeploy:CreateDeploymentGroup", "codedeploy:GetDeploymentGroup", "iam:PassRole"},
		"read":   {"codedeploy:GetDeploymentGroup"},
		"update": {"codedeploy:UpdateDeploymentGroup", "codedeploy:GetDeploymentGroup", "iam:PassRole"},
		"delete": {"codedeploy:DeleteDeploymentGroup"},
	},
	"AWS::ApiGatewayV2::Stage": {
		"create": {"apigateway:POST"},
		"read":   {"apigateway:GET"},
		"update": {"apigateway:PATCH", "apigateway:GET"},
		"delete": {"apigateway:DELETE"},
	},
}

// Action is a granted action and the resource types whose handlers call it.
type Action struct {
	Name  string
	Types []string
}

// canonical spells an action as the Service Authorization Reference does
// (the schemas write s3:getObject in one place).
func canonical(action string) string {
	if a, ok := sar.Lookup(action); ok {
		return a.Service + ":" + a.Name
	}
	return action
}

// Statements derives the deploy role's policy for in, granting actions
// (from Actions, which callers compute once: it reads the schemas).
func Statements(in Input, actions []Action) ([]Statement, error) {
	b := builder{in: in, bySid: map[string]*Statement{}}
	if in.PermissionsBoundary != "" {
		// Withheld without a boundary; with one, the condition below lets
		// the role set that boundary only (existing roles get it on the
		// first deploy).
		actions = append(slices.Clone(actions), Action{Name: "iam:PutRolePermissionsBoundary", Types: []string{"AWS::IAM::Role"}})
	}
	for _, a := range actions {
		if err := b.grant(a); err != nil {
			return nil, err
		}
	}
	return append(b.statements(), optional(in)...), nil
}

// optional are the statements of the features a user turns on.
func optional(in Input) []Statement {
	var out []Statement
	if in.TrafficShiftRole != "" {
		// The deployment groups name the pipeline stack's CodeDeploy role
		// (render/traffic.go): the role passes that one role, to CodeDeploy.
		out = append(out, Statement{Sid: "PassTrafficShiftRole", Effect: "Allow", Actions: []string{"iam:PassRole"},
			Resources:  []string{in.TrafficShiftRole},
			Conditions: []Condition{{Operator: "StringEquals", Key: "iam:PassedToService", Values: []string{"codedeploy.amazonaws.com"}}}})
	}
	if len(in.AppRoles) > 0 {
		out = append(out, Statement{Sid: "PassAppRoles", Effect: "Allow", Actions: []string{"iam:PassRole"}, Resources: in.AppRoles,
			Conditions: []Condition{{Operator: "StringEquals", Key: "iam:PassedToService", Values: []string{"apigateway.amazonaws.com", "lambda.amazonaws.com"}}}})
	}
	return out
}

// EdgeDomainStatements are what an edge-optimized custom domain needs
// beyond the handlers: cloudfront:UpdateDistribution on "*" (API Gateway
// Developer Guide, "Set up an edge-optimized custom domain name in API
// Gateway": the distribution belongs to an account of API Gateway's, and
// the guide's policy names no resource). It is the one statement on "*"
// for an action that takes a resource, so it stands apart: the template
// puts it in a policy of its own that says why.
func EdgeDomainStatements() []Statement {
	// No Deny for the account's own distributions: which ARN API Gateway
	// has IAM check is not documented, and a wrong guess would break every
	// edge domain. The README says what the option reaches.
	return []Statement{
		{Sid: "EdgeCustomDomains", Effect: "Allow", Actions: []string{"cloudfront:UpdateDistribution"}, Resources: []string{"*"}},
	}
}

// dedupe drops repeated resources, as prefix patterns of several stages
// can coincide.
func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

type builder struct {
	in    Input
	bySid map[string]*Statement
	order []string
}

// grant places an action in the statement of each scope it needs: the
// scope of each of its resource types that the calling types own (or of
// each it takes, for calls on other resources), or "*" when it takes none.
func (b *builder) grant(granted Action) error {
	action := granted.Name
	a, ok := sar.Lookup(action)
	if !ok {
		return fmt.Errorf("%s is not in the Service Authorization Reference (%s)", action, sar.Source())
	}
	if s, ok := actionScopes[strings.ToLower(action)]; ok {
		b.add(a, s, a.ConditionKeys)
		return nil
	}
	if len(a.Resources) == 0 {
		b.add(a, unscoped, a.ConditionKeys)
		return nil
	}
	placed := false
	for _, r := range relevant(a, granted.Types) {
		s, ok := resourceScopes[a.Service+"/"+r.Type]
		if !ok {
			continue
		}
		b.add(a, s, append(slices.Clone(a.ConditionKeys), r.ConditionKeys...))
		placed = true
	}
	if !placed {
		return fmt.Errorf("%s: none of its resource types has a scope in deployrole (%v)", action, resourceTypeNames(a))
	}
	return nil
}

// relevant narrows an action's resource types to those the calling types
// own, when there are any.
func relevant(a sar.Action, types []string) []sar.Resource {
	var own []sar.Resource
	for _, r := range a.Resources {
		for _, t := range types {
			if slices.Contains(ownResourceTypes[t], a.Service+"/"+r.Type) {
				own = append(own, r)
				break
			}
		}
	}
	if len(own) > 0 {
		return own
	}
	return a.Resources
}

func resourceTypeNames(a sar.Action) []string {
	var out []string
	for _, r := range a.Resources {
		out = append(out, r.Type)
	}
	return out
}

// add puts action into the statement of scope s with the conditions that
// the action's condition keys allow.
func (b *builder) add(a sar.Action, s scope, keys []string) {
	action := a.Service + ":" + a.Name
	conds, suffix := b.conditions(a, keys)
	sid := s.sid + suffix
	st, ok := b.bySid[sid]
	if !ok {
		st = &Statement{Sid: sid, Effect: "Allow", Resources: dedupe(s.resources(b.in)), Conditions: conds}
		b.bySid[sid] = st
		b.order = append(b.order, sid)
	}
	if !slices.Contains(st.Actions, action) {
		st.Actions = append(st.Actions, action)
	}
}

// conditions returns the statement conditions that narrow an action by
// the keys it supports, and the Sid suffix that tells that statement apart.
func (b *builder) conditions(a sar.Action, keys []string) ([]Condition, string) {
	var out []Condition
	suffix := ""
	for _, k := range knownKeys {
		if !slices.ContainsFunc(keys, func(x string) bool { return strings.EqualFold(x, k.key) }) {
			continue
		}
		if k.applies != nil && !k.applies(b.in, a) {
			continue
		}
		out = append(out, Condition{Operator: k.operator, Key: k.key, Values: dedupe(k.values(b.in))})
		if !strings.Contains(suffix, k.sid) {
			suffix += k.sid
		}
	}
	return out, suffix
}

func (b *builder) statements() []Statement {
	out := make([]Statement, 0, len(b.order))
	for _, sid := range b.order {
		st := *b.bySid[sid]
		sort.Strings(st.Actions)
		out = append(out, st)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Sid < out[j].Sid })
	return out
}

// OperatorGroup is the conditions of one operator, as a policy document
// writes them: Condition: {Operator: {Key: Values, ...}}.
type OperatorGroup struct {
	Operator   string
	Conditions []Condition
}

// ByOperator groups the statement's conditions by operator, in order of
// first appearance, for templates to print.
func (s Statement) ByOperator() []OperatorGroup {
	var out []OperatorGroup
	for _, c := range s.Conditions {
		i := slices.IndexFunc(out, func(g OperatorGroup) bool { return g.Operator == c.Operator })
		if i < 0 {
			out = append(out, OperatorGroup{Operator: c.Operator})
			i = len(out) - 1
		}
		out[i].Conditions = append(out[i].Conditions, c)
	}
	return out
}
