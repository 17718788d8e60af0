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
	"iam:passrole":           passRole,
	"s3:getobject":           codeObject,
	"s3:getobjectversion":    codeObject,
	"lambda:getlayerversion": layerVersions,
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
