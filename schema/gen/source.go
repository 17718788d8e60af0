package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// The pinned source of the registry schemas.
const (
	sourceModule  = "github.com/aws-cloudformation/rain"
	sourceVersion = "v1.24.4"
	schemaPath    = "internal/aws/cfn/schemas"
)

// module is the part of `go mod download -json` output the generator uses.
type module struct {
	Dir   string
	Sum   string
	Error string
}

// downloadModule fetches the pinned module into the module cache and returns
// where it is. It runs outside this module so that go.mod is never touched.
func downloadModule() (module, error) {
	var m module
	cmd := exec.Command("go", "mod", "download", "-json", sourceModule+"@"+sourceVersion)
	cmd.Dir = os.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// go mod download reports a module error in the JSON, with exit status 1.
	if jerr := json.Unmarshal(out, &m); jerr != nil && err == nil {
		err = fmt.Errorf("reading its output: %w", jerr)
	}
	if m.Error != "" {
		err = fmt.Errorf("%s", m.Error)
	}
	if err != nil {
		return m, fmt.Errorf("go mod download %s@%s: %v %s", sourceModule, sourceVersion, err, strings.TrimSpace(stderr.String()))
	}
	if m.Dir == "" || m.Sum == "" {
		return m, fmt.Errorf("go mod download %s@%s: no Dir or Sum in its output", sourceModule, sourceVersion)
	}
	return m, nil
}

// indexTypes maps every CloudFormation type in the schema folder to its
// file, read from each file's typeName rather than guessed from its name.
func indexTypes(root string) (map[string]string, error) {
	index := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
			return err
		}
		name, err := typeName(path)
		if err != nil {
			return err
		}
		if other, dup := index[name]; dup {
			return fmt.Errorf("type %s is in both %s and %s", name, other, path)
		}
		index[name] = path
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("indexing %s: %w", root, err)
	}
	if len(index) == 0 {
		return nil, fmt.Errorf("indexing %s: no schemas found", root)
	}
	return index, nil
}

func typeName(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var head struct{ TypeName string }
	if err := json.Unmarshal(b, &head); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if head.TypeName == "" {
		return "", fmt.Errorf("%s: no typeName", path)
	}
	return head.TypeName, nil
}

// wantedType is one line of the type list.
type wantedType struct {
	name string
	line string // where it came from, for error messages
}

// readTypeList reads a type list: one type a line, `#` starts a comment,
// and a line `*` means every type in the module.
func readTypeList(path string) ([]wantedType, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var types []wantedType
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line != "" {
			types = append(types, wantedType{line, fmt.Sprintf("%s:%d", path, n)})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return types, nil
}

// typesFromFlag reads the -types flag: comma-separated types, or `*`.
func typesFromFlag(list string) []wantedType {
	var types []wantedType
	for _, name := range strings.Split(list, ",") {
		if name = strings.TrimSpace(name); name != "" {
			types = append(types, wantedType{name, "-types"})
		}
	}
	return types
}

// resolveTypes turns the wanted types into a sorted, duplicate-free list of
// known types. Every unknown type is named in the error.
func resolveTypes(wanted []wantedType, index map[string]string) ([]string, error) {
	set := map[string]bool{}
	var unknown []string
	for _, w := range wanted {
		switch _, ok := index[w.name]; {
		case w.name == "*":
			for name := range index {
				set[name] = true
			}
		case ok:
			set[w.name] = true
		default:
			unknown = append(unknown, fmt.Sprintf("%s: unknown resource type %q", w.line, w.name))
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("%s (not in %s@%s)", strings.Join(unknown, "; "), sourceModule, sourceVersion)
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("the type list is empty")
	}
	types := make([]string, 0, len(set))
	for name := range set {
		types = append(types, name)
	}
	sort.Strings(types)
	return types, nil
}

// fileName is the vendored file of a type: AWS::S3::Bucket -> aws-s3-bucket.json.
func fileName(typ string) string {
	return strings.ToLower(strings.ReplaceAll(typ, "::", "-")) + ".json"
}
