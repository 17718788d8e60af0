package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
)

// ChaliceConfigPath is where a Chalice project keeps its configuration.
func ChaliceConfigPath(projectDir string) string {
	return filepath.Join(projectDir, ".chalice", "config.json")
}

// ReadChaliceAppName returns app_name from the project's .chalice/config.json.
// Unlike chalice, a missing or non-string app_name is an error, not "null".
// where is the config's path with the line and column of the value, for
// errors about it.
func ReadChaliceAppName(projectDir string) (name, where string, err error) {
	path := ChaliceConfigPath(projectDir)
	data, err := readCapped(path, MaxSettingsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", fmt.Errorf("%s not found: run pipegen in a Chalice project, pass --project-dir, or give --app-name", path)
	}
	if err != nil {
		return "", "", err
	}
	var cfg map[string]any
	if err := decodeChaliceConfig(path, data, &cfg); err != nil {
		return "", "", err
	}
	value, present := cfg["app_name"]
	if !present {
		return "", "", fmt.Errorf("%s has no app_name: add one or pass --app-name", path)
	}
	line, col := lineCol(data, topLevelValueOffset(data, "app_name"))
	where = fmt.Sprintf("%s:%d:%d", path, line, col)
	s, ok := value.(string)
	if !ok || s == "" {
		return "", "", fmt.Errorf("%s: app_name must be a non-empty string, got %v", where, value)
	}
	return s, where, nil
}

// topLevelValueOffset is the byte offset of the value of a top-level key
// of a JSON object already known to be valid, or 0.
func topLevelValueOffset(data []byte, key string) int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return 0
		}
		after := dec.InputOffset() // just past the key's closing quote
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return 0
		}
		if k == key {
			// The value starts after the colon and any space.
			i := after
			for i < int64(len(data)) && (data[i] == ':' || data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
				i++
			}
			return i
		}
	}
	return 0
}

// decodeChaliceConfig reads the config as JSON, as chalice does (no
// trailing commas, no comments), and names the line and column of a
// syntax error.
func decodeChaliceConfig(path string, data []byte, v any) error {
	err := json.Unmarshal(data, v)
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		line, col := lineCol(data, syntax.Offset-1)
		return fmt.Errorf("%s:%d:%d: not valid JSON: %v", path, line, col, err)
	case errors.As(err, &typeErr):
		line, col := lineCol(data, typeErr.Offset-1)
		key := typeErr.Field[strings.LastIndex(typeErr.Field, ".")+1:]
		return fmt.Errorf("%s:%d:%d: %s must be a %s, got a JSON %s", path, line, col, key, typeErr.Type, typeErr.Value)
	case err != nil:
		return fmt.Errorf("%s: not valid JSON: %v", path, err)
	}
	return nil
}

// lineCol turns the index of a byte (encoding/json's Offset counts the
// bytes read, the offending one included) into a 1-based line and column.
func lineCol(data []byte, index int64) (int, int) {
	index = min(max(index, 0), int64(len(data)))
	before := string(data[:index])
	return 1 + strings.Count(before, "\n"), int(index) - strings.LastIndex(before, "\n")
}

// ChaliceSettings are the settings of a Chalice project's config that
// decide what its stacks reach outside themselves, for the deploy role.
type ChaliceSettings struct {
	AppName        string
	RoleArns       []string // iam_role_arn of the app, a stage or a function: roles the stacks do not create
	EdgeDomains    []string // chalice stages with api_gateway_custom_domain on an EDGE API (chalice's default endpoint type)
	AutomaticLayer []string // chalice stages with automatic_layer: the layer is named after app_name
	Stages         []string // the stages the config defines, sorted
}

