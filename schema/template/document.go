// Package template reads CloudFormation templates: Parse turns YAML (with
// every short-form tag) or JSON into a Document of plain Go values with the
// position of every value and key; IsIntrinsic is the one test of what an
// intrinsic function call is; Walk is the one walk over a template's values.
package template

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/pipegen/pipegen/schema/finding"
)

// Pos is a 1-based line and column in the file the user has.
type Pos = finding.Pos

// Document is a parsed CloudFormation template: plain Go values (map[string]any,
// []any, string, int64, float64, bool, nil) with every short-form tag rewritten
// to its long form, and the position of every value and mapping key.
type Document struct {
	File string
	Root map[string]any
	Size int        // the bytes of the text it was parsed from (CloudFormation limits a template's size)
	pos  *Positions // by path: the value, the key naming it, a literal block's text (positions.go)
}

// Path joins path segments the way findings print them: Resources/App/Properties.
func Path(parts ...string) string { return strings.Join(parts, "/") }

// Join is Path for a path and one more segment; under the root ("") the
// segment is the whole path.
func Join(path, seg string) string {
	if path == "" {
		return seg
	}
	return path + "/" + seg
}

// Positions is the trie of the document's positions, for a document made
// from this one (Fn::ForEach expansion) that adds to them.
func (d *Document) Positions() *Positions { return d.pos }

// Derive returns a document with the same file and size and a copy of d's
// positions, whose root the caller fills; d is not changed.
func (d *Document) Derive() *Document {
	return &Document{File: d.File, Root: make(map[string]any, len(d.Root)), Size: d.Size, pos: d.pos.clone()}
}

// Section returns a top-level mapping section, or nil.
func (d *Document) Section(name string) map[string]any {
	m, _ := d.Root[name].(map[string]any)
	return m
}

// PosOf returns the position of the value at path, falling back to the nearest
// ancestor that has one, so every finding gets a line.
func (d *Document) PosOf(path string) Pos {
	if p, ok := d.pos.deepest(path, true, d.pos.ValueOf); ok {
		return p
	}
	return Pos{Line: 1, Col: 1}
}

// KeyPosOf returns the position of the key that names the value at path;
// for a path that is not in the document (a missing property), the key of
// its nearest ancestor.
func (d *Document) KeyPosOf(path string) Pos {
	if p, ok := d.pos.deepest(path, false, d.pos.KeyOf); ok {
		return p
	}
	return d.PosOf(path)
}

// ObjectPos is where a finding about a whole object points: the key that
// names it, else the object itself (a list item), else the nearest named
// ancestor (an object that is missing altogether).
func (d *Document) ObjectPos(path string) Pos {
	if id, ok := d.pos.id(path); ok {
		if p, ok := d.pos.KeyOf(id); ok {
			return p
		}
		if p, ok := d.pos.ValueOf(id); ok {
			return p
		}
	}
	return d.KeyPosOf(path)
}

// ValueAt is the position recorded for the value at path itself, if any.
func (d *Document) ValueAt(path string) (Pos, bool) {
	if id, ok := d.pos.id(path); ok {
		return d.pos.ValueOf(id)
	}
	return Pos{}, false
}

// BlockStart returns where the text of the literal block scalar at path begins.
func (d *Document) BlockStart(path string) (Pos, bool) {
	if id, ok := d.pos.id(path); ok {
		return d.pos.BlockOf(id)
	}
	return Pos{}, false
}

// JSON encodes the document as indented JSON with long-form intrinsics.
// Keys come out sorted, so the output is deterministic.
func (d *Document) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d.Root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
