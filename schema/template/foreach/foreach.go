// Package foreach expands the Fn::ForEach loops of the
// AWS::LanguageExtensions transform the way the transform does at deploy
// time, so that every rule sees the resources, outputs and conditions the
// stack will have. An expanded node keeps the position of the template
// line it comes from, so a finding in Resources/TopicA points inside the
// loop. What it finds wrong with a loop, it returns as problems for the
// rules to report (E1032, I1032); what the rules need to know of the loops
// (parameters that give a collection, sections with a loop left
// unexpanded), it returns as facts.
package foreach

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Sections are the sections where Fn::ForEach may stand.
var Sections = []string{"Resources", "Outputs", "Conditions"}

// Prefix starts the key of a loop: Fn::ForEach::Name.
const Prefix = "Fn::ForEach::"

// Result is a document with its loops expanded, and what the expansion
// found.
type Result struct {
	// Doc is the expanded document: the one given when it has no loops,
	// else a copy (the given one is not changed).
	Doc *template.Document
	// LoopParams are the parameters that give a loop its collection: the
	// expansion replaced the Ref that used them.
	LoopParams map[string]bool
	// Skipped are the sections with a loop that was not expanded (its
	// collection is known only at deploy time).
	Skipped map[string]bool
	// Problems are what is wrong with the loops, in the order found.
	Problems []Problem
}

// Problem is one thing wrong with a loop (an error, E1032) or one loop not
// expanded (Info, I1032).
type Problem struct {
	Info    bool
	Pos     template.Pos
	Path    string
	Message string
}

// expander expands the loops of one document.
type expander struct {
	doc        *template.Document // the document written: a copy when it has loops
	problems   []Problem
	transform  bool
	loopParams map[string]bool
	reported   map[reportID]bool          // a loop nested in another is visited once per outer item: report once
	loopNames  map[string]template.NodeID // loop name -> source path of its first loop
	skipped    map[string]bool            // sections with a loop that was not expanded
	nodes      int                        // nodes made so far (spend)
	text       int                        // bytes of strings and keys made inside loops so far (substitute)
	tooBig     bool
}

// binding is one loop variable and the item it stands for.
type binding struct{ id, item string }

// Expand expands every Fn::ForEach loop of doc into a copy of it; transform
// says whether the template declares AWS::LanguageExtensions (a loop
// without it is expanded all the same, and reported). doc is not changed.
func Expand(doc *template.Document, transform bool) Result {
	x := &expander{doc: doc, transform: transform, loopParams: map[string]bool{}, reported: map[reportID]bool{}, loopNames: map[string]template.NodeID{}, skipped: map[string]bool{}}
	if HasLoops(doc.Root) {
		x.doc = doc.Derive()
		maps.Copy(x.doc.Root, doc.Root)
		for _, section := range Sections {
			if m, ok := x.doc.Root[section].(map[string]any); ok {
				at := x.at(template.Root, section)
				x.doc.Root[section] = x.mapping(m, at, at, nil)
			}
		}
	}
	return Result{Doc: x.doc, LoopParams: x.loopParams, Skipped: x.skipped, Problems: x.problems}
}

