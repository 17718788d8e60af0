package output

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pipegen/pipegen/schema"
)

// SARIF writes a SARIF 2.1.0 log for GitHub code scanning: one run whose
// tool.driver is pipegen, with one reportingDescriptor per rule id that
// appears in the findings (short and full description, help) and one result
// per finding (ruleId, level, message, file and region). Microsoft's SARIF
// validator passes it with its SARIF and GitHub rule sets (TestSARIFMultitool).
type SARIF struct {
	Version string // pipegen's version, tool.driver.version
	DocsURL string // the README whose rules table has a row (and an anchor) per rule
}

const (
	sarifSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	informationURI = "https://github.com/pipegen/pipegen"
)

// sarifLog is the subset of SARIF 2.1.0 that SARIF writes.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

// sarifRule is a reportingDescriptor.
type sarifRule struct {
	ID                   string           `json:"id"`
	ShortDescription     sarifText        `json:"shortDescription"`
	FullDescription      sarifText        `json:"fullDescription"`
	Help                 sarifText        `json:"help"`
	HelpURI              string           `json:"helpUri"`
	DefaultConfiguration sarifRuleDefault `json:"defaultConfiguration"`
}

type sarifRuleDefault struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func (s SARIF) Write(w io.Writer, findings []schema.Finding, _ []string) error {
	findings = sorted(findings)
	index := map[string]int{}
	var ids []string
	for _, f := range findings {
		if _, ok := index[f.Rule]; !ok {
			index[f.Rule] = 0
			ids = append(ids, f.Rule)
		}
	}
	sort.Strings(ids)
	rules := make([]sarifRule, len(ids))
	for i, id := range ids {
		index[id] = i
		desc := schema.DescribeRule(id)
		if desc == "" {
			desc = "pipegen rule " + id
		}
		rules[i] = sarifRule{
			ID:                   id,
			ShortDescription:     sarifText{Text: desc},
			FullDescription:      sarifText{Text: desc + "."},
			Help:                 sarifText{Text: desc + ". The rule, with an example and the fix, is documented at " + s.helpURI(id)},
			HelpURI:              s.helpURI(id),
			DefaultConfiguration: sarifRuleDefault{Level: ruleLevel(id)},
		}
	}
	results := make([]sarifResult, 0, len(findings))
	for _, f := range findings {
		loc := sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: fileURI(f.File)}}
		if f.Pos.Line > 0 { // SARIF lines and columns are 1-based
			loc.Region = &sarifRegion{StartLine: f.Pos.Line}
			if f.Pos.Col > 0 {
				loc.Region.StartColumn = f.Pos.Col
			}
		}
		results = append(results, sarifResult{
			RuleID:    f.Rule,
			RuleIndex: index[f.Rule],
			Level:     level(f.Severity),
			Message:   sarifText{Text: message(f)},
			Locations: []sarifLocation{{PhysicalLocation: loc}},
		})
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name: "pipegen", InformationURI: informationURI, Version: s.Version, Rules: rules,
			}},
			Results: results,
			// Columns count characters (yaml.v3's columns), not UTF-16 code units.
			ColumnKind: "unicodeCodePoints",
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// level maps a severity to a SARIF result level.
func level(s schema.Severity) string {
	switch s {
	case schema.Error:
		return "error"
	case schema.Warning:
		return "warning"
	}
	return "note"
}

// ruleLevel is a rule's default level, from its id's first letter.
func ruleLevel(id string) string {
	switch {
	case len(id) > 0 && id[0] == 'E':
		return "error"
	case len(id) > 0 && id[0] == 'W':
		return "warning"
	}
	return "note"
}

// fileURI turns a path as the user gave it into a relative URI reference:
// forward slashes, and characters a URI cannot hold (spaces, <stdin>'s
// angle brackets) percent-encoded.
func fileURI(path string) string {
	return (&url.URL{Path: filepath.ToSlash(path)}).String()
}

// helpURI is the row of a rule in the README's rules table.
func (s SARIF) helpURI(id string) string {
	return s.DocsURL + "#" + strings.ToLower(id)
}
