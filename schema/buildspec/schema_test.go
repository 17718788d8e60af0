package buildspec_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v3"

	"github.com/pipegen/pipegen/schema/buildspec"
)

// chaliceV2 is the buildspec chalice generates for its CodeBuild project.
const chaliceV2 = `
artifacts:
  files:
  - transformed.yaml
  type: zip
phases:
  build:
    commands:
    - chalice package /tmp/packaged
    - aws cloudformation package --template-file /tmp/packaged/sam.json --s3-bucket ${APP_S3_BUCKET} --output-template-file transformed.yaml
  install:
    commands:
    - pip install 'chalice>=1.33.0,<1.34.0'
    - pip install -r requirements.txt
    runtime-versions:
      python: '3.11'
version: '0.2'
`

// buildPhases is a phases section with one build command.
const buildPhases = "phases:\n  build:\n    commands:\n      - make\n"

// minimal is the smallest buildspec the reference allows.
const minimal = "version: 0.2\n" + buildPhases

// awsExample is the "Buildspec example" from AWS's reference.
const awsExample = `
version: 0.2

env:
  variables:
    JAVA_HOME: "/usr/lib/jvm/java-8-openjdk-amd64"
  parameter-store:
    LOGIN_PASSWORD: /CodeBuild/dockerLoginPassword

phases:
  install:
    commands:
      - echo Entered the install phase...
      - apt-get update -y
      - apt-get install -y maven
    finally:
      - echo This always runs even if the update or install command fails
  pre_build:
    commands:
      - echo Entered the pre_build phase...
      - docker login -u User -p $LOGIN_PASSWORD
    finally:
      - echo This always runs even if the login command fails
  build:
    commands:
      - echo Entered the build phase...
      - echo Build started on ` + "`date`" + `
      - mvn install
    finally:
      - echo This always runs even if the install command fails
  post_build:
    commands:
      - echo Entered the post_build phase...
      - echo Build completed on ` + "`date`" + `

reports:
  arn:aws:codebuild:your-region:your-aws-account-id:report-group/report-group-name-1:
    files:
      - "**/*"
    base-directory: 'target/tests/reports'
    discard-paths: no
  reportGroupCucumberJson:
    files:
      - 'cucumber/target/cucumber-tests.xml'
    discard-paths: yes
    file-format: CUCUMBERJSON # default is JUNITXML
artifacts:
  files:
    - target/messageUtil-1.0.jar
  discard-paths: yes
  secondary-artifacts:
    artifact1:
      files:
        - target/artifact-1.0.jar
      discard-paths: yes
    artifact2:
      files:
        - target/artifact-2.0.jar
      discard-paths: yes
cache:
  paths:
    - '/root/.m2/**/*'
`

// everything uses every section and every documented key at least once.
const everything = `
version: "0.2"
run-as: builder
env:
  shell: bash
  variables:
    STAGE: prod
    RETRIES: 3
    VERBOSE: true
  parameter-store:
    DB_PASSWORD: /app/prod/db-password
  exported-variables:
    - IMAGE_TAG
  secrets-manager:
    API_TOKEN: "prod/api:token:AWSCURRENT"
  git-credential-helper: yes
proxy:
  upload-artifacts: yes
  logs: no
batch:
  fast-fail: false
  build-list:
    - identifier: linux_small
      env:
        compute-type: BUILD_GENERAL1_SMALL
      ignore-failure: false
phases:
  install:
    run-as: root
    on-failure: ABORT
    runtime-versions:
      python: "3.13"
      nodejs: 22
      golang: "1.20"
    commands:
      - pip install -r requirements.txt
    finally:
      - echo install done
  pre_build:
    on-failure: RETRY-3
    commands:
      - aws ecr get-login-password | docker login --username AWS --password-stdin "$REPO"
  build:
    run-as: builder
    on-failure: CONTINUE
    commands:
      - "echo key: value"
      - make build
    finally:
      - make clean
  post_build:
    on-failure: RETRY-2-.*timeout.*
    commands:
      - make publish
reports:
  unit-tests:
    files:
      - "**/*.xml"
    base-directory: build/test-results
    discard-paths: no
    file-format: junitxml
  coverage:
    files:
      - coverage.xml
    file-format: COBERTURAXML
artifacts:
  files:
    - "**/*"
  name: build-$(date +%Y-%m-%d)
  discard-paths: no
  base-directory: dist
  exclude-paths:
    - "**/*.map"
  enable-symlinks: yes
  s3-prefix: releases
  secondary-artifacts:
    docs:
      files:
        - "**/*"
      name: docs
      base-directory: site
      exclude-paths: "*.tmp"
      discard-paths: no
      enable-symlinks: no
      s3-prefix: docs
cache:
  key: pip-$(codebuild-hash-files requirements.txt)
  fallback-keys:
    - pip-
  action: restore
  paths:
    - /root/.cache/pip/**/*
`

