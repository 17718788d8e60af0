package template

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/pipegen/pipegen/schema/internal/casetest"
)

// oldPositions records positions the way Parse did before the trie: maps
// keyed by each value's whole path. It is the reference the trie must agree
// with, key by key.
type oldPositions struct {
	pos, key map[string]Pos
	blocks   map[string]bool
}

func recordOld(n *yaml.Node, path string, o *oldPositions) {
	switch {
	case n.Kind == yaml.DocumentNode:
		recordOld(n.Content[0], path, o)
		return
	case n.Kind == yaml.AliasNode:
		recordOld(n.Alias, path, o)
		return
	}
	if _, ok := o.pos[path]; !ok {
		o.pos[path] = Pos{Line: n.Line, Col: n.Column}
	}
	if long, ok := longName(n.Tag); ok {
		child := Join(path, long)
		o.key[child] = Pos{Line: n.Line, Col: n.Column}
		if long == "Fn::GetAtt" && n.Kind == yaml.ScalarNode {
			o.pos[child] = Pos{Line: n.Line, Col: n.Column}
			for i := range strings.SplitN(n.Value, ".", 2) {
				o.pos[Join(child, strconv.Itoa(i))] = Pos{Line: n.Line, Col: n.Column}
			}
			return
		}
		inner := *n
		inner.Tag = ""
		recordOld(&inner, child, o)
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			child := Join(path, n.Content[i].Value)
			o.key[child] = Pos{Line: n.Content[i].Line, Col: n.Content[i].Column}
			recordOld(n.Content[i+1], child, o)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			recordOld(item, Join(path, strconv.Itoa(i)), o)
		}
	case yaml.ScalarNode:
		if n.Style&yaml.LiteralStyle != 0 {
			o.blocks[path] = true
		}
	}
}

func (o *oldPositions) posOf(path string) Pos {
	for {
		if p, ok := o.pos[path]; ok {
			return p
		}
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			if p, ok := o.pos[""]; ok {
				return p
			}
			return Pos{Line: 1, Col: 1}
		}
		path = path[:i]
	}
}

func (o *oldPositions) keyPosOf(path string) Pos {
	for p := path; p != ""; {
		if pos, ok := o.key[p]; ok {
			return pos
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return o.posOf(path)
}

// TestPositionsAgreeWithPathMaps: for every value of the corpus, the
// golden templates and documents whose keys hold slashes or are empty, the
// trie gives PosOf, KeyPosOf, objectPos and BlockStart what the maps of
// whole paths gave, for the recorded paths and for paths below, beside and
// above them; and a node's text is its path.
func TestPositionsAgreeWithPathMaps(t *testing.T) {
	docs := map[string]string{
		"slashes":     "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body:\n        paths:\n          /pets: {get: 1}\n          /pets/{id}: {get: 2}\n          /: x\n          a/: y\n          \"\": z\n",
		"empty keys":  "\"\": {\"\": {a: 1}, b: [1, {\"\": 2}]}\n/x: 1\na: {\"/\": 2, \"//\": 3}\nResources: {}\n",
		"collisions":  "a/b: 1\na: {b: 2, \"b/c\": 3}\n\"a/b/c\": 4\n",
		"short forms": casetest.ShortForms + "      Block: |\n        text\n",
	}
	for _, dir := range []string{"../../testdata/templates", "../../testdata/golden"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*", "*.y*ml"))
		more, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
		for _, f := range append(files, more...) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs[f] = string(data)
		}
	}
	if len(docs) < 20 {
		t.Fatalf("only %d documents: the corpus moved?", len(docs))
	}
	for name, src := range docs {
		var root yaml.Node
		if yaml.Unmarshal([]byte(src), &root) != nil || len(root.Content) == 0 {
			continue // the bad corpus
		}
		doc, _ := Parse("t", []byte(src))
		if doc == nil {
			continue
		}
		old := &oldPositions{pos: map[string]Pos{}, key: map[string]Pos{}, blocks: map[string]bool{}}
		recordOld(&root, "", old)
		comparePositions(t, name, doc, old)
	}
}

func comparePositions(t *testing.T, name string, doc *Document, old *oldPositions) {
	t.Helper()
	var paths []string
	for p := range old.pos {
		paths = append(paths, p, p+"/missing", p+"/", p+"/0/x")
	}
	for p := range old.key {
		paths = append(paths, p)
	}
	paths = append(paths, "", "/", "missing", "Resources/missing/Properties")
	bad := 0
	for _, p := range paths {
		if got, want := doc.PosOf(p), old.posOf(p); got != want {
			t.Errorf("%s: PosOf(%q) = %v, want %v", name, p, got, want)
			bad++
		}
		if got, want := doc.KeyPosOf(p), old.keyPosOf(p); got != want {
			t.Errorf("%s: KeyPosOf(%q) = %v, want %v", name, p, got, want)
			bad++
		}
		want, ok := old.key[p]
		if !ok {
			if want, ok = old.pos[p]; !ok {
				want = old.keyPosOf(p)
			}
		}
		if got := doc.ObjectPos(p); got != want {
			t.Errorf("%s: objectPos(%q) = %v, want %v", name, p, got, want)
			bad++
		}
		if _, isBlock := doc.BlockStart(p); isBlock != old.blocks[p] {
			t.Errorf("%s: BlockStart(%q) says %v", name, p, isBlock)
			bad++
		}
		if id, ok := doc.pos.id(p); ok {
			if text := doc.pos.Text(id); text != p {
				t.Errorf("%s: the node of %q reads %q", name, p, text)
				bad++
			}
		}
		if bad > 10 {
			t.Fatalf("%s: giving up", name)
		}
	}
}

// TestTrailIsJoin: a trail reads as the path join builds, empty segments
// and slashes in keys included.
func TestTrailIsJoin(t *testing.T) {
	segs := []string{"", "a", "/", "b/c", "", "d", "//"}
	for start := range segs {
		want := segs[start]
		tr := TrailOf(want)
		for _, s := range segs[start+1:] {
			want, tr = Join(want, s), tr.To(s)
			if got := tr.String(); got != want {
				t.Fatalf("trail %q, want %q", got, want)
			}
		}
	}
}
