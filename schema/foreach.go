package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The AWS::LanguageExtensions transform, as far as the checks need it: before
// any rule runs, Fn::ForEach loops in Resources, Outputs and Conditions (and
// nested inside them, such as in a resource's Properties) are expanded the way
// the transform expands them at deploy time, so every rule sees the resources,
// outputs and conditions the stack will have. An expanded node keeps the
// position of the template line it comes from: the Document's position maps
// are copied and the loop body's positions are copied again under each
// expanded path, so a finding in Resources/TopicA points inside the loop.
//
// DeletionPolicy and UpdateReplacePolicy are checked here too: the transform
// is what lets them be intrinsic functions.

// Rule ids of this file: cfn-lint's ids for the same checks, except I1032,
// which cfn-lint does not have.
const (
	RuleForEachSkipped      = "I1032" // a Fn::ForEach collection unknown until deploy: not expanded
	RuleDeletionPolicy      = "E3035" // DeletionPolicy is Delete, Retain, RetainExceptOnCreate or Snapshot
	RuleUpdateReplacePolicy = "E3036" // UpdateReplacePolicy is Delete, Retain, RetainExceptOnCreate or Snapshot
)

func init() {
	ruleDescriptions[RuleForEachSkipped] = "A Fn::ForEach collection is only known at deploy time: the loop is not checked"
	ruleDescriptions[RuleDeletionPolicy] = "DeletionPolicy is Delete, Retain, RetainExceptOnCreate or Snapshot"
	ruleDescriptions[RuleUpdateReplacePolicy] = "UpdateReplacePolicy is Delete, Retain, RetainExceptOnCreate or Snapshot"
}

const forEachPrefix = "Fn::ForEach::"

// forEachSections are the sections where Fn::ForEach may stand.
var forEachSections = []string{"Resources", "Outputs", "Conditions"}

// deletionPolicies are the values DeletionPolicy and UpdateReplacePolicy
// take; Snapshot only for the types in snapshotTypes (cfn-lint's list).
var deletionPolicies = []string{"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"}

var snapshotTypes = []string{
	"AWS::DocDB::DBCluster", "AWS::EC2::Volume", "AWS::ElastiCache::CacheCluster",
	"AWS::ElastiCache::ReplicationGroup", "AWS::Neptune::DBCluster", "AWS::RDS::DBCluster",
	"AWS::RDS::DBInstance", "AWS::Redshift::Cluster",
}

// langExt is what the expansion learned that the end of Validate needs.
type langExt struct {
	loopParams      map[string]bool // parameters that give a loop its collection
	skippedResource bool            // a loop in Resources was not expanded
}

// expander expands the loops of one document.
type expander struct {
	c          *check
	transform  bool
	loopParams map[string]bool
	reported   map[reportID]bool // a loop nested in another is visited once per outer item: report once
	loopNames  map[string]nodeID // loop name -> source path of its first loop
	skipped    map[string]bool   // sections with a loop that was not expanded
	nodes      int               // nodes made so far (spend)
	text       int               // bytes of strings and keys made inside loops so far (substitute)
	tooBig     bool
}

// binding is one loop variable and the item it stands for.
type binding struct{ id, item string }

// languageExtensions expands every Fn::ForEach loop of c.doc into a copy of
// the document, which the rules then check, and checks DeletionPolicy and
// UpdateReplacePolicy. The caller's Document is not changed.
func (c *check) languageExtensions() *langExt {
	x := &expander{c: c, transform: c.hasTransform(languageExtension), loopParams: map[string]bool{}, reported: map[reportID]bool{}, loopNames: map[string]nodeID{}, skipped: map[string]bool{}}
	if hasLoops(c.doc.Root) {
		doc := &Document{File: c.doc.File, Root: make(map[string]any, len(c.doc.Root)), pos: c.doc.pos.clone()}
		for k, v := range c.doc.Root {
			doc.Root[k] = v
		}
		c.doc = doc
		for _, section := range forEachSections {
			if m, ok := doc.Root[section].(map[string]any); ok {
				at := x.at(rootNode, section)
				doc.Root[section] = x.mapping(m, at, at, nil)
			}
		}
	}
	x.policies()
	if x.transform {
		for _, section := range forEachSections {
			x.languageFunctions(x.c.doc.Root[section], trailOf(section))
		}
	}
	return &langExt{loopParams: x.loopParams, skippedResource: x.skipped["Resources"]}
}

