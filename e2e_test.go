//go:build unix

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/pipegen/pipegen/render"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestDeployToMoto deploys the generated pipeline template to moto_server, a
// local AWS emulator, with the command the README gives users
// (aws cloudformation deploy ... --capabilities CAPABILITY_IAM), and checks
// the stack that comes out of it. Nothing here talks to real AWS: every aws
// call carries --endpoint-url to the emulator on 127.0.0.1, fake credentials
// and an environment stripped of the caller's AWS_* settings.
//
// moto does not emulate every resource type in CloudFormation. moto 5.2.1,
// for one, has no CloudFormation model for AWS::CodeCommit::Repository,
// AWS::CodeBuild::Project or AWS::CodePipeline::Pipeline: it skips them (its
// log says "No Moto CloudFormation support for <type>") and the first
// Fn::GetAtt on one of them fails ExecuteChangeSet with "Template error:
// instance of Fn::GetAtt references undefined resource <id>". The test does
// not pretend otherwise. For each variant it
//
//  1. deploys the template exactly as generated. If that succeeds and moto
//     skipped nothing, the stack, all its outputs and the pipeline's stages
//     are checked. If it fails, the failure must be fully explained by moto:
//     moto must have logged the resource types it cannot create, and the
//     error must name a resource of one of those types; any other failure
//     fails the test.
//  2. deploys the supported subset: the same template without the resources
//     of the types moto reported, every Ref/GetAtt of a removed resource
//     replaced by a visible placeholder, and the outputs that need a removed
//     resource dropped (each one is logged). That stack must reach
//     CREATE_COMPLETE with exactly the remaining resources, all
//     CREATE_COMPLETE, and the remaining outputs, whose values must be the
//     names or ARNs of the resources they refer to. (moto 5.2.1 returns no
//     Outputs for a stack made from a change set, which is what deploy does;
//     the outputs are then read from the same template made by create-stack.)
//  3. checks the pipeline with codepipeline get-pipeline, or skips that step
//     naming the moto limitation when moto could not create the pipeline.
//
// The GitHub variant's {{resolve:secretsmanager:...}} reference sits in the
// pipeline, so with moto 5.2.1 it is never resolved; the secret is created
// anyway, as the README tells users to.
func TestDeployToMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("deploy to moto_server skipped in -short mode")
	}
	motoPath := needTool(t, "moto_server", "pip install 'moto[server]' to run the deploy test")
	awsPath := needTool(t, "aws", "pip install awscli to run the deploy test")

	variants := []struct {
		name        string
		flags       []string
		wantOutputs []string
	}{
		{
			name:        "codecommit",
			wantOutputs: []string{"SourceRepoURL", "S3ApplicationBucket", "CodeBuildRoleArn", "S3PipelineBucket", "CodePipelineRoleArn", "CFNDeployRoleArn"},
		},
		{
			// Every release option of issue 13 together: the change set
			// review and approval, the notifier and chat rule, gradual
			// deployment, the lint step, stage rollback.
			name: "release",
			flags: []string{"--stage", "beta", "--stage", "prod", "--traffic", "prod=Canary10Percent5Minutes", "--approval-before", "prod",
				"--notify-email", "team@example.com", "--notify-events", "failed,approval-needed,rolled-back,succeeded",
				"--notify-chatbot-arn", "arn:aws:chatbot::123456789012:chat-configuration/slack-channel/deploys"},
			wantOutputs: []string{"SourceRepoURL", "S3ApplicationBucket", "CodeBuildRoleArn", "S3PipelineBucket", "CodePipelineRoleArn", "CFNDeployRoleArn", "NotificationTopicArn"},
		},
		{
			name:        "github",
			flags:       []string{"--source", "github", "--github-owner", "octo", "--github-repo", "app"},
			wantOutputs: []string{"S3ApplicationBucket", "CodeBuildRoleArn", "S3PipelineBucket", "CodePipelineRoleArn", "CFNDeployRoleArn"},
		},
	}
	// Generate every template first, sequentially and in-process, and
	// start one moto_server per variant, one after the other: each is
	// polled until it answers, for up to motoStartLimit. Started side by
	// side, two servers fought for a loaded 2-core machine and one missed
	// a fixed 15 s deadline now and then. The deploys then run in
	// parallel, each against its own server.
	templates := map[string]string{}
	motos := map[string]*e2eMoto{}
	for _, v := range variants {
		out := filepath.Join(t.TempDir(), "pipeline.yml")
		args := append([]string{"generate", "--project-dir", "testdata/app"}, v.flags...)
		code, stdout, stderr := pipegen(t, append(args, out)...)
		if code != 0 {
			t.Fatalf("%s: generate exit %d\nstdout: %s\nstderr: %s", v.name, code, stdout, stderr)
		}
		templates[v.name] = out
	}
	for _, v := range variants {
		motos[v.name] = e2eStartMoto(t, motoPath, awsPath)
	}

	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			tmplPath := templates[v.name]
			tmpl := e2eLoadTemplate(t, tmplPath)
			if got, want := e2eSorted(tmpl.outputKeys()), e2eSorted(v.wantOutputs); !slices.Equal(got, want) {
				t.Fatalf("the template declares outputs %v, want %v", got, want)
			}

			m := motos[v.name]
			if strings.Contains(string(tmpl.raw), "{{resolve:secretsmanager:") {
				// As the README says: the pipeline reads the GitHub token
				// from this secret through a dynamic reference.
				m.mustAWS(t, 30*time.Second, "secretsmanager", "create-secret",
					"--name", "GithubRepoAccess", "--secret-string", `{"OAuthToken":"x"}`)
			}

			// 1. The template exactly as generated, deployed as users do:
			// past CloudFormation's 51,200 bytes for a template in the
			// request, through a bucket, as generate's warning says.
			const stack = "helloworld-pipeline"
			deploy := []string{"cloudformation", "deploy", "--capabilities", "CAPABILITY_IAM"}
			if len(tmpl.raw) > render.MaxTemplateBody {
				m.mustAWS(t, 30*time.Second, "s3api", "create-bucket", "--bucket", "pipegen-templates")
				deploy = append(deploy, "--s3-bucket", "pipegen-templates")
			}
			stdout, stderr, err := m.aws(t, 60*time.Second, append(deploy, "--stack-name", stack, "--template-file", tmplPath)...)
			unsupported := m.unsupportedTypes(t)
			switch {
			case err == nil && len(unsupported) == 0:
				t.Logf("moto deployed the whole template")
				m.checkStack(t, stack, tmplPath, tmpl, nil, tmpl.outputKeys())
				m.checkPipeline(t, nil)
				return
			case err == nil:
				// moto skips what it cannot create and fails only on a
				// reference to it: a success that skipped resources is no
				// proof the template deploys.
				t.Logf("full template: moto reported success but skipped the resources of types %v; not counted as a deploy", unsupported)
			default:
				if why := e2eExplainFailure(stderr, tmpl, unsupported); why != nil {
					t.Fatalf("deploy failed: %v\n%v\nstdout: %s\nstderr: %s", err, why, stdout, stderr)
				}
				t.Logf("full template: deploy fails, as expected with this moto: moto has no CloudFormation support for %v, and %s",
					unsupported, strings.TrimSpace(stderr))
			}

			// 2. The supported subset. It proves everything moto can
			// create deploys and wires up (IAM roles and policies, S3
			// buckets, parameters, outputs) and is no proof for the rest.
			// moto logs an unsupported type only when it reaches a resource
			// of that type, so a deploy that failed early may not have
			// named them all: a subset that fails the same way is retried
			// without the newly named types.
			dir := t.TempDir()
			for attempt := 1; ; attempt++ {
				subStack := "helloworld-pipeline-moto-subset"
				if attempt > 1 {
					subStack += "-" + strconv.Itoa(attempt)
				}
				subPath := filepath.Join(dir, subStack+".yml")
				dropped, stubs, droppedOutputs, err := tmpl.writeSubset(subPath, unsupported)
				if err != nil {
					t.Fatalf("cannot build the moto-supported subset of the template: %v", err)
				}
				t.Logf("moto cannot create %v; deploying the template without them as %s", dropped, subStack)
				for _, s := range stubs {
					t.Logf("  placeholder in the subset: %s", s)
				}
				for _, o := range droppedOutputs {
					t.Logf("  output %s not checked: it needs a resource moto cannot create", o)
				}
				stdout, stderr, err := m.aws(t, 60*time.Second, append(deploy, "--stack-name", subStack, "--template-file", subPath)...)
				// moto skips a resource it cannot create without failing
				// unless something references it, so look at its log
				// whether the deploy succeeded or not.
				if more := m.unsupportedTypes(t); attempt < 3 && len(more) > len(unsupported) &&
					(err == nil || e2eExplainFailure(stderr, tmpl, more) == nil) {
					t.Logf("moto named more types it cannot create: %v", more)
					unsupported = more
					continue
				}
				if err != nil {
					t.Fatalf("deploy of the moto-supported subset failed: %v\nstdout: %s\nstderr: %s", err, stdout, stderr)
				}
				var wantOutputs []string
				for _, k := range tmpl.outputKeys() {
					if !slices.Contains(droppedOutputs, k) {
						wantOutputs = append(wantOutputs, k)
					}
				}
				m.checkStack(t, subStack, subPath, tmpl, dropped, wantOutputs)
				break
			}

			// 3. The pipeline itself.
			m.checkPipeline(t, unsupported)
		})
	}
}

