// Package rules is the rule model: the one table of rule info (each id with
// its severity, descriptions, example, fix and cfn-lint's id; README's table
// is made from it), the Model of a template that every rule reads (built
// in one walk: every function call, Fn::Sub parsed once), the rule
// interfaces and the Report a rule writes, and the Metadata suppressions.
// The rules themselves are in its three family packages: sections,
// functions and resources. Rules run in any order, concurrently, over a
// read-only model; a rule is an *Info of the table, so every finding has
// its rule's severity.
package rules

import (
	"slices"
	"strings"

	"github.com/pipegen/pipegen/schema/finding"
)

// Info is what the table says of one rule.
type Info struct {
	ID       string           // E, W or I and four digits; cfn-lint's where the check is cfn-lint's
	Severity finding.Severity // every finding of the rule has it
	// CfnLint is cfn-lint 1.51's id for the same check, then also the
	// rule's ID; "" for pipegen's own checks, whose ids cfn-lint 1.51 does
	// not use (TestRuleIDsAreCfnLints checks both).
	CfnLint string
	Short   string // one line: SARIF's shortDescription
	Long    string // what the rule checks (Markdown): README's "checks"
	Example string // a message it gives (Markdown)
	Fix     string // what to do about it (Markdown)
}

// Anchor is the id of the rule's row in README.md (the anchor its link
// ends with): the rule id in lower case.
func (i *Info) Anchor() string { return strings.ToLower(i.ID) }

// table is every rule, in the order def saw them (sorted by id).
var table []*Info

// def adds a rule to the table.
func def(i Info) *Info {
	p := &i
	table = append(table, p)
	return p
}

// Table lists every rule, sorted by id.
func Table() []*Info {
	return slices.SortedFunc(slices.Values(table), func(a, b *Info) int { return strings.Compare(a.ID, b.ID) })
}

// Lookup returns the rule of an id, or nil.
func Lookup(id string) *Info {
	for _, i := range table {
		if i.ID == id {
			return i
		}
	}
	return nil
}

