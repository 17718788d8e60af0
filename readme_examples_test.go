package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The README's examples are run, and their output must be what the README
// shows. An example is a fenced block after a line
//
//	<!-- example: SETUP -->
//
// whose first line is `$ pipegen ARGS` (a `# comment` after it is ignored)
// and whose other lines are the output, standard output then standard
// error. The command runs in a fresh folder that readmeSetups[SETUP]
// prepares.
var readmeSetups = map[string]func(t *testing.T){
	"empty": func(t *testing.T) {},
	"chalice-project": func(t *testing.T) {
		writeFile(t, ".chalice/config.json", `{"version": "2.0", "app_name": "helloworld", "stages": {"dev": {}}}`)
	},
	"bare-bucket": func(t *testing.T) {
		writeFile(t, "template.yml", readmeBareBucket)
	},
	"topic-typo": func(t *testing.T) {
		writeFile(t, ".chalice/config.json", `{"version": "2.0", "app_name": "helloworld", "stages": {"dev": {}}}`)
		if code, _, stderr := pipegen(t, "templates", "export", "pipeline-templates"); code != 0 {
			t.Fatalf("export: %s", stderr)
		}
		path := filepath.Join("pipeline-templates", "pipeline.yaml.tmpl")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(data), "\nOutputs:\n", "\n"+readmeTopic+"Outputs:\n  PipelineTopicArn:\n    Value: !Ref PipelineTopic\n", 1)
		if edited == string(data) {
			t.Fatal("pipeline.yaml.tmpl has no Outputs: line to add the topic before")
		}
		writeFile(t, path, strings.Replace(edited, "- Protocol: email", "- Protocl: email", 1))
	},
}

// readmeBareBucket is the template of the validate example: a bucket with
// a misspelled property and nothing else.
const readmeBareBucket = `AWSTemplateFormatVersion: "2010-09-09"
Description: >-
  An example bucket, as someone
  might write it by hand.
Parameters:
  Env:
    Type: String
    Default: dev
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketNam: !Sub "example-${Env}"
`

// readmeTopic is the resource the customizing example adds.
const readmeTopic = `  PipelineTopic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "${ApplicationName}-pipeline"
      Subscription:
        - Protocol: email
          Endpoint: "team@example.com"
`

// exampleMarker: <!-- example: SETUP --> or <!-- example: SETUP, exit N -->
// (N is the exit code the example has, 0 when not given), then the block.
var exampleMarker = regexp.MustCompile("(?m)^<!-- example: ([a-z-]+)(?:, exit ([0-9]))? -->\n```[a-z]*\n((?s:.*?))```")

func TestReadmeExamples(t *testing.T) {
	text := readme(t)
	matches := exampleMarker.FindAllStringSubmatch(text, -1)
	if len(matches) < 4 {
		t.Fatalf("found %d examples in README.md, want at least 4: the markers are broken", len(matches))
	}
	for _, m := range matches {
		setup, wantCode, block := m[1], m[2], m[3]
		if wantCode == "" {
			wantCode = "0"
		}
		lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
		command, ok := strings.CutPrefix(lines[0], "$ pipegen ")
		if !ok {
			t.Errorf("example %q does not start with $ pipegen: %q", setup, lines[0])
			continue
		}
		t.Run(setup+": "+command, func(t *testing.T) {
			prepare, ok := readmeSetups[setup]
			if !ok {
				t.Fatalf("no setup %q", setup)
			}
			t.Chdir(t.TempDir())
			prepare(t)
			if k := strings.Index(command, " #"); k >= 0 {
				command = strings.TrimSpace(command[:k]) // a comment for the reader
			}
			code, stdout, stderr := pipegen(t, shellWords(t, command)...)
			if strconv.Itoa(code) != wantCode {
				t.Errorf("pipegen %s exits %d; README.md's marker says exit %s", command, code, wantCode)
			}
			got := strings.TrimSuffix(stdout+stderr, "\n")
			want := strings.Join(lines[1:], "\n")
			if got != want {
				t.Errorf("README.md shows\n%s\nbut pipegen %s prints\n%s", want, command, got)
			}
		})
	}
}

// The examples' inputs are the README's own text.
func TestReadmeTopicExample(t *testing.T) {
	if !strings.Contains(readme(t), readmeTopic+"Outputs:\n") {
		t.Fatal("README.md's customizing example no longer shows the topic readme_examples_test.go adds")
	}
	if !strings.Contains(readme(t), "```yaml\n"+readmeBareBucket+"```") {
		t.Fatal("README.md's validate example no longer shows the template readme_examples_test.go validates")
	}
}