// e2eMoto is one running moto_server.
type e2eMoto struct {
	endpoint string
	awsPath  string
	env      []string
	logPath  string
}

// e2eEnv is the environment of every child process: the test's own minus
// anything that could point the aws CLI at a real account or through a proxy,
// plus fake credentials. Config and credential files point into dir, where
// there are none.
func e2eEnv(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch u := strings.ToUpper(k); {
		case strings.HasPrefix(u, "AWS_"),
			u == "HTTP_PROXY", u == "HTTPS_PROXY", u == "ALL_PROXY", u == "NO_PROXY":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"AWS_ACCESS_KEY_ID=testing",
		"AWS_SECRET_ACCESS_KEY=testing",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "no-aws-credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
		"NO_PROXY=127.0.0.1",
		"no_proxy=127.0.0.1",
	)
}

// motoStartLimit is how long a starting moto_server may take to answer.
// It starts in about 2 s on an idle 2-core machine; the limit is for a
// loaded one, and polling returns as soon as the server answers.
const motoStartLimit = 120 * time.Second

// e2eStartMoto starts moto_server on a free port of 127.0.0.1, waits until it
// answers and stops it (its whole process group) when the test ends.
func e2eStartMoto(t *testing.T, motoPath, awsPath string) *e2eMoto {
	t.Helper()
	dir := t.TempDir()
	env := e2eEnv(dir)
	// The free port is found by listening on :0 and closing; should another
	// process take it before moto binds it, moto exits and we try again.
	for attempt := 1; ; attempt++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()

		logPath := filepath.Join(dir, fmt.Sprintf("moto-%d.log", attempt))
		logFile, err := os.Create(logPath)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(motoPath, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
		cmd.Env = env
		// A file, not a pipe: what moto logs during a request is in the file
		// by the time its response arrives.
		cmd.Stdout, cmd.Stderr = logFile, logFile
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			logFile.Close()
			t.Fatalf("start moto_server: %v", err)
		}
		logFile.Close()
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		stop := func() {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			select {
			case <-exited:
			case <-time.After(10 * time.Second):
				t.Errorf("moto_server (pid %d) did not exit after SIGKILL", cmd.Process.Pid)
			}
		}

		m := &e2eMoto{endpoint: "http://127.0.0.1:" + strconv.Itoa(port), awsPath: awsPath, env: env, logPath: logPath}
		switch err := m.waitReady(exited, motoStartLimit); {
		case err == nil:
			t.Cleanup(func() {
				stop()
				if t.Failed() {
					log, _ := os.ReadFile(logPath)
					t.Logf("moto_server log:\n%s", log)
				}
			})
			return m
		case errors.Is(err, e2eErrMotoExited) && attempt < 3:
			continue
		default:
			stop()
			log, _ := os.ReadFile(logPath)
			t.Fatalf("moto_server on port %d: %v\nlog:\n%s", port, err, log)
		}
	}
}

