// Command gen writes the constraints package constraints embeds
// (schema/constraints): what AWS enforces on resource properties beyond the
// vendored registry schemas (schema/cfn). Three kinds, each with its
// origin on every constraint:
//
//   - patterns, allowed values, lengths and ranges from the AWS API models
//     that Debian's python3-botocore ships (Apache-2.0), mapped to the
//     properties of each type the way cfn-lint maps the AWS API models
//     (its scripts/smithy, MIT-0): the create operations the type's
//     registry schema lists among its create handler's permissions, their
//     input members matched to properties by name, case-insensitively,
//     into nested structures and lists (botocore.go);
//   - resource id and ARN formats (VPC, subnet and security group ids, KMS
//     key ids, ARNs and aliases, S3 bucket names, ...) given to properties
//     by their names, as cfn-lint's scripts/update_schemas_format.py does
//     (formats.go);
//   - hand-written constraints, each citing the AWS documentation:
//     properties that exclude or require each other, names whose rules
//     only the documentation states (manual.json).
//
// The package is fetched with `apt-get download` from Debian's archive for
// the pinned release (a private apt configuration, so the machine's own
// sources are left alone) and refused unless its SHA-256 is the pinned one;
// its files are read with `dpkg-deb --fsys-tarfile`. The output, written to
// schema/constraints, is byte for byte reproducible:
//
//	constraints.zip, index.txt   one <stem>.json entry a type (schema/archive's format)
//	REPORT.txt                   every constraint, one a line, with its origin
//	SOURCE.json                  the package, version, hash, and counts
//	LICENSE, NOTICE              the package's copyright file and NOTICE
//
// Run it from the module root:
//
//	make constraints                                     # go run ./schema/constraints/gen
//	go run ./schema/constraints/gen -deb python3-botocore_1.37.9+repack-1_all.deb
package main

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// The pinned package: Debian 13 (trixie)'s python3-botocore. To update:
// set the version and the SHA256 that `apt-cache show
// python3-botocore=VERSION` prints (with the release's sources), run make
// constraints and review the diff of REPORT.txt.
const (
	debPackage = "python3-botocore"
	debVersion = "1.37.9+repack-1"
	debRelease = "trixie"
	debSHA256  = "ca7193ec8ab83f071c18c872f3cbde43b968251342de919915a8f56b2253683b"
	// modelsDir is where the package keeps botocore's API models.
	modelsDir = "usr/lib/python3/dist-packages/botocore/data/"
	docDir    = "usr/share/doc/python3-botocore/"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "schema/constraints/gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	out := fs.String("out", "schema/constraints", "folder to write the archive, REPORT.txt, SOURCE.json, LICENSE and NOTICE to")
	deb := fs.String("deb", "", "use this .deb instead of downloading it (it is still checked against the pinned SHA-256)")
	manual := fs.String("manual", "schema/constraints/manual.json", "the hand-written constraints")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	data, err := obtain(*deb)
	if err != nil {
		return err
	}
	pkg, err := readDeb(data)
	if err != nil {
		return err
	}
	models, err := loadModels(pkg)
	if err != nil {
		return err
	}
	schemas, err := loadSchemas()
	if err != nil {
		return err
	}
	hand, err := readManual(*manual)
	if err != nil {
		return err
	}
	files, err := build(schemas, models, hand)
	if err != nil {
		return err
	}
	for _, f := range []struct{ from, to string }{{"copyright", "LICENSE"}, {"NOTICE", "NOTICE"}} {
		b, ok := pkg[docDir+f.from]
		if !ok {
			return fmt.Errorf("no %s in the package", docDir+f.from)
		}
		files[f.to] = b
	}
	return writeFiles(*out, files)
}

// obtain returns the .deb's bytes, checked against debSHA256.
func obtain(file string) ([]byte, error) {
	var data []byte
	var err error
	if file != "" {
		data, err = os.ReadFile(file)
	} else {
		data, err = aptDownload()
	}
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != debSHA256 {
		return nil, fmt.Errorf("%s %s: SHA-256 %s, want %s", debPackage, debVersion, got, debSHA256)
	}
	return data, nil
}

// aptDownload fetches the pinned package with apt-get, from the pinned
// release of the Debian archive the machine's own sources name, through a
// private apt state in a temporary folder (the machine's lists and sources
// are not touched).
func aptDownload() ([]byte, error) {
	dir, err := os.MkdirTemp("", "constraints-apt-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	mirror, err := debianMirror()
	if err != nil {
		return nil, err
	}
	for _, d := range []string{"lists/partial", "cache/archives/partial"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	sources := filepath.Join(dir, "sources.list")
	line := fmt.Sprintf("deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n", mirror, debRelease)
	if err := os.WriteFile(sources, []byte(line), 0o644); err != nil {
		return nil, err
	}
	opts := []string{
		"-o", "Dir::Etc::SourceList=" + sources, "-o", "Dir::Etc::SourceParts=/dev/null",
		"-o", "Dir::State::Lists=" + filepath.Join(dir, "lists"), "-o", "Dir::Cache=" + filepath.Join(dir, "cache"),
		"-o", "APT::Sandbox::User=root",
	}
	for _, args := range [][]string{{"update"}, {"download", debPackage + "=" + debVersion}} {
		cmd := exec.Command("apt-get", append(slices.Clone(opts), args...)...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("apt-get %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
		}
	}
	matches, _ := filepath.Glob(filepath.Join(dir, debPackage+"_*.deb"))
	if len(matches) != 1 {
		return nil, fmt.Errorf("apt-get download left %d packages", len(matches))
	}
	return os.ReadFile(matches[0])
}

// debianMirror is the Debian archive the machine's apt sources name (the
// first URI of a source that serves the main archive).
func debianMirror() (string, error) {
	var text []byte
	for _, f := range []string{"/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"} {
		if b, err := os.ReadFile(f); err == nil {
			text = append(text, b...)
			text = append(text, '\n')
		}
	}
	for _, line := range strings.Split(string(text), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 2 && fields[0] == "URIs:":
			for _, u := range fields[1:] {
				if strings.HasSuffix(strings.TrimSuffix(u, "/"), "/debian") {
					return u, nil
				}
			}
		case len(fields) >= 3 && fields[0] == "deb":
			for _, u := range fields[1:] {
				if strings.HasSuffix(strings.TrimSuffix(u, "/"), "/debian") {
					return u, nil
				}
			}
		}
	}
	return "", errors.New("no Debian archive among the machine's apt sources")
}

// readDeb returns the files of the package under modelsDir and docDir, by
// their path without the leading "./".
func readDeb(data []byte) (map[string][]byte, error) {
	cmd := exec.Command("dpkg-deb", "--fsys-tarfile", "/dev/stdin")
	cmd.Stdin = bytes.NewReader(data)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("dpkg-deb: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	files := map[string][]byte{}
	tr := tar.NewReader(&stdout)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(h.Name, "./")
		if h.Typeflag != tar.TypeReg || !(strings.HasPrefix(name, modelsDir) && path.Base(name) == "service-2.json" || strings.HasPrefix(name, docDir)) {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	if len(files) == 0 {
		return nil, errors.New("the package holds no API models")
	}
	return files, nil
}

// writeFiles writes the output files into dir.
func writeFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			return err
		}
	}
	return nil
}
