package rules_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/rules"
)

// rulesOf lists "RULE Path" of each finding.
func rulesOf(fs []schema.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Path)
	}
	return out
}

// The bucket B has an unknown property (E3002) and a tag without a Value
// (E3003); the parameter P is never used (W2001, outside Resources). The
// buckets' security warnings are ignored in Metadata so each case shows
// only what it is about.
const suppressBase = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  P: {Type: String}
Resources:
  B:
    Type: AWS::S3::Bucket
%s    Properties:
      Versioning: {}
      Tags:
        - Key: k
  Bb:
    Type: AWS::S3::Bucket
    Metadata: {pipegen: {ignore: [W9004, W9005]}}
    Properties:
      Versioning: {}
`

func TestMetadataSuppression(t *testing.T) {
	all := []string{
		"W2001 Parameters/P",
		"E3002 Resources/B/Properties/Versioning",
		"E3003 Resources/B/Properties/Tags/0",
		"E3002 Resources/Bb/Properties/Versioning",
	}
	tests := []struct {
		name     string
		metadata string // lines under B, indented 4
		want     []string
	}{
		{"no metadata", "    Metadata: {pipegen: {ignore: [W9004, W9005]}}\n", all},
		{"pipegen form", "    Metadata:\n      pipegen:\n        ignore: [E3002, W9004, W9005]\n", []string{
			"W2001 Parameters/P", "E3003 Resources/B/Properties/Tags/0", "E3002 Resources/Bb/Properties/Versioning",
		}},
		{"pipegen form, one string", "    Metadata: {pipegen: {ignore: E3003}}\n", []string{
			"W2001 Parameters/P", "W9004 Resources/B", "W9005 Resources/B", "E3002 Resources/B/Properties/Versioning",
			"E3002 Resources/Bb/Properties/Versioning",
		}},
		{"cfn-lint form", "    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [E3002, E3003, W9004, W9005]\n", []string{
			"W2001 Parameters/P", "E3002 Resources/Bb/Properties/Versioning",
		}},
		{"both forms add up", "    Metadata:\n      pipegen: {ignore: [E3002, W9004]}\n      cfn-lint: {config: {ignore_checks: [E3003, W9005]}}\n", []string{
			"W2001 Parameters/P", "E3002 Resources/Bb/Properties/Versioning",
		}},
		{"a resource cannot silence findings outside itself", "    Metadata: {pipegen: {ignore: [W2001, W9004, W9005]}}\n", all},
		{"ids match exactly, no prefixes", "    Metadata: {pipegen: {ignore: [E3, E30, e3002, W9004, W9005]}}\n", all},
		{"malformed lists are skipped", "    Metadata: {pipegen: {ignore: [{E3002: true}, 3002, W9004, W9005]}, cfn-lint: {config: {ignore_checks: {E3003: 1}}}}\n", all},
		{"other metadata is left alone", "    Metadata: {pipegen: [E3002], cfn-lint: {ignore_checks: [E3002]}, ignore: [E3002], AWS::CloudFormation::Init: {}, Comment: x}\n", append([]string{"W2001 Parameters/P", "W9004 Resources/B", "W9005 Resources/B"}, all[1:]...)},
	}
	v := schema.NewValidator()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(suppressBase, "%s", tt.metadata, 1)
			got := rulesOf(v.Check("t.yaml", []byte(src)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSuppress(t *testing.T) {
	doc, fs := schema.Parse("t.yaml", []byte(`Resources:
  App:
    Type: AWS::S3::Bucket
    Metadata:
      pipegen: {ignore: [E3002]}
      cfn-lint: {config: {ignore_checks: [W9004]}}
  AppB:
    Type: AWS::S3::Bucket
`))
	if doc == nil {
		t.Fatal(fs)
	}
	if got := rules.Suppressions(doc.Root); !reflect.DeepEqual(got, map[string]map[string]bool{"App": {"E3002": true, "W9004": true}}) {
		t.Fatalf("Suppressions = %v", got)
	}
	in := []schema.Finding{
		{Rule: "E3002", Path: "Resources/App/Properties/X"},  // dropped
		{Rule: "E3002", Path: "Resources/App"},               // dropped: the resource itself
		{Rule: "W9004", Path: "Resources/App"},               // dropped
		{Rule: "E3003", Path: "Resources/App/Properties"},    // kept: other rule
		{Rule: "E3002", Path: "Resources/AppB/Properties/X"}, // kept: another resource whose id starts alike
		{Rule: "E3002", Path: "Resources"},                   // kept: not inside App
		{Rule: "E3002", Path: "Outputs/App"},                 // kept
		{Rule: "E3002", Path: ""},                            // kept
	}
	want := []string{"E3003 Resources/App/Properties", "E3002 Resources/AppB/Properties/X", "E3002 Resources", "E3002 Outputs/App", "E3002 "}
	if got := rulesOf(rules.Suppress(doc, in)); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if len(in) != 8 || in[0].Path != "Resources/App/Properties/X" {
		t.Error("Suppress changed its input")
	}
	if got := rules.Suppress(nil, in); len(got) != len(in) {
		t.Error("a nil document must change nothing")
	}
	if rules.Suppressions(map[string]any{"Resources": "x"}) != nil {
		t.Error("a malformed Resources section has no suppressions")
	}
}

// TestOldIDsStillSilence: the ids rules had before they took cfn-lint's
// (issue 12) still work in --ignore and pipegen's Metadata list; in
// cfn-lint's form an old id cfn-lint uses for another check (E3045, its
// AccessControl check) means that check, not pipegen's read-only rule.
func TestOldIDsStillSilence(t *testing.T) {
	for id, want := range map[string][]string{
		"E1012": {"E1020"}, "E3045": {"E3040"}, "E3000": {"E3000", "E3037"}, "E3033": {"E3033", "E3032"}, "E3002": {"E3002"},
		"E2540": {"E9540"}, "E2541": {"E9541"}, "E3626": {"E9626"},
	} {
		if got := rules.Expand(id, false); !reflect.DeepEqual(got, want) {
			t.Errorf("Expand(%s) = %v, want %v", id, got, want)
		}
	}
	if got := rules.Expand("E3045", true); !reflect.DeepEqual(got, []string{"E3045"}) {
		t.Errorf("Expand(E3045) in cfn-lint's form = %v, want cfn-lint's own E3045", got)
	}
	src := `Parameters:
  P: {Type: String}
Resources:
  A:
    Type: AWS::S3::Bucket
    Metadata: {pipegen: {ignore: [E3045, E1012, W9004, W9005]}}
    Properties: {Arn: x, BucketName: !Ref Nope}
  B:
    Type: AWS::S3::Bucket
    Metadata: {cfn-lint: {config: {ignore_checks: [E3045, E1012, W9004, W9005]}}}
    Properties: {Arn: x, BucketName: !Ref Nope}
`
	got := rulesOf(schema.NewValidator().Check("t.yaml", []byte(src)))
	want := []string{"W2001 Parameters/P", "E3040 Resources/B/Properties/Arn"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}
