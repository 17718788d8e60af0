package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Limits that keep hostile input (alias bombs, deep nesting) cheap to refuse.
const (
	MaxDepth = 200
	MaxNodes = 250_000 // a 1 MB template, CloudFormation's limit, has far fewer
	// MaxText bounds the bytes of the document's strings and keys once its
	// aliases are expanded: an alias shares its anchor's text, but every
	// check and finding that quotes it pays for it again (an anchor of
	// 500 KB named by 2,000 Refs took minutes). A file has at most
	// MaxFileSize bytes of text of its own.
	MaxText = 4 * MaxFileSize
)

// MaxFileSize is the most bytes of one file that validate reads. CloudFormation
// takes a template of up to 1 MB from S3 (51,200 bytes inline), but the file
// pipegen reads is the author's source, which `aws cloudformation package`
// and `sam package` write out again (comments dropped, local code moved to
// S3) before CloudFormation sees it: twice the limit leaves room for such a
// source while bounding what one file costs (parsing takes up to about a
// hundred times its size in memory, in the worst case).
const MaxFileSize = 2 << 20

// shortTags maps the YAML short forms whose long names are not Fn:: and
// the tag: !Ref and !Condition. Every other local tag !Name is Fn::Name,
// as the AWS CLI and CloudFormation read it (the Rules section's
// !Contains, !EachMemberEquals, !ValueOf, ...): whether Fn::Name is a
// function, and whether it may stand where it does, is for the rules to
// say (E1001, E1700).
var shortTags = map[string]string{"!Ref": "Ref", "!Condition": "Condition"}

// longName is the function a local tag stands for: Ref, Condition, or
// Fn:: and the tag's name; ok is false for a tag that is not a local tag
// with a name (YAML's own !!str, !<...>, a bare !).
func longName(tag string) (string, bool) {
	if long, ok := shortTags[tag]; ok {
		return long, true
	}
	name, local := strings.CutPrefix(tag, "!")
	if !local || name == "" || strings.HasPrefix(name, "!") || strings.HasPrefix(name, "<") {
		return "", false
	}
	return "Fn::" + name, true
}

// Error is why a file is not a template: where, and what is wrong.
type Error struct {
	Pos     Pos
	Message string
}

// Parse reads a template in YAML (short-form tags allowed) or JSON. It never
// panics; a file that is not a template comes back as the one Error that
// says why, with a position.
func Parse(file string, data []byte) (*Document, *Error) {
	fail := func(p Pos, format string, args ...any) (*Document, *Error) {
		return nil, &Error{Pos: p, Message: fmt.Sprintf(format, args...)}
	}
	if off := invalidUTF8(data); off >= 0 {
		return fail(offsetPos(data, off), "invalid UTF-8 byte 0x%02x: save the file as UTF-8", data[off])
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(Pos{Line: 1, Col: 1}, "the file is empty: a template needs at least a Resources section")
	}
	root, err := decode(data)
	if err != nil {
		return nil, err
	}
	d := &Document{File: file, Size: len(data), pos: newPositions()}
	c := converter{doc: d, lines: bytes.Split(data, []byte{'\n'})}
	v, err := c.value(root, Root, 0)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fail(d.PosOf(""), "the template must be a mapping of sections (AWSTemplateFormatVersion, Resources, ...), not a %s", Kind(v))
	}
	d.Root = m
	return d, nil
}

// decode parses data into yaml.v3's nodes: its one document, or the finding
// that says why not. JSON that yaml.v3 refuses as YAML but that is valid
// JSON (a key over YAML's 1024-character limit) is read by jsonNodes.
func decode(data []byte) (*yaml.Node, *Error) {
	fail := func(p Pos, format string, args ...any) (*yaml.Node, *Error) {
		return nil, &Error{Pos: p, Message: fmt.Sprintf(format, args...)}
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); errors.Is(err, io.EOF) {
		return fail(Pos{Line: 1, Col: 1}, "the file is empty: a template needs at least a Resources section")
	} else if err != nil {
		if looksLikeJSON(data) && json.Valid(data) {
			if n, jsonErr := jsonNodes(data); jsonErr == nil {
				return n, nil
			}
		}
		pos, msg := syntaxError(data, err)
		return fail(pos, "%s", msg)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		return fail(Pos{Line: extra.Line, Col: extra.Column}, "a second YAML document starts here: a template is one document")
	case !errors.Is(err, io.EOF):
		return fail(yamlErrorPos(err), "%s (in a second YAML document: a template is one document)", yamlErrorText(err))
	}
	return &root, nil
}

