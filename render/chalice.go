package render

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	sigsyaml "sigs.k8s.io/yaml"
)

// ChaliceConfigPath is where a Chalice project keeps its configuration.
func ChaliceConfigPath(projectDir string) string {
	return filepath.Join(projectDir, ".chalice", "config.json")
}

// ReadChaliceAppName returns app_name from the project's .chalice/config.json.
// Unlike chalice, a missing or non-string app_name is an error, not "null".
func ReadChaliceAppName(projectDir string) (string, error) {
	path := ChaliceConfigPath(projectDir)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%s not found: run pipegen in a Chalice project, pass --project-dir, or give --app-name", path)
	}
	if err != nil {
		return "", err
	}
	var cfg map[string]any
	// sigs.k8s.io/yaml reads JSON (a subset of YAML) and reports the line of a syntax error.
	if err := sigsyaml.Unmarshal(data, &cfg); err != nil {
		return "", fmt.Errorf("%s: not valid JSON: %v", path, err)
	}
	name, present := cfg["app_name"]
	if !present {
		return "", fmt.Errorf("%s has no app_name: add one or pass --app-name", path)
	}
	s, ok := name.(string)
	if !ok || s == "" {
		return "", fmt.Errorf("%s: app_name must be a non-empty string, got %v", path, name)
	}
	return s, nil
}
