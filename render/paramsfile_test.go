package render

import (
	"strings"
	"testing"
)

var testOptions = map[string]bool{"app-name": false, "runtime": false, "stage": true}

// FuzzParamsFile: any bytes give settings or an error naming the file, never a panic.
func FuzzParamsFile(f *testing.F) {
	for _, seed := range []string{
		"app-name: a\nstage: [beta, prod]\n", `{"runtime": "3.12"}`, "- x\n", "a: &x [*x]\n",
		"app-name: [a]\n", "stage:\n  - {a: b}\n", "\xff", "", "app-name: a\napp-name: b\n",
		"app-name: a\n---\nstage: b\n", "---\n---\n", "app-name: a\n...\n", "stage: [\"a\\nb\", \"\\u2028\"]\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		values, err := ParseParamsFile("p.yml", data, testOptions)
		if err != nil {
			if !strings.Contains(err.Error(), "p.yml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for k, v := range values {
			if _, known := testOptions[k]; !known {
				t.Fatalf("unknown option %q accepted", k)
			}
			if !testOptions[k] && len(v.Values) != 1 {
				t.Fatalf("single-value option %q got %v", k, v.Values)
			}
		}
	})
}