var e2eErrMotoExited = errors.New("moto_server exited before answering")

// waitReady polls the server until it answers HTTP, for at most limit.
func (m *e2eMoto) waitReady(exited <-chan struct{}, limit time.Duration) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{Proxy: nil}}
	deadline := time.Now().Add(limit)
	for {
		resp, err := client.Get(m.endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-exited:
			return e2eErrMotoExited
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer after %v: %v", limit, err)
		}
	}
}

// aws runs the aws CLI against moto with a timeout.
func (m *e2eMoto) aws(t *testing.T, timeout time.Duration, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, m.awsPath, append(args, "--endpoint-url", m.endpoint, "--output", "json")...)
	// deploy --s3-bucket uploads with an S3 client of its own, which
	// --endpoint-url does not reach (botocore's service endpoint variable
	// does); moto reads the bucket from a TemplateURL's path only when the
	// host is localhost.
	cmd.Env = append(m.env, "AWS_ENDPOINT_URL_S3="+strings.Replace(m.endpoint, "127.0.0.1", "localhost", 1))
	cmd.WaitDelay = 5 * time.Second
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("aws %s: timed out after %v", strings.Join(args[:2], " "), timeout)
	}
	return out.String(), errOut.String(), err
}

// mustAWS runs the aws CLI and fails the test on error.
func (m *e2eMoto) mustAWS(t *testing.T, timeout time.Duration, args ...string) string {
	t.Helper()
	stdout, stderr, err := m.aws(t, timeout, args...)
	if err != nil {
		t.Fatalf("aws %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, stdout, stderr)
	}
	return stdout
}

// awsJSON runs the aws CLI and decodes its JSON answer into v.
func (m *e2eMoto) awsJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	out := m.mustAWS(t, 30*time.Second, args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

var e2eNoSupport = regexp.MustCompile(`No Moto CloudFormation support for (\S+)`)

// unsupportedTypes lists the resource types moto logged it cannot create.
func (m *e2eMoto) unsupportedTypes(t *testing.T) []string {
	t.Helper()
	log, err := os.ReadFile(m.logPath)
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, match := range e2eNoSupport.FindAllStringSubmatch(string(log), -1) {
		set[match[1]] = true
	}
	var types []string
	for ty := range set {
		types = append(types, ty)
	}
	return e2eSorted(types)
}

var e2eUndefinedResource = regexp.MustCompile(`references undefined resource (\w+)`)

// e2eExplainFailure returns nil when moto's missing CloudFormation support
// explains a failed deploy: moto logged the types it cannot create, the
// template has resources of those types, and the error names one of them.
func e2eExplainFailure(stderr string, tmpl *e2eTemplate, unsupported []string) error {
	if len(unsupported) == 0 {
		return errors.New("moto logged no unsupported resource type")
	}
	for _, ty := range unsupported {
		if len(tmpl.resourcesOfType(ty)) == 0 {
			return fmt.Errorf("moto logged no support for %s, which the template does not use", ty)
		}
	}
	match := e2eUndefinedResource.FindStringSubmatch(stderr)
	if match == nil {
		return fmt.Errorf("the error is not moto's missing support for %v", unsupported)
	}
	if ty := tmpl.resourceType(match[1]); !slices.Contains(unsupported, ty) {
		return fmt.Errorf("the error names resource %s (%s), not one of the types moto cannot create %v", match[1], ty, unsupported)
	}
	return nil
}

type e2eStack struct {
	StackStatus string
	Outputs     []struct{ OutputKey, OutputValue string }
}

// checkStack checks that the stack is CREATE_COMPLETE, holds the template's
// resources but dropped ones, and has the wanted outputs with values that
// match the resources they name.
func (m *e2eMoto) checkStack(t *testing.T, stack, tmplPath string, tmpl *e2eTemplate, dropped, wantOutputs []string) {
	t.Helper()
	var stacks struct{ Stacks []e2eStack }
	m.awsJSON(t, &stacks, "cloudformation", "describe-stacks", "--stack-name", stack)
	if len(stacks.Stacks) != 1 {
		t.Fatalf("describe-stacks %s: %d stacks", stack, len(stacks.Stacks))
	}
	st := stacks.Stacks[0]
	if st.StackStatus != "CREATE_COMPLETE" {
		t.Fatalf("stack %s is %s, want CREATE_COMPLETE", stack, st.StackStatus)
	}

	var res struct {
		StackResourceSummaries []struct {
			LogicalResourceId, PhysicalResourceId, ResourceType, ResourceStatus string
		}
	}
	m.awsJSON(t, &res, "cloudformation", "list-stack-resources", "--stack-name", stack)
	physical := map[string]string{}
	for _, r := range res.StackResourceSummaries {
		if r.ResourceStatus != "CREATE_COMPLETE" {
			t.Errorf("resource %s (%s) is %s", r.LogicalResourceId, r.ResourceType, r.ResourceStatus)
		}
		if want := tmpl.resourceType(r.LogicalResourceId); r.ResourceType != want {
			t.Errorf("resource %s has type %s, the template says %q", r.LogicalResourceId, r.ResourceType, want)
		}
		physical[r.LogicalResourceId] = r.PhysicalResourceId
	}
	var want []string
	for _, id := range tmpl.resourceIDs() {
		if !slices.Contains(dropped, id) {
			want = append(want, id)
		}
	}
	if got := e2eSorted(e2eKeys(physical)); !slices.Equal(got, e2eSorted(want)) {
		t.Errorf("stack %s has resources %v, want %v", stack, got, e2eSorted(want))
	}

	if len(st.Outputs) == 0 && len(wantOutputs) > 0 {
		// moto (5.2.1 at least) builds a stack's outputs when the stack is
		// created and does not rebuild them when a change set is executed,
		// so a stack made by "aws cloudformation deploy" has no Outputs.
		// Check the outputs of the same template through create-stack.
		t.Logf("moto returned no Outputs for stack %s created from a change set (a moto limitation); checking outputs via create-stack", stack)
		stack += "-outputs"
		m.mustAWS(t, 60*time.Second, "cloudformation", "create-stack", "--stack-name", stack,
			"--template-body", "file://"+tmplPath, "--capabilities", "CAPABILITY_IAM")
		m.awsJSON(t, &stacks, "cloudformation", "describe-stacks", "--stack-name", stack)
		if len(stacks.Stacks) != 1 || stacks.Stacks[0].StackStatus != "CREATE_COMPLETE" {
			t.Fatalf("stack %s: %+v, want one stack in CREATE_COMPLETE", stack, stacks.Stacks)
		}
		st = stacks.Stacks[0]
		m.awsJSON(t, &res, "cloudformation", "list-stack-resources", "--stack-name", stack)
		physical = map[string]string{}
		for _, r := range res.StackResourceSummaries {
			physical[r.LogicalResourceId] = r.PhysicalResourceId
		}
	}

	got := map[string]string{}
	for _, o := range st.Outputs {
		got[o.OutputKey] = o.OutputValue
	}
	if keys := e2eSorted(e2eKeys(got)); !slices.Equal(keys, e2eSorted(wantOutputs)) {
		t.Errorf("stack %s has outputs %v, want %v", stack, keys, e2eSorted(wantOutputs))
	}
	for _, key := range wantOutputs {
		value := got[key]
		kind, id := tmpl.outputRef(key)
		switch {
		case value == "":
			t.Errorf("output %s is empty", key)
		case kind == "Ref" && value != physical[id]:
			t.Errorf("output %s = %q, want the name of %s, %q", key, value, id, physical[id])
		case kind == "GetAtt.Arn" && (!strings.HasPrefix(value, "arn:aws:") || !strings.Contains(value, physical[id])):
			t.Errorf("output %s = %q, want the ARN of %s (%q)", key, value, id, physical[id])
		}
	}
}

// checkPipeline checks the deployed pipeline has the stages Source, Build,
// Beta, or skips when moto could not create the pipeline.
func (m *e2eMoto) checkPipeline(t *testing.T, unsupported []string) {
	t.Run("pipeline", func(t *testing.T) {
		if slices.Contains(unsupported, "AWS::CodePipeline::Pipeline") {
			t.Skip("moto_server has no CloudFormation support for AWS::CodePipeline::Pipeline: " +
				"the stack cannot create helloworldPipeline, so get-pipeline has nothing to check")
		}
		var got struct {
			Pipeline struct {
				Name   string
				Stages []struct{ Name string }
			}
		}
		m.awsJSON(t, &got, "codepipeline", "get-pipeline", "--name", "helloworldPipeline")
		var stages []string
		for _, s := range got.Pipeline.Stages {
			stages = append(stages, s.Name)
		}
		if want := []string{"Source", "Build", "Beta"}; !slices.Equal(stages, want) {
			t.Errorf("pipeline %s has stages %v, want %v", got.Pipeline.Name, stages, want)
		}
	})
}

// e2eTemplate is a generated template, kept as a YAML node tree so the
// CloudFormation short forms (!Ref, !GetAtt, !Sub) survive a rewrite.
type e2eTemplate struct {
	raw  []byte
	root yaml.Node
}

func e2eLoadTemplate(t *testing.T, path string) *e2eTemplate {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &e2eTemplate{raw: raw}
	if err := yaml.Unmarshal(raw, &tmpl.root); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(tmpl.root.Content) != 1 || tmpl.root.Content[0].Kind != yaml.MappingNode {
		t.Fatalf("%s: not a YAML mapping", path)
	}
	return tmpl
}

// section returns the value node of a top-level key, or nil.
func (tm *e2eTemplate) section(name string) *yaml.Node {
	return e2eGet(tm.root.Content[0], name)
}

func e2eGet(mapping *yaml.Node, key string) *yaml.Node {
	if mapping == nil || mapping.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		if mapping.Content[i].Value == key {
			return mapping.Content[i+1]
		}
	}
	return nil
}

func e2eMappingKeys(mapping *yaml.Node) []string {
	var keys []string
	if mapping != nil && mapping.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(mapping.Content); i += 2 {
			keys = append(keys, mapping.Content[i].Value)
		}
	}
	return keys
}

