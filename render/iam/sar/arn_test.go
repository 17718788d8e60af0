package sar

import (
	"strings"
	"testing"
)

// resource finds a resource type through an action that takes it.
func resource(t *testing.T, action, typ string) Resource {
	t.Helper()
	a, ok := Lookup(action)
	if !ok {
		t.Fatalf("%s: not found", action)
	}
	for _, r := range a.Resources {
		if r.Type == typ {
			return r
		}
	}
	t.Fatalf("%s takes no %s", action, typ)
	return Resource{}
}

func TestResourceMatches(t *testing.T) {
	const acct = "123456789012"
	cases := []struct {
		action, typ, arn string
		want             bool
	}{
		{"lambda:CreateFunction", "function", "arn:aws:lambda:us-east-1:" + acct + ":function:my-fn", true},
		{"lambda:CreateFunction", "function", "arn:aws-cn:lambda:cn-north-1:" + acct + ":function:my-fn", true},
		{"lambda:CreateFunction", "function", "arn:aws:lambda:us-east-1:" + acct + ":function:my-fn:1", false}, // a version
		{"lambda:CreateFunction", "function", "arn:aws:lambda:us-east-1:" + acct + ":function:a/b", false},
		{"lambda:CreateFunction", "function", "arn:aws:lambda:us-east-1:" + acct + ":function:", false},
		{"lambda:CreateFunction", "function", "arn:aws:lambda::" + acct + ":function:f", false},           // no region
		{"lambda:CreateFunction", "function", "arn:aws:lambda:us:east:" + acct + ":function:f", false},    // a field spans ":"
		{"lambda:CreateFunction", "function", "arn:aws:lambda:us-east-1:" + acct + ":Function:f", false},  // case-sensitive
		{"lambda:CreateFunction", "function", "arn:aws:s3:us-east-1:" + acct + ":function:f", false},      // other service
		{"lambda:CreateFunction", "function", "xarn:aws:lambda:us-east-1:" + acct + ":function:f", false}, // prefix
		{"lambda:DeleteEventSourceMapping", "eventSourceMapping", "arn:aws:lambda:us-east-1:" + acct + ":event-source-mapping:14e0db71-5d35-4eb5-b481-8945cf9d10c2", true},
		{"iam:PassRole", "role", "arn:aws:iam::" + acct + ":role/deploy", true},
		{"iam:PassRole", "role", "arn:aws:iam::" + acct + ":role/service-role/deploy", true}, // RoleNameWithPath holds "/"
		{"iam:PassRole", "role", "arn:aws:iam::" + acct + ":role/", false},
		{"iam:PassRole", "role", "arn:aws:iam::" + acct + ":role/a:b", false},
		{"iam:PassRole", "role", "arn:aws:iam:us-east-1:" + acct + ":role/r", false}, // IAM has no region
		{"s3:GetObject", "object", "arn:aws:s3:::bucket/a/b:c.txt", true},            // ObjectName holds anything
		{"s3:GetObject", "object", "arn:aws:s3:::bucket", false},
		{"s3:ListBucket", "bucket", "arn:aws:s3:::bucket", true},
		{"s3:ListBucket", "bucket", "arn:aws:s3:::bucket/key", false},
		{"logs:CreateLogGroup", "log-group", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/lambda/f", true},
		{"logs:CreateLogGroup", "log-group", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/lambda/f:*", false},
		{"logs:PutLogEvents", "log-stream", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/lambda/f:log-stream:2024/01/01/[$LATEST]0a1b", true},
		{"ssm:GetParameter", "parameter", "arn:aws:ssm:us-east-1:" + acct + ":parameter/app/db/url", true},
		{"secretsmanager:GetSecretValue", "Secret", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:prod/db-AbCdEf", true},
		{"kms:Decrypt", "key", "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab", true},
		{"kms:Decrypt", "key", "arn:aws:kms:us-east-1:" + acct + ":key/a/b", false},
		{"sns:Subscribe", "topic", "arn:aws:sns:us-east-1:" + acct + ":alerts", true},
		{"sns:Subscribe", "topic", "arn:aws:sns:us-east-1:" + acct + ":alerts:3b2a", false}, // a subscription
		{"codepipeline:GetPipeline", "pipeline", "arn:aws:codepipeline:us-east-1:" + acct + ":app-pipeline", true},
		{"codepipeline:GetPipeline", "pipeline", "arn:aws:codepipeline:us-east-1:" + acct + ":app-pipeline/Build", false},
		{"execute-api:Invoke", "execute-api-general", "arn:aws:execute-api:us-east-1:" + acct + ":a1b2c3/api/GET/orders/7", true},
		{"execute-api:Invoke", "execute-api-general", "arn:aws:execute-api:us-east-1:" + acct + ":a1b2c3/api", false},
		{"apigateway:GET", "Stage", "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/api", true}, // second template
		{"apigateway:GET", "Stage", "arn:aws:apigateway:us-east-1::/apis/a1b2c3/stages/api", true},     // first template
		{"apigateway:GET", "Stage", "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages", false},
		{"cloudformation:CreateChangeSet", "stack", "arn:aws:cloudformation:us-east-1:" + acct + ":stack/app-beta/5c1d0e30-6b4d-11ef-9b2a-0a1b2c3d4e5f", true},
		{"cloudformation:CreateChangeSet", "stack", "arn:aws:cloudformation:us-east-1:" + acct + ":stack/app-beta", false},
	}
	for _, c := range cases {
		r := resource(t, c.action, c.typ)
		if got := r.Matches(c.arn); got != c.want {
			t.Errorf("%s %s Matches(%q) = %v, want %v", c.action, c.typ, c.arn, got, c.want)
		}
	}
}

func TestResourceTypeOf(t *testing.T) {
	del, _ := Lookup("events:DeleteRule")
	for arn, want := range map[string]string{
		"arn:aws:events:us-east-1:123456789012:rule/nightly":         "rule-on-default-event-bus",
		"arn:aws:events:us-east-1:123456789012:rule/orders/nightly":  "rule-on-custom-event-bus",
		"arn:aws:events:us-east-1:123456789012:rule/aws.partner/x/y": "rule-on-custom-event-bus", // a partner bus name holds "/"
	} {
		if r, ok := ResourceTypeOf(del, arn); !ok || r.Type != want {
			t.Errorf("ResourceTypeOf(DeleteRule, %q) = %q, %v; want %s", arn, r.Type, ok, want)
		}
	}
	if r, ok := ResourceTypeOf(del, "arn:aws:sns:us-east-1:123456789012:rule"); ok {
		t.Errorf("an SNS topic is a %s", r.Type)
	}
	create, _ := Lookup("lambda:CreateEventSourceMapping")
	if _, ok := ResourceTypeOf(create, "arn:aws:lambda:us-east-1:123456789012:function:f"); ok {
		t.Error("an action without resource types matched an ARN")
	}
}

func TestResourceTypesOfAmbiguousShapes(t *testing.T) {
	a, _ := Lookup("lambda:PutProvisionedConcurrencyConfig")
	got := ResourceTypesOf(a, "arn:aws:lambda:us-east-1:123456789012:function:f:live")
	if len(got) != 2 || got[0].Type != "function alias" || got[1].Type != "function version" {
		t.Errorf("ResourceTypesOf = %v, want function alias and function version", typeNames(Action{Resources: got}))
	}
}

func TestParseARNRejects(t *testing.T) {
	for _, tmpl := range []string{
		"",
		"*",
		"arn:",
		"arn:${Partition}",
		"urn:${Partition}:svc:${Region}:${Account}:x/${Id}",
		"arn:${Partition}:svc:${Region}:${Account}",             // five fields
		"arn:${Partition}:svc:${Region}:${Account}:x/${Id",      // unclosed
		"arn:${Partition}:svc:${Region}:${Account}:x/${}",       // no name
		"arn:${Partition}:svc:${Region}:${Account}:x/${A-B}",    // bad name
		"arn:${Partition}:svc:${Region}:${Account}:x/${A}${B}",  // adjacent
		"arn:${Partition}:svc:${Region}:${Account}:x/}",         // stray brace
		"arn:${Partition}:svc:${Region}:${Account}:x/$Id",       // stray dollar
		"arn:${Partition}:svc:${Region}:${Account}:x/${A}, arn", // two templates in one
	} {
		if _, err := parseARN(tmpl); err == nil {
			t.Errorf("parseARN(%q): no error", tmpl)
		}
	}
}

// TestSpanningVariablesExist keeps the tables of variables that may hold "/"
// in step with the data: an entry no template uses is a typo or stale.
func TestSpanningVariablesExist(t *testing.T) {
	used := map[string]bool{}
	for _, svc := range embeddedServices(t) {
		for _, rt := range svc.ResourceTypes {
			for _, arn := range rt.ARNs {
				parts, _ := parseARN(arn)
				service := strings.Split(arn, ":")[2]
				for _, p := range parts {
					used[service+":"+p.name] = true
				}
			}
		}
	}
	for _, table := range []map[string]bool{pathVariables, anyVariables} {
		for v := range table {
			if !used[v] {
				t.Errorf("%s is in no ARN template", v)
			}
		}
	}
}
