package render

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".chalice"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ChaliceConfigPath(dir), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReadChaliceSettings(t *testing.T) {
	cases := []struct {
		name, config string
		stages       []string
		want         ChaliceSettings
	}{
		{"plain app", `{"app_name": "shop"}`, []string{"dev"}, ChaliceSettings{AppName: "shop"}},
		{"roles at every level, for the stages deployed only",
			`{"app_name": "shop", "iam_role_arn": "arn:r/top", "stages": {
				"dev": {"iam_role_arn": "arn:r/dev", "lambda_functions": {"b": {"iam_role_arn": "arn:r/b"}, "a": {"iam_role_arn": "arn:r/a"}}},
				"other": {"iam_role_arn": "arn:r/other"}}}`,
			[]string{"dev", "prod"}, ChaliceSettings{AppName: "shop", RoleArns: []string{"arn:r/top", "arn:r/dev", "arn:r/a", "arn:r/b"}}},
		{"edge is chalice's default endpoint type; a stage may override it",
			`{"app_name": "shop", "api_gateway_custom_domain": {"domain_name": "x"}, "stages": {
				"dev": {}, "prod": {"api_gateway_endpoint_type": "REGIONAL"}, "edge": {"api_gateway_endpoint_type": "EDGE"}}}`,
			[]string{"dev", "prod", "edge"}, ChaliceSettings{AppName: "shop", EdgeDomains: []string{"dev", "edge"}}},
		{"automatic layer, turned off in one stage",
			`{"app_name": "shop", "automatic_layer": true, "stages": {"dev": {}, "prod": {"automatic_layer": false}}}`,
			[]string{"dev", "prod"}, ChaliceSettings{AppName: "shop", AutomaticLayer: []string{"dev"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReadChaliceSettings(writeConfig(t, c.config), c.stages)
			if err != nil {
				t.Fatal(err)
			}
			if got.AppName != c.want.AppName || !slices.Equal(got.RoleArns, c.want.RoleArns) ||
				!slices.Equal(got.EdgeDomains, c.want.EdgeDomains) || !slices.Equal(got.AutomaticLayer, c.want.AutomaticLayer) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
	if _, err := ReadChaliceSettings(writeConfig(t, "{\"app_name\": \"shop\",\n}"), nil); err == nil || !strings.Contains(err.Error(), "config.json:2:1: not valid JSON") {
		t.Errorf("a trailing comma, which chalice refuses: error %v", err)
	}
	if _, err := ReadChaliceSettings(writeConfig(t, `{"app_name": "shop", "iam_role_arn": 3}`), nil); err == nil || !strings.Contains(err.Error(), "config.json:1:38: iam_role_arn must be a string") {
		t.Errorf("a number for a role: error %v", err)
	}
	if _, _, err := ReadChaliceAppName(writeConfig(t, "{\n  \"app_name\": \"a\"\n  \"x\": 1}")); err == nil || !strings.Contains(err.Error(), "config.json:3:3: not valid JSON") {
		t.Errorf("a missing comma: error %v", err)
	}
}

func TestDeployRoleHints(t *testing.T) {
	cs := ChaliceSettings{AppName: "shop", RoleArns: []string{"arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"}, EdgeDomains: []string{"dev"}, AutomaticLayer: []string{"dev"}}
	hints := cs.DeployRoleHints(Params{AppName: "shop2", AppRoleArns: []string{"arn:aws:iam::1:role/a"}})
	want := []string{"--app-role-arn arn:aws:iam::1:role/b", "add --edge-domain", `app_name "shop"`}
	if len(hints) != len(want) {
		t.Fatalf("hints %q, want %d", hints, len(want))
	}
	for i, w := range want {
		if !strings.Contains(hints[i], w) {
			t.Errorf("hint %q lacks %q", hints[i], w)
		}
	}
	if got := cs.DeployRoleHints(Params{AppName: "shop", AppRoleArns: cs.RoleArns, EdgeDomains: true}); len(got) != 0 {
		t.Errorf("with every option given: hints %q", got)
	}
}