// HasLoops reports whether a section where loops may stand has one.
func HasLoops(root map[string]any) bool {
	var has func(v any) bool
	has = func(v any) bool {
		switch n := v.(type) {
		case map[string]any:
			for k, item := range n {
				if strings.HasPrefix(k, Prefix) || has(item) {
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
	for _, section := range Sections {
		if has(root[section]) {
			return true
		}
	}
	return false
}

// report adds a finding once per rule, path and message; the path's text
// is built only for a finding that is added.
func (x *expander) report(info bool, pos template.Pos, path template.NodeID, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	id := reportID{info, path, msg}
	if x.reported[id] {
		return
	}
	x.reported[id] = true
	x.problems = append(x.problems, Problem{Info: info, Pos: pos, Path: x.pos().Text(path), Message: msg})
}

// reportID is what report reports once.
type reportID struct {
	info bool
	path template.NodeID
	msg  string
}

func (x *expander) errAt(path template.NodeID, format string, args ...any) {
	x.report(false, x.pos().PosOf(path), path, format, args...)
}

func (x *expander) errKey(path template.NodeID, format string, args ...any) {
	x.report(false, x.pos().KeyPosOf(path), path, format, args...)
}

// pos is the positions of the document the expansion writes.
func (x *expander) pos() *template.Positions { return x.doc.Positions() }

// at is the node of Join(path of parent, seg), made when new.
func (x *expander) at(parent template.NodeID, seg string) template.NodeID {
	return x.pos().Node(parent, seg)
}

// copyPositions gives the node at dst the positions of the node at src.
func (x *expander) copyPositions(src, dst template.NodeID) {
	if src == dst {
		return
	}
	p := x.pos()
	if pos, ok := p.ValueOf(src); ok {
		p.SetValue(dst, pos)
	}
	if pos, ok := p.KeyOf(src); ok {
		p.SetKey(dst, pos)
	}
	if pos, ok := p.BlockOf(src); ok {
		p.SetBlock(dst, pos)
	}
}

// value returns v with the loop variables of b substituted and the loops in
// it expanded; src is where v stands in the template, dst where it lands.
func (x *expander) value(v any, src, dst template.NodeID, b []binding) any {
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
var loopVariable = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[$&]\{[A-Za-z0-9.:]+\}`) })

// resolvedSub returns the text of a Fn::Sub inside a loop body that has no
// variable left once the loop variables are substituted: the transform turns
// it into a plain string, so `Condition: !Sub Is${Env}` and
// `!GetAtt [!Sub Bucket${Env}, Arn]` name what they name.
func (x *expander) resolvedSub(m map[string]any, src, dst template.NodeID, b []binding) (string, bool) {
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
	if !ok || text == "" || loopVariable().MatchString(text) {
		return "", false
	}
	if p, ok := x.pos().ValueOf(at); ok {
		x.pos().SetValue(dst, p) // the string's own line
	}
	return text, true
}

// spend counts one node of the expansion and reports whether the budget,
// the parser's own limit, is exhausted: loops nested in loops multiply.
func (x *expander) spend(path template.NodeID) bool {
	x.nodes++
	if x.nodes > template.MaxNodes && !x.tooBig {
		x.tooBig = true
		x.errAt(path, "the Fn::ForEach loops expand to more than %d nodes: the expansion stops here", template.MaxNodes)
	}
	return x.tooBig
}

// maxExpansionText bounds the bytes of the strings and keys the loops make:
// loops multiply text as well as nodes (a hundred items of 2,500 characters,
// each substituted a hundred times in each of a hundred resources, is 2.5 GB
// from a 250 KB template). Every byte counted is part of the expanded
// template, or of a collection evaluated to make it, and CloudFormation
// takes an expanded template of up to 1 MB: the bound is a file's,
// template.MaxFileSize, twice that.
const maxExpansionText = template.MaxFileSize

// spendText counts n bytes of text made inside a loop and reports whether
// the budget is exhausted.
func (x *expander) spendText(path template.NodeID, n int) bool {
	x.text += n
	if x.text > maxExpansionText && !x.tooBig {
		x.tooBig = true
		x.errAt(path, "the Fn::ForEach loops expand to more than %d MB of text (CloudFormation takes an expanded template of up to 1 MB): the expansion stops here", maxExpansionText>>20)
	}
	return x.tooBig
}

// mapping expands one mapping: plain keys first, then the loops, whose keys
// must not collide with them or with each other.
func (x *expander) mapping(m map[string]any, src, dst template.NodeID, b []binding) map[string]any {
	if len(b) == 0 && !mapHasLoops(m) {
		return m // nothing to substitute and no loop below: share the original
	}
	out := make(map[string]any, len(m))
	origin := map[string]template.NodeID{} // output key -> source path of its key
	var loops []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if strings.HasPrefix(k, Prefix) {
			loops = append(loops, k)
			continue
		}
		at := x.at(src, k)
		nk, ok := x.substitute(k, b, at)
		if !ok {
			return out
		}
		if first, dup := origin[nk]; dup {
			x.errKey(at, "%s and %s both become %s", x.pos().Piece(first), k, nk)
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
	return HasLoops(map[string]any{"Resources": m})
}

// loop expands `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]`
// standing in the mapping at src into out.
func (x *expander) loop(name string, arg any, src, dst template.NodeID, b []binding, out map[string]any, origin map[string]template.NodeID) {
	at := x.at(src, name)
	if !x.transform {
		x.errKey(at, "Fn::ForEach needs `Transform: AWS::LanguageExtensions`; add the transform or write the value out")
	}
	loopName := strings.TrimPrefix(name, Prefix)
	if !template.IsLogicalID(loopName) {
		x.errKey(at, "the loop name after Fn::ForEach:: must be letters and digits, got %q", loopName)
	}
	if first, seen := x.loopNames[loopName]; seen && first != at {
		x.errKey(at, "the loop name %s is already used by the loop at line %d: loop names must be unique in the template", loopName, x.pos().KeyPosOf(first).Line)
	} else if !seen {
		x.loopNames[loopName] = at
		if _, clash := x.doc.Section("Resources")[loopName]; clash {
			x.errKey(at, "the loop name %s is also a resource's logical id: CloudFormation needs them to differ", loopName)
		}
	}
	const form = "[Identifier, Collection, {OutputKey: OutputValue}]"
	list, ok := arg.([]any)
	if !ok || len(list) != 3 {
		x.errAt(at, "%s takes %s, got %s", name, form, template.Items(arg))
		return
	}
	id, ok := list[0].(string)
	if !ok || !template.IsLogicalID(id) {
		got := template.Describe(list[0])
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
	if fn, _, isFn := template.Call(list[2]); !isMap || len(body) == 0 || isFn && !strings.HasPrefix(fn, Prefix) {
		got := template.Describe(list[2])
		if isMap && len(body) == 0 {
			got = "an empty mapping"
		}
		x.errAt(x.at(at, "2"), "the third item of %s must be a mapping of output keys to values, such as {\"Topic${%s}\": {...}}, got %s", name, id, got)
		return
	}
	bodyPath := x.at(at, "2")
	for _, k := range slices.Sorted(maps.Keys(body)) {
		if !strings.HasPrefix(k, Prefix) && !strings.Contains(k, "${"+id+"}") && !strings.Contains(k, "&{"+id+"}") {
			x.errKey(x.at(bodyPath, k), "the output key %s of %s must contain ${%s} or &{%s}, or every item makes the same key", k, name, id, id)
		}
	}
	for _, item := range items {
		inner := append(b[:len(b):len(b)], binding{id, item})
		for _, k := range slices.Sorted(maps.Keys(body)) {
			if x.spend(bodyPath) {
				return
			}
			if strings.HasPrefix(k, Prefix) {
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
func (x *expander) madeBy(first template.NodeID) string {
	line := x.pos().KeyPosOf(first).Line
	if x.pos().AnyPiece(first, func(piece string) bool { return strings.Contains(piece, Prefix) }) {
		return fmt.Sprintf("the loop at line %d already makes", line)
	}
	return fmt.Sprintf("is already defined at line %d", line)
}

// collection returns the items a loop runs over: a literal list of strings,
// a Ref to a CommaDelimitedList parameter with a Default, or Fn::FindInMap
// of literal names that gives a list. ok is false when the loop cannot be
// expanded (reported).
func (x *expander) collection(name string, v any, path template.NodeID) ([]string, bool) {
	switch n := v.(type) {
	case []any:
		items := make([]string, 0, len(n))
		for i, item := range n {
			s, isString := item.(string)
			if !isString {
				if s = template.Scalar(item); s == "" {
					x.errAt(x.at(path, strconv.Itoa(i)), "the items of the collection of %s must be strings, got %s", name, template.Describe(item))
					return nil, false
				}
			}
			items = append(items, s)
		}
		return items, true
	case map[string]any:
		fn, arg, isFn := template.Call(n)
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
		x.report(true, x.pos().PosOf(path), path,
			"the collection of %s comes from %s, known only at deploy time: the loop is not expanded and what it makes is not checked", name, fn)
		return nil, false
	}
	x.errAt(path, "the collection of %s must be a list of strings or a Ref to a CommaDelimitedList parameter, got %s", name, template.Describe(v))
	return nil, false
}

// refCollection reads a loop's collection from a CommaDelimitedList parameter's Default.
func (x *expander) refCollection(name string, arg any, path template.NodeID) ([]string, bool) {
	param, isString := arg.(string)
	if !isString {
		x.errAt(path, "the collection of %s is a Ref, which takes a parameter name (a string), got %s", name, template.Describe(arg))
		return nil, false
	}
	p, declared := x.doc.Section("Parameters")[param].(map[string]any)
	if !declared {
		x.errAt(path, "the collection of %s is a Ref to %s, which is not a parameter%s", name, param, suggest.DidYouMean(param, slices.Sorted(maps.Keys(x.doc.Section("Parameters")))))
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
		x.report(true, x.pos().PosOf(path), path,
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
func (x *expander) skip(path template.NodeID) {
	x.skipped[x.pos().FirstPiece(path)] = true
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
	top, _ := x.doc.Section("Mappings")[keys[0]].(map[string]any)
	second, _ := top[keys[1]].(map[string]any)
	items, ok := second[keys[2]].([]any)
	return items, ok
}

// substitute replaces ${Identifier} with the item and &{Identifier} with the
// item stripped of everything but letters and digits, innermost loop first,
// and counts the text inside a loop (b not empty) against the budget; ok is
// false when the budget is exhausted. The length of each replacement is
// known before it is built, so no string over the budget is ever made.
func (x *expander) substitute(s string, b []binding, path template.NodeID) (_ string, ok bool) {
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
