package functions

import (
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Functions: the shape and arity of every intrinsic function call in
// Resources and Outputs (and, for the conditions rules, in the values that
// Conditions compare): E1001 for a function CloudFormation does not know,
// E1011, E1015-E1018, E1021, E1022, E1024, E1028, and E1030-E1032 for the
// functions of the AWS::LanguageExtensions transform. Every rule runs off
// the model's one record of calls, so its cost is linear in the template.

// functionShapes checks the shape of a call in Resources or Outputs.
func functionShapes(m *rules.Model, c *rules.Call, r *rules.Report) {
	if c.Section == "Resources" || c.Section == "Outputs" {
		shape(m, r, c, false)
	}
}

// shape checks one call's shape; inConditions is set for a value compared
// in Conditions, where condition functions may stand and Fn::If, Fn::GetAtt
// and Ref to a resource may not.
func shape(m *rules.Model, r *rules.Report, c *rules.Call, inConditions bool) {
	fn, arg, at := c.Fn, c.Arg, c.At
	switch fn {
	case "Ref":
		if name, ok := arg.(string); ok && inConditions {
			if _, isResource := m.Resources[name]; isResource {
				r.At(rules.Conditions, at.String(), "Ref to resource %s cannot stand in Conditions: conditions are evaluated before any resource exists; compare parameters, pseudo parameters or mapping values", name)
			}
		}
		return
	case "Fn::GetAtt":
		if _, isResource := m.Resources[getAttTarget(arg)]; isResource && inConditions {
			r.At(rules.Conditions, at.String(), "Fn::GetAtt cannot stand in Conditions: conditions are evaluated before any resource exists; compare parameters, pseudo parameters or mapping values")
		}
		return
	case "Fn::Sub", "Fn::ValueOf":
		return
	case "Fn::If":
		ifFunction(m, r, arg, at, inConditions)
		return
	}
	if rule, isCondition := conditionFunctions[fn]; isCondition {
		if !inConditions {
			r.Key(rule, at.String(), "%s is a condition function: it can stand only in the Conditions section; in Resources and Outputs choose between values with Fn::If and a named condition", fn)
		}
		return
	}
	switch fn {
	case "Condition", "Fn::Transform":
	case "Fn::GetStackOutput":
		getStackOutput(r, arg, at)
	case "Fn::Join":
		joinFunction(r, arg, at)
	case "Fn::Select":
		selectFunction(r, arg, at)
	case "Fn::Split":
		split(r, arg, at)
	case "Fn::FindInMap":
		findInMap(m, r, arg, at)
	case "Fn::Base64":
		stringArgument(r, rules.Base64, fn, arg, at, "the text to encode")
	case "Fn::ImportValue":
		stringArgument(r, rules.ImportValue, fn, arg, at, "the name of an exported output")
	case "Fn::Cidr":
		cidr(r, arg, at)
	case "Fn::GetAZs":
		getAZs(r, arg, at)
	case "Fn::Length":
		needsLanguageExtensions(m, r, rules.FnLength, fn, at)
	case "Fn::ToJsonString":
		needsLanguageExtensions(m, r, rules.ToJSONString, fn, at)
	default:
		if strings.HasPrefix(fn, "Fn::ForEach::") {
			needsLanguageExtensions(m, r, rules.ForEach, "Fn::ForEach", at)
			return
		}
		r.Key(rules.Template, at.String(), "unknown intrinsic function %s%s; CloudFormation knows Ref, Condition and %s", fn, suggest.Phrase(closestFunction(fn)), strings.Join(knownFunctions, ", "))
	}
}

// getAttTarget is the logical id a Fn::GetAtt names, "" when it names none.
func getAttTarget(arg any) string {
	var target string
	switch a := arg.(type) {
	case string:
		target, _, _ = strings.Cut(a, ".")
	case []any:
		if len(a) > 0 {
			target, _ = a[0].(string)
		}
	}
	return target
}

// ifFunction checks Fn::If [ConditionName, ValueIfTrue, ValueIfFalse].
func ifFunction(m *rules.Model, r *rules.Report, arg any, path *template.Trail, inConditions bool) {
	if inConditions {
		r.Key(rules.Conditions, path.String(), "Fn::If cannot stand in Conditions: combine conditions with Fn::And, Fn::Or, Fn::Not and {Condition: Name}")
		return
	}
	list, isList := arg.([]any)
	if !isList || len(list) != 3 {
		r.At(rules.If, path.String(), "Fn::If takes [ConditionName, ValueIfTrue, ValueIfFalse], got %s", template.Items(arg))
		return
	}
	name, ok := list[0].(string)
	if !ok {
		r.At(rules.If, path.To("0").String(), "the first item of Fn::If must be the name of a condition (a string), got %s", template.Describe(list[0]))
		return
	}
	conditionDefined(m, r, name, path.To("0"), "Fn::If")
}

// languageFunctions checks, with the AWS::LanguageExtensions transform,
// the arguments of Fn::Length (a list, or a function that returns one) and
// Fn::ToJsonString (a mapping or a list), which the transform resolves.
func languageFunctions(m *rules.Model, c *rules.Call, r *rules.Report) {
	if !m.LangExt || c.Section != "Resources" && c.Section != "Outputs" && c.Section != "Conditions" {
		return
	}
	switch c.Fn {
	case "Fn::Length":
		if inner, _, isFn := template.Call(c.Arg); isFn && stringFunctions[inner] {
			r.At(rules.FnLength, c.At.String(), "Fn::Length counts the items of a list, but %s returns a string", inner)
		} else if _, isList := c.Arg.([]any); !isList && !isFn {
			r.At(rules.FnLength, c.At.String(), "Fn::Length takes a list (or a function that returns one, such as Ref to a CommaDelimitedList parameter or Fn::Split), got %s", template.Describe(c.Arg))
		}
	case "Fn::ToJsonString":
		_, isMap := c.Arg.(map[string]any)
		if _, isList := c.Arg.([]any); !isMap && !isList {
			r.At(rules.ToJSONString, c.At.String(), "Fn::ToJsonString takes a mapping or a list to write as JSON, got %s", template.Describe(c.Arg))
		}
	}
}

// knownFunctions are CloudFormation's intrinsic functions (besides Ref and
// Condition). The Rules section has functions of its own (Fn::Contains,
// Fn::ValueOf, ...): the sections family checks that section (E1700).
var knownFunctions = []string{
	"Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAtt", "Fn::GetAZs", "Fn::If",
	"Fn::ImportValue", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Sub", "Fn::Transform",
	"Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Fn::Length", "Fn::ToJsonString",
	"Fn::GetStackOutput",
}

// conditionFunctions may stand only in the Conditions section (and Rules).
var conditionFunctions = map[string]*rules.Info{
	"Fn::Equals": rules.Equals, "Fn::And": rules.And, "Fn::Or": rules.Or, "Fn::Not": rules.Not,
}

// stringFunctions always return a string (or a number), never a list.
var stringFunctions = map[string]bool{
	"Fn::Join": true, "Fn::Sub": true, "Fn::Base64": true, "Fn::ToJsonString": true, "Fn::Length": true,
}

// listFunctions always return a list, never a string.
var listFunctions = map[string]bool{"Fn::GetAZs": true, "Fn::Split": true, "Fn::Cidr": true}

// closestFunction suggests the known function a misspelled one meant, or "".
func closestFunction(fn string) string {
	got := strings.ToLower(strings.TrimPrefix(fn, "Fn::"))
	best, bestDist := "", max(1, len(got)/2)+1
	for _, k := range append([]string{"Ref", "Condition"}, knownFunctions...) { // !Reff is Fn::Reff
		if d := suggest.Distance(got, strings.ToLower(strings.TrimPrefix(k, "Fn::"))); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// list returns fn's argument when it is a list of min..max items, and
// reports it otherwise; form is the expected shape, e.g. "[Delimiter, [Values]]".
func list(r *rules.Report, rule *rules.Info, fn string, arg any, path *template.Trail, min, max int, form string) ([]any, bool) {
	list, ok := arg.([]any)
	if !ok || len(list) < min || len(list) > max {
		r.At(rule, path.String(), "%s takes %s, got %s", fn, form, template.Items(arg))
		return nil, false
	}
	return list, true
}

// literalDelimiter checks the delimiter of Fn::Join and Fn::Split, which
// CloudFormation takes only as a literal string.
func literalDelimiter(r *rules.Report, rule *rules.Info, fn string, v any, path *template.Trail) {
	if _, isString := v.(string); !isString {
		r.At(rule, path.String(), "the delimiter of %s must be a literal string (functions are not allowed there), got %s", fn, template.Describe(v))
	}
}

// joinFunction checks Fn::Join [Delimiter, [Values]].
func joinFunction(r *rules.Report, arg any, path *template.Trail) {
	list, ok := list(r, rules.Join, "Fn::Join", arg, path, 2, 2, "[Delimiter, [Values]]")
	if !ok {
		return
	}
	literalDelimiter(r, rules.Join, "Fn::Join", list[0], path.To("0"))
	listArgument(r, rules.Join, list[1], path.To("1"), "the second item of Fn::Join (the values to join)")
	if values, isList := list[1].([]any); isList {
		for i, v := range values {
			if _, _, isFn := template.Call(v); !isFn && !template.IsScalar(v) {
				r.At(rules.Join, path.To("1").To(strconv.Itoa(i)).String(), "the values of Fn::Join must be strings or functions that return one, got %s", template.Describe(v))
			}
		}
	}
}

// listArgument checks an argument that must be a list, or a function that
// can return one.
func listArgument(r *rules.Report, rule *rules.Info, v any, path *template.Trail, what string) {
	if _, isList := v.([]any); isList {
		return
	}
	if name, _, isFn := template.Call(v); isFn {
		if stringFunctions[name] {
			r.At(rule, path.String(), "%s must be a list, but %s returns a string; use a list, or a function that returns one (Fn::Split, Fn::GetAZs, Ref to a list parameter)", what, name)
		}
		return
	}
	r.At(rule, path.String(), "%s must be a list (or a function that returns one, such as Fn::Split or Fn::GetAZs), got %s", what, template.Describe(v))
}

// stringArgument checks an argument that must be a string or a function.
func stringArgument(r *rules.Report, rule *rules.Info, fn string, v any, path *template.Trail, what string) {
	if name, _, isFn := template.Call(v); isFn {
		if listFunctions[name] {
			r.At(rule, path.String(), "%s takes %s (a string), but %s returns a list; pick one item with Fn::Select or join them with Fn::Join", fn, what, name)
		}
		return
	}
	if _, isString := v.(string); !isString {
		r.At(rule, path.String(), "%s takes %s (a string, or a function that returns one), got %s", fn, what, template.Describe(v))
	}
}

// stackOutputKeys are what Fn::GetStackOutput takes, and whether each is
// required (cfn-lint's data/schemas/other/functions/getstackoutput.json).
var stackOutputKeys = map[string]bool{"StackName": true, "OutputName": true, "Region": false, "RoleArn": false}

// stackOutputFunctions are the functions its values may be.
var stackOutputFunctions = map[string]bool{
	"Fn::Base64": true, "Fn::FindInMap": true, "Fn::GetAtt": true, "Fn::If": true, "Fn::ImportValue": true,
	"Fn::Join": true, "Fn::Select": true, "Fn::Sub": true, "Ref": true,
}

// getStackOutput checks Fn::GetStackOutput {StackName, OutputName, Region,
// RoleArn} (E1033), at the keys cfn-lint points at: the one naming the
// call for its shape, each argument's own.
func getStackOutput(r *rules.Report, arg any, path *template.Trail) {
	m, ok := arg.(map[string]any)
	if _, _, isFn := template.Call(arg); !ok || isFn {
		r.Key(rules.GetStackOutput, path.Up().String(), "Fn::GetStackOutput takes {StackName: ..., OutputName: ...} (and optionally Region and RoleArn), got %s", template.Describe(arg))
		return
	}
	keys := slices.Sorted(maps.Keys(stackOutputKeys))
	for _, k := range keys {
		if stackOutputKeys[k] {
			if _, has := m[k]; !has {
				r.Key(rules.GetStackOutput, path.Up().String(), "Fn::GetStackOutput needs %s", k)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		at := path.To(k)
		if _, known := stackOutputKeys[k]; !known {
			r.Key(rules.GetStackOutput, at.String(), "Fn::GetStackOutput takes StackName, OutputName, Region and RoleArn, not %s%s", k, suggest.DidYouMean(k, keys))
			continue
		}
		switch v := m[k].(type) {
		case string:
		default:
			if fn, _, isFn := template.Call(v); !isFn || !stackOutputFunctions[fn] {
				r.Key(rules.GetStackOutput, at.String(), "%s takes a string, or a function that returns one, got %s", k, template.Describe(v))
			}
		}
	}
}

// nonNegative reads a literal index or count: an integer, or a string of digits.
func nonNegative(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, n >= 0
	case string:
		i, err := strconv.ParseInt(n, 10, 64)
		return i, err == nil && i >= 0
	}
	return 0, false
}

// selectFunction checks Fn::Select [Index, [Values]].
func selectFunction(r *rules.Report, arg any, path *template.Trail) {
	list, ok := list(r, rules.Select, "Fn::Select", arg, path, 2, 2, "[Index, [Values]]")
	if !ok {
		return
	}
	index, literal := nonNegative(list[0])
	if _, _, isFn := template.Call(list[0]); !isFn && !literal {
		r.At(rules.Select, path.To("0").String(), "the index of Fn::Select must be an integer from 0 (or a Ref or Fn::FindInMap that gives one), got %s", template.Show(list[0]))
	}
	listArgument(r, rules.Select, list[1], path.To("1"), "the second item of Fn::Select (the values to select from)")
	if values, isList := list[1].([]any); isList && literal && index >= int64(len(values)) {
		r.At(rules.Select, path.To("0").String(), "Fn::Select index %d is out of range: the list has %d item(s), indexed from 0", index, len(values))
	}
}

// split checks Fn::Split [Delimiter, Source].
func split(r *rules.Report, arg any, path *template.Trail) {
	list, ok := list(r, rules.Split, "Fn::Split", arg, path, 2, 2, "[Delimiter, SourceString]")
	if !ok {
		return
	}
	literalDelimiter(r, rules.Split, "Fn::Split", list[0], path.To("0"))
	stringArgument(r, rules.Split, "Fn::Split", list[1], path.To("1"), "the string to split")
}

// getAZs checks Fn::GetAZs Region: a string ("" is the stack's region) or a Ref.
func getAZs(r *rules.Report, arg any, path *template.Trail) {
	if _, isString := arg.(string); isString {
		return
	}
	if name, _, isFn := template.Call(arg); isFn && name == "Ref" {
		return
	}
	r.At(rules.GetAZs, path.String(), "Fn::GetAZs takes a region name (\"\" for the stack's region) or a Ref to one, such as !Ref AWS::Region; got %s", template.Describe(arg))
}

// cidr checks Fn::Cidr [IpBlock, Count, CidrBits].
func cidr(r *rules.Report, arg any, path *template.Trail) {
	list, ok := list(r, rules.Cidr, "Fn::Cidr", arg, path, 3, 3, "[IpBlock, Count, CidrBits]")
	if !ok {
		return
	}
	hostBits := int64(128)
	if _, _, isFn := template.Call(list[0]); !isFn {
		block, isString := list[0].(string)
		prefix, err := netip.ParsePrefix(block)
		if !isString || err != nil {
			r.At(rules.Cidr, path.To("0").String(), "the IpBlock of Fn::Cidr must be a CIDR block such as \"10.0.0.0/16\" (or a function that gives one), got %s", template.Show(list[0]))
		} else {
			hostBits = int64(prefix.Addr().BitLen() - prefix.Bits())
		}
	}
	if _, _, isFn := template.Call(list[1]); !isFn {
		if n, literal := nonNegative(list[1]); !literal || n < 1 || n > 256 {
			r.At(rules.Cidr, path.To("1").String(), "the Count of Fn::Cidr must be an integer from 1 to 256 (the number of CIDR blocks to make), got %s", template.Show(list[1]))
		}
	}
	if _, _, isFn := template.Call(list[2]); !isFn {
		if n, literal := nonNegative(list[2]); !literal || n < 1 || n > hostBits {
			r.At(rules.Cidr, path.To("2").String(), "the CidrBits of Fn::Cidr must be an integer from 1 to %d (the host bits of each block: 8 makes /24 blocks in IPv4), got %s", hostBits, template.Show(list[2]))
		}
	}
}

// findInMap checks Fn::FindInMap [MapName, TopLevelKey, SecondLevelKey]
// (with AWS::LanguageExtensions, an optional fourth {DefaultValue: value})
// and, where the names are literal, that Mappings has them.
func findInMap(m *rules.Model, r *rules.Report, arg any, path *template.Trail) {
	form := "[MapName, TopLevelKey, SecondLevelKey]"
	if m.LangExt {
		form = "[MapName, TopLevelKey, SecondLevelKey] or [MapName, TopLevelKey, SecondLevelKey, {DefaultValue: value}]"
	}
	list, ok := list(r, rules.FindInMap, "Fn::FindInMap", arg, path, 3, 4, form)
	if !ok {
		return
	}
	hasDefault := false
	if len(list) == 4 {
		at := path.To("3")
		if !m.LangExt {
			r.At(rules.FindInMap, at.String(), "a fourth item (a default value) in Fn::FindInMap needs `Transform: AWS::LanguageExtensions`; add the transform or remove the item")
			return
		}
		if m, isMap := list[3].(map[string]any); !isMap || len(m) != 1 || m["DefaultValue"] == nil {
			r.At(rules.FindInMap, at.String(), "the fourth item of Fn::FindInMap must be {DefaultValue: value}, got %s", template.Describe(list[3]))
			return
		}
		hasDefault = true
	}
	var keys [3]string // the literal names, "" where a function gives them
	for i := 0; i < 3; i++ {
		switch v := list[i].(type) {
		case string:
			keys[i] = v
		case int64, float64, bool:
			keys[i] = template.Scalar(v) // numbers are mapping keys as text
		default:
			if _, _, isFn := template.Call(v); !isFn {
				r.At(rules.FindInMap, path.To(strconv.Itoa(i)).String(), "item %d of Fn::FindInMap must be a name (a string) or a function that gives one (Ref, Fn::FindInMap), got %s", i, template.Describe(v))
				return
			}
		}
	}
	if keys[0] == "" {
		return
	}
	mp, found := m.Mappings[keys[0]]
	if !found {
		r.At(rules.FindInMap, path.To("0").String(), "Fn::FindInMap names mapping %s, which is not in Mappings%s", keys[0], suggest.DidYouMean(keys[0], m.MappingNames))
		return
	}
	top, _ := mp.(map[string]any)
	if keys[1] == "" || hasDefault || top == nil {
		return
	}
	second, found := top[keys[1]]
	if !found {
		r.At(rules.FindInMap, path.To("1").String(), "mapping %s has no top-level key %s%s; it has %s", keys[0], keys[1], suggest.DidYouMean(keys[1], slices.Sorted(maps.Keys(top))), strings.Join(slices.Sorted(maps.Keys(top)), ", "))
		return
	}
	values, _ := second.(map[string]any)
	if keys[2] == "" || values == nil {
		return
	}
	if _, found := values[keys[2]]; !found {
		r.At(rules.FindInMap, path.To("2").String(), "mapping %s has no key %s under %s%s; it has %s", keys[0], keys[2], keys[1], suggest.DidYouMean(keys[2], slices.Sorted(maps.Keys(values))), strings.Join(slices.Sorted(maps.Keys(values)), ", "))
	}
}

// needsLanguageExtensions reports a function that exists only with the
// AWS::LanguageExtensions transform.
func needsLanguageExtensions(m *rules.Model, r *rules.Report, rule *rules.Info, fn string, path *template.Trail) {
	if !m.LangExt {
		r.Key(rule, path.String(), "%s needs `Transform: AWS::LanguageExtensions`; add the transform or write the value out", fn)
	}
}
