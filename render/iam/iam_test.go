package iam

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestGlob(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "anything:at/all", true},
		{"a*c", "abc", true},
		{"a*c", "ac", true},
		{"a*c", "abd", false},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"shop-*", "shop-admin", true},
		{"shopBetaStack-*", "shop-adminBetaStack-Fn-X", false},
		{"*-*-????????????", "a-b-123456789012", true},
		{"*-*-????????????", "a-b-12345678901", false},
		{"a**b", "ab", true},
		{"", "", true},
		{"", "x", false},
	}
	for _, c := range cases {
		if got := glob(c.pattern, c.s); got != c.want {
			t.Errorf("glob(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

func TestMatchAction(t *testing.T) {
	cases := []struct {
		pattern, action string
		want            bool
	}{
		{"lambda:CreateFunction", "lambda:createfunction", true},
		{"Lambda:Create*", "lambda:CreateEventSourceMapping", true},
		{"lambda:*", "iam:PassRole", false},
		{"*", "iam:PassRole", true},
		{"iam:Get*", "iam:GetRole", true},
		{"iam:Get*", "iam:PutRolePolicy", false},
	}
	for _, c := range cases {
		if got := MatchAction(c.pattern, c.action); got != c.want {
			t.Errorf("MatchAction(%q, %q) = %v, want %v", c.pattern, c.action, got, c.want)
		}
	}
}

func TestMatchARN(t *testing.T) {
	fn := "arn:aws:lambda:us-east-1:123456789012:function:shopBetaStack-Api-AbCdEf123456"
	cases := []struct {
		pattern, arn string
		want         bool
	}{
		{"*", fn, true},
		{"*", "*", true},
		{"arn:aws:lambda:us-east-1:123456789012:function:shopBetaStack-*", fn, true},
		{"arn:aws:lambda:us-east-1:123456789012:function:shop-*", fn, false},
		{"arn:aws:lambda:us-east-1:123456789012:function:shopBetaStack-*", "*", false},
		{"arn:aws:lambda:*:*:function:*", fn, true},
		{"arn:aws:lambda:us-west-2:*:function:*", fn, false},
		{"arn:aws-cn:lambda:*:*:function:*", fn, false},
		// a * that ends a segment expands beyond the colons ...
		{"arn:aws:*:123456789012:function:*", fn, true},
		{"arn:aws:lambda:*:function:*", fn, true},
		{"arn:aws:lambda:*", fn, true},
		{"arn:aws:lambda:us-east-1", fn, false},
		// ... one inside a segment does not, nor does ?
		{"arn:aws:lambda:us-*1:123456789012:function:*", fn, true},
		{"arn:aws:lambda:us-*t-1:123456789012:function:*", fn, true},
		{"arn:aws:lambda:us-east-1:123*012:function:*", fn, true},
		{"arn:aws:lambda:u*2:function:shop*", fn, false},
		{"arn:aws:lambda:us-east-1:123456789012:function?shopBetaStack-*", fn, false},
		{"arn:aws:lambda:us-east-1:123456789012:function:shopBetaStack-Api-AbCdEf12345?", fn, true},
		// the resource part matches as one string, colons included
		{"arn:aws:sns:*:*:*", "arn:aws:sns:us-east-1:123456789012:orders-events:7b3c", true},
		{"arn:aws:sns:*:*:orders-*", "arn:aws:sns:us-east-1:123456789012:orders-events:7b3c", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key/with/slashes", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket-other/key", false},
		{"arn:aws:iam::123456789012:role/shopBetaStack-*", "arn:aws:iam::123456789012:role/pipegen/shopBetaStack-x", false},
		{"arn:aws:iam::123456789012:role/shopBetaStack-*", "arn:aws:iam::123456789012:role/shopBetaStack-DefaultRole-X", true},
		// case-sensitive
		{"arn:aws:iam::123456789012:role/Shop*", "arn:aws:iam::123456789012:role/shopBetaStack-X", false},
		{"arn:aws:logs:*:*:log-group:/aws/lambda/shopBetaStack-*", "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/shopBetaStack-Fn-X:*", true},
	}
	for _, c := range cases {
		if got := MatchARN(c.pattern, c.arn); got != c.want {
			t.Errorf("MatchARN(%q, %q) = %v, want %v", c.pattern, c.arn, got, c.want)
		}
	}
}

// policyOf reads a policy written as JSON, failing the test on any error.
func policyOf(t *testing.T, doc string) Policy {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	p, err := ParsePolicy("test", v)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConditions(t *testing.T) {
	type ctx = map[string][]string
	cases := []struct {
		name      string
		condition string
		context   ctx
		want      bool
	}{
		{"StringEquals matches", `{"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}`, ctx{"iam:PassedToService": {"lambda.amazonaws.com"}}, true},
		{"StringEquals other value", `{"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}`, ctx{"iam:PassedToService": {"ec2.amazonaws.com"}}, false},
		{"StringEquals missing key", `{"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}`, nil, false},
		{"keys are case-insensitive", `{"StringEquals": {"IAM:passedtoservice": "lambda.amazonaws.com"}}`, ctx{"iam:PassedToService": {"lambda.amazonaws.com"}}, true},
		{"values are case-sensitive", `{"StringEquals": {"iam:PassedToService": "Lambda.amazonaws.com"}}`, ctx{"iam:PassedToService": {"lambda.amazonaws.com"}}, false},
		{"IgnoreCase", `{"StringEqualsIgnoreCase": {"k": "ABC"}}`, ctx{"k": {"abc"}}, true},
		{"IfExists missing key", `{"StringEqualsIfExists": {"iam:PassedToService": "cloudformation.amazonaws.com"}}`, nil, true},
		{"IfExists present, other value", `{"StringEqualsIfExists": {"iam:PassedToService": "cloudformation.amazonaws.com"}}`, ctx{"iam:PassedToService": {"lambda.amazonaws.com"}}, false},
		{"one of several values", `{"StringEquals": {"k": ["a", "b"]}}`, ctx{"k": {"b"}}, true},
		{"every key must hold", `{"StringEquals": {"a": "1", "b": "2"}}`, ctx{"a": {"1"}, "b": {"3"}}, false},
		{"every operator must hold", `{"StringEquals": {"a": "1"}, "StringLike": {"b": "x*"}}`, ctx{"a": {"1"}, "b": {"xyz"}}, true},
		{"StringNotEquals missing key holds", `{"StringNotEquals": {"k": "a"}}`, nil, true},
		{"StringNotEquals", `{"StringNotEquals": {"k": ["a", "b"]}}`, ctx{"k": {"b"}}, false},
		{"StringLike", `{"StringLike": {"k": "shop-*"}}`, ctx{"k": {"shop-x"}}, true},
		{"ArnLike", `{"ArnLike": {"lambda:FunctionArn": "arn:aws:lambda:*:*:function:shopBetaStack-*"}}`, ctx{"lambda:FunctionArn": {"arn:aws:lambda:us-east-1:1:function:shopBetaStack-Fn-X"}}, true},
		{"ArnLike other app", `{"ArnLike": {"lambda:FunctionArn": "arn:aws:lambda:*:*:function:shopBetaStack-*"}}`, ctx{"lambda:FunctionArn": {"arn:aws:lambda:us-east-1:1:function:shop-adminBetaStack-Fn-X"}}, false},
		{"ArnLike missing key", `{"ArnLike": {"lambda:FunctionArn": "arn:aws:lambda:*:*:function:*"}}`, nil, false},
		{"ArnNotLike missing key", `{"ArnNotLike": {"k": "arn:aws:s3:::b"}}`, nil, true},
		{"Bool", `{"Bool": {"aws:SecureTransport": "false"}}`, ctx{"aws:SecureTransport": {"false"}}, true},
		{"Null true, absent", `{"Null": {"k": "true"}}`, nil, true},
		{"Null true, present", `{"Null": {"k": "true"}}`, ctx{"k": {"v"}}, false},
		{"Null false, present", `{"Null": {"k": "false"}}`, ctx{"k": {"v"}}, true},
		{"ForAnyValue", `{"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}`, ctx{"aws:TagKeys": {"b", "a"}}, true},
		{"ForAnyValue missing", `{"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}`, nil, false},
		{"ForAllValues", `{"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}`, ctx{"aws:TagKeys": {"b", "a"}}, true},
		{"ForAllValues one outside", `{"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}`, ctx{"aws:TagKeys": {"b", "a"}}, false},
		{"ForAllValues missing", `{"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}`, nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := policyOf(t, `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s:A", "Resource": "*", "Condition": `+c.condition+`}}`)
			got := Evaluate([]Policy{p}, Request{Action: "s:A", Resource: "*", Context: c.context}).Decision == Allowed
			if got != c.want {
				t.Errorf("condition %s with context %v: holds = %v, want %v", c.condition, c.context, got, c.want)
			}
		})
	}
}

func TestEvaluateRefusesWhatIAMLeavesOpen(t *testing.T) {
	p := policyOf(t, `{"Statement": {"Effect": "Deny", "Action": "s:A", "Resource": "*", "Condition": {"StringNotEquals": {"aws:TagKeys": "a"}}}}`)
	got := Evaluate([]Policy{p}, Request{Action: "s:A", Resource: "*", Context: map[string][]string{"aws:TagKeys": {"a", "b"}}})
	if got.Err == nil || got.Decision == Allowed {
		t.Errorf("a negated operator on a multi-valued key: %v, %v; want an error", got.Decision, got.Err)
	}
	if Decision(7).String() != "Decision(7)" {
		t.Error("an unknown decision must print, not panic")
	}
}

func TestEvaluate(t *testing.T) {
	p := policyOf(t, `{"Version": "2012-10-17", "Statement": [
		{"Sid": "Functions", "Effect": "Allow", "Action": ["lambda:Get*", "lambda:CreateFunction"], "Resource": "arn:aws:lambda:us-east-1:1:function:app-*"},
		{"Sid": "NoAdmin", "Effect": "Deny", "Action": "lambda:GetPolicy", "Resource": "*"},
		{"Sid": "NotAction", "Effect": "Allow", "NotAction": ["iam:*", "lambda:*"], "Resource": "*"},
		{"Sid": "NotResource", "Effect": "Allow", "Action": "iam:GetRole", "NotResource": "arn:aws:iam::1:role/pipegen/*"}
	]}`)
	cases := []struct {
		req     Request
		want    Decision
		wantSid string
	}{
		{Request{Action: "lambda:GetFunction", Resource: "arn:aws:lambda:us-east-1:1:function:app-x"}, Allowed, "Functions"},
		{Request{Action: "lambda:createfunction", Resource: "arn:aws:lambda:us-east-1:1:function:app-x"}, Allowed, "Functions"},
		{Request{Action: "lambda:DeleteFunction", Resource: "arn:aws:lambda:us-east-1:1:function:app-x"}, ImplicitDeny, ""},
		{Request{Action: "lambda:GetFunction", Resource: "arn:aws:lambda:us-east-1:1:function:other"}, ImplicitDeny, ""},
		{Request{Action: "lambda:GetPolicy", Resource: "arn:aws:lambda:us-east-1:1:function:app-x"}, ExplicitDeny, "NoAdmin"},
		{Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, Allowed, "NotAction"},
		{Request{Action: "iam:PassRole", Resource: "arn:aws:iam::1:role/x"}, ImplicitDeny, ""},
		{Request{Action: "iam:GetRole", Resource: "arn:aws:iam::1:role/x"}, Allowed, "NotResource"},
		{Request{Action: "iam:GetRole", Resource: "arn:aws:iam::1:role/pipegen/deploy"}, ImplicitDeny, ""},
	}
	for _, c := range cases {
		got := Evaluate([]Policy{p}, c.req)
		if got.Decision != c.want || got.Sid != c.wantSid {
			t.Errorf("%v: %v by %q, want %v by %q", c.req, got.Decision, got.Sid, c.want, c.wantSid)
		}
	}
	// A Deny whose * ends a segment reaches across colons, as in IAM.
	broad := policyOf(t, `{"Statement": [
		{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"},
		{"Effect": "Deny", "Action": "lambda:*", "Resource": "arn:aws:lambda:*:function:*"}]}`)
	if got := Evaluate([]Policy{broad}, Request{Action: "lambda:GetFunction", Resource: "arn:aws:lambda:us-east-1:1:function:prod-payments"}).Decision; got != ExplicitDeny {
		t.Errorf("Deny on arn:aws:lambda:*:function:*: %v, want explicit deny", got)
	}
	notRes := policyOf(t, `{"Statement": {"Effect": "Allow", "Action": "lambda:*", "NotResource": "arn:aws:lambda:*:function:prod-*"}}`)
	if got := Evaluate([]Policy{notRes}, Request{Action: "lambda:GetFunction", Resource: "arn:aws:lambda:us-east-1:1:function:prod-payments"}).Decision; got != ImplicitDeny {
		t.Errorf("NotResource arn:aws:lambda:*:function:prod-*: %v, want implicit deny", got)
	}
	// A Deny in another policy of the same principal wins too.
	deny := policyOf(t, `{"Statement": {"Effect": "Deny", "Action": "lambda:CreateFunction", "Resource": "*"}}`)
	r := Request{Action: "lambda:CreateFunction", Resource: "arn:aws:lambda:us-east-1:1:function:app-x"}
	if got := Evaluate([]Policy{p, deny}, r).Decision; got != ExplicitDeny {
		t.Errorf("Deny in a second policy: %v, want explicit deny", got)
	}
}

func TestWithout(t *testing.T) {
	p := policyOf(t, `{"Statement": [
		{"Effect": "Allow", "Action": ["a:One", "a:Two"], "Resource": "*"},
		{"Effect": "Allow", "Action": "a:Three", "Resource": "*"}]}`)
	policies := []Policy{p}
	less := Without(policies, 0, 0, "a:One")
	if Evaluate(less, Request{Action: "a:One", Resource: "*"}).Decision != ImplicitDeny {
		t.Error("a:One still allowed after removing it")
	}
	if Evaluate(less, Request{Action: "a:Two", Resource: "*"}).Decision != Allowed {
		t.Error("a:Two lost when removing a:One")
	}
	if got := len(Without(policies, 0, 1, "a:Three")[0].Statements); got != 1 {
		t.Errorf("a statement left without actions must go: %d statements", got)
	}
	if Evaluate(policies, Request{Action: "a:One", Resource: "*"}).Decision != Allowed {
		t.Error("Without changed the policies it was given")
	}
	two := []Policy{policyOf(t, `{"Statement": {"Effect": "Allow", "Action": "a:One", "Resource": ["arn:aws:s:::x", "arn:aws:s:::y"]}}`)}
	fewer := WithoutResource(two, 0, 0, "arn:aws:s:::x")
	if Evaluate(fewer, Request{Action: "a:One", Resource: "arn:aws:s:::x"}).Decision != ImplicitDeny ||
		Evaluate(fewer, Request{Action: "a:One", Resource: "arn:aws:s:::y"}).Decision != Allowed {
		t.Error("WithoutResource removed the wrong resource")
	}
	if len(WithoutResource(fewer, 0, 0, "arn:aws:s:::y")[0].Statements) != 0 {
		t.Error("a statement left without resources must go")
	}
}

func TestParsePolicyErrors(t *testing.T) {
	cases := map[string]string{
		`[]`: "a policy document is a mapping",
		`{"Statement": {"Effect": "Allow", "Action": "a:B", "Resource": "*"}, "Versoin": "x"}`:                                          `unknown policy element "Versoin"`,
		`{"Version": "2013-01-01", "Statement": []}`:                                                                                    "Version must be",
		`{"Version": "2012-10-17"}`:                                                                                                     "no Statement",
		`{"Statement": {"Effect": "Alow", "Action": "a:B", "Resource": "*"}}`:                                                           "Effect must be Allow or Deny",
		`{"Statement": {"Effect": "Allow", "Resource": "*"}}`:                                                                           "exactly one of Action and NotAction",
		`{"Statement": {"Effect": "Allow", "Action": "a:B", "NotAction": "a:C", "Resource": "*"}}`:                                      "exactly one of Action and NotAction",
		`{"Statement": {"Effect": "Allow", "Action": "a:B"}}`:                                                                           "exactly one of Resource and NotResource",
		`{"Statement": {"Effect": "Allow", "Action": "B", "Resource": "*"}}`:                                                            "not service:Action",
		`{"Statement": {"Effect": "Allow", "Action": "a:B", "Resource": "arn:${AWS::Partition}:s3:::b"}}`:                               "unresolved Fn::Sub variable",
		`{"Statement": {"Effect": "Allow", "Action": "a:B", "Resource": "bucket"}}`:                                                     "neither",
		`{"Statement": {"Effect": "Allow", "Action": "a:B", "Resource": "*", "Condition": {"NumericLessThan": {"k": "1"}}}}`:            "not one this evaluator knows",
		`{"Statement": {"Effect": "Allow", "Action": "a:B", "Resource": "*", "Condition": {"ForSome:StringEquals": {"k": "1"}}}}`:       "unknown condition set operator",
		`{"Statement": {"Effect": "Allow", "Action": "a:B", "Resource": "*", "Condition": {"StringEquals": "k"}}}`:                      "mapping of keys to values",
		`{"Statement": {"Effect": "Allow", "Action": "a:B", "Resource": "*", "Condition": {"StringEquals": {"k": "${aws:username}"}}}}`: "policy variable",
		`{"Statement": {"Effect": "Allow", "Action": [], "Resource": "*"}}`:                                                             "empty list",
		`{"Statement": {"Effect": "Allow", "Action": {"x": 1}, "Resource": "*"}}`:                                                       "must be a string",
		`{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "a:B", "Resource": "*"}}`:                                        "resource-based policies",
		`{"Statement": {"Effect": "Allow", "Action": "a:B", "Resource": "*", "Extra": 1}}`:                                              "unknown statement element",
		`{"Statement": ["x"]}`: "a statement is a mapping",
	}
	for doc, want := range cases {
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		_, err := ParsePolicy("p", v)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", doc, err, want)
		}
	}
}

// FuzzParsePolicy: any JSON document either reads as a policy or is an
// error; reading and evaluating never panics.
func FuzzParsePolicy(f *testing.F) {
	f.Add(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "a:B", "Resource": "*"}}`)
	f.Add(`{"Statement": [{"Effect": "Deny", "NotAction": ["a:*"], "NotResource": "arn:aws:s3:::b/*", "Condition": {"ForAllValues:StringLikeIfExists": {"k": ["x*", "?"]}, "Null": {"n": "true"}}}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		var v any
		if json.Unmarshal([]byte(doc), &v) != nil {
			return
		}
		p, err := ParsePolicy("fuzz", v)
		if err != nil {
			return
		}
		for _, r := range []Request{
			{Action: "a:B", Resource: "*"},
			{Action: "a:B", Resource: "arn:aws:s3:::b/k", Context: map[string][]string{"k": {"xy"}, "n": {"1"}}},
		} {
			Evaluate([]Policy{p}, r)
		}
	})
}