// after drops the W2001 findings of parameters used only as a loop's
// collection (the expansion removed the Ref that used them), and the report
// of an empty Resources section when a loop there was not expanded.
func (l *langExt) after(findings []Finding) []Finding {
	if len(l.loopParams) == 0 && !l.skippedResource {
		return findings
	}
	out := findings[:0:0]
	for _, f := range findings {
		if f.Rule == RuleUnusedParam && strings.HasPrefix(f.Path, "Parameters/") && l.loopParams[strings.TrimPrefix(f.Path, "Parameters/")] {
			continue
		}
		if l.skippedResource && f.Rule == RuleTemplate && f.Path == "Resources" && strings.HasPrefix(f.Message, "must be a mapping with at least one resource") {
			continue
		}
		out = append(out, f)
	}
	return out
}

// hasLoops reports whether a section where loops may stand has one.
func hasLoops(root map[string]any) bool {
	var has func(v any) bool
	has = func(v any) bool {
		switch n := v.(type) {
		case map[string]any:
			for k, item := range n {
				if strings.HasPrefix(k, forEachPrefix) || has(item) {
					return true
				}
			}
		case []any:
			for _, item := range n {
				if has(item) {
					return true
				}
			}
		}
		return false
	}
	for _, section := range forEachSections {
		if has(root[section]) {
			return true
		}
	}
	return false
}

// report adds a finding once per rule, path and message; the path's text
// is built only for a finding that is added.
func (x *expander) report(sev Severity, rule string, pos Pos, path nodeID, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	id := reportID{rule, path, msg}
	if x.reported[id] {
		return
	}
	x.reported[id] = true
	x.c.add(sev, rule, pos, x.pos().text(path), "%s", msg)
}

// reportID is what report reports once.
type reportID struct {
	rule string
	path nodeID
	msg  string
}

func (x *expander) errAt(path nodeID, format string, args ...any) {
	x.report(Error, RuleForEach, x.pos().posOf(path), path, format, args...)
}

func (x *expander) errKey(path nodeID, format string, args ...any) {
	x.report(Error, RuleForEach, x.pos().keyPosOf(path), path, format, args...)
}

// pos is the positions of the document the expansion writes.
func (x *expander) pos() *positions { return x.c.doc.pos }

// at is the node of join(path of parent, seg), made when new.
func (x *expander) at(parent nodeID, seg string) nodeID { return x.pos().node(parent, seg) }

// copyPositions gives the node at dst the positions of the node at src.
func (x *expander) copyPositions(src, dst nodeID) {
	if src == dst {
		return
	}
	p := x.pos()
	if pos, ok := p.valueOf(src); ok {
		p.setValue(dst, pos)
	}
	if pos, ok := p.keyOf(src); ok {
		p.setKey(dst, pos)
	}
	if pos, ok := p.blockOf(src); ok {
		p.setBlock(dst, pos)
	}
}

// value returns v with the loop variables of b substituted and the loops in
// it expanded; src is where v stands in the template, dst where it lands.
func (x *expander) value(v any, src, dst nodeID, b []binding) any {
	if x.spend(src) {
		return nil
	}
	x.copyPositions(src, dst)
	switch n := v.(type) {
	case map[string]any:
		if name, ok := n["Ref"].(string); ok && len(n) == 1 {
			for i := len(b) - 1; i >= 0; i-- {
				if b[i].id == name {
					if x.spendText(src, len(b[i].item)) {
						return nil
					}
					return b[i].item
				}
			}
		}
		if text, ok := x.resolvedSub(n, src, dst, b); ok {
			return text
		}
		return x.mapping(n, src, dst, b)
	case []any:
		out := make([]any, len(n))
		for i, item := range n {
			out[i] = x.value(item, x.at(src, strconv.Itoa(i)), x.at(dst, strconv.Itoa(i)), b)
		}
		return out
	case string:
		text, ok := x.substitute(n, b, src)
		if !ok {
			return nil
		}
		return text
	}
	return v
}

// loopVariable matches what may still be a variable in a Fn::Sub string.
var loopVariable = regexp.MustCompile(`[$&]\{[A-Za-z0-9.:]+\}`)

