package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// longKeys is a valid template whose Metadata nests levels keys of 1,000
// characters over a list of items: small as text, but the path of each item
// holds every key above it.
func longKeys(levels, items int, asYAML bool) string {
	key := func(i int) string { return fmt.Sprintf("K%03d%s", i, strings.Repeat("x", 996)) }
	list := "[" + strings.TrimSuffix(strings.Repeat("1,", items), ",") + "]"
	if asYAML {
		var b strings.Builder
		b.WriteString("Resources:\n  B:\n    Type: AWS::S3::Bucket\nMetadata:\n")
		for i := range levels {
			fmt.Fprintf(&b, "%s%s:\n", strings.Repeat("  ", i+1), key(i))
		}
		fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", levels+1), list)
		return b.String()
	}
	v := list
	for i := levels - 1; i >= 0; i-- {
		v = fmt.Sprintf(`{"%s":%s}`, key(i), v)
	}
	return `{"Resources":{"B":{"Type":"AWS::S3::Bucket","Metadata":` + v + `}},"Metadata":` + v + `}`
}

// TestLongKeysCostTheirSize: 150 nested 1,000-character keys over 10,000
// items (171 KB of JSON; here twice, in the template's and in a resource's
// Metadata) took 12 s and 4.5 GB when every value kept its path as a
// string; the YAML form (100 levels, 120 KB) 7 s and 2.6 GB. The positions
// and the walks now cost the file's size, not the sum of its paths' lengths.
func TestLongKeysCostTheirSize(t *testing.T) {
	for name, src := range map[string]string{
		"json": longKeys(150, 10000, false),
		"yaml": longKeys(100, 10000, true),
	} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			got := findingStrings(NewValidator().Check("t", []byte(src)))
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("allocated %d MB checking %d KB", alloc>>20, len(src)>>10)
			}
			if took > 2*time.Second {
				t.Errorf("took %v", took)
			}
			for _, f := range got {
				if !strings.Contains(f, "W900") { // only the bucket's security warnings
					t.Errorf("unexpected finding %.200s", f)
				}
			}
		})
	}
}

// TestLongPathsAreShortInFindings: findings under long keys carry a path
// cut to about a kilobyte, not every key above them: 3,000 Refs under 150
// nested 1,000-character keys made 450 MB of findings from 196 KB (here
// 2,000 Refs, in two places).
func TestLongPathsAreShortInFindings(t *testing.T) {
	src := strings.Replace(longKeys(150, 0, false), "[]", "["+strings.TrimSuffix(strings.Repeat(`{"Ref":"Nope"},`, 1000), ",")+"]", 2)
	got := NewValidator().Check("t.json", []byte(src))
	size, refs := 0, 0
	for _, f := range got {
		size += len(f.String())
		if f.Rule == RuleRef {
			refs++
			if len(f.Path) > maxPathText+len("…") || !strings.HasPrefix(f.Path, "Resources/B/Metadata/…/") && !strings.HasPrefix(f.Path, "Metadata/…/") || !strings.HasSuffix(f.Path, "/Ref") {
				t.Fatalf("path %q", f.Path)
			}
		}
	}
	if refs != 2000 || size > 4<<20 { // 300 MB with whole paths
		t.Errorf("%d E1012 findings in %d MB", refs, size>>20)
	}
}

// TestShortPath: short paths are kept; long ones keep their start and end,
// cut at slashes (or, inside one long key, between characters), valid UTF-8.
func TestShortPath(t *testing.T) {
	long := strings.Repeat("é", 600) // 1,200 bytes, no slash
	for in, want := range map[string]string{
		"Resources/A/Properties":                      "Resources/A/Properties",
		"Resources/A/" + long:                         "Resources/A/…" + strings.Repeat("é", 256),
		"Resources/A/" + long + "/" + long + "/0/Ref": "Resources/A/…/0/Ref",
	} {
		if got := shortPath(in); got != want {
			t.Errorf("shortPath(%.40q...) = %.80q..., want %.80q...", in, got, want)
		}
	}
	in := "Resources/A/" + strings.Repeat("x/", 600) + "Ref"
	got := shortPath(in)
	if !strings.HasPrefix(got, "Resources/A/x/x/") || !strings.HasSuffix(got, "/x/x/Ref") || !strings.Contains(got, "/…/") ||
		len(got) > maxPathText+len("…") || !utf8.ValidString(got) {
		t.Errorf("shortPath of a deep path: %q", got)
	}
}

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
		o.pos[path] = Pos{n.Line, n.Column}
	}
	if long, ok := shortTags[n.Tag]; ok {
		child := join(path, long)
		o.key[child] = Pos{n.Line, n.Column}
		if long == "Fn::GetAtt" && n.Kind == yaml.ScalarNode {
			o.pos[child] = Pos{n.Line, n.Column}
			for i := range strings.SplitN(n.Value, ".", 2) {
				o.pos[join(child, strconv.Itoa(i))] = Pos{n.Line, n.Column}
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
			child := join(path, n.Content[i].Value)
			o.key[child] = Pos{n.Content[i].Line, n.Content[i].Column}
			recordOld(n.Content[i+1], child, o)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			recordOld(item, join(path, strconv.Itoa(i)), o)
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
			return Pos{1, 1}
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
		"short forms": shortFormsTemplate + "      Block: |\n        text\n",
	}
	for _, dir := range []string{"../testdata/templates", "../testdata/golden"} {
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
		if got := doc.objectPos(p); got != want {
			t.Errorf("%s: objectPos(%q) = %v, want %v", name, p, got, want)
			bad++
		}
		if _, isBlock := doc.BlockStart(p); isBlock != old.blocks[p] {
			t.Errorf("%s: BlockStart(%q) says %v", name, p, isBlock)
			bad++
		}
		if id, ok := doc.pos.id(p); ok {
			if text := doc.pos.text(id); text != p {
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
		tr := trailOf(want)
		for _, s := range segs[start+1:] {
			want, tr = join(want, s), tr.to(s)
			if got := tr.String(); got != want {
				t.Fatalf("trail %q, want %q", got, want)
			}
		}
	}
}
