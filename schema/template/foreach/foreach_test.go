package foreach

import (
	"reflect"
	"testing"

	"github.com/pipegen/pipegen/schema/template"
)

// TestExpandLeavesDocument: the expansion works on a copy, whose expanded
// resources point inside the loop; the caller's document keeps its loop.
func TestExpandLeavesDocument(t *testing.T) {
	src := "Transform: AWS::LanguageExtensions\nResources:\n  'Fn::ForEach::T':\n    - X\n    - [a, b]\n    - 'T${X}':\n        Type: AWS::SNS::Topic\n"
	doc, perr := template.Parse("t.yaml", []byte(src))
	if perr != nil {
		t.Fatal(perr)
	}
	r := Expand(doc, true)
	if len(r.Problems) != 0 {
		t.Fatalf("problems: %v", r.Problems)
	}
	if got := r.Doc.Section("Resources"); !reflect.DeepEqual(got, map[string]any{"Ta": map[string]any{"Type": "AWS::SNS::Topic"}, "Tb": map[string]any{"Type": "AWS::SNS::Topic"}}) {
		t.Errorf("expanded resources %v", got)
	}
	if got := r.Doc.KeyPosOf("Resources/Tb/Type"); got != (template.Pos{Line: 7, Col: 9}) {
		t.Errorf("Resources/Tb/Type is at %v, want the loop body's line 7", got)
	}
	if res := doc.Section("Resources"); len(res) != 1 || res["Fn::ForEach::T"] == nil {
		t.Errorf("the caller's document changed: %v", res)
	}
}

// TestExpandReportsProblems: a loop that cannot be expanded is a problem,
// one whose collection is known only at deploy time an info, and the
// parameter that gives it is a fact.
func TestExpandReportsProblems(t *testing.T) {
	src := "Parameters:\n  Names: {Type: CommaDelimitedList}\nResources:\n  'Fn::ForEach::A':\n    - X\n    - !Ref Names\n    - 'A${X}': {Type: AWS::SNS::Topic}\n  'Fn::ForEach::B': [1, 2]\n"
	doc, perr := template.Parse("t.yaml", []byte(src))
	if perr != nil {
		t.Fatal(perr)
	}
	r := Expand(doc, false)
	want := []Problem{
		{Pos: template.Pos{Line: 4, Col: 3}, Path: "Resources/Fn::ForEach::A", Message: "Fn::ForEach needs `Transform: AWS::LanguageExtensions`; add the transform or write the value out"},
		{Info: true, Pos: template.Pos{Line: 6, Col: 7}, Path: "Resources/Fn::ForEach::A/1/Ref", Message: "the collection of Fn::ForEach::A is parameter Names, which has no Default: the loop is not expanded and what it makes is not checked"},
		{Pos: template.Pos{Line: 8, Col: 3}, Path: "Resources/Fn::ForEach::B", Message: "Fn::ForEach needs `Transform: AWS::LanguageExtensions`; add the transform or write the value out"},
		{Pos: template.Pos{Line: 8, Col: 21}, Path: "Resources/Fn::ForEach::B", Message: "Fn::ForEach::B takes [Identifier, Collection, {OutputKey: OutputValue}], got 2 items"},
	}
	if !reflect.DeepEqual(r.Problems, want) {
		t.Errorf("problems\n%+v\nwant\n%+v", r.Problems, want)
	}
	if !r.LoopParams["Names"] || !r.Skipped["Resources"] {
		t.Errorf("facts: loop parameters %v, skipped %v", r.LoopParams, r.Skipped)
	}
}