// resolvedSub returns the text of a Fn::Sub inside a loop body that has no
// variable left once the loop variables are substituted: the transform turns
// it into a plain string, so `Condition: !Sub Is${Env}` and
// `!GetAtt [!Sub Bucket${Env}, Arn]` name what they name.
func (x *expander) resolvedSub(m map[string]any, src, dst nodeID, b []binding) (string, bool) {
	if len(b) == 0 || len(m) != 1 {
		return "", false
	}
	var text string
	at := x.at(src, "Fn::Sub")
	switch arg := m["Fn::Sub"].(type) {
	case string:
		text = arg
	case []any:
		if len(arg) == 0 {
			return "", false
		}
		text, _ = arg[0].(string)
		at = x.at(at, "0")
	default:
		return "", false
	}
	text, ok := x.substitute(text, b, at)
	if !ok || text == "" || loopVariable.MatchString(text) {
		return "", false
	}
	if p, ok := x.pos().valueOf(at); ok {
		x.pos().setValue(dst, p) // the string's own line
	}
	return text, true
}

// spend counts one node of the expansion and reports whether the budget,
// the parser's own limit, is exhausted: loops nested in loops multiply.
func (x *expander) spend(path nodeID) bool {
	x.nodes++
	if x.nodes > maxNodes && !x.tooBig {
		x.tooBig = true
		x.errAt(path, "the Fn::ForEach loops expand to more than %d nodes: the expansion stops here", maxNodes)
	}
	return x.tooBig
}

// maxExpansionText bounds the bytes of the strings and keys the loops make:
// loops multiply text as well as nodes (a hundred items of 2,500 characters,
// each substituted a hundred times in each of a hundred resources, is 2.5 GB
// from a 250 KB template). Every byte counted is part of the expanded
// template, or of a collection evaluated to make it, and CloudFormation
// takes an expanded template of up to 1 MB: the bound is a file's,
// MaxFileSize, twice that.
const maxExpansionText = MaxFileSize

// spendText counts n bytes of text made inside a loop and reports whether
// the budget is exhausted.
func (x *expander) spendText(path nodeID, n int) bool {
	x.text += n
	if x.text > maxExpansionText && !x.tooBig {
		x.tooBig = true
		x.errAt(path, "the Fn::ForEach loops expand to more than %d MB of text (CloudFormation takes an expanded template of up to 1 MB): the expansion stops here", maxExpansionText>>20)
	}
	return x.tooBig
}

// mapping expands one mapping: plain keys first, then the loops, whose keys
// must not collide with them or with each other.
func (x *expander) mapping(m map[string]any, src, dst nodeID, b []binding) map[string]any {
	if len(b) == 0 && !mapHasLoops(m) {
		return m // nothing to substitute and no loop below: share the original
	}
	out := make(map[string]any, len(m))
	origin := map[string]nodeID{} // output key -> source path of its key
	var loops []string
	for _, k := range sortedKeys(m) {
		if strings.HasPrefix(k, forEachPrefix) {
			loops = append(loops, k)
			continue
		}
		at := x.at(src, k)
		nk, ok := x.substitute(k, b, at)
		if !ok {
			return out
		}
		if first, dup := origin[nk]; dup {
			x.errKey(at, "%s and %s both become %s", x.pos().nodes[first].piece, k, nk)
			continue
		}
		origin[nk] = at
		out[nk] = x.value(m[k], at, x.at(dst, nk), b)
	}
	for _, k := range loops {
		x.loop(k, m[k], src, dst, b, out, origin)
	}
	return out
}

// mapHasLoops reports a Fn::ForEach key anywhere in m.
func mapHasLoops(m map[string]any) bool {
	return hasLoops(map[string]any{"Resources": m})
}

