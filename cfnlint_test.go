package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGoldenPassCfnLint cross-checks every golden template with cfn-lint,
// AWS's own linter, when it is installed: pipegen's validator and cfn-lint
// must agree that what generate writes is valid.
func TestGoldenPassCfnLint(t *testing.T) {
	if testing.Short() {
		t.Skip("cfn-lint cross-check skipped in -short mode")
	}
	lint := needTool(t, "cfn-lint", "pip install cfn-lint to run the cross-check")
	// One golden of each shape: the runtime variants differ only in strings.
	var files []string
	for _, variant := range []string{"default/pipeline.yml", "github/pipeline.yml", "json/pipeline.json", "buildspec/pipeline.yml"} {
		files = append(files, filepath.Join("testdata", "golden", variant))
	}
	out, err := exec.Command(lint, append([]string{"--format", "parseable", "--"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("cfn-lint reports problems in the golden templates (%v):\n%s", err, out)
	}
}
