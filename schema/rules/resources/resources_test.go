package resources_test

import (
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
	"strings"
	"testing"
)

// TestStrippedKeyPatterns: the generator keeps a patternProperties key Go's
// regexp cannot run (a lookahead) with its lookarounds stripped, and the
// source key beside it; the names the stripped key lets through must meet
// the source key, within the file's budget for backtracking patterns.
// AWS refuses tag keys that start with aws:; before, they passed.
func TestStrippedKeyPatterns(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"AWS::Oam::Sink tag keys", casetest.Tmpl(`  S:
    Type: AWS::Oam::Sink
    Properties:
      Name: sink
      Tags: {"aws:owner": x, team: y}
`), []string{
			`t.yaml:7:14: error E3031 Resources/S/Properties/Tags/aws:owner: the name "aws:owner" does not match the pattern ^(?!aws:.*).{1,128}$`,
		}},
		{"AWS::Connect::Rule user tags", casetest.Tmpl(`  R:
    Type: AWS::Connect::Rule
    Properties:
      Name: r
      InstanceArn: !Sub "arn:${AWS::Partition}:connect:us-east-1:123456789012:instance/i"
      TriggerEventSource: {EventSourceName: OnPostCallAnalysisAvailable}
      Function: "{}"
      PublishStatus: DRAFT
      Actions:
        SendNotificationActions:
          - DeliveryMethod: EMAIL
            Subject: s
            Content: c
            ContentType: PLAIN_TEXT
            Recipient: {UserTags: {"` + longKey + `": x, team: y}}
`), []string{
			`t.yaml:17:36: error E3031 Resources/R/Properties/Actions/SendNotificationActions/0/Recipient/UserTags/` + longKey + `: the name "` + longKey + `" does not match the pattern ^(?=.{1,128}$).+$`,
		}},
	})
}

// longKey is a tag key of 129 characters: one over the source key's 128.
var longKey = strings.Repeat("k", 129)
