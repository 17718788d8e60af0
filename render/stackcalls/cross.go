package stackcalls

import (
	"fmt"
	"strings"

	"github.com/pipegen/pipegen/render/deployrole"
	"github.com/pipegen/pipegen/render/iam"
)

// crossReferences are actions a handler calls on another resource than the
// one it manages: the role a function runs as, the code it is made from,
// the layers it uses. The request names that resource.
var crossReferences = map[string]func(resource, string) ([]iam.Request, error){
	"iam:passrole":                   passRole,
	"iam:attachrolepolicy":           attachPolicies,
	"codedeploy:createdeployment":    aliasDeployment,
	"codedeploy:getdeployment":       aliasDeployment,
	"codedeploy:getdeploymentgroup":  aliasDeployment,
	"codedeploy:getdeploymentconfig": aliasDeployment,
	"s3:getobject":                   codeObject,
	"s3:getobjectversion":            codeObject,
	"lambda:getlayerversion":         layerVersions,
}

// passRole: a function's role is passed to Lambda (CreateFunction and
// UpdateFunctionConfiguration check iam:PassRole with iam:PassedToService);
// the roles an API definition names for API Gateway to assume
// (authorizerCredentials, credentials) are passed to API Gateway.
func passRole(res resource, action string) ([]iam.Request, error) {
	pass := func(role, service string) iam.Request {
		return iam.Request{Action: action, Resource: role, Context: map[string][]string{"iam:PassedToService": {service}}}
	}
	switch res.r.Type {
	case "AWS::Lambda::Function":
		role, err := res.str("Role")
		if err != nil {
			return nil, err
		}
		return []iam.Request{pass(role, "lambda.amazonaws.com")}, nil
	case "AWS::CodeDeploy::DeploymentGroup":
		role, err := res.str("ServiceRoleArn")
		if err != nil {
			return nil, err
		}
		return []iam.Request{pass(role, "codedeploy.amazonaws.com")}, nil
	case "AWS::ApiGateway::RestApi":
		body, err := res.s.Resolve(res.r.Properties["Body"])
		if err != nil {
			return nil, err
		}
		var out []iam.Request
		for _, role := range deployrole.Credentials(body) {
			out = append(out, pass(role, "apigateway.amazonaws.com"))
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s passes no role stackcalls knows of", res.r.Type)
}

// codeObject: Lambda reads a function's or layer's code from S3 with the
// caller's credentials.
func codeObject(res resource, action string) ([]iam.Request, error) {
	property := "Code"
	if res.r.Type == "AWS::Lambda::LayerVersion" {
		property = "Content"
	}
	loc, err := res.s.Resolve(res.r.Properties[property])
	if err != nil {
		return nil, err
	}
	m, _ := loc.(map[string]any)
	bucket, _ := m["S3Bucket"].(string)
	key, _ := m["S3Key"].(string)
	if bucket == "" || key == "" {
		return nil, fmt.Errorf("%s has no S3Bucket and S3Key: package the template first", property)
	}
	return []iam.Request{{Action: action, Resource: fmt.Sprintf("arn:%s:s3:::%s/%s", res.s.Env.Partition, bucket, key)}}, nil
}

// layerVersions: Lambda checks the caller may read each layer version a
// function uses (Lambda Developer Guide, "Layer permissions").
func layerVersions(res resource, action string) ([]iam.Request, error) {
	list, err := res.s.Resolve(res.r.Properties["Layers"])
	if err != nil {
		return nil, err
	}
	layers, _ := list.([]any)
	var out []iam.Request
	for _, l := range layers {
		arn, ok := l.(string)
		if !ok || !strings.HasPrefix(arn, "arn:") {
			return nil, fmt.Errorf("layer %v is not an ARN", l)
		}
		out = append(out, iam.Request{Action: action, Resource: arn})
	}
	return out, nil
}

// attachPolicies: a role's managed policies, each attached by its own call
// whose request carries the policy (iam:PolicyARN).
func attachPolicies(res resource, action string) ([]iam.Request, error) {
	list, err := res.s.Resolve(res.r.Properties["ManagedPolicyArns"])
	if err != nil {
		return nil, err
	}
	policies, _ := list.([]any)
	var out []iam.Request
	for _, p := range policies {
		arn, ok := p.(string)
		if !ok {
			return nil, fmt.Errorf("managed policy %v is not an ARN", p)
		}
		out = append(out, iam.Request{Action: action, Resource: res.r.Attributes["Arn"], Context: map[string][]string{"iam:PolicyARN": {arn}}})
	}
	return out, nil
}

// aliasDeployment: an alias with CodeDeployLambdaAliasUpdate is updated by
// a CodeDeploy deployment CloudFormation runs with the stack's role (the
// alias's update handler lists the calls): on the deployment group its
// UpdatePolicy names, and on the group's deployment configuration. A
// deployment group reads itself (GetDeploymentGroup).
func aliasDeployment(res resource, action string) ([]iam.Request, error) {
	e := res.s.Env
	codedeploy := func(resource string) string {
		return fmt.Sprintf("arn:%s:codedeploy:%s:%s:%s", e.Partition, e.Region, e.Account, resource)
	}
	if res.r.Type == "AWS::CodeDeploy::DeploymentGroup" {
		own, err := res.ownARNs()
		if err != nil {
			return nil, err
		}
		return []iam.Request{{Action: action, Resource: own[0]}}, nil
	}
	update, _ := res.s.Resolve(res.r.UpdatePolicy["CodeDeployLambdaAliasUpdate"])
	m, _ := update.(map[string]any)
	app, _ := m["ApplicationName"].(string)
	groupName, _ := m["DeploymentGroupName"].(string)
	if app == "" || groupName == "" {
		return nil, fmt.Errorf("the alias has no CodeDeployLambdaAliasUpdate naming an application and a deployment group")
	}
	if strings.EqualFold(action, "codedeploy:GetDeploymentConfig") {
		group := res.s.ResourceWithRef(groupName)
		if group == nil {
			return nil, fmt.Errorf("no deployment group %s in the stack", groupName)
		}
		config, err := res.s.ResolveString(group.Properties["DeploymentConfigName"])
		if err != nil {
			return nil, err
		}
		return []iam.Request{{Action: action, Resource: codedeploy("deploymentconfig:" + config)}}, nil
	}
	return []iam.Request{{Action: action, Resource: codedeploy("deploymentgroup:" + app + "/" + groupName)}}, nil
}