// withPhases returns a version 0.2 buildspec whose phases are block.
func withPhases(block string) string {
	return "version: 0.2\nphases:\n" + block
}

// wantErr is one error the validator must report.
type wantErr struct{ field, typ string }

func TestSchema(t *testing.T) {
	s := compile(t)

	cases := []struct {
		name string
		yaml string
		want []wantErr // nil: must be valid
	}{
		{name: "chalice v2", yaml: chaliceV2},
		{name: "minimal", yaml: minimal},
		{name: "AWS reference example", yaml: awsExample},
		{name: "every section", yaml: everything},
		{name: "version as number", yaml: "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n"},

		{name: "version 0.1", yaml: strings.Replace(minimal, "0.2", "0.1", 1),
			want: []wantErr{{"version", "enum"}}},
		{name: "version 0.1 as string", yaml: strings.Replace(minimal, "0.2", `"0.1"`, 1),
			want: []wantErr{{"version", "enum"}}},
		{name: "missing version", yaml: "phases:\n  build:\n    commands:\n      - make\n",
			want: []wantErr{{"(root)", "required"}}},
		{name: "missing phases", yaml: "version: 0.2\nartifacts:\n  files:\n    - a\n",
			want: []wantErr{{"(root)", "required"}}},
		{name: "unknown top-level key", yaml: "version: 0.2\nphase:\n  build:\n    commands:\n      - make\n",
			want: []wantErr{{"(root)", "additional_property_not_allowed"}, {"(root)", "required"}}},
		{name: "unknown phase", yaml: withPhases("  deploy:\n    commands:\n      - make\n"),
			want: []wantErr{{"phases", "additional_property_not_allowed"}}},
		{name: "misspelt commands", yaml: withPhases("  build:\n    comands:\n      - make\n"),
			want: []wantErr{{"phases.build", "additional_property_not_allowed"}, {"phases.build", "required"}}},
		{name: "commands as a string", yaml: withPhases("  build:\n    commands: make\n"),
			want: []wantErr{{"phases.build.commands", "invalid_type"}}},
		{name: "command parsed as a map", yaml: withPhases("  build:\n    commands:\n      - echo key: value\n"),
			want: []wantErr{{"phases.build.commands.0", "invalid_type"}}},
		{name: "runtime-versions in build", yaml: withPhases("  build:\n    runtime-versions:\n      python: '3.12'\n    commands:\n      - make\n"),
			want: []wantErr{{"phases.build", "additional_property_not_allowed"}}},
		{name: "empty runtime-versions", yaml: withPhases("  install:\n    runtime-versions: {}\n"),
			want: []wantErr{{"phases.install.runtime-versions", "array_min_properties"}}},
		{name: "python 3.10 unquoted", yaml: withPhases("  install:\n    runtime-versions:\n      python: 3.10\n"),
			want: []wantErr{{"phases.install.runtime-versions.python", "number_not"}}},
		{name: "on-failure bad value", yaml: withPhases("  build:\n    on-failure: STOP\n    commands:\n      - make\n"),
			want: []wantErr{{"phases.build.on-failure", "pattern"}}},
		{name: "on-failure lower case", yaml: withPhases("  build:\n    on-failure: abort\n    commands:\n      - make\n"),
			want: []wantErr{{"phases.build.on-failure", "pattern"}}},
		{name: "artifacts without files", yaml: minimal + "artifacts:\n  name: out\n",
			want: []wantErr{{"artifacts", "required"}}},
		{name: "secondary artifact without files", yaml: minimal + "artifacts:\n  files:\n    - a\n  secondary-artifacts:\n    extra:\n      name: x\n",
			want: []wantErr{{"artifacts.secondary-artifacts.extra", "required"}}},
		{name: "discard-paths not a flag", yaml: minimal + "artifacts:\n  files:\n    - a\n  discard-paths: maybe\n",
			want: []wantErr{{"artifacts.discard-paths", "enum"}}},
		{name: "cache without paths", yaml: minimal + "cache:\n  key: k\n",
			want: []wantErr{{"cache", "required"}}},
		{name: "cache bad action", yaml: minimal + "cache:\n  action: both\n  paths:\n    - a\n",
			want: []wantErr{{"cache.action", "enum"}}},
		{name: "too many fallback keys", yaml: minimal + "cache:\n  key: k\n  fallback-keys: [a, b, c, d, e, f]\n  paths:\n    - a\n",
			want: []wantErr{{"cache.fallback-keys", "array_max_items"}}},
		{name: "unknown shell", yaml: "version: 0.2\nenv:\n  shell: zsh\n" + buildPhases,
			want: []wantErr{{"env.shell", "enum"}}},
		{name: "reserved variable name", yaml: "version: 0.2\nenv:\n  variables:\n    CODEBUILD_X: y\n" + buildPhases,
			want: []wantErr{{"env.variables", "invalid_property_name"}}},
		{name: "variable without value", yaml: "version: 0.2\nenv:\n  variables:\n    FOO:\n" + buildPhases,
			want: []wantErr{{"env.variables.FOO", "invalid_type"}}},
		{name: "exporting AWS_ variable", yaml: "version: 0.2\nenv:\n  exported-variables:\n    - AWS_REGION\n" + buildPhases,
			want: []wantErr{{"env.exported-variables.0", "number_not"}}},
		{name: "unknown report format", yaml: minimal + "reports:\n  g:\n    files:\n      - r.xml\n    file-format: XUNIT\n",
			want: []wantErr{{"reports.g.file-format", "pattern"}}},
		{name: "unknown batch key", yaml: minimal + "batch:\n  build-lists: []\n",
			want: []wantErr{{"batch", "additional_property_not_allowed"}}},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := s.Validate(gojsonschema.NewGoLoader(decode(t, tc.yaml)))
			if err != nil {
				t.Fatalf("validate: %v", err)
			}
			got := map[wantErr]bool{}
			var all []string
			for _, e := range res.Errors() {
				got[wantErr{e.Field(), e.Type()}] = true
				all = append(all, fmt.Sprintf("%s [%s]: %s", e.Field(), e.Type(), e.Description()))
			}
			sort.Strings(all)
			if tc.want == nil {
				if !res.Valid() {
					t.Fatalf("want valid, got errors:\n  %s", strings.Join(all, "\n  "))
				}
				return
			}
			if res.Valid() {
				t.Fatalf("want errors %v, got a valid document", tc.want)
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("missing error %s [%s]; got:\n  %s", w.field, w.typ, strings.Join(all, "\n  "))
				}
			}
		})
	}
}

