package constraints

import (
	"regexp"
	"strings"
	"sync"
)

// FormatInfo is one format of resource id or ARN: what it is, and how a
// value is checked. The patterns are cfn-lint's (src/cfnlint/rules/formats,
// MIT-0), whose rule ids the findings take; the ids' shapes are AWS's
// (vpc-, subnet-, sg- and ami- with 8 or 17 hexadecimal digits, and so
// on).
type FormatInfo struct {
	Name    string // AWS::EC2::VPC.Id
	CfnLint string // cfn-lint's rule id: E1151
	What    string // "a VPC id (vpc- and 8 or 17 hexadecimal digits)"
	match   func(string) bool
}

// Match reports whether s has the format.
func (f *FormatInfo) Match(s string) bool { return f.match(s) }

const arnPrefix = `^arn:aws[a-zA-Z-]*:`

// re is a matcher of expr, compiled on its first use: a run that meets no
// such property compiles nothing.
func re(expr string) func(string) bool {
	compiled := sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
	return func(s string) bool { return compiled().MatchString(s) }
}

// Formats are the formats constraints name, by name.
var Formats = map[string]*FormatInfo{
	"AWS::EC2::SecurityGroup.Id": {CfnLint: "E1150", What: "a security group id (sg- and 8 or 17 hexadecimal digits)",
		match: re(`^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$`)},
	"AWS::EC2::VPC.Id": {CfnLint: "E1151", What: "a VPC id (vpc- and 8 or 17 hexadecimal digits)",
		match: re(`^vpc-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$`)},
	"AWS::EC2::Image.Id": {CfnLint: "E1152", What: "an AMI id (ami- and 8 or 17 letters or digits)",
		match: re(`^ami-([0-9a-z]{8}|[0-9a-z]{17})$`)},
	"AWS::EC2::SecurityGroup.Name": {CfnLint: "E1153", What: "a security group name (letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*)",
		match: re(`^[a-zA-Z0-9 \._\-:\/()#\,@\[\]+=&;\{\}!\$\*]+$`)},
	"AWS::EC2::Subnet.Id": {CfnLint: "E1154", What: "a subnet id (subnet- and 8 or 17 hexadecimal digits)",
		match: re(`^subnet-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$`)},
	"AWS::IAM::Role.Arn": {CfnLint: "E1156", What: "an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)",
		match: re(arnPrefix + `iam::\d{12}:role/.+$`)},
	"AWS::KMS::Key.Arn": {CfnLint: "E1157", What: "a KMS key or alias ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or alias/NAME)",
		match: re(arnPrefix + `kms:[a-z0-9-]+:\d{12}:(key|alias)/.+$`)},
	"AWS::SNS::Topic.Arn": {CfnLint: "E1158", What: "an SNS topic ARN (arn:PARTITION:sns:REGION:ACCOUNT:NAME)",
		match: re(arnPrefix + `sns:[a-z0-9-]+:\d{12}:.+$`)},
	"AWS::ACM::Certificate.Arn": {CfnLint: "E1159", What: "an ACM certificate ARN (arn:PARTITION:acm:REGION:ACCOUNT:certificate/ID)",
		match: re(arnPrefix + `acm:[a-z0-9-]+:\d{12}:certificate/.+$`)},
	"AWS::Lambda::Function.Arn": {CfnLint: "E1160", What: "a Lambda function ARN (arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME)",
		match: re(arnPrefix + `lambda:[a-z0-9-]+:\d{12}:function:.+(:.+)?$`)},
	"AWS::S3::Bucket.Name": {CfnLint: "E1161", What: "an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit, no two dots side by side)",
		match: bucketName},
	"AWS::KMS::Key.Id": {CfnLint: "E1162", What: "a KMS key id (a UUID, mrk- and 32 hexadecimal digits, or alias/NAME)",
		match: re(`^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[a-zA-Z0-9/_-]+)$`)},
	"AWS::KMS::Alias.AliasName": {CfnLint: "E1164", What: "a KMS alias name (alias/ and letters, digits and :/_-)",
		match: re(`^alias/[a-zA-Z0-9:/_-]+$`)},
}

func init() {
	for name, f := range Formats {
		f.Name = name
	}
}

// bucketName is cfn-lint's pattern
// ^(?![.\-])(?!.*\.\.)(?!.*\-\.)(?!.*\.\-)[a-z0-9.\-]{3,63}(?<![.\-])$
// without lookarounds: the S3 User Guide's "General purpose bucket naming
// rules" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
func bucketName(s string) bool {
	if len(s) < 3 || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	edge := func(c byte) bool { return c == '.' || c == '-' }
	if edge(s[0]) || edge(s[len(s)-1]) {
		return false
	}
	return !strings.Contains(s, "..") && !strings.Contains(s, "-.") && !strings.Contains(s, ".-")
}