// ReadChaliceSettings reads those settings for the given chalice stages
// from <projectDir>/.chalice/config.json, as chalice resolves them: a
// function's setting over its stage's over the top level's.
func ReadChaliceSettings(projectDir string, stages []string) (ChaliceSettings, error) {
	path := ChaliceConfigPath(projectDir)
	data, err := readCapped(path, MaxSettingsFile)
	if err != nil {
		return ChaliceSettings{}, err
	}
	var cfg chaliceConfig
	if err := decodeChaliceConfig(path, data, &cfg); err != nil {
		return ChaliceSettings{}, err
	}
	out := ChaliceSettings{AppName: cfg.AppName, Stages: slices.Sorted(maps.Keys(cfg.Stages))}
	for _, name := range stages {
		stage := cfg.Stages[name]
		scopes := []chaliceScope{cfg.chaliceScope, stage.chaliceScope}
		for _, fn := range slices.Sorted(maps.Keys(stage.Functions)) {
			scopes = append(scopes, stage.Functions[fn])
		}
		for _, sc := range scopes {
			if sc.IAMRoleArn != "" && !slices.Contains(out.RoleArns, sc.IAMRoleArn) {
				out.RoleArns = append(out.RoleArns, sc.IAMRoleArn)
			}
		}
		merged := cfg.chaliceScope.over(stage.chaliceScope)
		if merged.CustomDomain != nil && (merged.EndpointType == "" || merged.EndpointType == "EDGE") {
			out.EdgeDomains = append(out.EdgeDomains, name)
		}
		if merged.AutomaticLayer != nil && *merged.AutomaticLayer {
			out.AutomaticLayer = append(out.AutomaticLayer, name)
		}
	}
	return out, nil
}

// chaliceConfig is the part of .chalice/config.json pipegen reads
// (chalice documentation, "Configuration file").
type chaliceConfig struct {
	AppName string `json:"app_name"`
	chaliceScope
	Stages map[string]chaliceStage `json:"stages"`
}

type chaliceStage struct {
	chaliceScope
	Functions map[string]chaliceScope `json:"lambda_functions"`
}

// chaliceScope holds the settings that may stand at the top level, in a
// stage or, for iam_role_arn, in a function.
type chaliceScope struct {
	IAMRoleArn     string          `json:"iam_role_arn"`
	CustomDomain   json.RawMessage `json:"api_gateway_custom_domain"`
	EndpointType   string          `json:"api_gateway_endpoint_type"`
	AutomaticLayer *bool           `json:"automatic_layer"`
}

// over returns s with the settings o sets.
func (s chaliceScope) over(o chaliceScope) chaliceScope {
	if o.IAMRoleArn != "" {
		s.IAMRoleArn = o.IAMRoleArn
	}
	if o.CustomDomain != nil {
		s.CustomDomain = o.CustomDomain
	}
	if o.EndpointType != "" {
		s.EndpointType = o.EndpointType
	}
	if o.AutomaticLayer != nil {
		s.AutomaticLayer = o.AutomaticLayer
	}
	return s
}

// DeployRoleHints says what the deploy role generated from p lacks for the
// project's settings, and how to fix it.
func (cs ChaliceSettings) DeployRoleHints(p Params) []string {
	var out []string
	for _, arn := range cs.RoleArns {
		if !slices.Contains(p.AppRoleArns, arn) {
			out = append(out, fmt.Sprintf("%s sets iam_role_arn %s, a role the app's stacks do not create: the deploy role may pass it to Lambda only with --app-role-arn %s",
				".chalice/config.json", arn, arn))
		}
	}
	if len(cs.EdgeDomains) > 0 && !p.EdgeDomains {
		out = append(out, fmt.Sprintf(".chalice/config.json gives the chalice stage(s) %s an edge-optimized custom domain (api_gateway_custom_domain on an EDGE API): API Gateway needs cloudfront:UpdateDistribution for it; add --edge-domain",
			strings.Join(cs.EdgeDomains, ", ")))
	}
	if len(cs.AutomaticLayer) > 0 && cs.AppName != "" && cs.AppName != p.AppName {
		out = append(out, fmt.Sprintf(".chalice/config.json turns on automatic_layer, and chalice names the layer after app_name %q, but the deploy role allows layers named after --app-name %q: use the same name",
			cs.AppName, p.AppName))
	}
	return out
}
