package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
)

// BenchmarkValidateFolder runs `pipegen validate testdata/templates/good`
// in-process, through the same code path as the command line (expanding the
// folder, reading each file, the worker pool, the text writer), and reports
// templates checked per second. The vendored registry lives for the process,
// so after the warm-up run every schema the corpus needs is compiled: this is
// the rate of the later files of a large folder. What a single cold run pays
// is measured by the schema package's BenchmarkValidateGeneratedPipelineCold
// and by timing the binary (README.md, Speed).
func BenchmarkValidateFolder(b *testing.B) {
	w, err := expandPaths([]string{goodCorpus}, nil)
	if err != nil {
		b.Fatal(err)
	}
	files := w.sources
	args := []string{"pipegen", "validate", goodCorpus}
	var stdout, stderr bytes.Buffer
	if code := run(args, strings.NewReader(""), &stdout, &stderr, testNow); code != 0 {
		b.Fatalf("the good corpus does not validate: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		stdout.Reset()
		stderr.Reset()
		if code := run(args, strings.NewReader(""), &stdout, &stderr, testNow); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "templates/s")
}

// BenchmarkValidateFolderCold checks the good corpus with a fresh registry
// per iteration, read from schema/cfn/schemas.zip as the binary reads its
// embedded copy: every schema the corpus uses is decompressed and compiled
// again, as in one `pipegen validate testdata/templates/good` process (less
// the process start and the output).
func BenchmarkValidateFolderCold(b *testing.B) {
	w, err := expandPaths([]string{goodCorpus}, nil)
	if err != nil {
		b.Fatal(err)
	}
	files := w.sources
	if _, err := os.Stat("schema/cfn/schemas.zip"); err != nil {
		b.Skipf("vendored schemas not available: %v", err)
	}
	cold := func() []schema.Finding {
		v := &schema.Validator{Registry: schema.NewRegistry(os.DirFS("schema/cfn"))}
		findings, _, _, err := checkAll(v, files, strings.NewReader(""), false)
		if err != nil {
			b.Fatal(err)
		}
		return findings
	}
	tuneGC(files) // as the command does
	if findings := cold(); schema.HasErrors(findings) {
		b.Fatalf("the good corpus has errors: %v", findings)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		cold()
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "templates/s")
}