// The rules, sorted by id.
var (
	Parse = def(Info{
		ID: "E0000", Severity: finding.Error, CfnLint: "E0000",
		Short:   "The file is a readable YAML or JSON template",
		Long:    "the file is readable YAML or JSON: syntax, tabs, duplicate keys, tags that name no function (every `!Name` is read as `Fn::Name`, as CloudFormation reads it), invalid UTF-8, empty file, alias bombs, nesting over 200, a file over 2 MB, a number no 64-bit float holds (`1e400`, which YAML would make a string; quote it if it is text). JSON that YAML refuses but that is valid JSON (a key of 1,023 characters or more: YAML limits implicit keys to 1024; surrogate-pair escapes) is read as JSON, with the same positions. A syntax error points at the line where parsing fails (yaml.v3 itself names the line where the enclosing block began) and names the line of a quoted string left open before it; a JSON file gets encoding/json's exact position and message",
		Example: "`duplicate key \"A\" (first at line 2)`; `JSON syntax: invalid character '\"' after object key:value pair`",
		Fix:     `correct the YAML or JSON`,
	})
	Template = def(Info{
		ID: "E1001", Severity: finding.Error, CfnLint: "E1001",
		Short:   "Top-level sections, their shapes and logical ids",
		Long:    "top-level sections (`Globals` only with the SAM transform), `AWSTemplateFormatVersion`, `Resources` present, logical ids alphanumeric; no unknown `Fn::` intrinsic function",
		Example: "`Resource: unknown top-level section (did you mean Resources?)`, `unknown intrinsic function Fn::Jion (did you mean Fn::Join?)`",
		Fix:     `rename the section, id or function`,
	})
	TemplateSize = def(Info{
		ID: "E1002", Severity: finding.Error, CfnLint: "E1002",
		Short:   "The template is within CloudFormation's size limit",
		Long:    "the template file is at most 1,000,000 bytes, CloudFormation's limit for a template body in S3 (1 MB; cfn-lint's figure)",
		Example: "`the template is 1,128,757 bytes, over CloudFormation's limit of 1,000,000 bytes (1 MB, for a template in S3)`",
		Fix:     "split the template, for example into nested stacks",
	})
	DescriptionSize = def(Info{
		ID: "E1003", Severity: finding.Error, CfnLint: "E1003",
		Short:   "The template's Description is at most 1,024 characters",
		Long:    "the template's `Description` is at most 1,024 characters (AWS's page says bytes; characters are counted, as cfn-lint counts them, so a multi-byte description between the two is not reported)",
		Example: "`Description is 1,025 characters, over CloudFormation's limit of 1,024`",
		Fix:     "shorten it",
	})
	Description = def(Info{
		ID: "E1004", Severity: finding.Error, CfnLint: "E1004",
		Short:   "Description is a string",
		Long:    "`Description` is a string",
		Example: "`Description: must be a string, got a list`",
		Fix:     `quote the text`,
	})
	Transform = def(Info{
		ID: "E1005", Severity: finding.Error, CfnLint: "E1005",
		Short:   "Transform is a name, {Name, Parameters} or a list of them",
		Long:    "`Transform` is a name, `{Name: ..., Parameters: ...}` or a list of them",
		Example: "`Transform takes a transform name ... got a number`",
		Fix:     `write the transform's name`,
	})
	GetAtt = def(Info{
		ID: "E1010", Severity: finding.Error, CfnLint: "E1010",
		Short:   "Fn::GetAtt names a resource and an attribute its type has",
		Long:    "`Fn::GetAtt` names a resource and an attribute its type has: a read-only property; any property, nested ones too, of the types that return them all (`AWS::EC2::VPC` `CidrBlock`, `AWS::RDS::DBInstance` `Endpoint.Address`) and the few others cfn-lint 1.51 lists; a key inside an open attribute such as a nested stack's `Outputs.Name`; anything of a custom, SAM or module resource. Another property the template sets is no attribute (`!GetAtt Bucket.BucketName`: use `!Ref`). In `Outputs` cfn-lint calls this E6101",
		Example: "`B (AWS::S3::Bucket) has no attribute Arm (did you mean Arn?)`",
		Fix:     `use a listed attribute`,
	})
	FindInMap = def(Info{
		ID: "E1011", Severity: finding.Error, CfnLint: "E1011",
		Short:   "Fn::FindInMap shape; the mapping and keys exist",
		Long:    "`Fn::FindInMap` is `[MapName, TopLevelKey, SecondLevelKey]` (a fourth `{DefaultValue: v}` only with `Transform: AWS::LanguageExtensions`); literal names exist in `Mappings`",
		Example: "`mapping Regions has no top-level key us-west-2 (did you mean us-east-1?)`",
		Fix:     `fix the name, add the key, or give a default`,
	})
	GetAZs = def(Info{
		ID: "E1015", Severity: finding.Error, CfnLint: "E1015",
		Short:   "Fn::GetAZs takes a region string or a Ref",
		Long:    "`Fn::GetAZs` takes a region string (`\"\"` for the stack's) or a `Ref`",
		Example: "`Fn::GetAZs takes a region name ... got a list`",
		Fix:     "`!GetAZs \"\"` or `!GetAZs !Ref AWS::Region`",
	})
	ImportValue = def(Info{
		ID: "E1016", Severity: finding.Error, CfnLint: "E1016",
		Short:   "Fn::ImportValue takes a string",
		Long:    "`Fn::ImportValue` takes a string or a function that returns one",
		Example: "`Fn::ImportValue takes the name of an exported output ... got a mapping`",
		Fix:     "give the export's name, e.g. with `!Sub`",
	})
	Select = def(Info{
		ID: "E1017", Severity: finding.Error, CfnLint: "E1017",
		Short:   "Fn::Select takes [index, list] with the index in range",
		Long:    "`Fn::Select` is `[Index, List]`: a non-negative index, a list (or a function returning one), the index within a literal list",
		Example: "`Fn::Select index 2 is out of range: the list has 2 item(s)`",
		Fix:     `fix the index or the list`,
	})
	Split = def(Info{
		ID: "E1018", Severity: finding.Error, CfnLint: "E1018",
		Short:   "Fn::Split takes [delimiter, string]",
		Long:    "`Fn::Split` is `[Delimiter, String]`: a literal delimiter, a string source",
		Example: "`the delimiter of Fn::Split must be a literal string`",
		Fix:     `write the delimiter out`,
	})
	Sub = def(Info{
		ID: "E1019", Severity: finding.Error, CfnLint: "E1019",
		Short:   "Every Fn::Sub variable exists",
		Long:    "every `${Name}` of `Fn::Sub` exists",
		Example: "`${Missing} is not a parameter, resource, ...`",
		Fix:     `declare it or pass it in the variable map`,
	})
	Ref = def(Info{
		ID: "E1020", Severity: finding.Error, CfnLint: "E1020",
		Short:   "Ref names a parameter, resource or pseudo parameter",
		Long:    "`Ref` names a parameter, resource or pseudo parameter (was E1012; `--ignore E1012` still works)",
		Example: "`Ref to Nme, which is not a parameter, resource or pseudo parameter`",
		Fix:     `fix the name`,
	})
	Base64 = def(Info{
		ID: "E1021", Severity: finding.Error, CfnLint: "E1021",
		Short:   "Fn::Base64 takes a string",
		Long:    "`Fn::Base64` takes a string or a function that returns one",
		Example: "`Fn::Base64 takes the text to encode ... got a list`",
		Fix:     "pass one string (join a list with `!Join`)",
	})
	Join = def(Info{
		ID: "E1022", Severity: finding.Error, CfnLint: "E1022",
		Short:   "Fn::Join takes [delimiter, list]",
		Long:    "`Fn::Join` is `[Delimiter, [Values]]`: a literal delimiter, a list (or a function returning one) of strings",
		Example: "`the second item of Fn::Join (the values to join) must be a list`",
		Fix:     `wrap the values in a list`,
	})
	Cidr = def(Info{
		ID: "E1024", Severity: finding.Error, CfnLint: "E1024",
		Short:   "Fn::Cidr takes [ipBlock, count, cidrBits]",
		Long:    "`Fn::Cidr` is `[IpBlock, Count, CidrBits]`: a CIDR block, a count from 1 to 256, host bits that fit the block",
		Example: "`the Count of Fn::Cidr must be an integer from 1 to 256`",
		Fix:     `fix the value`,
	})
	If = def(Info{
		ID: "E1028", Severity: finding.Error, CfnLint: "E1028",
		Short:   "Fn::If takes [condition, value, value]",
		Long:    "`Fn::If` is `[ConditionName, ValueIfTrue, ValueIfFalse]`, and not in `Conditions`",
		Example: "`Fn::If takes [ConditionName, ValueIfTrue, ValueIfFalse], got 2 items`",
		Fix:     `give both values`,
	})
	SubNeeded = def(Info{
		ID: "E1029", Severity: finding.Error, CfnLint: "E1029",
		Short:   "A ${Name} of a parameter, resource or attribute stands in an Fn::Sub",
		Long:    "a `${Name}` that names a parameter, resource, pseudo parameter or `Resource.Attribute`, in a string no `Fn::Sub` substitutes into, stays text; `${!Literal}` is no variable, and in a state machine's `Definition`/`DefinitionString` every `${Name}` `DefinitionSubstitutions` does not give is reported (cfn-lint's semantics). Strings under `TemplateBody` (another template) and code for another interpreter (`BuildSpec`, `ZipFile`, `InlineCode`, where `${...}` is shell's or JavaScript's, or text for a template the code writes) are left alone; cfn-lint reports the code ones",
		Example: "`${AWS::StackName} is in a string that no Fn::Sub substitutes into: CloudFormation keeps the text ${AWS::StackName} as it is (write the string with !Sub)`",
		Fix:     "`!Sub \"...${Name}...\"`",
	})
	FnLength = def(Info{
		ID: "E1030", Severity: finding.Error, CfnLint: "E1030",
		Short:   "Fn::Length needs the AWS::LanguageExtensions transform",
		Long:    "`Fn::Length` needs `Transform: AWS::LanguageExtensions`; with it, it takes a list (or a function that returns one) and stands wherever a value does",
		Example: "`Fn::Length needs Transform: AWS::LanguageExtensions`; `Fn::Length counts the items of a list, but Fn::Join returns a string`",
		Fix:     `add the transform; pass a list`,
	})
	ToJSONString = def(Info{
		ID: "E1031", Severity: finding.Error, CfnLint: "E1031",
		Short:   "Fn::ToJsonString needs the AWS::LanguageExtensions transform",
		Long:    "`Fn::ToJsonString` needs `Transform: AWS::LanguageExtensions`; with it, it takes a mapping or a list and stands wherever a value does",
		Example: "`Fn::ToJsonString needs Transform: AWS::LanguageExtensions`; `Fn::ToJsonString takes a mapping or a list to write as JSON, got a string`",
		Fix:     `add the transform; pass a mapping or a list`,
	})
	ForEach = def(Info{
		ID: "E1032", Severity: finding.Error, CfnLint: "E1032",
		Short:   "Fn::ForEach needs the AWS::LanguageExtensions transform",
		Long:    "`Fn::ForEach` needs `Transform: AWS::LanguageExtensions`. With `Transform: AWS::LanguageExtensions`, `Fn::ForEach::Name` loops in `Resources`, `Outputs`, `Conditions` (and nested, e.g. in `Properties`) are expanded before every other check: `${Id}` and `&{Id}` (item without non-alphanumerics) in keys and strings, `Ref: Id`, and a `Fn::Sub` left without variables become the item; the collection is a list of strings, a `Ref` to a `CommaDelimitedList` parameter's `Default`, or `Fn::FindInMap` of literal names; findings in expanded resources point at the lines inside the loop. Errors: not `[Identifier, Collection, {OutputKey: OutputValue}]`, identifier not a name, collection not a list, output key without `${Id}`/`&{Id}`, expanded keys that collide with each other or with declared ones, loop names reused or equal to a resource's logical id, an expansion past 250,000 nodes or 2 MB of strings and keys (it stops there)",
		Example: "`Fn::ForEach::Queues makes Queueorders (item \"orders\"), which is already defined at line 5`",
		Fix:     `add the transform; fix the loop, rename the key`,
	})
	GetStackOutput = def(Info{
		ID: "E1033", Severity: finding.Error, CfnLint: "E1033",
		Short:   "Fn::GetStackOutput takes {StackName, OutputName, Region, RoleArn}",
		Long:    "`Fn::GetStackOutput` takes a mapping with `StackName` and `OutputName`, and optionally `Region` and `RoleArn`, each a string or a function that returns one (`Ref`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::FindInMap`, `Fn::GetAtt`, `Fn::ImportValue`, `Fn::If`, `Fn::Base64`): cfn-lint's schema of the function",
		Example: "`Fn::GetStackOutput needs OutputName: the name of the other stack's output`",
		Fix:     "`!GetStackOutput {StackName: network, OutputName: VpcId}`",
	})
	// Formats are the resource id and ARN formats of schema/constraints,
	// one rule a format, as cfn-lint 1.51 has them, by format name.
	Formats = map[string]*Info{
		"AWS::EC2::SecurityGroup.Id":   formatRule("E1150", "security group ids", "`sg-` and 8 or 17 hexadecimal digits", "sg-123"),
		"AWS::EC2::VPC.Id":             formatRule("E1151", "VPC ids", "`vpc-` and 8 or 17 hexadecimal digits", "vpc-xyz"),
		"AWS::EC2::Image.Id":           formatRule("E1152", "AMI ids", "`ami-` and 8 or 17 letters or digits", "ami-1"),
		"AWS::EC2::SecurityGroup.Name": formatRule("E1153", "security group names", "letters, digits, spaces and `._-:/()#,@[]+=&;{}!$*`", "web|db"),
		"AWS::EC2::Subnet.Id":          formatRule("E1154", "subnet ids", "`subnet-` and 8 or 17 hexadecimal digits", "subnet-1"),
		"AWS::IAM::Role.Arn":           formatRule("E1156", "IAM role ARNs", "`arn:PARTITION:iam::ACCOUNT:role/NAME`", "my-role"),
		"AWS::KMS::Key.Arn":            formatRule("E1157", "KMS key ARNs", "`arn:PARTITION:kms:REGION:ACCOUNT:key/ID` (or `alias/NAME`)", "key/1234"),
		"AWS::SNS::Topic.Arn":          formatRule("E1158", "SNS topic ARNs", "`arn:PARTITION:sns:REGION:ACCOUNT:NAME`", "my-topic"),
		"AWS::ACM::Certificate.Arn":    formatRule("E1159", "ACM certificate ARNs", "`arn:PARTITION:acm:REGION:ACCOUNT:certificate/ID`", "cert-1"),
		"AWS::Lambda::Function.Arn":    formatRule("E1160", "Lambda function ARNs", "`arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME`", "my-function"),
		"AWS::S3::Bucket.Name":         formatRule("E1161", "S3 bucket names", "3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, no `..`, `.-` or `-.`", "A_b"),
		"AWS::KMS::Key.Id":             formatRule("E1162", "KMS key ids", "a key id (UUID), `mrk-` and 32 hexadecimal digits, or `alias/NAME`; where a key ARN or alias name also stands, any of them", "notakey"),
		"AWS::KMS::Alias.AliasName":    formatRule("E1164", "KMS alias names", "`alias/` and letters, digits and `:/_-`", "my-alias"),
	}
	RulesSection = def(Info{
		ID: "E1700", Severity: finding.Error, CfnLint: "E1700",
		Short:   "The Rules section: rules, assertions and rule functions",
		Long:    "the `Rules` section: each rule a mapping of an optional `RuleCondition` and `Assertions`, a list of `{Assert, AssertDescription}`; `RuleCondition` and `Assert` are rule functions that give true or false; only the rule functions (`Fn::And`, `Fn::Contains`, `Fn::EachMemberEquals`, `Fn::EachMemberIn`, `Fn::Equals`, `Fn::Not`, `Fn::Or`, `Fn::RefAll`, `Fn::ValueOf`, `Fn::ValueOfAll`, `Ref`) stand there, each with its shape; their short tags (`!Contains`, `!ValueOf`, ...) are read as every `!Name` is, as `Fn::Name`",
		Example: "`Fn::Contains takes [[Values], Value], got 1 item`",
		Fix:     "write the rule function's arguments as CloudFormation's \"Rule functions\" page shows",
	})
	Parameter = def(Info{
		ID: "E2001", Severity: finding.Error, CfnLint: "E2001",
		Short:   "Parameter attributes and types",
		Long:    `parameter attributes and types`,
		Example: "`parameter Type \"Strin\" is not a CloudFormation parameter type`",
		Fix:     `use a listed type`,
	})
	ParamLimit = def(Info{
		ID: "E2010", Severity: finding.Error, CfnLint: "E2010",
		Short:   "At most 200 parameters",
		Long:    "a template declares at most 200 parameters (cfn-lint 1.51 has the rule but its schema no longer sets the number, so it does not report it)",
		Example: "`201 parameters, over CloudFormation's limit of 200`",
		Fix:     "use mappings or list parameters; split the template",
	})
	ParamLength = def(Info{
		ID: "E2011", Severity: finding.Error, CfnLint: "E2011",
		Short:   "Parameter names and values are within CloudFormation's lengths",
		Long:    "a parameter's name is at most 255 characters; its `Default` and each of its `AllowedValues` at most 4,096, its `Description` at most 4,000",
		Example: "`Default is 4,097 characters, over CloudFormation's limit of 4,096`",
		Fix:     "shorten it",
	})
	ParamDefault = def(Info{
		ID: "E2015", Severity: finding.Error, CfnLint: "E2015",
		Short:   "A parameter's Default meets its own constraints",
		Long:    "a parameter's `Default` meets its own constraints",
		Example: "`Default \"my_app\" does not match AllowedPattern ^[a-z-]+$`",
		Fix:     `change the default or the pattern`,
	})
	RuntimeCreateBlocked = def(Info{
		ID: "E2531", Severity: finding.Error, CfnLint: "E2531",
		Short:   "A Lambda function uses a runtime Lambda no longer creates functions with",
		Long:    "a Lambda function (`AWS::Lambda::Function`, `AWS::Serverless::Function`, SAM `Globals: Function`) on a runtime Lambda no longer creates functions with, from its create-block date on (every language: dates from `render/lambdaruntime`, AWS's Lambda runtimes page for Python, cfn-lint's copy of it for the others; the day is the machine's); a `Ref` to a parameter is checked through its `Default`, a `Fn::If` through its branches, other functions are left alone",
		Example: "`Lambda no longer creates functions with runtime python3.7 (deprecated 2023-12-04, creation blocked from 2024-01-09, updates blocked from 2027-03-03): a new stack cannot deploy; move to python3.14`",
		Fix:     `move to the named runtime`,
	})
	RuntimeUpdateBlocked = def(Info{
		ID: "E2533", Severity: finding.Error, CfnLint: "E2533",
		Short:   "A Lambda function uses a runtime Lambda no longer creates or updates functions with",
		Long:    `the same, from the runtime's update-block date on: no stack with it can deploy, not even an update`,
		Example: "`Lambda no longer creates or updates functions with runtime python3.6 (...)`",
		Fix:     `move to the named runtime`,
	})
	Schema = def(Info{
		ID: "E3000", Severity: finding.Error, CfnLint: "",
		Short:   "Resource properties match the resource type's schema",
		Long:    "pipegen's own: any other violation of the resource type's schema (`oneOf`, `anyOf`, `dependencies`, `not`, ...), which cfn-lint spreads over several ids (E3014, E3017, E3018, E3020, E3021, ...); duplicate list items were E3000 and are E3037",
		Example: "`Must validate one and only one schema (oneOf)`",
		Fix:     `give the properties one of the shapes the schema allows`,
	})
	Resource = def(Info{
		ID: "E3001", Severity: finding.Error, CfnLint: "E3001",
		Short:   "Resource entries: Type present, known attributes, logical ids of at most 255 characters",
		Long:    "resource entries: `Type` present, known attributes; a logical id of at most 255 characters (CloudFormation's limit)",
		Example: "`unknown resource attribute (did you mean DependsOn?)`",
		Fix:     `fix the attribute`,
	})
	Property = def(Info{
		ID: "E3002", Severity: finding.Error, CfnLint: "E3002",
		Short:   "Properties exist in the resource type's schema",
		Long:    `properties the type's schema does not have`,
		Example: "`unknown property BucketNam (did you mean BucketName?)`",
		Fix:     `fix the name`,
	})
	Required = def(Info{
		ID: "E3003", Severity: finding.Error, CfnLint: "E3003",
		Short:   "Required properties are present",
		Long:    "required properties, also where an `Fn::If` branch that can be taken gives `AWS::NoValue` (taken: some deployment makes its condition so while the resource exists; decided as for E3005)",
		Example: "`missing required property AssumeRolePolicyDocument`",
		Fix:     `add it`,
	})
	Circular = def(Info{
		ID: "E3004", Severity: finding.Error, CfnLint: "E3004",
		Short:   "Resources do not depend on each other in a loop",
		Long:    "no circular dependency among resources through `Ref`, `Fn::GetAtt`, `Fn::Sub` or `DependsOn`; one finding per loop, naming it and each link's line",
		Example: "`circular dependency A -> B -> A: ... A refers to B (Ref, line 5), B refers to A (Fn::GetAtt, line 9)`",
		Fix:     "remove one link, e.g. build an ARN with `!Sub` instead of `!GetAtt`",
	})
	DependsOn = def(Info{
		ID: "E3005", Severity: finding.Error, CfnLint: "E3005",
		Short:   "DependsOn names other, existing resources",
		Long:    "`DependsOn` is a logical id or a list of them, naming other resources of the template; a resource with a `Condition` is named only where it exists too: reported when some deployment makes its condition false while the resource that names it exists. Deployments are searched over the parameters and pseudo parameters the conditions compare with literals (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `AllowedValues`); conditions it cannot read exactly (`Fn::FindInMap`, two parameters compared, an `AllowedPattern`) give no finding",
		Example: "`DependsOn names Buckt, which is not a resource in this template (did you mean Bucket?)`",
		Fix:     `fix or remove the name`,
	})
	ResourceType = def(Info{
		ID: "E3006", Severity: finding.Error, CfnLint: "E3006",
		Short:   "The resource type exists",
		Long:    `the resource type exists`,
		Example: "`unknown resource type AWS::S3::Buckt (did you mean AWS::S3::Bucket?)`",
		Fix:     `fix the type`,
	})
	ResourceLimit = def(Info{
		ID: "E3010", Severity: finding.Error, CfnLint: "E3010",
		Short:   "At most 500 resources",
		Long:    "a template declares at most 500 resources (after `Fn::ForEach` expansion; what the SAM transform adds is not counted)",
		Example: "`501 resources, over CloudFormation's limit of 500`",
		Fix:     "split the template, for example into nested stacks",
	})
	ValueType = def(Info{
		ID: "E3012", Severity: finding.Error, CfnLint: "E3012",
		Short:   "Property values have the expected type",
		Long:    `value types`,
		Example: "`expected array, got object`",
		Fix:     `give the expected type`,
	})
	DependentExcluded = def(Info{
		ID: "E3020", Severity: finding.Error, CfnLint: "E3020",
		Short:   "Properties AWS documents as exclusive are not set together",
		Long:    "properties that AWS documents as excluding each other are not set together (schema/constraints/manual.json, each with its AWS page: a CloudWatch alarm's `Statistic` and `ExtendedStatistic`, or `Metrics` with `MetricName`; an EC2 instance's `NetworkInterfaces` and `SubnetId`; ...); a property behind `Fn::If` or `Ref: AWS::NoValue` is not counted",
		Example: "`SubnetId cannot be set with NetworkInterfaces (...)`",
		Fix:     `remove one of them`,
	})
	DependentRequired = def(Info{
		ID: "E3021", Severity: finding.Error, CfnLint: "E3021",
		Short:   "Properties AWS documents as needing others come with them",
		Long:    "a property that AWS documents as needing another comes with it (schema/constraints/manual.json: a CloudFront custom error response's `ResponseCode` needs `ResponsePagePath`)",
		Example: "`ResponseCode needs ResponsePagePath (...)`",
		Fix:     `add the property it needs`,
	})
	Enum = def(Info{
		ID: "E3030", Severity: finding.Error, CfnLint: "E3030",
		Short:   "Property values are among the allowed ones",
		Long:    `allowed values`,
		Example: "`\"On\" is not one of the allowed values: \"Enabled\", \"Suspended\"`",
		Fix:     `use an allowed value`,
	})
	Pattern = def(Info{
		ID: "E3031", Severity: finding.Error, CfnLint: "E3031",
		Short:   "Property values match the schema's pattern",
		Long:    "values match their schema's patterns; so do the property names of an object whose `patternProperties` key needs lookarounds (regexp2, within the file's budget: AWS::Oam::Sink tag keys may not start with `aws:`)",
		Example: "`\"x\" does not match the pattern ...`; `the name \"aws:owner\" does not match the pattern ^(?!aws:.*).{1,128}$`",
		Fix:     `match the pattern`,
	})
	Items = def(Info{
		ID: "E3032", Severity: finding.Error, CfnLint: "E3032",
		Short:   "Lists have as many items as the schema allows",
		Long:    "lists have between the schema's `minItems` and `maxItems` items (was part of E3033; `--ignore E3033` still covers it)",
		Example: "`Array must have at least 1 items`",
		Fix:     `add or remove items`,
	})
	Length = def(Info{
		ID: "E3033", Severity: finding.Error, CfnLint: "E3033",
		Short:   "String lengths are within bounds",
		Long:    "string lengths are within the schema's bounds (`minLength`, `maxLength`); list lengths are E3032",
		Example: "`String length must be less than or equal to 32`",
		Fix:     `stay within the bounds`,
	})
	Range = def(Info{
		ID: "E3034", Severity: finding.Error, CfnLint: "E3034",
		Short:   "Numbers are within bounds",
		Long:    "numbers are within the schema's bounds (`minimum`, `maximum` and their exclusive forms)",
		Example: "`Must be less than or equal to 30`",
		Fix:     `stay within the bounds`,
	})
	DeletionPolicy = def(Info{
		ID: "E3035", Severity: finding.Error, CfnLint: "E3035",
		Short:   "DeletionPolicy is Delete, Retain, RetainExceptOnCreate or Snapshot",
		Long:    "`DeletionPolicy` is `Delete`, `Retain` or `RetainExceptOnCreate`, or `Snapshot` for the types that take it (RDS, DocDB, Neptune, Redshift, ElastiCache, EC2 volumes); or an intrinsic function that gives one (`Ref`, `Fn::If`, `Fn::FindInMap`, `Fn::Select`, `Fn::Sub`: CloudFormation takes them with or without `Transform: AWS::LanguageExtensions` today), and a `Ref`'d parameter's `Default` and literal `Fn::If` branches must be policy names",
		Example: "`DeletionPolicy must be one of Delete, Retain, RetainExceptOnCreate, got \"Retian\" (did you mean Retain?)`",
		Fix:     `fix the name`,
	})
	UpdateReplacePolicy = def(Info{
		ID: "E3036", Severity: finding.Error, CfnLint: "E3036",
		Short:   "UpdateReplacePolicy is Delete, Retain, RetainExceptOnCreate or Snapshot",
		Long:    "`UpdateReplacePolicy` is `Delete`, `Retain` or `RetainExceptOnCreate`, or `Snapshot` for the types that take it (RDS, DocDB, Neptune, Redshift, ElastiCache, EC2 volumes); or an intrinsic function that gives one (`Ref`, `Fn::If`, `Fn::FindInMap`, `Fn::Select`, `Fn::Sub`: CloudFormation takes them with or without `Transform: AWS::LanguageExtensions` today), and a `Ref`'d parameter's `Default` and literal `Fn::If` branches must be policy names",
		Example: "`UpdateReplacePolicy must be one of Delete, Retain, RetainExceptOnCreate, got \"Retian\" (did you mean Retain?)`",
		Fix:     `fix the name`,
	})
	Unique = def(Info{
		ID: "E3037", Severity: finding.Error, CfnLint: "E3037",
		Short:   "List items the schema wants unique are unique",
		Long:    "lists whose schema says `uniqueItems` hold no item twice (was part of E3000; `--ignore E3000` still covers it)",
		Example: "`array items[0,1] must be unique`",
		Fix:     `remove the duplicate`,
	})
	Serverless = def(Info{
		ID: "E3038", Severity: finding.Error, CfnLint: "E3038",
		Short:   "AWS::Serverless types need the SAM transform",
		Long:    "`AWS::Serverless::*` resources need `Transform: AWS::Serverless-2016-10-31`",
		Example: "`AWS::Serverless::Function needs the SAM transform`",
		Fix:     `add the transform`,
	})
	ReadOnly = def(Info{
		ID: "E3040", Severity: finding.Error, CfnLint: "E3040",
		Short:   "Read-only properties are not set in a template",
		Long:    "read-only properties set in a template (was E3045; `--ignore E3045` still works, but in cfn-lint's `ignore_checks` E3045 is cfn-lint's own, other check)",
		Example: "`Arn is read-only: AWS sets it`",
		Fix:     "remove it; read it with `!GetAtt`",
	})
	Buildspec = def(Info{
		ID: "E3100", Severity: finding.Error, CfnLint: "",
		Short:   "A buildspec matches the buildspec 0.2 schema",
		Long:    "a buildspec (inline or `--buildspec` file) against the buildspec 0.2 schema",
		Example: "`phases/build/comands: unknown property comands`",
		Fix:     `fix the buildspec`,
	})
	BuildspecYAML = def(Info{
		ID: "E3101", Severity: finding.Error, CfnLint: "",
		Short:   "A buildspec is readable YAML",
		Long:    `a buildspec (inline or a file) that is not readable YAML: the same checks as E0000`,
		Example: "`buildspec: YAML syntax: did not find expected key`",
		Fix:     `correct the buildspec's YAML`,
	})
	PipelineSource = def(Info{
		ID: "E3700", Severity: finding.Error, CfnLint: "E3700",
		Short:   "Source actions are in the first stage only, and only Source actions are there",
		Long:    `CodePipeline: the first stage holds Source actions only, and only the first stage holds them`,
		Example: "`Build action Source/Package cannot be in the first stage`",
		Fix:     `move the action`,
	})
	PipelineArtifacts = def(Info{
		ID: "E3701", Severity: finding.Error, CfnLint: "E3701",
		Short:   "Input artifacts are produced by earlier actions; output artifact names are unique",
		Long:    "CodePipeline: every input artifact is the output of an earlier action (earlier stage, or lower `RunOrder` in the same stage); output artifact names are unique",
		Example: "`input artifact Source is not the output artifact of any action`",
		Fix:     `fix the name or the order`,
	})
	Output = def(Info{
		ID: "E6001", Severity: finding.Error, CfnLint: "E6001",
		Short:   "Outputs have a Value and known attributes",
		Long:    "outputs have a `Value` and known attributes",
		Example: "`the output has no Value`",
		Fix:     `add a Value`,
	})
	OutputLimit = def(Info{
		ID: "E6010", Severity: finding.Error, CfnLint: "E6010",
		Short:   "At most 200 outputs",
		Long:    "a template declares at most 200 outputs",
		Example: "`201 outputs, over CloudFormation's limit of 200`",
		Fix:     "remove outputs; split the template",
	})
	OutputLength = def(Info{
		ID: "E6011", Severity: finding.Error, CfnLint: "E6011",
		Short:   "Output names and descriptions are within CloudFormation's lengths",
		Long:    "an output's name is at most 255 characters, its `Description` at most 1,024",
		Example: "`output name is 256 characters, over CloudFormation's limit of 255`",
		Fix:     "shorten it",
	})
	Mapping = def(Info{
		ID: "E7001", Severity: finding.Error, CfnLint: "E7001",
		Short:   "Mappings are map, top key, second key, value",
		Long:    "`Mappings` are `MapName -> TopLevelKey -> SecondLevelKey -> value`, with literal values",
		Example: "`top-level key a must map second-level keys to values`",
		Fix:     `add the missing level`,
	})
	MappingLength = def(Info{
		ID: "E7002", Severity: finding.Error, CfnLint: "E7002",
		Short:   "Mapping names and second-level keys are at most 255 characters",
		Long:    "a mapping's name and its second-level keys are at most 255 characters (top-level keys are not checked, as cfn-lint does not)",
		Example: "`mapping name is 256 characters, over CloudFormation's limit of 255`",
		Fix:     "shorten it",
	})
	MappingLimit = def(Info{
		ID: "E7010", Severity: finding.Error, CfnLint: "E7010",
		Short:   "At most 200 mappings, each with at most 200 keys a level",
		Long:    "a template declares at most 200 mappings (cfn-lint 1.51 does not count them), and a mapping has at most 200 top-level keys, each at most 200 second-level keys",
		Example: "`Mappings/Regions: 201 top-level keys, over CloudFormation's limit of 200`",
		Fix:     "split the mapping; split the template",
	})
	Conditions = def(Info{
		ID: "E8001", Severity: finding.Error, CfnLint: "E8001",
		Short:   "Conditions entries are condition functions",
		Long:    "each `Conditions` entry is a condition function; no `Fn::If`, `Fn::GetAtt` or `Ref` to a resource inside",
		Example: "`condition Text must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got a string`",
		Fix:     "write it with `!Equals` and friends",
	})
	ConditionRef = def(Info{
		ID: "E8002", Severity: finding.Error, CfnLint: "E8002",
		Short:   "A named condition is defined",
		Long:    "every condition named by a resource or output `Condition`, `Fn::If` or `{Condition: Name}` is defined",
		Example: "`Fn::If names condition IsPrd, which is not defined in Conditions (did you mean IsProd?)`",
		Fix:     `fix the name or define it`,
	})
	Equals = def(Info{
		ID: "E8003", Severity: finding.Error, CfnLint: "E8003",
		Short:   "Fn::Equals takes [a, b]",
		Long:    "`Fn::Equals` compares exactly two values (no `Fn::GetAtt`, `Fn::If` or condition functions), and only in `Conditions`",
		Example: "`Fn::Equals takes [Value1, Value2] (two values to compare), got 1 item`",
		Fix:     `give two values`,
	})
	And = def(Info{
		ID: "E8004", Severity: finding.Error, CfnLint: "E8004",
		Short:   "Fn::And takes 2 to 10 conditions",
		Long:    "`Fn::And` takes 2 to 10 condition functions",
		Example: "`Fn::And takes a list of 2 to 10 conditions, got 1 item`",
		Fix:     `split or nest the list`,
	})
	Not = def(Info{
		ID: "E8005", Severity: finding.Error, CfnLint: "E8005",
		Short:   "Fn::Not takes [condition]",
		Long:    "`Fn::Not` takes one condition function",
		Example: "`the operands of Fn::Not must be condition functions ...; to use condition One, write {Condition: One}`",
		Fix:     "use `!Condition Name`",
	})
	Or = def(Info{
		ID: "E8006", Severity: finding.Error, CfnLint: "E8006",
		Short:   "Fn::Or takes 2 to 10 conditions",
		Long:    "`Fn::Or` takes 2 to 10 condition functions",
		Example: "`Fn::Or takes a list of 2 to 10 conditions, got 11 items`",
		Fix:     `split or nest the list`,
	})
	ConditionFn = def(Info{
		ID: "E8007", Severity: finding.Error, CfnLint: "E8007",
		Short:   "{Condition: Name} takes a string; conditions are not circular",
		Long:    "`{Condition: Name}` takes a string; conditions do not name each other in a loop",
		Example: "`circular condition A -> B -> A`",
		Fix:     `break the loop`,
	})
	DynamicRefLimit = def(Info{
		ID: "E9001", Severity: finding.Error, CfnLint: "",
		Short:   "At most 60 dynamic references",
		Long:    "pipegen's own (cfn-lint has no such rule): the resources of a template hold at most 60 dynamic references (`{{resolve:...}}`)",
		Example: "`the resources hold 61 dynamic references ({{resolve:...}}), over CloudFormation's limit of 60 a template`",
		Fix:     "resolve several values in one place (one secret with several keys), or split the template",
	})
	PipelineStages = def(Info{
		ID: "E9540", Severity: finding.Error, CfnLint: "",
		Short:   "A pipeline has at least two stages with unique names",
		Long:    "CodePipeline: at least two stages; stage names unique in the pipeline (was E2540, which cfn-lint 1.x does not have; `--ignore E2540` still works)",
		Example: "`stage name Build is already used by Stages/1`",
		Fix:     `add a stage / rename it`,
	})
	PipelineActions = def(Info{
		ID: "E9541", Severity: finding.Error, CfnLint: "",
		Short:   "Pipeline actions: unique names in a stage, Owner and Provider valid for the Category",
		Long:    "CodePipeline: action names unique within a stage; `Owner` is AWS, ThirdParty or Custom; an AWS `Provider` offered in the action's `Category` (table from AWS's valid action providers page); a ThirdParty source is GitHub (was E2541, which cfn-lint 1.x does not have; `--ignore E2541` still works)",
		Example: "`CloudFormation is not an AWS Build provider (CloudFormation is a Deploy provider)`",
		Fix:     `fix the name, owner or provider`,
	})
	PipelineStore = def(Info{
		ID: "E9626", Severity: finding.Error, CfnLint: "",
		Short:   "A pipeline has exactly one of ArtifactStore and ArtifactStores",
		Long:    "CodePipeline: exactly one of `ArtifactStore` and `ArtifactStores` (was E3626, which cfn-lint 1.x does not have; `--ignore E3626` still works)",
		Example: "`set ArtifactStore ... or ArtifactStores ..., not both`",
		Fix:     `keep one`,
	})
	ForEachSkipped = def(Info{
		ID: "I1032", Severity: finding.Info, CfnLint: "",
		Short:   "A Fn::ForEach collection is only known at deploy time: the loop is not checked",
		Long:    "a loop whose collection is known only at deploy time (a list parameter without `Default`, another function) is not expanded, and what it makes is not checked",
		Example: "`the collection of Fn::ForEach::Topics is parameter Teams, which has no Default`",
		Fix:     "give the parameter a `Default` to have the loop checked",
	})
	PatternEngine = def(Info{
		ID: "I2003", Severity: finding.Info, CfnLint: "I2003",
		Short:   "An AllowedPattern pipegen's engine cannot compile is not checked",
		Long:    "a parameter's `AllowedPattern` is a Java regular expression; pipegen runs it on regexp2 (.NET syntax) with Java's possessive quantifiers (`{6,16}+`) and POSIX classes (`\\p{Alpha}`) rewritten, and a pattern that still does not compile is not checked (never an error: the gap is the engine's, not the template's)",
		Example: "`AllowedPattern (?<x>a)\\k<y> is not checked: pipegen's engine ... cannot compile it`",
		Fix:     "nothing, or write the pattern in the syntax Java and .NET share",
	})
	ServerlessInfo = def(Info{
		ID: "I3038", Severity: finding.Info, CfnLint: "",
		Short:   "AWS::Serverless resources are not checked against a schema",
		Long:    "with the SAM transform, `AWS::Serverless::*` resources are expanded at deploy time and not schema-checked; `Ref`/`Fn::GetAtt` to names SAM generates (`FunctionRole`, `ServerlessRestApi`, ...) are accepted",
		Example: "`AWS::Serverless::Function is expanded by the AWS::Serverless-2016-10-31 transform at deploy time`",
		Fix:     "nothing; `sam validate --lint` checks them",
	})
	NotTemplate = def(Info{
		ID: "I9001", Severity: finding.Info, CfnLint: "",
		Short:   "A file found in a folder that is not a template or a buildspec is skipped",
		Long:    "pipegen's own; shown with `--verbose`: a YAML or JSON file found by walking a folder is checked only when it is a template (a top-level `AWSTemplateFormatVersion`, `Resources` or `Transform`; when it does not parse, one of those names as a key in its text) or a buildspec (`phases`); a parameters file, a workflow or a `package.json` is skipped. A file named on the command line is always checked",
		Example: "`not a CloudFormation template, skipped: no AWSTemplateFormatVersion, Resources or Transform at its top level, nor phases (a buildspec) (name the file to check it anyway)`",
		Fix:     "nothing, or name the file to check it; `--exclude GLOB` keeps it out of the walk",
	})
	PatternTime = def(Info{
		ID: "W0100", Severity: finding.Warning, CfnLint: "",
		Short:   "Patterns that need backtracking are checked within the file's time budget",
		Long:    "pipegen's own (cfn-lint has no such limit): the file's patterns that need backtracking (`AllowedPattern`, registry patterns with lookarounds) finished within its 500 ms budget; when one did not, the checks left are taken as matching and this one finding names where it stopped. A warning, not an error: a match that did not finish proves nothing about the value, but a pattern that slow hurts at deploy time too (Java's regular expressions backtrack the same way); `--strict` fails on it",
		Example: "`Parameters/P/Default: matching AllowedPattern (a+)+$ against the Default did not finish within this file's 500ms for patterns that need backtracking; 20 pattern check(s) of the file are left unchecked (taken as matching)`",
		Fix:     "simplify the pattern: no nested repetition such as `(a+)+`",
	})
	ConditionalRef = def(Info{
		ID: "W1001", Severity: finding.Warning, CfnLint: "W1001",
		Short:   "Ref, Fn::GetAtt and Fn::Sub name a resource that exists where they are evaluated",
		Long:    "a `Ref`, `Fn::GetAtt` or `Fn::Sub` of a resource with a `Condition`, in a resource or output that can exist when that condition is false, outside an `Fn::If` on it (decided as for E3005; a warning, as in cfn-lint: the stack fails only in the deployments where the condition is false)",
		Example: "`Ref to ProdTopic, which exists only when condition IsProd is true: this value is evaluated when IsProd can be false`",
		Fix:     "guard the value with `!If [IsProd, !Ref ProdTopic, !Ref AWS::NoValue]`, or give the resource or output the same condition",
	})
	UnusedParam = def(Info{
		ID: "W2001", Severity: finding.Warning, CfnLint: "W2001",
		Short:   "A parameter is never used",
		Long:    "every parameter is used by a `Ref` or `Fn::Sub` somewhere",
		Example: "`parameter Unused is never used`",
		Fix:     `use it or remove it`,
	})
	RuntimeDeprecated = def(Info{
		ID: "W2531", Severity: finding.Warning, CfnLint: "W2531",
		Short:   "A Lambda function uses a deprecated runtime",
		Long:    `the same functions on a deprecated runtime that Lambda still creates and updates functions with (AWS no longer patches it)`,
		Example: "`runtime python3.10 is deprecated (deprecated 2026-10-31, creation blocked from 2027-02-01, updates blocked from 2027-03-03): AWS no longer patches it; move to python3.14 before creation is blocked`",
		Fix:     `move to the named runtime`,
	})
	Packaged = def(Info{
		ID: "W3002", Severity: finding.Warning, CfnLint: "W3002",
		Short:   "A property names a local file only the package command uploads",
		Long:    "a property that `aws cloudformation package` (or `sam package`) rewrites holds a local path or S3 URI (Lambda `Code: ./src`, a nested stack's local `TemplateURL`, ...: cfn-lint's list): CloudFormation takes it only once packaged, so it is a warning, not a type error; not reported with the SAM transform, whose templates are packaged as a rule",
		Example: "`Code \"./src\" is a local path or S3 URI that only aws cloudformation package (or sam package) turns into what CloudFormation takes`",
		Fix:     "run `aws cloudformation package` and deploy the template it writes",
	})
	UnusedCondition = def(Info{
		ID: "W8001", Severity: finding.Warning, CfnLint: "W8001",
		Short:   "A condition is never used",
		Long:    "every condition is named by a resource, output, `Fn::If` or another condition",
		Example: "`condition Orphan is never used`",
		Fix:     `use it or remove it`,
	})
	WildcardAction = def(Info{
		ID: "W9001", Severity: finding.Warning, CfnLint: "",
		Short:   "An IAM identity policy allows every action of a service, or all actions",
		Long:    "an IAM identity policy allows `*` or `service:*`",
		Example: "`Action \"*\" allows every action of every service`",
		Fix:     `list the actions`,
	})
	PassRoleWildcard = def(Info{
		ID: "W9002", Severity: finding.Warning, CfnLint: "",
		Short:   "iam:PassRole is allowed on every role",
		Long:    "`iam:PassRole` allowed on `Resource: \"*\"`",
		Example: "`iam:PassRole on Resource \"*\" lets the role hand any role to a service`",
		Fix:     `name the roles`,
	})
	WildcardResource = def(Info{
		ID: "W9003", Severity: finding.Warning, CfnLint: "",
		Short:   "A write action is allowed on Resource \"*\"",
		Long:    "a write action allowed on `Resource: \"*\"` that takes a resource the statement could name: for the 30 services of the embedded Service Authorization Reference it says which actions write and which take resources (so `lambda:CreateEventSourceMapping` or `xray:PutTraceSegments`, which take none, and `sqs:ReceiveMessage`, a read, are not flagged); for others, an action not named Get/List/Describe/BatchGet/Head",
		Example: "`lambda:UpdateFunctionCode is allowed on Resource \"*\"`",
		Fix:     `name the resources`,
	})
	PublicBucket = def(Info{
		ID: "W9004", Severity: finding.Warning, CfnLint: "",
		Short:   "A bucket sets all four public access blocks",
		Long:    `an S3 bucket without all four public-access blocks set to true`,
		Example: "`bucket B does not set BlockPublicAcls, ... to true`",
		Fix:     `add PublicAccessBlockConfiguration`,
	})
	InsecureBucket = def(Info{
		ID: "W9005", Severity: finding.Warning, CfnLint: "",
		Short:   "A bucket has a policy that refuses plain HTTP",
		Long:    `an S3 bucket without a bucket policy that denies requests without TLS`,
		Example: "`bucket B has no AWS::S3::BucketPolicy denying requests without TLS`",
		Fix:     "add a Deny on `aws:SecureTransport: false`",
	})
	HardPartition = def(Info{
		ID: "W9006", Severity: finding.Warning, CfnLint: "",
		Short:   "ARNs do not hard-code the partition",
		Long:    `an ARN with a literal partition in Resources or Outputs`,
		Example: "`\"arn:aws:s3:::b/*\" names the partition literally`",
		Fix:     "`!Sub \"arn:${AWS::Partition}:...\"`",
	})
	ModelEnum = def(Info{
		ID: "W9030", Severity: finding.Warning, CfnLint: "",
		Short:   "Property values are among those AWS's API models list",
		Long:    "pipegen's own: a value that AWS's API models (schema/constraints, as of their release) do not list for the property. A warning, not cfn-lint's E3030: the lists are a snapshot, AWS adds values (runtimes, instance families, protocols) after it, and a value added since is valid; a typo is not",
		Example: "`\"Fargate\" is not one of the values AWS's API models (botocore 1.37.9, March 2025) list: EC2, FARGATE, EXTERNAL, ...`",
		Fix:     "use a listed value, or, if AWS added the value since, silence it for the resource (Metadata ignore W9030)",
	})
)

