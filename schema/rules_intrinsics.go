package schema

import (
	"net/netip"
	"strconv"
	"strings"
)

// Template rules: the shapes of intrinsic functions, Mappings, Conditions,
// DependsOn, circular dependencies, unused parameters and conditions, and the
// SAM transform. Each rule reuses cfn-lint's id (checked against cfn-lint
// 1.51's rule list). Every rule runs off one walk of the template, so their
// cost is linear in its size: conditions are checked by name, never by
// evaluating combinations of Fn::If branches.

// facts is what one pass over a template learns, for the rules that need the
// whole template.
type facts struct {
	c                             *check
	sam, langExt                  bool
	params, resources, conditions map[string]any
	mappings                      map[string]any
	usedParams, usedConds         map[string]bool
	resourceLinks, conditionLinks links
	conditionNames, mappingNames  []string // sorted, for did-you-mean
	resourceNames                 []string
}

// templateRules runs the rules that look at the template as a whole.
func (c *check) templateRules() {
	f := &facts{
		c:              c,
		params:         c.section("Parameters"),
		resources:      c.section("Resources"),
		conditions:     c.section("Conditions"),
		mappings:       c.section("Mappings"),
		usedParams:     map[string]bool{},
		usedConds:      map[string]bool{},
		resourceLinks:  links{},
		conditionLinks: links{},
	}
	f.conditionNames = sortedKeys(f.conditions)
	f.mappingNames = sortedKeys(f.mappings)
	f.resourceNames = sortedKeys(f.resources)
	f.transforms()
	f.serverless()
	f.mappingsShape()
	f.conditionsSection()
	f.conditionCycles()
	f.walkTemplate()
	f.conditionAttributes()
	f.dependsOn()
	f.cycles()
	f.unused()
}

// scope says where the walker is.
type scope struct {
	owner        string // logical id of the resource being walked, "" elsewhere
	shapes       bool   // check function shapes (Resources, Outputs, Conditions)
	inConditions bool   // inside the Conditions section
}

// walkTemplate visits every section where intrinsic functions may stand:
// Resources, Outputs and the values compared in Conditions have their
// function shapes checked; the others (Metadata, Rules, Hooks, SAM's Globals)
// only count which parameters and conditions they use.
func (f *facts) walkTemplate() {
	for _, id := range f.resourceNames {
		f.walk(f.resources[id], trailOf(Path("Resources", id)), scope{owner: id, shapes: true})
	}
	if v, ok := f.c.doc.Root["Outputs"]; ok {
		f.walk(v, trailOf("Outputs"), scope{shapes: true})
	}
	for _, section := range []string{"Metadata", "Rules", "Hooks", "Globals"} {
		if v, ok := f.c.doc.Root[section]; ok {
			f.walk(v, trailOf(section), scope{})
		}
	}
}

func (f *facts) walk(v any, path *trail, s scope) {
	switch n := v.(type) {
	case map[string]any:
		if fn, arg, ok := fnCall(n); ok {
			f.function(fn, arg, path, s)
		}
		for _, k := range sortedKeys(n) {
			f.walk(n[k], path.to(k), s)
		}
	case []any:
		for i, item := range n {
			f.walk(item, path.to(strconv.Itoa(i)), s)
		}
	}
}

// fnCall returns the name and argument of a one-key mapping that is an
// intrinsic function call (Ref, Condition or Fn::*).
func fnCall(v any) (string, any, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", nil, false
	}
	for k, arg := range m {
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			return k, arg, true
		}
	}
	return "", nil, false
}

// describe names what a value is, for messages: "Fn::Join", "a string".
func describe(v any) string {
	if fn, _, ok := fnCall(v); ok {
		return fn
	}
	return "a " + kindName(v)
}

