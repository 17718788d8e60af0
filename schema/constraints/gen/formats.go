package main

import (
	"slices"
	"strings"
)

// The formats of resource ids and ARNs, given to properties by their
// names: cfn-lint's scripts/update_schemas_format.py (MIT-0), rule for
// rule, less its CIDR formats and its log group names (cfn-lint 1.51's
// E1155 checker is registered under another format's name, so it never
// reports; the API models' log group name patterns stand instead). Each format's check is in
// schema/constraints/formats.go.

// formatRule gives format to every property named one of names (at any
// depth) of a type not in skip (exact names, or prefixes ending in "::").
type formatRule struct {
	names   []string
	formats []string // any of them
	skip    []string
	// list: the property is a list of ids; the format goes to its items
	// (cfn-lint's _create_subnet_ids_patch and
	// _create_security_group_ids_patch), and only a list is labelled.
	list bool
	// suffix: also properties whose names end in one of names.
	suffix bool
}

const (
	fSecurityGroupID   = "AWS::EC2::SecurityGroup.Id"
	fSecurityGroupName = "AWS::EC2::SecurityGroup.Name"
	fVPCID             = "AWS::EC2::VPC.Id"
	fImageID           = "AWS::EC2::Image.Id"
	fSubnetID          = "AWS::EC2::Subnet.Id"
	fRoleArn           = "AWS::IAM::Role.Arn"
	fKMSKeyArn         = "AWS::KMS::Key.Arn"
	fKMSKeyID          = "AWS::KMS::Key.Id"
	fKMSAlias          = "AWS::KMS::Alias.AliasName"
	fTopicArn          = "AWS::SNS::Topic.Arn"
	fCertificateArn    = "AWS::ACM::Certificate.Arn"
	fFunctionArn       = "AWS::Lambda::Function.Arn"
	fBucketName        = "AWS::S3::Bucket.Name"
)

// securityGroupSkip are the types cfn-lint leaves alone for security group
// ids (they take names too).
var securityGroupSkip = []string{"AWS::Pipes::Pipe", "AWS::EC2::NetworkInsightsAnalysis", "AWS::AutoScaling::LaunchConfiguration", "AWS::EC2::Instance"}

var formatRules = []formatRule{
	{names: []string{"VpcId", "VPCId"}, formats: []string{fVPCID}},
	{names: []string{"ImageId", "AmiId"}, formats: []string{fImageID}, skip: []string{"AWS::Cloud9::EnvironmentEC2"}},
	{names: []string{"Subnets"}, formats: []string{fSubnetID}, list: true},
	{names: []string{"SubnetId"}, formats: []string{fSubnetID}},
	{names: []string{"RoleArn", "RoleARN", "IAMRoleARN", "IamRoleArn"}, formats: []string{fRoleArn}, skip: []string{"AWS::Kendra::Index"}},
	{names: []string{"RoleArn", "RoleARN"}, formats: []string{fRoleArn}, suffix: true},
	{names: []string{"KmsKeyArn", "KMSKeyArn", "KmsArn", "KMSArn"}, formats: []string{fKMSKeyArn}},
	{names: []string{"KmsKeyId", "KMSKeyId", "KmsMasterKeyId", "KMSMasterKeyID"}, formats: []string{fKMSKeyArn, fKMSKeyID, fKMSAlias}},
	{names: []string{"TopicArn", "TopicARN", "SnsTopicArn", "SNSTopicArn", "SnsTopicARN"}, formats: []string{fTopicArn}, skip: []string{"AWS::MSK::", "AWS::FMS::"}},
	{names: []string{"CertificateArn", "CertificateARN", "AcmCertificateArn"}, formats: []string{fCertificateArn},
		skip: []string{"AWS::EC2::CustomerGateway", "AWS::EMRContainers::Endpoint", "AWS::MediaPackage::OriginEndpoint", "AWS::MediaPackageV2::OriginEndpoint", "AWS::DMS::", "AWS::Greengrass", "AWS::IoT"}},
	{names: []string{"FunctionArn", "FunctionARN", "LambdaArn", "LambdaFunctionArn"}, formats: []string{fFunctionArn}, skip: []string{"AWS::CloudFront::", "AWS::AppSync::"}},
	{names: []string{"BucketName", "S3BucketName", "S3Bucket"}, formats: []string{fBucketName}, skip: []string{"AWS::Lightsail::", "AWS::S3Outposts::"}},
	{names: []string{"CustomSecurityGroupIds", "Ec2SecurityGroupIds", "GroupSet", "InputSecurityGroups", "SecurityGroupIdList", "SecurityGroupIds", "SecurityGroups", "VpcSecurityGroupIds"},
		formats: []string{fSecurityGroupID}, list: true, skip: securityGroupSkip},
	{names: []string{"ClusterSecurityGroupId", "DefaultSecurityGroup", "DestinationSecurityGroupId", "EC2SecurityGroupId", "SecurityGroup", "SecurityGroupId", "SourceSecurityGroupId", "VpcSecurityGroupId"},
		formats: []string{fSecurityGroupID}, skip: securityGroupSkip},
	{names: []string{"CacheSecurityGroupName", "ClusterSecurityGroupName", "EC2SecurityGroupName", "SourceSecurityGroupName"}, formats: []string{fSecurityGroupName}},
}