func (tm *e2eTemplate) outputKeys() []string  { return e2eMappingKeys(tm.section("Outputs")) }
func (tm *e2eTemplate) resourceIDs() []string { return e2eMappingKeys(tm.section("Resources")) }

func (tm *e2eTemplate) resourceType(id string) string {
	if ty := e2eGet(e2eGet(tm.section("Resources"), id), "Type"); ty != nil {
		return ty.Value
	}
	return ""
}

func (tm *e2eTemplate) resourcesOfType(ty string) []string {
	var ids []string
	for _, id := range tm.resourceIDs() {
		if tm.resourceType(id) == ty {
			ids = append(ids, id)
		}
	}
	return ids
}

// outputRef says what an output's value is: ("Ref", id), ("GetAtt.Arn", id),
// or ("", "") for anything else.
func (tm *e2eTemplate) outputRef(key string) (kind, id string) {
	v := e2eGet(e2eGet(tm.section("Outputs"), key), "Value")
	if v == nil {
		return "", ""
	}
	if target, attr, ok := e2eRefOf(v); ok {
		if attr == "" {
			return "Ref", target
		}
		if attr == "Arn" {
			return "GetAtt.Arn", target
		}
	}
	return "", ""
}

// e2eRefOf recognizes a Ref or Fn::GetAtt node, short or long form.
func e2eRefOf(n *yaml.Node) (target, attr string, ok bool) {
	switch {
	case n.Tag == "!Ref" && n.Kind == yaml.ScalarNode:
		return n.Value, "", true
	case n.Tag == "!GetAtt" && n.Kind == yaml.ScalarNode:
		target, attr, _ = strings.Cut(n.Value, ".")
		return target, attr, true
	case n.Tag == "!GetAtt" && n.Kind == yaml.SequenceNode && len(n.Content) == 2:
		return n.Content[0].Value, n.Content[1].Value, true
	case n.Kind == yaml.MappingNode && len(n.Content) == 2:
		switch k, v := n.Content[0].Value, n.Content[1]; {
		case k == "Ref" && v.Kind == yaml.ScalarNode:
			return v.Value, "", true
		case k == "Fn::GetAtt" && v.Kind == yaml.ScalarNode:
			target, attr, _ = strings.Cut(v.Value, ".")
			return target, attr, true
		case k == "Fn::GetAtt" && v.Kind == yaml.SequenceNode && len(v.Content) == 2:
			return v.Content[0].Value, v.Content[1].Value, true
		}
	}
	return "", "", false
}

