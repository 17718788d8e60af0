// Package lazyjson reads JSON only as far as it is used: SplitObject cuts
// an object into its members without decoding them, and a Value is decoded
// the first time it is asked for, once, whichever goroutine asks.
package lazyjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"
)

// A resource schema is read lazily: its top-level object is split into
// members without decoding them, and a property or definition is decoded
// the first time a check reaches it. AWS::S3::Bucket is 91 KB of JSON, of
// which a bucket in a template touches a few kilobytes; encoding/json would
// spend milliseconds building the rest.

// New returns the lazy value of raw, one JSON value.
func New(raw []byte) *Value { return &Value{raw: raw} }

// Value is one JSON value, decoded (numbers as json.Number, as the
// gojsonschema loader reads them) on first use, once, whichever goroutine asks.
type Value struct {
	raw  []byte
	once sync.Once
	v    any
	err  error
}

func (l *Value) Get() (any, error) {
	l.once.Do(func() {
		dec := json.NewDecoder(bytes.NewReader(l.raw))
		dec.UseNumber()
		l.err = dec.Decode(&l.v)
		if l.err == nil && dec.More() {
			l.err = errors.New("more than one JSON value")
		}
	})
	return l.v, l.err
}

// Resolve returns v itself, or what a *Value holds; ok is false when it
// does not decode.
func Resolve(v any) (any, bool) {
	if l, isLazy := v.(*Value); isLazy {
		got, err := l.Get()
		return got, err == nil
	}
	return v, true
}

// SplitObject returns the members of the JSON object in data as undecoded
// values (a later duplicate key wins, as in encoding/json). It finds where
// each value ends without checking the value itself: the value is checked
// when it is decoded.
func SplitObject(data []byte) (map[string][]byte, error) {
	s := scanner{data: data}
	s.space()
	if !s.eat('{') {
		return nil, s.errorf("expected {")
	}
	out := map[string][]byte{}
	s.space()
	if s.eat('}') {
		return out, s.end()
	}
	for {
		s.space()
		key, err := s.key()
		if err != nil {
			return nil, err
		}
		s.space()
		if !s.eat(':') {
			return nil, s.errorf("expected : after the key %q", key)
		}
		s.space()
		start := s.pos
		if err := s.skipValue(); err != nil {
			return nil, err
		}
		out[key] = data[start:s.pos]
		s.space()
		if s.eat('}') {
			return out, s.end()
		}
		if !s.eat(',') {
			return nil, s.errorf("expected , or }")
		}
	}
}

type scanner struct {
	data []byte
	pos  int
}

func (s *scanner) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON at byte %d: %s", s.pos, fmt.Sprintf(format, args...))
}

func (s *scanner) space() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) eat(c byte) bool {
	if s.pos < len(s.data) && s.data[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

func (s *scanner) end() error {
	s.space()
	if s.pos != len(s.data) {
		return s.errorf("unexpected data after the object")
	}
	return nil
}

// key reads a member name; only names with escapes or invalid UTF-8 go
// through encoding/json.
func (s *scanner) key() (string, error) {
	start := s.pos
	escaped, err := s.skipString()
	if err != nil {
		return "", err
	}
	if name := s.data[start+1 : s.pos-1]; !escaped && utf8.Valid(name) {
		return string(name), nil
	}
	var key string
	if err := json.Unmarshal(s.data[start:s.pos], &key); err != nil {
		return "", s.errorf("bad member name: %v", err)
	}
	return key, nil
}

// skipString moves past a string starting at pos and reports whether it
// holds escapes. It jumps from quote to quote (bytes.IndexByte is
// vectorized); a quote after an odd run of backslashes is escaped.
func (s *scanner) skipString() (escaped bool, err error) {
	if !s.eat('"') {
		return false, s.errorf("expected a string")
	}
	start := s.pos
	for {
		i := bytes.IndexByte(s.data[s.pos:], '"')
		if i < 0 {
			s.pos = len(s.data)
			return false, s.errorf("unterminated string")
		}
		quote := s.pos + i
		backslashes := 0
		for j := quote - 1; j >= start && s.data[j] == '\\'; j-- {
			backslashes++
		}
		s.pos = quote + 1
		if backslashes%2 == 0 {
			return escaped || bytes.IndexByte(s.data[start:quote], '\\') >= 0, nil
		}
		escaped = true
	}
}

// skipValue moves past one value: strings are skipped whole, so brackets
// inside them do not count; whether brackets match and scalars are well
// formed is left to the decoder.
func (s *scanner) skipValue() error {
	start, depth := s.pos, 0
scan:
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; {
		case c == '"':
			if _, err := s.skipString(); err != nil {
				return err
			}
			if depth == 0 {
				return nil
			}
			continue
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth == 0 {
				break scan // the end of a scalar
			}
			depth--
			if depth == 0 {
				s.pos++
				return nil
			}
		case depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			break scan
		}
		s.pos++
	}
	switch {
	case depth > 0:
		return s.errorf("unterminated value")
	case s.pos == start:
		return s.errorf("expected a value")
	}
	return nil
}

// Strings returns the strings of a decoded JSON list, nil for anything
// else; items that are not strings are left out.
func Strings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