// knownFunctions are CloudFormation's intrinsic functions (besides Ref and
// Condition). The Rules section has functions of its own (Fn::Contains,
// Fn::ValueOf, ...): the walker does not shape-check that section.
var knownFunctions = []string{
	"Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAtt", "Fn::GetAZs", "Fn::If",
	"Fn::ImportValue", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Sub", "Fn::Transform",
	"Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Fn::Length", "Fn::ToJsonString",
	"Fn::GetStackOutput",
}

// conditionFunctions may stand only in the Conditions section (and Rules).
var conditionFunctions = map[string]string{
	"Fn::Equals": RuleEquals, "Fn::And": RuleAnd, "Fn::Or": RuleOr, "Fn::Not": RuleNot,
}

// stringFunctions always return a string (or a number), never a list.
var stringFunctions = map[string]bool{
	"Fn::Join": true, "Fn::Sub": true, "Fn::Base64": true, "Fn::ToJsonString": true, "Fn::Length": true,
}

// listFunctions always return a list, never a string.
var listFunctions = map[string]bool{"Fn::GetAZs": true, "Fn::Split": true, "Fn::Cidr": true}

// function records what one function call uses and, in scope, checks its shape.
func (f *facts) function(fn string, arg any, path *trail, s scope) {
	at := path.to(fn)
	switch fn {
	case "Ref":
		f.ref(arg, at, s)
		return
	case "Fn::Sub":
		f.subUses(arg, at, s)
		return
	case "Fn::GetAtt":
		f.getAttUses(arg, at, s)
		return
	case "Fn::If":
		f.ifFunction(arg, at, s)
		return
	case "Fn::ValueOf": // Rules: [ParameterName, Attribute]
		if list, ok := arg.([]any); ok && len(list) > 0 {
			if name, isString := list[0].(string); isString {
				f.usedParams[name] = true
			}
		}
		return
	}
	if !s.shapes {
		return
	}
	if rule, isCondition := conditionFunctions[fn]; isCondition {
		if !s.inConditions {
			f.c.errKey(rule, at.String(), "%s is a condition function: it can stand only in the Conditions section; in Resources and Outputs choose between values with Fn::If and a named condition", fn)
		}
		return
	}
	switch fn {
	case "Condition", "Fn::Transform", "Fn::GetStackOutput":
	case "Fn::Join":
		f.joinFunction(arg, at)
	case "Fn::Select":
		f.selectFunction(arg, at)
	case "Fn::Split":
		f.split(arg, at)
	case "Fn::FindInMap":
		f.findInMap(arg, at)
	case "Fn::Base64":
		f.stringArgument(RuleBase64, fn, arg, at, "the text to encode")
	case "Fn::ImportValue":
		f.stringArgument(RuleImportValue, fn, arg, at, "the name of an exported output")
	case "Fn::Cidr":
		f.cidr(arg, at)
	case "Fn::GetAZs":
		f.getAZs(arg, at)
	case "Fn::Length":
		f.needsLanguageExtensions(RuleFnLength, fn, at)
	case "Fn::ToJsonString":
		f.needsLanguageExtensions(RuleToJSONString, fn, at)
	default:
		if strings.HasPrefix(fn, "Fn::ForEach::") {
			f.needsLanguageExtensions(RuleForEach, "Fn::ForEach", at)
			return
		}
		f.c.errKey(RuleTemplate, at.String(), "unknown intrinsic function %s%s; CloudFormation knows Ref, Condition and %s", fn, suggestion(closestFunction(fn)), strings.Join(knownFunctions, ", "))
	}
}