// converter turns yaml.v3 nodes into plain values, recording positions.
type converter struct {
	doc   *Document
	lines [][]byte
	nodes int
	text  int // bytes of scalars and keys so far, aliases expanded
	// anchored counts the anchored nodes the converter is inside: an
	// alias may convert their children again, so those are kept; every
	// other node is let go once converted (release).
	anchored int
}

// spend counts the text of a scalar or key n and refuses the document past
// maxText.
func (c *converter) spend(n *yaml.Node) *Error {
	if c.text += len(n.Value); c.text > MaxText {
		return c.fail(n, "the document expands to more than %d MB of text (YAML aliases?): refusing it", MaxText>>20)
	}
	return nil
}

func (c *converter) fail(n *yaml.Node, format string, args ...any) *Error {
	return &Error{Pos: Pos{Line: n.Line, Col: n.Column}, Message: fmt.Sprintf(format, args...)}
}

// value converts n, its anchored subtree kept for the aliases to it.
func (c *converter) value(n *yaml.Node, path NodeID, depth int) (any, *Error) {
	if n.Anchor == "" {
		return c.node(n, path, depth)
	}
	c.anchored++
	v, err := c.node(n, path, depth)
	c.anchored--
	return v, err
}

// release lets yaml.v3's node of a value go once the value is converted,
// unless an alias may need it again: yaml.v3's tree of a large template is
// as large as the converted document, and need not outlive the converting.
func (c *converter) release(content []*yaml.Node, i int) {
	if c.anchored == 0 {
		content[i] = nil
	}
}

func (c *converter) node(n *yaml.Node, path NodeID, depth int) (any, *Error) {
	c.nodes++
	if c.nodes > MaxNodes {
		return nil, c.fail(n, "the document expands to more than %d nodes (YAML aliases?): refusing it", MaxNodes)
	}
	if depth > MaxDepth {
		return nil, c.fail(n, "the document nests deeper than %d levels: refusing it", MaxDepth)
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil, c.fail(n, "the file is empty: a template needs at least a Resources section")
		}
		return c.value(n.Content[0], path, depth)
	}
	if n.Kind == yaml.AliasNode {
		return c.value(n.Alias, path, depth+1)
	}
	if _, recorded := c.doc.pos.ValueOf(path); !recorded {
		c.doc.pos.SetValue(path, Pos{Line: n.Line, Col: n.Column})
	}
	if long, ok := longName(n.Tag); ok {
		return c.intrinsic(n, long, path, depth)
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return nil, c.fail(n, "unknown tag %s: CloudFormation reads a tag !Name as the function Fn::Name (!Ref, !GetAtt, !Sub, ...)", n.Tag)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return c.mapping(n, path, depth)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			v, err := c.value(item, c.doc.pos.Node(path, strconv.Itoa(i)), depth+1)
			if err != nil {
				return nil, err
			}
			c.release(n.Content, i)
			out = append(out, v)
		}
		return out, nil
	default:
		if n.Style&yaml.LiteralStyle != 0 {
			c.recordBlock(n, path)
		}
		if err := c.spend(n); err != nil {
			return nil, err
		}
		if outOfRange(n) {
			return nil, c.fail(n, "the number %s is out of range: no 64-bit float holds it (they reach about 1.8e308), so it cannot reach a resource as written; write a smaller number, or quote it if it is text", n.Value)
		}
		return scalar(n), nil
	}
}

// yamlFloat (compiled on first use, as every regexp here: a run that
// parses nothing pays nothing) is yaml.v3's syntax of a float (resolve.go), which is JSON's too.
var yamlFloat = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
})

// outOfRange reports a scalar written as a number (plain, or tagged !!float
// or !!int) that no 64-bit float holds, such as 1e400. yaml.v3 reads it as a
// string, so it would pass wherever a string may stand; a number that
// small (1e-400) reads as 0, as it does for CloudFormation.
func outOfRange(n *yaml.Node) bool {
	tag := n.ShortTag()
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return false
	case tag == "!!str" && n.Style&yaml.TaggedStyle != 0: // !!str 1e400 is text on purpose
		return false
	case tag != "!!str" && tag != "!!float" && tag != "!!int":
		return false
	}
	text := strings.ReplaceAll(n.Value, "_", "")
	if !yamlFloat().MatchString(text) {
		return false
	}
	_, err := strconv.ParseFloat(text, 64)
	return errors.Is(err, strconv.ErrRange)
}

