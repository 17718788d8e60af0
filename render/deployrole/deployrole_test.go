package deployrole_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/deployrole"
	"github.com/pipegen/pipegen/render/iam"
	"github.com/pipegen/pipegen/render/stackcalls"
	"github.com/pipegen/pipegen/render/stacksim"
	"github.com/pipegen/pipegen/schema"
)

var handlers = schema.Vendored().HandlerPermissions

// sub writes Fn::Sub text as a template value.
func sub(s string) any {
	if strings.Contains(s, "${") {
		return map[string]any{"Fn::Sub": s}
	}
	return s
}

func subs(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = sub(s)
	}
	return out
}

// policyDocument is the statements as a template's PolicyDocument.
func policyDocument(sts []deployrole.Statement) map[string]any {
	var list []any
	for _, st := range sts {
		m := map[string]any{"Sid": st.Sid, "Effect": "Allow", "Action": toAny(st.Actions), "Resource": subs(st.Resources)}
		if len(st.Conditions) > 0 {
			cond := map[string]any{}
			for _, c := range st.Conditions {
				op, _ := cond[c.Operator].(map[string]any)
				if op == nil {
					op = map[string]any{}
					cond[c.Operator] = op
				}
				op[c.Key] = subs(c.Values)
			}
			m["Condition"] = cond
		}
		list = append(list, m)
	}
	return map[string]any{"Version": "2012-10-17", "Statement": list}
}

func toAny(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// pipelineWith is a minimal pipeline stack holding the deploy role and the
// bucket of packaged code, for app appName.
func pipelineWith(t *testing.T, appName string, sts []deployrole.Statement) (*stacksim.Role, string) {
	t.Helper()
	tmpl := map[string]any{
		"Parameters": map[string]any{"ApplicationName": map[string]any{"Type": "String", "Default": appName}},
		"Resources": map[string]any{
			"ApplicationBucket": map[string]any{"Type": "AWS::S3::Bucket"},
			"CFNDeployRole": map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
				"Path":     "/pipegen/",
				"Policies": []any{map[string]any{"PolicyName": "DeployAccess", "PolicyDocument": policyDocument(sts)}},
			}},
		},
	}
	s, err := stacksim.New(appName+"-pipeline", tmpl, stacksim.DefaultEnvironment, nil)
	if err != nil {
		t.Fatal(err)
	}
	roles, err := s.Roles()
	if err != nil {
		t.Fatal(err)
	}
	return roles["CFNDeployRole"], s.Resources["ApplicationBucket"].Ref
}

// relocate replaces the bucket the reference templates were packaged into
// with the pipeline's, where the build uploads the code.
func relocate(v any, from, to string) any {
	switch v := v.(type) {
	case map[string]any:
		for k, item := range v {
			v[k] = relocate(item, from, to)
		}
	case []any:
		for i, item := range v {
			v[i] = relocate(item, from, to)
		}
	case string:
		if v == from {
			return to
		}
		return strings.Replace(v, "s3://"+from+"/", "s3://"+to+"/", 1)
	}
	return v
}

func loadApp(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDerivedRoleAllowsTheReferenceApp(t *testing.T) {
	in := deployrole.Input{
		Stages:      []deployrole.Stage{{NamePattern: "${ApplicationName}BetaStack-*", ChaliceStage: "dev"}},
		AppName:     "${ApplicationName}",
		CodeObjects: "${ApplicationBucket.Arn}/*",
	}
	actions, err := deployrole.Actions(handlers)
	if err != nil {
		t.Fatal(err)
	}
	sts, err := deployrole.Statements(in, actions)
	if err != nil {
		t.Fatal(err)
	}
	role, bucket := pipelineWith(t, "orders", sts)
	files, _ := filepath.Glob("../../testdata/chalice/orders/translated/dev.json")
	for _, f := range files {
		tmpl := relocate(loadApp(t, f), "orders-application-bucket", bucket).(map[string]any)
		app, err := stacksim.New("ordersBetaStack", tmpl, stacksim.DefaultEnvironment, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The code lives in the pipeline's bucket.
		calls, err := stackcalls.Calls(app, handlers)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range calls {
			if got := role.Evaluate(c.Request); got.Decision != iam.Allowed {
				t.Errorf("%s: %v", c, got.Decision)
			}
		}
	}
}
