package stackcalls

import (
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/stacksim"
	"github.com/pipegen/pipegen/schema"
)

var handlers = schema.Vendored().HandlerPermissions

func stack(t *testing.T, resources map[string]any) *stacksim.Stack {
	t.Helper()
	s, err := stacksim.New("shopBetaStack", map[string]any{"Resources": resources}, stacksim.DefaultEnvironment, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// find returns the calls of an action in an operation, as strings.
func find(calls []Call, op, action string) []string {
	var out []string
	for _, c := range calls {
		if c.Operation == op && c.Request.Action == action {
			out = append(out, c.Request.String())
		}
	}
	return out
}

func TestCalls(t *testing.T) {
	s := stack(t, map[string]any{
		"Role": map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{"AssumeRolePolicyDocument": map[string]any{}}},
		"Fn": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{
			"Role": map[string]any{"Fn::GetAtt": []any{"Role", "Arn"}},
			"Code": map[string]any{"S3Bucket": "code", "S3Key": "k1"},
		}},
		"Map": map[string]any{"Type": "AWS::Lambda::EventSourceMapping", "Properties": map[string]any{
			"FunctionName": map[string]any{"Ref": "Fn"}, "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:q",
		}},
		"Api": map[string]any{"Type": "AWS::ApiGateway::RestApi", "Properties": map[string]any{"Body": map[string]any{}}},
	})
	calls, err := Calls(s, handlers)
	if err != nil {
		t.Fatal(err)
	}
	fn := s.Resources["Fn"].Attributes["Arn"]
	role := s.Resources["Role"].Attributes["Arn"]
	checks := []struct {
		op, action, want string
	}{
		// the function's role, passed to Lambda
		{"create", "iam:PassRole", "iam:PassRole on " + role + " with map[iam:PassedToService:[lambda.amazonaws.com]]"},
		// its code, read from S3
		{"create", "s3:GetObject", "s3:GetObject on arn:aws:s3:::code/k1"},
		// CreateEventSourceMapping takes no resource: "*" and the function's ARN
		{"create", "lambda:CreateEventSourceMapping", "lambda:CreateEventSourceMapping on * with map[lambda:FunctionArn:[" + fn + "]]"},
		// TagResource supports no lambda:FunctionArn: the request carries none
		{"create", "lambda:TagResource", "lambda:TagResource on " + s.Resources["Map"].Attributes["EventSourceMappingArn"]},
		// API Gateway: POST on the collection, the others on the API
		{"create", "apigateway:POST", "apigateway:POST on arn:aws:apigateway:us-east-1::/restapis"},
		{"delete", "apigateway:DELETE", "apigateway:DELETE on arn:aws:apigateway:us-east-1::/restapis/" + s.Resources["Api"].Ref},
		// the role's delete lists its policies first
		{"delete", "iam:ListRolePolicies", "iam:ListRolePolicies on " + role},
	}
	for _, c := range checks {
		got := find(calls, c.op, c.action)
		found := false
		for _, g := range got {
			found = found || g == c.want
		}
		if !found {
			t.Errorf("%s %s: got %q, want %q", c.op, c.action, got, c.want)
		}
	}
	// A function without VpcConfig makes no EC2 calls; one without KmsKeyArn no KMS calls.
	for _, a := range []string{"ec2:DescribeSubnets", "kms:Decrypt", "lambda:PutFunctionConcurrency"} {
		if got := find(calls, "create", a); len(got) > 0 {
			t.Errorf("%s without the property that triggers it: %q", a, got)
		}
	}
}

func TestCallsErrors(t *testing.T) {
	cases := map[string]map[string]any{
		"not a type a Chalice app makes": {"B": map[string]any{"Type": "AWS::S3::Bucket"}},
		"package the template first": {"Fn": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{
			"Role": "arn:aws:iam::123456789012:role/r", "Code": map[string]any{"ZipFile": "x"}}}},
	}
	for want, resources := range cases {
		if _, err := Calls(stack(t, resources), handlers); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: error %v, want %q", resources, err, want)
		}
	}
}