// recordBlock remembers where a literal block's text starts, so findings
// inside an embedded document (an inline buildspec) get real positions.
func (c *converter) recordBlock(n *yaml.Node, path NodeID) {
	for l := n.Line; l < len(c.lines); l++ { // n.Line is 1-based: lines[n.Line] is the next line
		text := c.lines[l]
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		indent := len(text) - len(bytes.TrimLeft(text, " "))
		c.doc.pos.SetBlock(path, Pos{Line: n.Line + 1, Col: indent + 1})
		return
	}
}

func (c *converter) mapping(n *yaml.Node, path NodeID, depth int) (any, *Error) {
	out := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.AliasNode {
			k = k.Alias
		}
		if k.Tag == "!!merge" {
			return nil, c.fail(k, "YAML merge keys (<<) are not supported by CloudFormation")
		}
		if k.Kind != yaml.ScalarNode {
			return nil, c.fail(k, "a mapping key must be a plain string")
		}
		if err := c.spend(k); err != nil {
			return nil, err
		}
		child := c.doc.pos.Node(path, k.Value)
		if _, dup := out[k.Value]; dup {
			first, _ := c.doc.pos.KeyOf(child)
			return nil, c.fail(k, "duplicate key %q (first at line %d): CloudFormation rejects duplicate keys", k.Value, first.Line)
		}
		c.doc.pos.SetKey(child, Pos{Line: k.Line, Col: k.Column})
		val, err := c.value(v, child, depth+1)
		if err != nil {
			return nil, err
		}
		c.release(n.Content, i)
		c.release(n.Content, i+1)
		out[k.Value] = val
	}
	return out, nil
}

// intrinsic rewrites `!Name value` to {"Fn::Name": value}; `!GetAtt A.B` becomes
// the list form [A, B] so later checks see one shape.
func (c *converter) intrinsic(n *yaml.Node, long string, path NodeID, depth int) (any, *Error) {
	inner := *n
	inner.Tag = ""
	if n.Kind == yaml.ScalarNode {
		inner.Tag = "!!str"
	}
	child := c.doc.pos.Node(path, long)
	c.doc.pos.SetKey(child, Pos{Line: n.Line, Col: n.Column})
	if long == "Fn::GetAtt" && n.Kind == yaml.ScalarNode {
		if err := c.spend(n); err != nil {
			return nil, err
		}
		c.doc.pos.SetValue(child, Pos{Line: n.Line, Col: n.Column})
		parts := strings.SplitN(n.Value, ".", 2)
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
			c.doc.pos.SetValue(c.doc.pos.Node(child, strconv.Itoa(i)), Pos{Line: n.Line, Col: n.Column})
		}
		return map[string]any{long: out}, nil
	}
	v, err := c.value(&inner, child, depth+1)
	if err != nil {
		return nil, err
	}
	return map[string]any{long: v}, nil
}

var decimalInt = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[-+]?(0|[1-9][0-9]*)$`) })

// scalar keeps CloudFormation's view of YAML scalars: dates and numbers with
// leading zeros stay strings, as CloudFormation reads them.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return n.Value
		}
		return b
	case "!!int":
		if !decimalInt().MatchString(n.Value) {
			return n.Value
		}
		if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return i
		}
		// Beyond int64 (yaml.v3 calls 2^63 to 2^64-1 an int): a float, as
		// a larger integer already is (yaml.v3 resolves 1e20's digits to one).
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
		return n.Value
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return n.Value
		}
		return f
	default:
		return n.Value
	}
}

func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func offsetPos(data []byte, off int) Pos {
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := off - bytes.LastIndexByte(before, '\n')
	return Pos{Line: line, Col: col}
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): `) })

// yamlErrorPos pulls the line out of yaml.v3's "yaml: line N: ..." messages.
func yamlErrorPos(err error) Pos {
	if m := yamlLine().FindStringSubmatch(err.Error()); m != nil {
		if l, convErr := strconv.Atoi(m[1]); convErr == nil {
			return Pos{Line: l, Col: 1}
		}
	}
	return Pos{Line: 1, Col: 1}
}

func yamlErrorText(err error) string {
	msg := yamlLine().ReplaceAllString(err.Error(), "")
	msg = strings.TrimPrefix(msg, "yaml: ")
	if strings.Contains(msg, "found character that cannot start any token") {
		msg += " (tabs cannot indent YAML: use spaces)"
	}
	return "YAML syntax: " + msg
}