// loop expands `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]`
// standing in the mapping at src into out.
func (x *expander) loop(name string, arg any, src, dst nodeID, b []binding, out map[string]any, origin map[string]nodeID) {
	at := x.at(src, name)
	if !x.transform {
		x.errKey(at, "Fn::ForEach needs `Transform: AWS::LanguageExtensions`; add the transform or write the value out")
	}
	loopName := strings.TrimPrefix(name, forEachPrefix)
	if !logicalID.MatchString(loopName) {
		x.errKey(at, "the loop name after Fn::ForEach:: must be letters and digits, got %q", loopName)
	}
	if first, seen := x.loopNames[loopName]; seen && first != at {
		x.errKey(at, "the loop name %s is already used by the loop at line %d: loop names must be unique in the template", loopName, x.pos().keyPosOf(first).Line)
	} else if !seen {
		x.loopNames[loopName] = at
		if _, clash := x.c.section("Resources")[loopName]; clash {
			x.errKey(at, "the loop name %s is also a resource's logical id: CloudFormation needs them to differ", loopName)
		}
	}
	const form = "[Identifier, Collection, {OutputKey: OutputValue}]"
	list, ok := arg.([]any)
	if !ok || len(list) != 3 {
		x.errAt(at, "%s takes %s, got %s", name, form, argCount(arg))
		return
	}
	id, ok := list[0].(string)
	if !ok || !logicalID.MatchString(id) {
		got := describe(list[0])
		if ok {
			got = strconv.Quote(id)
		}
		x.errAt(x.at(at, "0"), "the identifier of %s must be a name of letters and digits (a string), got %s", name, got)
		return
	}
	for _, outer := range b {
		if outer.id == id {
			x.errAt(x.at(at, "0"), "the identifier %s of %s is already the identifier of an enclosing loop: use another name", id, name)
			return
		}
	}
	items, ok := x.collection(name, x.value(list[1], x.at(at, "1"), x.at(at, "1"), b), x.at(at, "1"))
	if !ok {
		return
	}
	body, isMap := list[2].(map[string]any)
	if fn, _, isFn := fnCall(list[2]); !isMap || len(body) == 0 || isFn && !strings.HasPrefix(fn, forEachPrefix) {
		got := describe(list[2])
		if isMap && len(body) == 0 {
			got = "an empty mapping"
		}
		x.errAt(x.at(at, "2"), "the third item of %s must be a mapping of output keys to values, such as {\"Topic${%s}\": {...}}, got %s", name, id, got)
		return
	}
	bodyPath := x.at(at, "2")
	for _, k := range sortedKeys(body) {
		if !strings.HasPrefix(k, forEachPrefix) && !strings.Contains(k, "${"+id+"}") && !strings.Contains(k, "&{"+id+"}") {
			x.errKey(x.at(bodyPath, k), "the output key %s of %s must contain ${%s} or &{%s}, or every item makes the same key", k, name, id, id)
		}
	}
	for _, item := range items {
		inner := append(b[:len(b):len(b)], binding{id, item})
		for _, k := range sortedKeys(body) {
			if x.spend(bodyPath) {
				return
			}
			if strings.HasPrefix(k, forEachPrefix) {
				x.loop(k, body[k], bodyPath, dst, inner, out, origin)
				continue
			}
			keyPath := x.at(bodyPath, k)
			nk, ok := x.substitute(k, inner, keyPath)
			if !ok {
				return
			}
			if first, dup := origin[nk]; dup {
				if first != keyPath || strings.Contains(k, "${"+id+"}") || strings.Contains(k, "&{"+id+"}") {
					x.errKey(keyPath, "%s makes %s (item %q), which %s", name, nk, item, x.madeBy(first))
				}
				continue
			}
			origin[nk] = keyPath
			out[nk] = x.value(body[k], keyPath, x.at(dst, nk), inner)
		}
	}
}

// madeBy says where an output key first came from, for duplicate messages.
func (x *expander) madeBy(first nodeID) string {
	line := x.pos().keyPosOf(first).Line
	if x.pos().anyPiece(first, func(piece string) bool { return strings.Contains(piece, forEachPrefix) }) {
		return fmt.Sprintf("the loop at line %d already makes", line)
	}
	return fmt.Sprintf("is already defined at line %d", line)
}

// collection returns the items a loop runs over: a literal list of strings,
// a Ref to a CommaDelimitedList parameter with a Default, or Fn::FindInMap
// of literal names that gives a list. ok is false when the loop cannot be
// expanded (reported).
func (x *expander) collection(name string, v any, path nodeID) ([]string, bool) {
	switch n := v.(type) {
	case []any:
		items := make([]string, 0, len(n))
		for i, item := range n {
			s, isString := item.(string)
			if !isString {
				if s = fmtScalar(item); s == "" {
					x.errAt(x.at(path, strconv.Itoa(i)), "the items of the collection of %s must be strings, got %s", name, describe(item))
					return nil, false
				}
			}
			items = append(items, s)
		}
		return items, true
	case map[string]any:
		fn, arg, isFn := fnCall(n)
		if !isFn {
			break
		}
		switch fn {
		case "Ref":
			return x.refCollection(name, arg, x.at(path, fn))
		case "Fn::FindInMap":
			if items, ok := x.mapCollection(arg); ok {
				return x.collection(name, items, path)
			}
		}
		x.skip(path)
		x.report(Info, RuleForEachSkipped, x.pos().posOf(path), path,
			"the collection of %s comes from %s, known only at deploy time: the loop is not expanded and what it makes is not checked", name, fn)
		return nil, false
	}
	x.errAt(path, "the collection of %s must be a list of strings or a Ref to a CommaDelimitedList parameter, got %s", name, describe(v))
	return nil, false
}