// TestDescriptions keeps the schema self-documenting: every property and
// every definition carries a description, directly or through its $ref.
func TestDescriptions(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(buildspec.Schema, &root); err != nil {
		t.Fatal(err)
	}
	if got := root["$schema"]; got != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("$schema = %v, want draft-07", got)
	}
	defs, _ := root["definitions"].(map[string]any)
	var walk func(path string, node map[string]any)
	walk = func(path string, node map[string]any) {
		props, _ := node["properties"].(map[string]any)
		for name, p := range props {
			pm, _ := p.(map[string]any)
			if d, _ := pm["description"].(string); d == "" {
				t.Errorf("%s.%s has no description", path, name)
			}
			walk(path+"."+name, pm)
		}
	}
	walk("(root)", root)
	for name, d := range defs {
		dm, _ := d.(map[string]any)
		walk("definitions."+name, dm)
	}
}

func compile(t *testing.T) *gojsonschema.Schema {
	t.Helper()
	s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(buildspec.Schema))
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return s
}

// decode reads YAML into JSON-compatible values: maps with string keys,
// slices and scalars, as gojsonschema's Go loader expects.
func decode(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	return jsonable(v)
}

func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = jsonable(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = jsonable(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = jsonable(e)
		}
		return x
	default:
		return v
	}
}
