package output

import (
	"encoding/json"
	"io"

	"github.com/pipegen/pipegen/schema"
)

// JSON writes one document:
//
//	{
//	  "files": ["a.yaml", "b.yaml"],
//	  "findings": [
//	    {"file": "b.yaml", "line": 5, "column": 7, "severity": "error", "rule": "E3002",
//	     "path": "Resources/Bucket/Properties/Versioning", "message": "unknown property Versioning"}
//	  ],
//	  "summary": {"files": 2, "errors": 1, "warnings": 0, "infos": 0}
//	}
//
// Keys come in this order, findings sorted by file and position, lists are
// never null, and the output is indented with two spaces.
type JSON struct{}

// JSONDocument is the shape JSON writes.
type JSONDocument struct {
	Files    []string      `json:"files"`
	Findings []JSONFinding `json:"findings"`
	Summary  Summary       `json:"summary"`
}

// JSONFinding is one finding in JSONDocument. Severity is error, warning or
// info; path is the template path ("" when the finding is about the file).
type JSONFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Path     string `json:"path"`
	Message  string `json:"message"`
}

func (JSON) Write(w io.Writer, findings []schema.Finding, files []string) error {
	doc := JSONDocument{
		Files:    append([]string{}, files...),
		Findings: []JSONFinding{},
		Summary:  Count(findings, files),
	}
	for _, f := range sorted(findings) {
		doc.Findings = append(doc.Findings, JSONFinding{
			File: f.File, Line: f.Pos.Line, Column: f.Pos.Col, Severity: f.Severity.String(),
			Rule: f.Rule, Path: f.Path, Message: f.Message,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