// refCollection reads a loop's collection from a CommaDelimitedList parameter's Default.
func (x *expander) refCollection(name string, arg any, path nodeID) ([]string, bool) {
	param, isString := arg.(string)
	if !isString {
		x.errAt(path, "the collection of %s is a Ref, which takes a parameter name (a string), got %s", name, describe(arg))
		return nil, false
	}
	p, declared := x.c.section("Parameters")[param].(map[string]any)
	if !declared {
		x.errAt(path, "the collection of %s is a Ref to %s, which is not a parameter%s", name, param, didYouMean(param, sortedKeys(x.c.section("Parameters"))))
		return nil, false
	}
	x.loopParams[param] = true
	typ, _ := p["Type"].(string)
	if typ != "CommaDelimitedList" && !strings.HasPrefix(typ, "List<") && !strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<List<") {
		x.errAt(path, "the collection of %s is a Ref to parameter %s of Type %s: a collection must be a list, such as a CommaDelimitedList parameter", name, param, typ)
		return nil, false
	}
	def, hasDefault := p["Default"]
	if !hasDefault || strings.HasPrefix(typ, "AWS::SSM::") {
		x.skip(path)
		x.report(Info, RuleForEachSkipped, x.pos().posOf(path), path,
			"the collection of %s is parameter %s, which has no Default: the loop is not expanded and what it makes is not checked", name, param)
		return nil, false
	}
	var items []string
	switch d := def.(type) {
	case []any:
		for _, item := range d {
			items = append(items, strings.TrimSpace(fmt.Sprint(item)))
		}
	default:
		text := fmt.Sprint(d)
		if text == "" {
			return nil, true
		}
		for _, item := range strings.Split(text, ",") {
			items = append(items, strings.TrimSpace(item))
		}
	}
	return items, true
}

// skip notes that the loop at path, in a top-level section, is not expanded.
func (x *expander) skip(path nodeID) {
	x.skipped[x.pos().firstPiece(path)] = true
}

// mapCollection resolves Fn::FindInMap [Map, Top, Second] of literal names to a list.
func (x *expander) mapCollection(arg any) ([]any, bool) {
	list, ok := arg.([]any)
	if !ok || len(list) < 3 {
		return nil, false
	}
	var keys [3]string
	for i := range keys {
		if keys[i], ok = list[i].(string); !ok {
			return nil, false
		}
	}
	top, _ := x.c.section("Mappings")[keys[0]].(map[string]any)
	second, _ := top[keys[1]].(map[string]any)
	items, ok := second[keys[2]].([]any)
	return items, ok
}

// substitute replaces ${Identifier} with the item and &{Identifier} with the
// item stripped of everything but letters and digits, innermost loop first,
// and counts the text inside a loop (b not empty) against the budget; ok is
// false when the budget is exhausted. The length of each replacement is
// known before it is built, so no string over the budget is ever made.
func (x *expander) substitute(s string, b []binding, path nodeID) (_ string, ok bool) {
	if len(b) == 0 {
		return s, true
	}
	for i := len(b) - 1; i >= 0 && strings.Contains(s, "{"); i-- {
		for _, r := range [][2]string{{"${" + b[i].id + "}", b[i].item}, {"&{" + b[i].id + "}", alphanumeric(b[i].item)}} {
			n := strings.Count(s, r[0])
			if n == 0 {
				continue
			}
			if grown := len(s) + n*(len(r[1])-len(r[0])); x.text+grown > maxExpansionText {
				return "", !x.spendText(path, grown)
			}
			s = strings.ReplaceAll(s, r[0], r[1])
		}
	}
	return s, !x.spendText(path, len(s))
}

