// Package stackcalls lists the calls CloudFormation makes with a stack's
// role to create, read, update and delete the stack's resources, as IAM
// requests with concrete ARNs and condition context: the actions are what
// each type's registry schema lists under handlers (less the ones a
// property the resource does not set would trigger:
// deployrole.Conditionals), the resource of each action is the one the
// Service Authorization Reference says it takes, and the names are the
// ones stacksim gives the stack's resources.
//
// It is the other side of deployrole: deployrole writes patterns, this
// package writes the concrete requests a real stack would make, and tests
// ask the iam evaluator whether the rendered role allows each of them.
package stackcalls

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pipegen/pipegen/render/deployrole"
	"github.com/pipegen/pipegen/render/iam"
	"github.com/pipegen/pipegen/render/iam/sar"
	"github.com/pipegen/pipegen/render/stacksim"
)

// Call is one request CloudFormation makes for one resource.
type Call struct {
	LogicalID string
	Type      string
	Operation string // create, read, update or delete
	Request   iam.Request
}

func (c Call) String() string {
	return fmt.Sprintf("%s %s (%s): %v", c.Operation, c.LogicalID, c.Type, c.Request)
}

// Calls returns every call the stack's resources need, sorted. A resource
// of a type outside deployrole.AppTypes, or an action whose resource this
// package cannot tell, is an error: the test must not pass by skipping.
func Calls(s *stacksim.Stack, handlers deployrole.HandlerSource) ([]Call, error) {
	var out []Call
	for _, r := range s.SortedResources() {
		calls, err := resourceCalls(s, r, handlers)
		if err != nil {
			return nil, fmt.Errorf("%s (%s): %w", r.LogicalID, r.Type, err)
		}
		out = append(out, calls...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, nil
}

func resourceCalls(s *stacksim.Stack, r *stacksim.Resource, handlers deployrole.HandlerSource) ([]Call, error) {
	if !slices.ContainsFunc(deployrole.TypesFor(true), func(t deployrole.AppType) bool { return t.Type == r.Type }) {
		return nil, fmt.Errorf("not a type a Chalice app makes (deployrole.AppTypes, TrafficTypes)")
	}
	perms, err := deployrole.HandlersOf(handlers, r.Type)
	if err != nil {
		return nil, err
	}
	res := resource{s: s, r: r}
	var out []Call
	for _, op := range deployrole.HandlerOperations {
		for _, action := range perms[op] {
			if c, ok := deployrole.ConditionalFor(r.Type, action); ok && !c.When(r.Properties) {
				continue
			}
			reqs, err := res.requests(action)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", op, action, err)
			}
			for _, req := range reqs {
				out = append(out, Call{LogicalID: r.LogicalID, Type: r.Type, Operation: op, Request: req})
			}
		}
	}
	for _, e := range documentedNeeds {
		if e.Type == r.Type && e.When(r.Properties) {
			for _, op := range e.Operations {
				out = append(out, Call{LogicalID: r.LogicalID, Type: r.Type, Operation: op, Request: iam.Request{Action: e.Action, Resource: "*"}})
			}
		}
	}
	return out, nil
}

// documentedNeeds are calls a service makes with the caller's permissions
// that the type's registry handlers do not list.
var documentedNeeds = []struct {
	Type, Action string
	Operations   []string
	When         func(map[string]any) bool
}{
	// API Gateway Developer Guide, "Set up an edge-optimized custom domain
	// name in API Gateway": creating one or updating its certificate needs
	// cloudfront:UpdateDistribution on "*".
	{"AWS::ApiGateway::DomainName", "cloudfront:UpdateDistribution", []string{"create", "update"}, deployrole.EdgeDomain},
}

// resource answers, for one resource, which ARN each action is evaluated
// against and with which context.
type resource struct {
	s *stacksim.Stack
	r *stacksim.Resource
}

func (res resource) requests(action string) ([]iam.Request, error) {
	a, ok := sar.Lookup(action)
	if !ok {
		return nil, fmt.Errorf("not in the Service Authorization Reference")
	}
	name := a.Service + ":" + a.Name
	if a.Service == "apigateway" {
		return res.apiGatewayRequests(name)
	}
	if cross, ok := crossReferences[strings.ToLower(name)]; ok {
		return cross(res, name)
	}
	ctx, err := res.context(name)
	if err != nil {
		return nil, err
	}
	ctx = supported(a, ctx)
	if len(a.Resources) == 0 {
		return []iam.Request{{Action: name, Resource: "*", Context: ctx}}, nil
	}
	own, err := res.ownARNs()
	if err != nil {
		return nil, err
	}
	var out []iam.Request
	for _, arn := range own {
		if takes(a, arn) {
			out = append(out, iam.Request{Action: name, Resource: arn, Context: ctx})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("takes %v, none of which is this resource (%v)", typeNames(a), own)
	}
	return out, nil
}

// supported keeps the context keys the action supports: a request carries
// no others, so a policy must not be proven against them.
func supported(a sar.Action, ctx map[string][]string) map[string][]string {
	keys := slices.Clone(a.ConditionKeys)
	for _, r := range a.Resources {
		keys = append(keys, r.ConditionKeys...)
	}
	out := map[string][]string{}
	for k, v := range ctx {
		if slices.ContainsFunc(keys, func(x string) bool { return strings.EqualFold(x, k) }) {
			out[k] = v
		}
	}
	return out
}

func typeNames(a sar.Action) []string {
	var out []string
	for _, r := range a.Resources {
		out = append(out, r.Type)
	}
	return out
}

// str resolves one of the resource's properties to a string.
func (res resource) str(property string) (string, error) {
	v, ok := res.r.Properties[property]
	if !ok {
		return "", fmt.Errorf("no %s property", property)
	}
	s, err := res.s.ResolveString(v)
	if err != nil {
		return "", fmt.Errorf("%s: %w", property, err)
	}
	return s, nil
}

// functionARN turns a FunctionName property (a name, an ARN or a Ref) into
// the function's unqualified ARN, as Lambda does for condition keys.
func (res resource) functionARN(property string) (string, error) {
	v, err := res.str(property)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(v, "arn:") {
		return v, nil
	}
	e := res.s.Env
	return fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s", e.Partition, e.Region, e.Account, v), nil
}

// ownARNs are the ARNs of the resource itself, in the forms the Service
// Authorization Reference's resource types take.
func (res resource) ownARNs() ([]string, error) {
	r, e := res.r, res.s.Env
	switch r.Type {
	case "AWS::Lambda::Function", "AWS::Events::Rule", "AWS::IAM::Role":
		return []string{r.Attributes["Arn"]}, nil
	case "AWS::Lambda::Permission":
		arn, err := res.functionARN("FunctionName")
		return []string{arn}, err
	case "AWS::Lambda::EventSourceMapping":
		return []string{r.Attributes["EventSourceMappingArn"]}, nil
	case "AWS::Logs::LogGroup":
		return []string{fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s", e.Partition, e.Region, e.Account, r.Ref)}, nil
	case "AWS::SNS::Subscription":
		topic, err := res.str("TopicArn")
		return []string{topic}, err
	case "AWS::Lambda::Version":
		return []string{r.Attributes["FunctionArn"], r.Ref}, nil
	case "AWS::Lambda::Alias":
		fn := strings.TrimSuffix(r.Ref, ":"+lastSegment(r.Ref))
		return []string{fn, r.Ref}, nil
	case "AWS::CodeDeploy::Application":
		return []string{fmt.Sprintf("arn:%s:codedeploy:%s:%s:application:%s", e.Partition, e.Region, e.Account, r.Ref)}, nil
	case "AWS::CodeDeploy::DeploymentGroup":
		app, err := res.str("ApplicationName")
		return []string{fmt.Sprintf("arn:%s:codedeploy:%s:%s:deploymentgroup:%s/%s", e.Partition, e.Region, e.Account, app, r.Ref)}, err
	case "AWS::CloudWatch::Alarm":
		return []string{r.Attributes["Arn"]}, nil
	case "AWS::Lambda::LayerVersion":
		version := r.Ref // arn:...:layer:NAME:VERSION
		i := strings.LastIndex(version, ":")
		if i < 0 {
			return nil, fmt.Errorf("layer version %q is not an ARN", version)
		}
		return []string{version[:i], version}, nil
	}
	return nil, fmt.Errorf("stackcalls does not know the ARN of a %s", r.Type)
}

// context is the request context of an action on this resource: the
// condition keys whose values the resource decides.
func (res resource) context(action string) (map[string][]string, error) {
	ctx := map[string][]string{}
	switch {
	case res.r.Type == "AWS::Lambda::EventSourceMapping":
		fn, err := res.functionARN("FunctionName")
		if err != nil {
			return nil, err
		}
		ctx["lambda:FunctionArn"] = []string{fn}
	case res.r.Type == "AWS::IAM::Role":
		// A role's permissions boundary: in CreateRole's request, on the
		// role for the other calls.
		if _, ok := res.r.Properties["PermissionsBoundary"]; ok {
			boundary, err := res.str("PermissionsBoundary")
			if err != nil {
				return nil, err
			}
			ctx["iam:PermissionsBoundary"] = []string{boundary}
		}
	case action == "sns:Subscribe":
		endpoint, err1 := res.str("Endpoint")
		protocol, err2 := res.str("Protocol")
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		ctx["sns:Endpoint"], ctx["sns:Protocol"] = []string{endpoint}, []string{protocol}
	}
	return ctx, nil
}

func lastSegment(arn string) string { return arn[strings.LastIndex(arn, ":")+1:] }

// takes reports whether the action takes arn as one of its resource types,
// a qualified function ARN as the function where only that is listed.
func takes(a sar.Action, arn string) bool {
	if _, ok := sar.ResourceTypeOf(a, arn); ok {
		return true
	}
	_, ok := sar.ResourceTypeOf(a, unqualified(a, arn))
	return ok
}

// unqualified drops a Lambda function ARN's version or alias for matching
// the action's resource types: Lambda authorizes an action that takes a
// Qualifier on the qualified ARN (Lambda Developer Guide, "Fine-tuning the
// Resources and Conditions sections of policies": unqualified and
// qualified ARNs), while the Service Authorization Reference lists only
// the function's form; the request keeps the qualified ARN.
func unqualified(a sar.Action, arn string) string {
	if a.Service != "lambda" || !strings.Contains(arn, ":function:") {
		return arn
	}
	parts := strings.Split(arn, ":")
	if len(parts) == 8 {
		return strings.Join(parts[:7], ":")
	}
	return arn
}
