package stackcalls

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/pipegen/pipegen/render/iam"
)

// apiGatewayRequests: API Gateway authorizes its management API by HTTP
// method on the resource's path (API Gateway Developer Guide, "Control
// access to the API Gateway management API with IAM"). POST creates in a
// collection; the other methods act on the item, and GET reads the
// collection too.
func (res resource) apiGatewayRequests(action string) ([]iam.Request, error) {
	collection, item, err := res.apiPaths()
	if err != nil {
		return nil, err
	}
	prefix := fmt.Sprintf("arn:%s:apigateway:%s::", res.s.Env.Partition, res.s.Env.Region)
	var paths []string
	switch strings.TrimPrefix(action, "apigateway:") {
	case "POST":
		paths = []string{collection}
	case "GET":
		paths = []string{collection, item}
	case "UpdateRestApiPolicy":
		paths = []string{item}
	default:
		paths = []string{item}
	}
	if _, tagged := res.r.Properties["Tags"]; tagged && (action == "apigateway:PUT" || action == "apigateway:DELETE") {
		// Tags change through TagResource (PUT /tags/{arn}) and
		// UntagResource (DELETE /tags/{arn}), the resource's ARN URL-encoded
		// (API Gateway REST API Reference, TagResource, UntagResource).
		paths = append(paths, "/tags/"+url.PathEscape(prefix+item))
	}
	out := make([]iam.Request, len(paths))
	for i, p := range paths {
		out[i] = iam.Request{Action: action, Resource: prefix + p}
	}
	return out, nil
}

// apiPaths returns the collection a resource is created in and its own path.
func (res resource) apiPaths() (collection, item string, err error) {
	r := res.r
	prop := func(name string) string {
		if err == nil {
			var v string
			v, err = res.str(name)
			return v
		}
		return ""
	}
	switch r.Type {
	case "AWS::ApiGateway::RestApi":
		return "/restapis", "/restapis/" + r.Ref, nil
	case "AWS::ApiGateway::Deployment":
		c := "/restapis/" + prop("RestApiId") + "/deployments"
		return c, c + "/" + r.Ref, err
	case "AWS::ApiGateway::Stage":
		c := "/restapis/" + prop("RestApiId") + "/stages"
		return c, c + "/" + r.Ref, err
	case "AWS::ApiGateway::DomainName", "AWS::ApiGatewayV2::DomainName":
		return "/domainnames", "/domainnames/" + r.Ref, nil
	case "AWS::ApiGateway::BasePathMapping":
		c := "/domainnames/" + prop("DomainName") + "/basepathmappings"
		base := "(none)"
		if _, ok := r.Properties["BasePath"]; ok {
			base = prop("BasePath")
		}
		return c, c + "/" + base, err
	case "AWS::ApiGatewayV2::ApiMapping":
		c := "/domainnames/" + prop("DomainName") + "/apimappings"
		return c, c + "/" + r.Ref, err
	case "AWS::ApiGatewayV2::Api":
		return "/apis", "/apis/" + r.Ref, nil
	}
	children := map[string]string{
		"AWS::ApiGatewayV2::Deployment":  "deployments",
		"AWS::ApiGatewayV2::Stage":       "stages",
		"AWS::ApiGatewayV2::Route":       "routes",
		"AWS::ApiGatewayV2::Integration": "integrations",
	}
	if child, ok := children[r.Type]; ok {
		c := "/apis/" + prop("ApiId") + "/" + child
		return c, c + "/" + r.Ref, err
	}
	return "", "", fmt.Errorf("stackcalls does not know the API Gateway path of a %s", r.Type)
}