func alphanumeric(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// policies checks DeletionPolicy and UpdateReplacePolicy: one of the policy
// names, or, with the transform, a Ref, Fn::If or Fn::FindInMap that gives one.
func (x *expander) policies() {
	res := x.c.section("Resources")
	for _, id := range sortedKeys(res) {
		r, _ := res[id].(map[string]any)
		typ, _ := r["Type"].(string)
		names := deletionPolicies
		if !contains(snapshotTypes, typ) {
			names = deletionPolicies[:3]
		}
		for _, attr := range []string{"DeletionPolicy", "UpdateReplacePolicy"} {
			if v, has := r[attr]; has {
				rule := RuleDeletionPolicy
				if attr == "UpdateReplacePolicy" {
					rule = RuleUpdateReplacePolicy
				}
				p := policyCheck{x: x, rule: rule, attr: attr, typ: typ, names: names}
				p.check(v, Path("Resources", id, attr))
			}
		}
	}
}

// policyCheck checks one DeletionPolicy or UpdateReplacePolicy value.
type policyCheck struct {
	x               *expander
	rule, attr, typ string
	names           []string // the policy names the resource type takes
}

func (p policyCheck) check(v any, path string) {
	c := p.x.c
	want := strings.Join(p.names, ", ")
	if s, ok := v.(string); ok {
		if !contains(p.names, s) {
			c.errAt(p.rule, path, "%s must be one of %s, got %q%s", p.attr, want, s, p.snapshotHint(s))
		}
		return
	}
	fn, arg, isFn := fnCall(v)
	if !isFn {
		c.errAt(p.rule, path, "%s must be one of %s, got %s", p.attr, want, describe(v))
		return
	}
	if !p.x.transform {
		c.errKey(p.rule, join(path, fn), "%s can be an intrinsic function (%s) only with `Transform: AWS::LanguageExtensions`; write one of %s, or add the transform", p.attr, fn, want)
		return
	}
	switch fn {
	case "Ref":
		name, _ := arg.(string)
		param, _ := c.section("Parameters")[name].(map[string]any)
		if def, ok := param["Default"].(string); ok && !contains(p.names, def) {
			c.errAt(p.rule, join(path, fn), "%s is parameter %s, whose Default %q is not one of %s", p.attr, name, def, want)
		}
	case "Fn::If":
		if list, ok := arg.([]any); ok && len(list) == 3 {
			p.check(list[1], Path(path, fn, "1"))
			p.check(list[2], Path(path, fn, "2"))
		}
	case "Fn::FindInMap", "Fn::Sub", "Fn::Select":
	default:
		c.errKey(p.rule, join(path, fn), "%s takes one of %s, or a Ref, Fn::If, Fn::FindInMap, Fn::Select or Fn::Sub that gives one; %s cannot give a policy name", p.attr, want, fn)
	}
}

// snapshotHint explains a Snapshot the type cannot take, or suggests a name.
func (p policyCheck) snapshotHint(s string) string {
	if s == "Snapshot" {
		return fmt.Sprintf(": %s cannot be snapshotted (Snapshot is for %s)", p.typ, strings.Join(snapshotTypes, ", "))
	}
	return didYouMean(s, p.names)
}

// languageFunctions checks the arguments of Fn::Length (a list, or a function
// that returns one) and Fn::ToJsonString (a mapping or a list), which the
// transform resolves.
func (x *expander) languageFunctions(v any, path *trail) {
	switch n := v.(type) {
	case map[string]any:
		if fn, arg, ok := fnCall(n); ok {
			at := path.to(fn)
			switch fn {
			case "Fn::Length":
				if inner, _, isFn := fnCall(arg); isFn && stringFunctions[inner] {
					x.c.errAt(RuleFnLength, at.String(), "Fn::Length counts the items of a list, but %s returns a string", inner)
				} else if _, isList := arg.([]any); !isList && !isFn {
					x.c.errAt(RuleFnLength, at.String(), "Fn::Length takes a list (or a function that returns one, such as Ref to a CommaDelimitedList parameter or Fn::Split), got %s", describe(arg))
				}
			case "Fn::ToJsonString":
				_, isMap := arg.(map[string]any)
				if _, isList := arg.([]any); !isMap && !isList {
					x.c.errAt(RuleToJSONString, at.String(), "Fn::ToJsonString takes a mapping or a list to write as JSON, got %s", describe(arg))
				}
			}
		}
		for _, k := range sortedKeys(n) {
			x.languageFunctions(n[k], path.to(k))
		}
	case []any:
		for i, item := range n {
			x.languageFunctions(item, path.to(strconv.Itoa(i)))
		}
	}
}