// e2eSubMentions reports whether a node is a Fn::Sub whose string names id.
func e2eSubMentions(n *yaml.Node, id string) bool {
	var s *yaml.Node
	switch {
	case n.Tag == "!Sub":
		s = n
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Fn::Sub":
		s = n.Content[1]
	default:
		return false
	}
	if s.Kind == yaml.SequenceNode && len(s.Content) > 0 {
		s = s.Content[0]
	}
	return strings.Contains(s.Value, "${"+id+"}") || strings.Contains(s.Value, "${"+id+".")
}

// e2eSubReplace rewrites the string of a Fn::Sub that names id: ${id}
// becomes the placeholder name, ${id.Attr} a placeholder ARN, as writeSubset
// does for Ref and Fn::GetAtt.
func e2eSubReplace(n *yaml.Node, id string) {
	s := n
	if n.Kind == yaml.MappingNode {
		s = n.Content[1]
	}
	if s.Kind == yaml.SequenceNode && len(s.Content) > 0 {
		s = s.Content[0]
	}
	s.Value = strings.ReplaceAll(s.Value, "${"+id+"}", "unsupported-by-moto-"+id)
	for {
		i := strings.Index(s.Value, "${"+id+".")
		if i < 0 {
			return
		}
		end := strings.Index(s.Value[i:], "}")
		if end < 0 {
			return
		}
		attr := s.Value[i+len(id)+3 : i+end]
		s.Value = s.Value[:i] + "arn:aws:unsupported-by-moto:us-east-1:123456789012:" + id + "." + attr + s.Value[i+end+1:]
	}
}