// closestFunction suggests the known function a misspelled one meant, or "".
func closestFunction(fn string) string {
	got := strings.ToLower(strings.TrimPrefix(fn, "Fn::"))
	best, bestDist := "", max(1, len(got)/2)+1
	for _, k := range knownFunctions {
		if d := editDistance(got, strings.ToLower(strings.TrimPrefix(k, "Fn::"))); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// ref counts a Ref: a used parameter, or a link between resources.
func (f *facts) ref(arg any, path *trail, s scope) {
	name, ok := arg.(string)
	if !ok {
		return // references.go reports a Ref that is not a string
	}
	f.usedParams[name] = true
	if _, isResource := f.resources[name]; isResource {
		if s.inConditions {
			f.c.errAt(RuleConditions, path.String(), "Ref to resource %s cannot stand in Conditions: conditions are evaluated before any resource exists; compare parameters, pseudo parameters or mapping values", name)
		}
		f.resourceLinks.add(s.owner, name, path)
	}
}

func (f *facts) subUses(arg any, path *trail, s scope) {
	var text string
	locals := map[string]any{}
	switch a := arg.(type) {
	case string:
		text = a
	case []any:
		if len(a) > 0 {
			text, _ = a[0].(string)
		}
		if len(a) > 1 {
			locals, _ = a[1].(map[string]any)
		}
	}
	for _, name := range subVariables(text) {
		if _, local := locals[name]; local {
			continue
		}
		target, _, _ := strings.Cut(name, ".")
		f.usedParams[name] = true
		if _, isResource := f.resources[target]; isResource {
			f.resourceLinks.add(s.owner, target, path)
		}
	}
}

func (f *facts) getAttUses(arg any, path *trail, s scope) {
	var target string
	switch a := arg.(type) {
	case string:
		target, _, _ = strings.Cut(a, ".")
	case []any:
		if len(a) > 0 {
			target, _ = a[0].(string)
		}
	}
	if _, isResource := f.resources[target]; !isResource {
		return
	}
	if s.inConditions {
		f.c.errAt(RuleConditions, path.String(), "Fn::GetAtt cannot stand in Conditions: conditions are evaluated before any resource exists; compare parameters, pseudo parameters or mapping values")
	}
	f.resourceLinks.add(s.owner, target, path)
}

// ifFunction checks Fn::If [ConditionName, ValueIfTrue, ValueIfFalse].
func (f *facts) ifFunction(arg any, path *trail, s scope) {
	list, isList := arg.([]any)
	if isList && len(list) > 0 {
		if name, ok := list[0].(string); ok {
			f.usedConds[name] = true
		}
	}
	if !s.shapes {
		return
	}
	if s.inConditions {
		f.c.errKey(RuleConditions, path.String(), "Fn::If cannot stand in Conditions: combine conditions with Fn::And, Fn::Or, Fn::Not and {Condition: Name}")
		return
	}
	if !isList || len(list) != 3 {
		f.c.errAt(RuleIf, path.String(), "Fn::If takes [ConditionName, ValueIfTrue, ValueIfFalse], got %s", argCount(arg))
		return
	}
	name, ok := list[0].(string)
	if !ok {
		f.c.errAt(RuleIf, path.to("0").String(), "the first item of Fn::If must be the name of a condition (a string), got %s", describe(list[0]))
		return
	}
	f.conditionDefined(name, path.to("0"), "Fn::If")
}

// conditionDefined reports a condition name that Conditions does not define.
func (f *facts) conditionDefined(name string, path *trail, who string) bool {
	if _, ok := f.conditions[name]; ok {
		return true
	}
	f.c.errAt(RuleConditionRef, path.String(), "%s names condition %s, which is not defined in Conditions%s", who, name, didYouMean(name, f.conditionNames))
	return false
}

// argCount describes a function argument that should have been a list of items.
func argCount(arg any) string {
	if list, ok := arg.([]any); ok {
		if len(list) == 1 {
			return "1 item"
		}
		return strconv.Itoa(len(list)) + " items"
	}
	return describe(arg)
}

// list returns fn's argument when it is a list of min..max items, and
// reports it otherwise; form is the expected shape, e.g. "[Delimiter, [Values]]".
func (f *facts) list(rule, fn string, arg any, path *trail, min, max int, form string) ([]any, bool) {
	list, ok := arg.([]any)
	if !ok || len(list) < min || len(list) > max {
		f.c.errAt(rule, path.String(), "%s takes %s, got %s", fn, form, argCount(arg))
		return nil, false
	}
	return list, true
}

// literalDelimiter checks the delimiter of Fn::Join and Fn::Split, which
// CloudFormation takes only as a literal string.
func (f *facts) literalDelimiter(rule, fn string, v any, path *trail) {
	if _, isString := v.(string); !isString {
		f.c.errAt(rule, path.String(), "the delimiter of %s must be a literal string (functions are not allowed there), got %s", fn, describe(v))
	}
}

// joinFunction checks Fn::Join [Delimiter, [Values]].
func (f *facts) joinFunction(arg any, path *trail) {
	list, ok := f.list(RuleJoin, "Fn::Join", arg, path, 2, 2, "[Delimiter, [Values]]")
	if !ok {
		return
	}
	f.literalDelimiter(RuleJoin, "Fn::Join", list[0], path.to("0"))
	f.listArgument(RuleJoin, list[1], path.to("1"), "the second item of Fn::Join (the values to join)")
	if values, isList := list[1].([]any); isList {
		for i, v := range values {
			if _, _, isFn := fnCall(v); !isFn && !isScalar(v) {
				f.c.errAt(RuleJoin, path.to("1").to(strconv.Itoa(i)).String(), "the values of Fn::Join must be strings or functions that return one, got %s", describe(v))
			}
		}
	}
}

// listArgument checks an argument that must be a list, or a function that
// can return one.
func (f *facts) listArgument(rule string, v any, path *trail, what string) {
	if _, isList := v.([]any); isList {
		return
	}
	if name, _, isFn := fnCall(v); isFn {
		if stringFunctions[name] {
			f.c.errAt(rule, path.String(), "%s must be a list, but %s returns a string; use a list, or a function that returns one (Fn::Split, Fn::GetAZs, Ref to a list parameter)", what, name)
		}
		return
	}
	f.c.errAt(rule, path.String(), "%s must be a list (or a function that returns one, such as Fn::Split or Fn::GetAZs), got %s", what, describe(v))
}

// stringArgument checks an argument that must be a string or a function.
func (f *facts) stringArgument(rule, fn string, v any, path *trail, what string) {
	if name, _, isFn := fnCall(v); isFn {
		if listFunctions[name] {
			f.c.errAt(rule, path.String(), "%s takes %s (a string), but %s returns a list; pick one item with Fn::Select or join them with Fn::Join", fn, what, name)
		}
		return
	}
	if _, isString := v.(string); !isString {
		f.c.errAt(rule, path.String(), "%s takes %s (a string, or a function that returns one), got %s", fn, what, describe(v))
	}
}

func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any, nil:
		return false
	}
	return true
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
func (f *facts) selectFunction(arg any, path *trail) {
	list, ok := f.list(RuleSelect, "Fn::Select", arg, path, 2, 2, "[Index, [Values]]")
	if !ok {
		return
	}
	index, literal := nonNegative(list[0])
	if _, _, isFn := fnCall(list[0]); !isFn && !literal {
		f.c.errAt(RuleSelect, path.to("0").String(), "the index of Fn::Select must be an integer from 0 (or a Ref or Fn::FindInMap that gives one), got %s", show(list[0]))
	}
	f.listArgument(RuleSelect, list[1], path.to("1"), "the second item of Fn::Select (the values to select from)")
	if values, isList := list[1].([]any); isList && literal && index >= int64(len(values)) {
		f.c.errAt(RuleSelect, path.to("0").String(), "Fn::Select index %d is out of range: the list has %d item(s), indexed from 0", index, len(values))
	}
}

// split checks Fn::Split [Delimiter, Source].
func (f *facts) split(arg any, path *trail) {
	list, ok := f.list(RuleSplit, "Fn::Split", arg, path, 2, 2, "[Delimiter, SourceString]")
	if !ok {
		return
	}
	f.literalDelimiter(RuleSplit, "Fn::Split", list[0], path.to("0"))
	f.stringArgument(RuleSplit, "Fn::Split", list[1], path.to("1"), "the string to split")
}

// getAZs checks Fn::GetAZs Region: a string ("" is the stack's region) or a Ref.
func (f *facts) getAZs(arg any, path *trail) {
	if _, isString := arg.(string); isString {
		return
	}
	if name, _, isFn := fnCall(arg); isFn && name == "Ref" {
		return
	}
	f.c.errAt(RuleGetAZs, path.String(), "Fn::GetAZs takes a region name (\"\" for the stack's region) or a Ref to one, such as !Ref AWS::Region; got %s", describe(arg))
}

// cidr checks Fn::Cidr [IpBlock, Count, CidrBits].
func (f *facts) cidr(arg any, path *trail) {
	list, ok := f.list(RuleCidr, "Fn::Cidr", arg, path, 3, 3, "[IpBlock, Count, CidrBits]")
	if !ok {
		return
	}
	hostBits := int64(128)
	if _, _, isFn := fnCall(list[0]); !isFn {
		block, isString := list[0].(string)
		prefix, err := netip.ParsePrefix(block)
		if !isString || err != nil {
			f.c.errAt(RuleCidr, path.to("0").String(), "the IpBlock of Fn::Cidr must be a CIDR block such as \"10.0.0.0/16\" (or a function that gives one), got %s", show(list[0]))
		} else {
			hostBits = int64(prefix.Addr().BitLen() - prefix.Bits())
		}
	}
	if _, _, isFn := fnCall(list[1]); !isFn {
		if n, literal := nonNegative(list[1]); !literal || n < 1 || n > 256 {
			f.c.errAt(RuleCidr, path.to("1").String(), "the Count of Fn::Cidr must be an integer from 1 to 256 (the number of CIDR blocks to make), got %s", show(list[1]))
		}
	}
	if _, _, isFn := fnCall(list[2]); !isFn {
		if n, literal := nonNegative(list[2]); !literal || n < 1 || n > hostBits {
			f.c.errAt(RuleCidr, path.to("2").String(), "the CidrBits of Fn::Cidr must be an integer from 1 to %d (the host bits of each block: 8 makes /24 blocks in IPv4), got %s", hostBits, show(list[2]))
		}
	}
}

// findInMap checks Fn::FindInMap [MapName, TopLevelKey, SecondLevelKey]
// (with AWS::LanguageExtensions, an optional fourth {DefaultValue: value})
// and, where the names are literal, that Mappings has them.
func (f *facts) findInMap(arg any, path *trail) {
	form := "[MapName, TopLevelKey, SecondLevelKey]"
	if f.langExt {
		form = "[MapName, TopLevelKey, SecondLevelKey] or [MapName, TopLevelKey, SecondLevelKey, {DefaultValue: value}]"
	}
	list, ok := f.list(RuleFindInMap, "Fn::FindInMap", arg, path, 3, 4, form)
	if !ok {
		return
	}
	hasDefault := false
	if len(list) == 4 {
		at := path.to("3")
		if !f.langExt {
			f.c.errAt(RuleFindInMap, at.String(), "a fourth item (a default value) in Fn::FindInMap needs `Transform: AWS::LanguageExtensions`; add the transform or remove the item")
			return
		}
		if m, isMap := list[3].(map[string]any); !isMap || len(m) != 1 || m["DefaultValue"] == nil {
			f.c.errAt(RuleFindInMap, at.String(), "the fourth item of Fn::FindInMap must be {DefaultValue: value}, got %s", describe(list[3]))
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
			keys[i] = fmtScalar(v) // numbers are mapping keys as text
		default:
			if _, _, isFn := fnCall(v); !isFn {
				f.c.errAt(RuleFindInMap, path.to(strconv.Itoa(i)).String(), "item %d of Fn::FindInMap must be a name (a string) or a function that gives one (Ref, Fn::FindInMap), got %s", i, describe(v))
				return
			}
		}
	}
	if keys[0] == "" {
		return
	}
	m, found := f.mappings[keys[0]]
	if !found {
		f.c.errAt(RuleFindInMap, path.to("0").String(), "Fn::FindInMap names mapping %s, which is not in Mappings%s", keys[0], didYouMean(keys[0], f.mappingNames))
		return
	}
	top, _ := m.(map[string]any)
	if keys[1] == "" || hasDefault || top == nil {
		return
	}
	second, found := top[keys[1]]
	if !found {
		f.c.errAt(RuleFindInMap, path.to("1").String(), "mapping %s has no top-level key %s%s; it has %s", keys[0], keys[1], didYouMean(keys[1], sortedKeys(top)), strings.Join(sortedKeys(top), ", "))
		return
	}
	values, _ := second.(map[string]any)
	if keys[2] == "" || values == nil {
		return
	}
	if _, found := values[keys[2]]; !found {
		f.c.errAt(RuleFindInMap, path.to("2").String(), "mapping %s has no key %s under %s%s; it has %s", keys[0], keys[2], keys[1], didYouMean(keys[2], sortedKeys(values)), strings.Join(sortedKeys(values), ", "))
	}
}

// fmtScalar prints a number or boolean the way a YAML mapping key spells it.
func fmtScalar(v any) string {
	switch n := v.(type) {
	case int64:
		return strconv.FormatInt(n, 10)
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(n)
	}
	return ""
}

// needsLanguageExtensions reports a function that exists only with the
// AWS::LanguageExtensions transform.
func (f *facts) needsLanguageExtensions(rule, fn string, path *trail) {
	if !f.langExt {
		f.c.errKey(rule, path.String(), "%s needs `Transform: AWS::LanguageExtensions`; add the transform or write the value out", fn)
	}
}

// mappingsShape checks Mappings: MapName -> TopLevelKey -> SecondLevelKey -> value,
// with literal values only.
func (f *facts) mappingsShape() {
	for _, name := range f.mappingNames {
		path := Path("Mappings", name)
		top, ok := f.mapping(f.mappings[name], path, "mapping "+name+" must map top-level keys to mappings of second-level keys")
		if !ok {
			continue
		}
		for _, k := range sortedKeys(top) {
			at := join(path, k)
			second, ok := f.mapping(top[k], at, "top-level key "+k+" must map second-level keys to values")
			if !ok {
				continue
			}
			for _, k2 := range sortedKeys(second) {
				f.mappingValue(second[k2], join(at, k2))
			}
		}
	}
}

// mapping returns v as a non-empty mapping, or reports that it should be one.
func (f *facts) mapping(v any, path, want string) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	got := describe(v)
	if _, _, isFn := fnCall(v); !isFn && ok && len(m) > 0 {
		return m, true
	} else if ok && len(m) == 0 {
		got = "an empty mapping"
	}
	f.c.errAt(RuleMapping, path, "%s (MapName -> TopLevelKey -> SecondLevelKey -> value), got %s", want, got)
	return nil, false
}

func (f *facts) mappingValue(v any, path string) {
	if fn, _, isFn := fnCall(v); isFn {
		f.c.errAt(RuleMapping, path, "Mappings cannot contain intrinsic functions (%s): CloudFormation reads them before any parameter or resource exists; write the value out", fn)
		return
	}
	switch n := v.(type) {
	case map[string]any:
		f.c.errAt(RuleMapping, path, "a mapping value must be a string, number, boolean or list, got a mapping: Mappings have exactly two levels of keys")
	case []any:
		for i, item := range n {
			if !isScalar(item) {
				f.c.errAt(RuleMapping, join(path, strconv.Itoa(i)), "the items of a mapping value's list must be strings or numbers, got %s", describe(item))
			}
		}
	case nil:
		f.c.errAt(RuleMapping, path, "a mapping value must be a string, number, boolean or list, got null")
	}
}
