package template

import (
	"math"
	"strings"
)

// Where each value of a document stands is recorded by its path, such as
// Resources/App/Properties. Kept as one string a value, paths cost the
// sum of every value's path length: 150 nested keys of 1,000 characters over
// a list of 10,000 items made 1.5 GB of them from a 171 KB file. So the
// positions are a trie over the path's pieces (the text between slashes):
// each value's node holds one piece, a link to its parent, and its
// positions, and a path's text is built only when a finding asks for it.
//
// The trie is keyed by the path's text, exactly as a map from path strings
// would be: a key holding a slash (an API's "/pets") is several pieces, so
// two values whose paths read the same share a node, and looking up a
// path's text finds what recording it found.

// NodeID names a node of a Positions trie; the root, the path "", is 0.
type NodeID int32

// Root is the node of the path "".
const Root NodeID = 0

// Positions is the trie of one document's positions.
type Positions struct {
	nodes  []posNode
	child  map[posEdge]NodeID
	blocks map[NodeID]pos32 // where a literal block scalar's text starts (few have one)
}

// posNode is one piece of a path and the positions of the value the path
// names: a zero position (line 0) is one not recorded.
type posNode struct {
	parent NodeID
	piece  string
	value  pos32 // where the value starts
	key    pos32 // where the mapping key that names it starts
}

// pos32 is a Pos in half the space: a trie has a node per value.
type pos32 struct{ line, col int32 }

func pack(p Pos) pos32 { return pos32{clamp32(p.Line), clamp32(p.Col)} }

func clamp32(n int) int32 { return int32(min(n, math.MaxInt32)) }

func (p pos32) unpack() Pos { return Pos{Line: int(p.line), Col: int(p.col)} }

func (p pos32) set() bool { return p.line > 0 }

type posEdge struct {
	parent NodeID
	piece  string
}

func newPositions() *Positions {
	return &Positions{nodes: []posNode{{}}, child: map[posEdge]NodeID{}, blocks: map[NodeID]pos32{}}
}

// clone copies the trie, for a document that adds to it (Document.Derive).
func (p *Positions) clone() *Positions {
	out := &Positions{nodes: append([]posNode(nil), p.nodes...), child: make(map[posEdge]NodeID, len(p.child)),
		blocks: make(map[NodeID]pos32, len(p.blocks))}
	for e, id := range p.child {
		out.child[e] = id
	}
	for id, pos := range p.blocks {
		out.blocks[id] = pos
	}
	return out
}

// ValueOf, KeyOf and BlockOf are a node's positions, ok false when not recorded.
func (p *Positions) ValueOf(id NodeID) (Pos, bool) {
	return p.nodes[id].value.unpack(), p.nodes[id].value.set()
}
func (p *Positions) KeyOf(id NodeID) (Pos, bool) {
	return p.nodes[id].key.unpack(), p.nodes[id].key.set()
}
func (p *Positions) BlockOf(id NodeID) (Pos, bool) {
	b, ok := p.blocks[id]
	return b.unpack(), ok
}

func (p *Positions) SetValue(id NodeID, pos Pos) { p.nodes[id].value = pack(pos) }
func (p *Positions) SetKey(id NodeID, pos Pos)   { p.nodes[id].key = pack(pos) }
func (p *Positions) SetBlock(id NodeID, pos Pos) { p.blocks[id] = pack(pos) }

// node returns the node of the path join(path of parent, seg), making it
// (and the pieces of seg before it) when new. As with join, a segment
// under the root is the whole path: "" names the root itself.
func (p *Positions) Node(parent NodeID, seg string) NodeID {
	if parent == Root && seg == "" {
		return Root
	}
	for {
		piece, rest, more := strings.Cut(seg, "/")
		e := posEdge{parent, piece}
		id, ok := p.child[e]
		if !ok {
			id = NodeID(len(p.nodes))
			p.nodes = append(p.nodes, posNode{parent: parent, piece: piece})
			p.child[e] = id
		}
		if !more {
			return id
		}
		parent, seg = id, rest
	}
}

