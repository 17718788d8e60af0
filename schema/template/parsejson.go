package template

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yaml.v3 reads JSON as YAML's flow style, and that is how Parse reads a
// JSON template: one parser, one set of positions. But YAML refuses some
// JSON: an implicit key, such as every key of a flow mapping, may be at most
// 1024 characters long (YAML 1.2, section 7.4), so a JSON key of 1,023
// characters (1,025 with its quotes) is a syntax error to yaml.v3, and YAML
// has no surrogate-pair escapes ("\ud83d\ude00"), which JSON writes for
// characters beyond U+FFFF. For a document yaml.v3 refuses but that is valid
// JSON, jsonNodes builds the node tree yaml.v3 builds for JSON it accepts
// (same kinds, tags, styles, lines and columns), so the rest of Parse runs
// unchanged and the positions agree with every other JSON template's.

// jsonNodes returns the document node of data, which must be valid JSON
// (json.Valid): its errors are only for input that is not.
func jsonNodes(data []byte) (*yaml.Node, error) {
	s := &jsonScanner{data: data, line: 1, col: 1}
	s.space()
	root, err := s.value()
	if err != nil {
		return nil, err
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: 1, Column: 1, Content: []*yaml.Node{root}}, nil
}

// jsonScanner walks JSON text keeping yaml.v3's line and column: columns
// count characters, not bytes, and CR LF, CR, LF, NEL, LS and PS each end a
// line, as in YAML 1.1.
type jsonScanner struct {
	data      []byte
	i         int
	line, col int
}

func (s *jsonScanner) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON at line %d, column %d: %s", s.line, s.col, fmt.Sprintf(format, args...))
}

// next moves past one character.
func (s *jsonScanner) next() {
	r, size := utf8.DecodeRune(s.data[s.i:])
	switch {
	case r == '\r' && s.i+1 < len(s.data) && s.data[s.i+1] == '\n':
		size = 2
		fallthrough
	case r == '\n', r == '\r', r == '\u0085', r == '\u2028', r == '\u2029':
		s.line, s.col = s.line+1, 1
	default:
		s.col++
	}
	s.i += size
}

func (s *jsonScanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.next()
		default:
			return
		}
	}
}

// peek is the next byte, or 0 at the end.
func (s *jsonScanner) peek() byte {
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

// node starts a node at the current position.
func (s *jsonScanner) node(kind yaml.Kind, style yaml.Style, tag string) *yaml.Node {
	return &yaml.Node{Kind: kind, Style: style, Tag: tag, Line: s.line, Column: s.col}
}

// value reads any value. Its recursion is as deep as the JSON, which
// encoding/json (json.Valid) limits to 10,000 levels; the converter then
// refuses anything deeper than maxDepth, with the position.
func (s *jsonScanner) value() (*yaml.Node, error) {
	switch s.peek() {
	case '{':
		return s.object()
	case '[':
		return s.array()
	case '"':
		return s.str()
	}
	return s.literal()
}

func (s *jsonScanner) object() (*yaml.Node, error) {
	n := s.node(yaml.MappingNode, yaml.FlowStyle, "!!map")
	s.next() // {
	s.space()
	for s.peek() != '}' {
		key, err := s.str()
		if err != nil {
			return nil, err
		}
		s.space()
		if s.peek() != ':' {
			return nil, s.errorf("expected ':'")
		}
		s.next()
		s.space()
		val, err := s.value()
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, key, val)
		if err := s.separator('}'); err != nil {
			return nil, err
		}
	}
	s.next() // }
	return n, nil
}

func (s *jsonScanner) array() (*yaml.Node, error) {
	n := s.node(yaml.SequenceNode, yaml.FlowStyle, "!!seq")
	s.next() // [
	s.space()
	for s.peek() != ']' {
		item, err := s.value()
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, item)
		if err := s.separator(']'); err != nil {
			return nil, err
		}
	}
	s.next() // ]
	return n, nil
}

// separator moves past the comma after a member or an item, if any, and
// the spaces around it, up to the next member or the closing bracket.
func (s *jsonScanner) separator(end byte) error {
	s.space()
	switch s.peek() {
	case ',':
		s.next()
		s.space()
		return nil
	case end:
		return nil
	}
	return s.errorf("expected ',' or '%c'", end)
}

// str reads a string; encoding/json decodes its escapes.
func (s *jsonScanner) str() (*yaml.Node, error) {
	if s.peek() != '"' {
		return nil, s.errorf("expected a string")
	}
	n := s.node(yaml.ScalarNode, yaml.DoubleQuotedStyle, "!!str")
	start := s.i
	for s.next(); s.i < len(s.data) && s.data[s.i] != '"'; s.next() {
		if s.data[s.i] == '\\' {
			s.next()
		}
	}
	if s.i >= len(s.data) {
		return nil, s.errorf("unterminated string")
	}
	s.next() // "
	if err := json.Unmarshal(s.data[start:s.i], &n.Value); err != nil {
		return nil, s.errorf("%v", err)
	}
	return n, nil
}

// literal reads a number, true, false or null, tagged as yaml.v3 resolves
// the plain scalar (1e400, which no float64 holds, resolves to a string:
// the converter refuses it).
func (s *jsonScanner) literal() (*yaml.Node, error) {
	n := s.node(yaml.ScalarNode, 0, "")
	start := s.i
	for s.i < len(s.data) && !isJSONDelimiter(s.data[s.i]) {
		s.next()
	}
	if s.i == start {
		return nil, s.errorf("expected a value")
	}
	n.Value = string(s.data[start:s.i])
	n.Tag = n.ShortTag()
	return n, nil
}

func isJSONDelimiter(c byte) bool {
	switch c {
	case ',', ':', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}
