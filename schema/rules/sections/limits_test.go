package sections_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

// entries makes n entries of a section, each from format with its index.
func entries(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

const topic = "  T:\n    Type: AWS::SNS::Topic\n"

// TestLimits: each of CloudFormation's quotas, at the limit (no finding)
// and one past it, with cfn-lint's ids and positions (E3010, E2010, E6010,
// E7010 at the section's or mapping's key; names at their key; values at
// their key, a list item at the item).
func TestLimits(t *testing.T) {
	long := strings.Repeat("N", 255)
	unused := func(f schema.Finding) bool { return f.Rule != "W2001" } // parameters no Ref names
	rulecase.Filtered(t, []casetest.Case{
		{"500 resources", "Resources:\n" + entries(500, "  R%d:\n    Type: AWS::SNS::Topic\n"), nil},
		{"501 resources", "Resources:\n" + entries(501, "  R%d:\n    Type: AWS::SNS::Topic\n"), []string{
			"t.yaml:1:1: error E3010 Resources: 501 resources, over CloudFormation's limit of 500",
		}},
		{"200 parameters and outputs", "Parameters:\n" + entries(200, "  P%d: {Type: String}\n") + "Resources:\n" + topic +
			"Outputs:\n" + entries(200, "  O%d: {Value: !Ref P%[1]d}\n"), nil},
		{"201 parameters and outputs", "Parameters:\n" + entries(201, "  P%d: {Type: String}\n") + "Resources:\n" + topic +
			"Outputs:\n" + entries(201, "  O%d: {Value: !Ref P%[1]d}\n"), []string{
			"t.yaml:1:1: error E2010 Parameters: 201 parameters, over CloudFormation's limit of 200",
			"t.yaml:206:1: error E6010 Outputs: 201 outputs, over CloudFormation's limit of 200",
		}},
		{"200 mappings of 200 keys", "Mappings:\n" + entries(199, "  M%d: {K: {V: x}}\n") + "  Big:\n" + entries(200, "    K%d: {V: x}\n") +
			"Resources:\n" + topic, nil},
		{"201 mappings, 201 keys a level", "Mappings:\n" + entries(199, "  M%d: {K: {V: x}}\n") + "  Big:\n" + entries(201, "    K%d: {V: x}\n") +
			"  Wide:\n    K:\n" + entries(201, "      V%d: x\n") + "Resources:\n" + topic, []string{
			"t.yaml:1:1: error E7010 Mappings: 201 mappings, over CloudFormation's limit of 200",
			"t.yaml:201:3: error E7010 Mappings/Big: 201 top-level keys, over CloudFormation's limit of 200",
			"t.yaml:404:5: error E7010 Mappings/Wide/K: 201 second-level keys, over CloudFormation's limit of 200",
		}},
		{"names of 255 characters", "Parameters:\n  " + long + ": {Type: String}\nMappings:\n  " + long + ":\n    " + long + "X:\n      " + long + ": x\n" +
			"Resources:\n  " + long + ":\n    Type: AWS::SNS::Topic\nOutputs:\n  " + long + ": {Value: x}\n", nil},
		{"names of 256 characters", "Parameters:\n  X" + long + ": {Type: String}\nMappings:\n  X" + long + ":\n    K:\n      X" + long + ": x\n" +
			"Resources:\n  X" + long + ":\n    Type: AWS::SNS::Topic\nOutputs:\n  X" + long + ": {Value: x}\n", []string{
			"t.yaml:2:3: error E2011 Parameters/X" + long + ": parameter name is 256 characters, over CloudFormation's limit of 255",
			"t.yaml:4:3: error E7002 Mappings/X" + long + ": mapping name is 256 characters, over CloudFormation's limit of 255",
			"t.yaml:6:7: error E7002 Mappings/X" + long + "/K/X" + long + ": second-level key is 256 characters, over CloudFormation's limit of 255",
			"t.yaml:8:3: error E3001 Resources/X" + long + ": logical id is 256 characters, over CloudFormation's limit of 255",
			"t.yaml:11:3: error E6011 Outputs/X" + long + ": output name is 256 characters, over CloudFormation's limit of 255",
		}},
		{"values at their limits, in characters", "Description: " + strings.Repeat("é", 1024) + "\nParameters:\n  P:\n    Type: String\n    Default: " + strings.Repeat("d", 4096) +
			"\n    Description: " + strings.Repeat("é", 4000) + "\n    AllowedValues: [" + strings.Repeat("d", 4096) + "]\nResources:\n" + topic +
			"Outputs:\n  O:\n    Description: " + strings.Repeat("é", 1024) + "\n    Value: x\n", nil},
		{"values past their limits", "Description: " + strings.Repeat("d", 1025) + "\nParameters:\n  P:\n    Type: String\n    Default: " + strings.Repeat("d", 4097) +
			"\n    Description: " + strings.Repeat("d", 4001) + "\n    AllowedValues: [a, " + strings.Repeat("d", 4097) + "]\nResources:\n" + topic +
			"Outputs:\n  O:\n    Description: " + strings.Repeat("d", 1025) + "\n    Value: x\n", []string{
			"t.yaml:1:1: error E1003 Description: Description is 1,025 characters, over CloudFormation's limit of 1,024",
			"t.yaml:5:5: error E2011 Parameters/P/Default: Default is 4,097 characters, over CloudFormation's limit of 4,096",
			"t.yaml:6:5: error E2011 Parameters/P/Description: Description is 4,001 characters, over CloudFormation's limit of 4,000",
			"t.yaml:7:24: error E2011 Parameters/P/AllowedValues/1: an allowed value is 4,097 characters, over CloudFormation's limit of 4,096",
			"t.yaml:13:5: error E6011 Outputs/O/Description: Description is 1,025 characters, over CloudFormation's limit of 1,024",
		}},
		{"60 dynamic references", "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: \"" +
			strings.Repeat("{{resolve:ssm:n}}", 60) + "\"\n", nil},
		{"61 dynamic references", "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: \"" +
			strings.Repeat("{{resolve:ssm:n}}", 60) + "\"\n  U:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: \"{{resolve:ssm:m}}\"}\n", []string{
			"t.yaml:2:3: error E9001 Resources: the resources hold 61 dynamic references ({{resolve:...}}), over CloudFormation's limit of 60 a template",
		}},
		{"1,000,000 bytes", "Resources:\n" + topic + "# " + strings.Repeat("x", 1_000_000-len("Resources:\n"+topic)-3) + "\n", nil},
		{"1,000,001 bytes", "Resources:\n" + topic + "# " + strings.Repeat("x", 1_000_001-len("Resources:\n"+topic)-3) + "\n", []string{
			"t.yaml:1:1: error E1002 the template is 1,000,001 bytes, over CloudFormation's limit of 1,000,000 bytes (1 MB, for a template in S3): split it, for example into nested stacks",
		}},
	}, unused)
}