// alias is an id a rule had before it took cfn-lint's (issue 12), or the
// id of a rule that was split: --ignore and the Metadata ignore lists keep
// taking it, for the rules it stands for now. sharedWithCfnLint marks an
// old id that cfn-lint 1.x uses for another check: in the cfn-lint form of
// Metadata (ignore_checks) it means cfn-lint's check, not this alias.
type alias struct {
	old               string
	now               []*Info
	sharedWithCfnLint bool
}

var aliases = []alias{
	{"E1012", []*Info{Ref}, false},
	{"E3000", []*Info{Schema, Unique}, false},
	{"E3033", []*Info{Length, Items}, true},
	{"E3045", []*Info{ReadOnly}, true},
	{"E2540", []*Info{PipelineStages}, false},
	{"E2541", []*Info{PipelineActions}, false},
	{"E3626", []*Info{PipelineStore}, false},
}

// Expand returns the rule ids an id given to --ignore or to an ignore list
// stands for: its own, or an old id's (E1012 is E1020 now). cfnLint says
// the id came from cfn-lint's form of Metadata, where an old id that
// cfn-lint uses for another check means that check only.
func Expand(id string, cfnLint bool) []string {
	for _, a := range aliases {
		if a.old != id || cfnLint && a.sharedWithCfnLint {
			continue
		}
		out := make([]string, len(a.now))
		for i, r := range a.now {
			out[i] = r.ID
		}
		return out
	}
	return []string{id}
}