// manualFormats are cfn-lint's hand-given formats (its _manual_patches),
// on settable properties.
var manualFormats = map[string][]struct {
	ptr     string
	formats []string
}{
	"AWS::EC2::SecurityGroup":        {{"/properties/GroupName", []string{fSecurityGroupName}}},
	"AWS::EC2::SecurityGroupIngress": {{"/properties/GroupId", []string{fSecurityGroupID}}},
	"AWS::EC2::SecurityGroupEgress":  {{"/properties/GroupId", []string{fSecurityGroupID}}},
	"AWS::AutoScaling::LaunchConfiguration": {
		{"/properties/SecurityGroups/items", []string{fSecurityGroupID, fSecurityGroupName}},
	},
	"AWS::EC2::Instance": {
		{"/properties/SecurityGroups/items", []string{fSecurityGroupName}},
		{"/properties/SecurityGroupIds/items", []string{fSecurityGroupID, fSecurityGroupName}},
		{"/definitions/NetworkInterface/properties/GroupSet/items", []string{fSecurityGroupID}},
	},
	"AWS::KMS::Alias": {{"/properties/AliasName", []string{fKMSAlias}}},
}

// formatConstraints labels one type's properties with formats.
func formatConstraints(s *typeSchema, out *[]rawConstraint) {
	seen := map[string]bool{}
	add := func(ptr string, formats []string, origin string) {
		if ptr == "" || seen[ptr] {
			return
		}
		seen[ptr] = true
		*out = append(*out, rawConstraint{Pointer: ptr, Keyword: "format", Value: formats, Origin: origin})
	}
	for _, m := range manualFormats[s.name] {
		if _, ok := s.node(m.ptr); ok {
			add(m.ptr, m.formats, "cfn-lint scripts/update_schemas_format.py _manual_patches")
		}
	}
	for _, r := range formatRules {
		if skipped(s.name, r.skip) {
			continue
		}
		origin := "cfn-lint scripts/update_schemas_format.py: properties named " + strings.Join(r.names, ", ")
		if r.suffix {
			origin = "cfn-lint scripts/update_schemas_format.py: properties whose names end in " + strings.Join(r.names, ", ")
		}
		for _, ptr := range s.propertiesNamed(r.names, r.suffix) {
			if r.list {
				add(s.listItems(ptr), r.formats, origin)
				continue
			}
			add(s.labelled(ptr), r.formats, origin)
		}
	}
}

func skipped(typeName string, skip []string) bool {
	for _, k := range skip {
		if typeName == k || strings.HasSuffix(k, "::") && strings.HasPrefix(typeName, k) || !strings.HasSuffix(k, "::") && strings.HasPrefix(typeName, k+"::") {
			return true
		}
	}
	return false
}

// propertiesNamed lists the pointers of every property (under any
// "properties" of the document) named one of names; with suffix, whose
// name ends in one of them and is none of them (top level and in
// definitions, as cfn-lint's suffix rule reads).
func (s *typeSchema) propertiesNamed(names []string, suffix bool) []string {
	var out []string
	if suffix {
		check := func(base string, props map[string]any) {
			for _, name := range sortedKeys(props) {
				if slices.Contains(names, name) {
					continue
				}
				for _, n := range names {
					if strings.HasSuffix(name, n) {
						out = append(out, base+"/properties/"+name)
						break
					}
				}
			}
		}
		props, _ := s.root["properties"].(map[string]any)
		check("", props)
		defs, _ := s.root["definitions"].(map[string]any)
		for _, d := range sortedKeys(defs) {
			def, _ := defs[d].(map[string]any)
			p, _ := def["properties"].(map[string]any)
			check("/definitions/"+d, p)
		}
		return out
	}
	var descend func(node any, ptr string, parentKey string)
	descend = func(node any, ptr string, parentKey string) {
		switch n := node.(type) {
		case map[string]any:
			for _, k := range sortedKeys(n) {
				if parentKey == "properties" && slices.Contains(names, k) {
					out = append(out, ptr+"/"+k)
				}
				descend(n[k], ptr+"/"+k, k)
			}
		case []any:
			for i, v := range n {
				descend(v, ptr+"/"+itoa(i), "")
			}
		}
	}
	descend(s.root, "", "")
	return out
}

// labelled is where cfn-lint's _create_patch puts a format: the end of the
// node's $ref chain, or its items when it is a list; "" for the catch-all
// definition Arn, which cfn-lint leaves alone.
func (s *typeSchema) labelled(ptr string) string {
	node, ok := s.node(ptr)
	if !ok {
		return ""
	}
	for i := 0; i < 32; i++ {
		ref, isRef := node["$ref"].(string)
		if !isRef {
			break
		}
		if ref == "#/definitions/Arn" || !strings.HasPrefix(ref, "#/") {
			return ""
		}
		ptr = ref[1:]
		if node, ok = s.node(ptr); !ok {
			return ""
		}
	}
	if _, isList := node["items"]; isList {
		return ptr + "/items"
	}
	return ptr
}

// listItems is where a list-of-ids format goes: the list's items (the end
// of their $ref chain); "" when the node is no list.
func (s *typeSchema) listItems(ptr string) string {
	ptr, node, ok := s.follow(ptr, mustNode(s, ptr))
	if !ok || node["type"] != "array" {
		return ""
	}
	items, isMap := node["items"].(map[string]any)
	if !isMap {
		return ""
	}
	p, _, ok := s.follow(ptr+"/items", items)
	if !ok {
		return ""
	}
	return p
}

func mustNode(s *typeSchema, ptr string) map[string]any {
	n, _ := s.node(ptr)
	return n
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