// walk visits the nodes of path's prefixes, the root first, as far as the
// trie has them, and returns the last one visited and whether it is path's.
func (p *Positions) walk(path string, visit func(NodeID)) (last NodeID, whole bool) {
	id := Root
	visit(id)
	for rest, more := path, path != ""; more; {
		var piece string
		piece, rest, more = strings.Cut(rest, "/")
		child, ok := p.child[posEdge{id, piece}]
		if !ok {
			return id, false
		}
		id = child
		visit(id)
	}
	return id, true
}

// id is the node of path, if the trie has it.
func (p *Positions) id(path string) (NodeID, bool) {
	return p.walk(path, func(NodeID) {})
}

// deepest returns the position pick chooses of the deepest node on path's
// way that has it recorded; the root counts when withRoot is set.
func (p *Positions) deepest(path string, withRoot bool, pick func(NodeID) (Pos, bool)) (best Pos, found bool) {
	p.walk(path, func(id NodeID) {
		if pos, ok := pick(id); ok && (withRoot || id != Root) {
			best, found = pos, true
		}
	})
	return best, found
}

// text is the path of a node, its pieces joined by slashes.
func (p *Positions) Text(id NodeID) string {
	size := -1
	for i := id; i != Root; i = p.nodes[i].parent {
		size += len(p.nodes[i].piece) + 1
	}
	if size < 0 {
		return ""
	}
	buf := make([]byte, size)
	for i := id; i != Root; i = p.nodes[i].parent {
		size -= len(p.nodes[i].piece)
		copy(buf[size:], p.nodes[i].piece)
		if size > 0 {
			size--
			buf[size] = '/'
		}
	}
	return string(buf)
}

// Piece is the last piece of a node's path.
func (p *Positions) Piece(id NodeID) string { return p.nodes[id].piece }

// FirstPiece is the first piece of a node's path (its top-level section).
func (p *Positions) FirstPiece(id NodeID) string {
	for id != Root && p.nodes[id].parent != Root {
		id = p.nodes[id].parent
	}
	return p.nodes[id].piece
}

// AnyPiece reports whether a piece of the node's path satisfies f.
func (p *Positions) AnyPiece(id NodeID, f func(string) bool) bool {
	for ; id != Root; id = p.nodes[id].parent {
		if f(p.nodes[id].piece) {
			return true
		}
	}
	return false
}

// PosOf is PosOf for a node: its value's position, else its nearest
// ancestor's, else the root's, else 1:1.
func (p *Positions) PosOf(id NodeID) Pos {
	for ; ; id = p.nodes[id].parent {
		if pos, ok := p.ValueOf(id); ok {
			return pos
		}
		if id == Root {
			return Pos{Line: 1, Col: 1}
		}
	}
}

// KeyPosOf is KeyPosOf for a node.
func (p *Positions) KeyPosOf(id NodeID) Pos {
	for i := id; i != Root; i = p.nodes[i].parent {
		if pos, ok := p.KeyOf(i); ok {
			return pos
		}
	}
	return p.PosOf(id)
}

// A Trail is the path of the value a walk stands at, kept as a link to its
// parent's trail: the one walk of a template (Walk) extends it at the same
// cost however deep the value and however long the keys above it, and its
// text (String) is built only for a finding.
type Trail struct {
	up  *Trail
	seg string
}

// TrailOf starts a trail at a path's text.
func TrailOf(path string) *Trail { return &Trail{seg: path} }

// To is the trail of a child: Join(t, seg).
func (t *Trail) To(seg string) *Trail { return &Trail{up: t, seg: seg} }

// Up is the trail of the parent, nil at the trail's start.
func (t *Trail) Up() *Trail { return t.up }

// Seg is the trail's last segment.
func (t *Trail) Seg() string { return t.seg }

// String is the path's text, as Join builds it.
func (t *Trail) String() string {
	if t.up == nil {
		return t.seg
	}
	var segs []string
	size := 0
	for p := t; p != nil; p = p.up {
		segs = append(segs, p.seg)
		size += len(p.seg) + 1
	}
	var b strings.Builder
	b.Grow(size)
	for i := len(segs) - 1; i >= 0; i-- {
		if b.Len() > 0 {
			b.WriteByte('/')
		}
		b.WriteString(segs[i])
	}
	return b.String()
}