// syntaxError places and words a syntax error. yaml.v3 names the line
// where the enclosing block or flow began (for a mis-indented key, the
// mapping several lines up); a JSON file gets encoding/json's exact offset
// and message, and a YAML file the first line at which a prefix of the file
// fails with the same error, found by parsing prefixes in a binary search
// (on the error path only: a handful of parses). When that line sits in a
// quoted string opened lines before, the message names where it opened.
func syntaxError(data []byte, err error) (Pos, string) {
	if jsonErr := jsonSyntaxError(data); jsonErr != nil {
		return offsetPos(data, max(int(jsonErr.Offset)-1, 0)), "JSON syntax: " + jsonErr.Error()
	}
	reported, msg := yamlErrorPos(err), yamlErrorText(err)
	if len(data) > maxSearchedSize {
		return reported, msg
	}
	p := prefixes{data: data, ends: lineEnds(data)}
	line, ok := p.firstFailing(reported.Line, msg)
	if !ok {
		return reported, msg
	}
	if open := p.openQuoteBefore(line); open > 0 && !strings.Contains(msg, unexpectedEnd) {
		msg += fmt.Sprintf(" (inside a quoted string opened on line %d: is its closing quote missing?)", open)
	}
	return Pos{Line: line, Col: p.firstColumn(line)}, msg
}

// maxSearchedSize bounds the files whose syntax errors are searched for:
// CloudFormation takes templates up to 1 MB, and the search parses a file
// about twenty times.
const maxSearchedSize = 1 << 20

// maxQuoteLines and maxQuoteSearch bound the search for an open quoted
// string: how far back, and in how large a file.
const (
	maxQuoteLines  = 100
	maxQuoteSearch = 256 << 10
)

// unexpectedEnd is yaml.v3's message for input that ends inside a quoted
// string.
const unexpectedEnd = "found unexpected end of stream"

// prefixes parses the first lines of a file.
type prefixes struct {
	data []byte
	ends []int // offset just past each line
}

// msg is the error of parsing the first k lines, "" if they parse.
func (p prefixes) msg(k int) string {
	var n yaml.Node
	err := yaml.NewDecoder(bytes.NewReader(p.data[:p.ends[k-1]])).Decode(&n)
	if err == nil || errors.Is(err, io.EOF) {
		return ""
	}
	return yamlErrorText(err)
}

// firstFailing is the first line, from line from on, at which the file's
// first lines fail with msg (the whole file does).
func (p prefixes) firstFailing(from int, msg string) (int, bool) {
	lo, hi := max(from, 1), len(p.ends)
	if lo > hi || p.msg(hi) != msg {
		return 0, false
	}
	for lo < hi {
		if mid := (lo + hi) / 2; p.msg(mid) == msg {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, true
}

// openQuoteBefore is the line where a quoted string began that was still
// open when parsing went wrong before line k, or 0: going back from line k,
// every shorter prefix fails, down to one that ends inside that string and
// the first that parses. Only for files up to maxQuoteSearch bytes: each
// step parses a prefix.
func (p prefixes) openQuoteBefore(k int) int {
	if len(p.data) > maxQuoteSearch {
		return 0
	}
	open := 0
	for j := k - 1; j >= 1; j-- {
		if j < k-maxQuoteLines {
			return 0 // no prefix parses within reach: too far to tell
		}
		msg := p.msg(j)
		if msg == "" {
			break
		}
		if strings.Contains(msg, unexpectedEnd) {
			open = j
		}
	}
	return open // the empty prefix parses too
}

// firstColumn is the column of line k's first character that is not a space.
func (p prefixes) firstColumn(k int) int {
	start := 0
	if k > 1 {
		start = p.ends[k-2]
	}
	line := p.data[start:p.ends[k-1]]
	return len(line) - len(bytes.TrimLeft(line, " ")) + 1
}

// jsonSyntaxError is encoding/json's error for data that starts as a JSON
// object or array and is not valid JSON.
func jsonSyntaxError(data []byte) *json.SyntaxError {
	if !looksLikeJSON(data) {
		return nil
	}
	var v any
	var syntaxErr *json.SyntaxError
	if errors.As(json.Unmarshal(data, &v), &syntaxErr) {
		return syntaxErr
	}
	return nil
}

// looksLikeJSON reports data that starts, after JSON's white space, as a
// JSON object or array.
func looksLikeJSON(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
}

// lineEnds returns, for each line, the offset just past it (its newline
// included).
func lineEnds(data []byte) []int {
	var ends []int
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		ends = append(ends, len(data))
	}
	return ends
}