// IsAlias reports an old id that --ignore still takes.
func IsAlias(id string) bool {
	for _, a := range aliases {
		if a.old == id {
			return true
		}
	}
	return false
}

// Aliases lists the old ids --ignore still takes, each with whether
// cfn-lint 1.x uses it for another check.
func Aliases() map[string]bool {
	out := map[string]bool{}
	for _, a := range aliases {
		out[a.old] = a.sharedWithCfnLint
	}
	return out
}

// formatRule defines the rule of one resource id or ARN format
// (schema/constraints/formats.go), cfn-lint's id for it.
func formatRule(id, what, shape, bad string) *Info {
	return def(Info{
		ID: id, Severity: finding.Error, CfnLint: id,
		Short:   "Properties that hold " + what + " are well formed",
		Long:    "properties that hold " + what + " (schema/constraints: given by their names, as cfn-lint gives them) are " + shape + "; a function or dynamic reference is not judged",
		Example: "`\"" + bad + "\" is not " + OneOf(what) + " (...)`",
		Fix:     "give a value of that shape, or a `Ref`/`Fn::GetAtt` to the resource",
	})
}

// OneOf is one of a plural noun phrase, with its article: "security
// group ids" -> "a security group id", "SNS topic ARNs" -> "an SNS topic
// ARN" (said "es-en-es").
func OneOf(plural string) string {
	one := strings.TrimSuffix(plural, "s")
	if one != "" && strings.ContainsRune("AEIOSaeiou", rune(one[0])) {
		return "an " + one
	}
	return "a " + one
}