// e2eMentions reports whether any reference under n names one of ids.
func e2eMentions(n *yaml.Node, ids []string) bool {
	if target, _, ok := e2eRefOf(n); ok && slices.Contains(ids, target) {
		return true
	}
	for _, id := range ids {
		if e2eSubMentions(n, id) {
			return true
		}
	}
	for _, c := range n.Content {
		if e2eMentions(c, ids) {
			return true
		}
	}
	return false
}

// writeSubset writes the template without the resources of the given types.
// A Ref or GetAtt of a removed resource becomes a placeholder string (an
// ARN-shaped one for GetAtt, since they end up in IAM policy documents);
// outputs that need a removed resource are dropped; a Fn::Sub naming one
// gets the same placeholders in its string. A DependsOn on a removed
// resource is an error.
func (tm *e2eTemplate) writeSubset(path string, types []string) (dropped, stubs, droppedOutputs []string, err error) {
	resources := tm.section("Resources")
	var kept []*yaml.Node
	for i := 0; i+1 < len(resources.Content); i += 2 {
		id := resources.Content[i].Value
		if slices.Contains(types, tm.resourceType(id)) {
			dropped = append(dropped, id)
			continue
		}
		kept = append(kept, resources.Content[i], resources.Content[i+1])
	}
	resources.Content = kept

	if outputs := tm.section("Outputs"); outputs != nil {
		var keptOut []*yaml.Node
		for i := 0; i+1 < len(outputs.Content); i += 2 {
			if e2eMentions(outputs.Content[i+1], dropped) {
				droppedOutputs = append(droppedOutputs, outputs.Content[i].Value)
				continue
			}
			keptOut = append(keptOut, outputs.Content[i], outputs.Content[i+1])
		}
		outputs.Content = keptOut
	}

	var walk func(where string, n *yaml.Node) error
	walk = func(where string, n *yaml.Node) error {
		if target, attr, ok := e2eRefOf(n); ok && slices.Contains(dropped, target) {
			stub := "unsupported-by-moto-" + target
			if attr != "" {
				stub = "arn:aws:unsupported-by-moto:us-east-1:123456789012:" + target + "." + attr
			}
			stubs = append(stubs, fmt.Sprintf("%s: %s -> %q", where, e2eShow(n), stub))
			*n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: stub}
			return nil
		}
		for _, id := range dropped {
			if e2eSubMentions(n, id) {
				before := e2eShow(n)
				e2eSubReplace(n, id)
				stubs = append(stubs, fmt.Sprintf("%s: %s -> %s", where, before, e2eShow(n)))
			}
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "DependsOn" {
					deps := []*yaml.Node{n.Content[i+1]}
					if n.Content[i+1].Kind == yaml.SequenceNode {
						deps = n.Content[i+1].Content
					}
					for _, d := range deps {
						if slices.Contains(dropped, d.Value) {
							return fmt.Errorf("%s: DependsOn names %s, which the test cannot remove", where, d.Value)
						}
					}
				}
				if err := walk(where+"."+n.Content[i].Value, n.Content[i+1]); err != nil {
					return err
				}
			}
			return nil
		}
		for i, c := range n.Content {
			if err := walk(fmt.Sprintf("%s[%d]", where, i), c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk("Resources", resources); err != nil {
		return nil, nil, nil, err
	}
	out, err := yaml.Marshal(&tm.root)
	if err != nil {
		return nil, nil, nil, err
	}
	// Re-read the original so the caller's template stays as generated.
	tm.root = yaml.Node{}
	if err := yaml.Unmarshal(tm.raw, &tm.root); err != nil {
		return nil, nil, nil, err
	}
	return dropped, stubs, droppedOutputs, os.WriteFile(path, out, 0o644)
}

func e2eShow(n *yaml.Node) string {
	out, err := yaml.Marshal(n)
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

func e2eKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func e2eSorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}
