package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pipegen/pipegen/render"
	"github.com/pipegen/pipegen/render/safewrite"
	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/tmpl"
	"github.com/urfave/cli/v2"
)

// generateExamples are shown by pipegen generate --help.
const generateExamples = `Write the pipeline of the Chalice project in the current folder, then deploy it:

   pipegen generate pipeline.yml
   aws cloudformation deploy --stack-name helloworld-pipeline --template-file pipeline.yml --capabilities CAPABILITY_IAM

A GitHub repository through CodeConnections, tests, two stages, an approval before prod:

   pipegen generate --source connection --repository octo-org/helloworld --connection-provider GitHub \
       --test-command 'pytest tests/unit' --stage beta --stage prod --approval-before prod pipeline.yml

Prod deployed gradually, with email about failures and rollbacks:

   pipegen generate --stage beta --stage prod --traffic prod=Canary10Percent5Minutes \
       --notify-email team@example.com pipeline.yml

Every option also comes from a --params file (keyed by its long name) or from its PIPEGEN_*
variable, shown after each option below; --print-params shows what was used and from where.`

// generateCommand is the generate command; now dates the runtime's lifecycle.
func generateCommand(now func() time.Time) *cli.Command {
	return &cli.Command{
		Name:        "generate",
		Usage:       "write the pipeline template for a Chalice app (validated before it is written)",
		ArgsUsage:   "OUTPUT (a file, or - for standard output)",
		Description: generateExamples,
		Flags: withEnvNames([]cli.Flag{
			&cli.StringFlag{Name: "app-name", Usage: "application name (default: app_name from <project-dir>/.chalice/config.json)"},
			&cli.StringFlag{Name: "project-dir", Value: ".", Usage: "Chalice project whose .chalice/config.json is read; OUTPUT stays relative to the current folder"},
			&cli.StringFlag{Name: "runtime", Value: render.DefaultRuntime, Usage: "Python runtime: " + strings.Join(render.SupportedRuntimes(), ", ") + " (or 3.13); refused once Lambda blocks creating functions with it"},
			&cli.StringFlag{Name: "repo-name", Usage: "CodeCommit repository name (default: the app name)"},
			&cli.StringFlag{Name: "branch", Value: render.DefaultBranch, Usage: "branch the pipeline builds"},
			&cli.StringFlag{Name: "source", Aliases: []string{"s"}, Value: render.SourceCodeCommit, Usage: "codecommit (creates the repository), connection (GitHub, GitLab, Bitbucket through AWS CodeConnections) or github (OAuth token in Secrets Manager; deprecated)"},
			&cli.StringFlag{Name: "repository", Usage: "OWNER/NAME of the repository (with --source connection)"},
			&cli.StringFlag{Name: "connection-arn", Usage: "ARN of an existing CodeConnections connection (with --source connection)"},
			&cli.StringFlag{Name: "connection-provider", Usage: "GitHub, Bitbucket or GitLab: the template creates the connection (with --source connection)"},
			&cli.StringSliceFlag{Name: "trigger-path", Usage: "run the pipeline only for pushes touching this glob, repeatable (with --source connection)"},
			&cli.StringSliceFlag{Name: "deploy-policy-arn", Usage: "managed policy added to the role that deploys the app's stack, repeatable"},
			&cli.StringSliceFlag{Name: "app-role-arn", Usage: "a role the app uses that its stack does not create (chalice iam_role_arn, an authorizer's execution_role or invoke_role_arn): the deploy role may pass it to Lambda and API Gateway; repeatable"},
			&cli.StringFlag{Name: "permissions-boundary", Usage: "managed policy ARN: the build sets it as permissions boundary of every role of the app's stacks, and the deploy role may create and change only roles that carry it"},
			&cli.BoolFlag{Name: "edge-domain", Usage: "the app has an edge-optimized custom domain (api_gateway_custom_domain on an EDGE API): the deploy role may update CloudFront distributions, as API Gateway requires"},
			&cli.StringFlag{Name: "kms-key-arn", Usage: "KMS key that encrypts the pipeline artifacts and build output"},
			&cli.StringFlag{Name: "app-lint", Value: render.AppLintCfnLint, Usage: "the linter the build runs on every packaged template before any deploy (cfn-lint " + render.CfnLintVersion + ", pinned), or none"},
			&cli.StringSliceFlag{Name: "traffic", Usage: "STAGE=CONFIG, repeatable: deploy the stage gradually through CodeDeploy, CONFIG one of " + strings.Join(render.TrafficConfigs, ", ") + "; alarms stop and roll back a shift"},
			&cli.StringSliceFlag{Name: "alarm-arn", Usage: "CloudWatch alarm that also stops a gradual deployment, repeatable"},
			&cli.StringFlag{Name: "traffic-errors-threshold", Value: strconv.Itoa(render.DefaultErrorsThreshold), Usage: "errors of a new Lambda version in a minute that stop its shift"},
			&cli.StringFlag{Name: "traffic-5xx-threshold", Value: strconv.Itoa(render.Default5xxThreshold), Usage: "5XX responses of the REST API in a minute that stop the API handler's shift"},
			&cli.BoolFlag{Name: "no-stage-rollback", Usage: "leave a failed deployment stage failed; by default it rolls back to the release it last deployed successfully"},
			&cli.BoolFlag{Name: "create-kms-key", Usage: "create a KMS key with yearly rotation for the artifacts and build output"},
			&cli.StringSliceFlag{Name: "notify-email", Usage: "email address told of the --notify-events through an SNS topic, repeatable"},
			&cli.StringSliceFlag{Name: "notify-events", Usage: "events told: started, succeeded, failed, approval-needed, rolled-back, repeatable or comma-separated (default: failed, approval-needed, rolled-back)"},
			&cli.StringSliceFlag{Name: "notify-chatbot-arn", Usage: "chat channel configuration of Amazon Q Developer in chat applications (AWS Chatbot: Slack, Teams) told of the events, repeatable"},
			&cli.StringFlag{Name: "github-owner", Usage: "GitHub owner or organization (with --source github)"},
			&cli.StringFlag{Name: "github-repo", Usage: "GitHub repository name (with --source github)"},
			&cli.StringFlag{Name: "github-secret-id", Value: render.DefaultSecretID, Usage: "Secrets Manager secret holding the GitHub token"},
			&cli.StringFlag{Name: "github-secret-key", Value: render.DefaultSecretKey, Usage: "JSON key of the token inside the secret"},
			&cli.StringFlag{Name: "codebuild-image", Aliases: []string{"i"}, Usage: "CodeBuild image (default: the image of --runtime)"},
			&cli.StringFlag{Name: "buildspec-file", Aliases: []string{"b"}, Usage: "write the buildspec to this file instead of inlining it in the template"},
			&cli.StringFlag{Name: "chalice-version", Value: render.DefaultChaliceVersion, Usage: "pip requirement for chalice installed by the build"},
			&cli.StringSliceFlag{Name: "stage", Usage: "deployment stage, repeatable, in pipeline order: NAME or NAME:CHALICE_STAGE (default: beta, packaging chalice's dev stage)"},
			&cli.StringSliceFlag{Name: "test-command", Usage: "command of a Test stage that runs after Source and before packaging, repeatable; a failure stops the pipeline"},
			&cli.StringFlag{Name: "test-reports", Usage: "JUnit XML files the tests write (path or glob), published to a CodeBuild report group"},
			&cli.StringSliceFlag{Name: "integration-test-command", Usage: "command run after each stage's deploy with the stack outputs as environment variables, repeatable"},
			&cli.StringSliceFlag{Name: "approval-before", Usage: "stage that waits for a manual approval before it deploys, repeatable"},
			&cli.StringFlag{Name: "templates", Usage: "render with the templates in this folder; files it lacks come from the built-in set"},
			&cli.StringFlag{Name: "format", Usage: "yaml or json (default: from OUTPUT's extension, .json -> json; yaml on standard output)"},
			&cli.StringFlag{Name: "params", Usage: "YAML or JSON file of options keyed by long flag names (app-name: myapp); flags and PIPEGEN_* variables override it"},
			&cli.BoolFlag{Name: "print-params", Usage: "print the effective options and where each came from, then exit"},
			&cli.BoolFlag{Name: "check", Usage: "write nothing: exit 1, with a diff on standard error, when OUTPUT (and the -b buildspec) differ from what generate would write, 0 when they are the same; for CI, to keep a committed pipeline in step with its options"},
			&cli.StringFlag{Name: "dump-rendered", Usage: "also write the rendered template, as rendered and before any check, to this file: to read the lines findings name when generate refuses to write OUTPUT"},
		}),
		Action: func(c *cli.Context) error { return generate(c, now()) },
	}
}

func generate(c *cli.Context, today time.Time) error {
	opts, err := resolveSettings(c)
	if err != nil {
		return err
	}
	if c.Bool("print-params") {
		return printParams(c, opts)
	}
	if err := oneOutput(c); err != nil {
		return err
	}
	output := c.Args().First()
	format, err := outputFormat(opts.get("format"), output)
	if err != nil {
		return err
	}
	if err := resolveAppName(opts); err != nil {
		return err
	}
	p, err := paramsFrom(c, opts)
	if err != nil {
		return err
	}
	templates, err := templateFS(opts.get("templates"))
	if err != nil {
		return err
	}
	if dir := opts.get("templates"); dir != "" {
		for _, name := range tmpl.Irregular(os.DirFS(dir)) {
			fmt.Fprintf(c.App.ErrWriter, "pipegen: warning: --templates: skipped %s, not a regular file (the built-in file of that name, if any, is used)\n", name)
		}
		for _, name := range tmpl.Strays(os.DirFS(dir)) {
			hint := ""
			if near := suggest.Closest(name, tmpl.Names()); near != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", near)
			}
			fmt.Fprintf(c.App.ErrWriter, "pipegen: warning: --templates: %s overrides no built-in file and no template includes it%s; the built-in files are used\n", name, hint)
		}
	}
	if w := render.RuntimeWarning(p.Runtime, today); w != "" {
		fmt.Fprintln(c.App.ErrWriter, "pipegen: warning:", w)
	}
	if err := checkChaliceStages(c, opts, p); err != nil {
		return err
	}
	out, err := render.Render(templates, p, today)
	if err != nil {
		return usageError("%v", withOrigins(err, opts))
	}
	for _, w := range append(out.Warnings, chaliceHints(opts.get("project-dir"), p)...) {
		fmt.Fprintln(c.App.ErrWriter, "pipegen: warning:", w)
	}
	if dump := c.String("dump-rendered"); dump != "" {
		if err := dumpAllowed(c, dump, output, p.BuildspecFile); err != nil {
			return err
		}
		if err := dumpRendered(c, dump, out.Template); err != nil {
			return err
		}
	}
	files, err := checkAndEncode(c, templates, out, output, format, p.BuildspecFile, today)
	if err != nil {
		return err
	}
	if c.Bool("check") {
		return checkOutputs(c, files)
	}
	return writeOutputs(c, files)
}

// writeOutputs writes the files, all or nothing (render/safewrite), the
// template to standard output when OUTPUT is -, and undoes what it did on
// SIGINT or SIGTERM.
func writeOutputs(c *cli.Context, files []safewrite.File) error {
	if last := &files[len(files)-1]; last.Path == "-" {
		last.Path, last.Writer = "standard output", c.App.Writer
	}
	if err := writeFiles(files...); err != nil {
		return writeFailure(err, "nothing was written")
	}
	return nil
}

// chaliceHints reads the Chalice project's settings that need deploy role
// options (iam_role_arn, edge custom domains, the managed layer's name)
// and says which options p lacks. A folder without .chalice/config.json
// gets none; a config that does not read is one warning.
func chaliceHints(projectDir string, p render.Params) []string {
	p = p.WithDefaults()
	var stages []string
	for _, s := range p.Stages {
		stages = append(stages, s.ChaliceStage)
	}
	cs, err := render.ReadChaliceSettings(projectDir, stages)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return []string{"the deploy role could not be checked against the project's settings: " + err.Error()}
	}
	return cs.DeployRoleHints(p)
}

// templateFS is the built-in templates, or a user's folder laid over them.
func templateFS(dir string) (fs.FS, error) {
	if dir == "" {
		return tmpl.FS(), nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, usageError("--templates: %v", err)
	}
	if !info.IsDir() {
		return nil, usageError("--templates %s: not a folder", dir)
	}
	return tmpl.Overlay(os.DirFS(dir)), nil
}

// outputFormat decides yaml or json from the flag, else OUTPUT's extension.
func outputFormat(flag, output string) (string, error) {
	switch strings.ToLower(flag) {
	case "yaml", "yml":
		return "yaml", nil
	case "json":
		return "json", nil
	case "":
		if strings.EqualFold(filepath.Ext(output), ".json") {
			return "json", nil
		}
		return "yaml", nil
	}
	return "", usageError("--format %q: expected yaml or json", flag)
}

// printParams shows the effective options, including the values derived
// from others, without rendering anything.
func printParams(c *cli.Context, opts *settings) error {
	if err := resolveAppName(opts); err != nil {
		fmt.Fprintln(c.App.ErrWriter, "pipegen:", err)
	}
	derived := render.Params{AppName: opts.get("app-name"), Runtime: opts.get("runtime")}.WithDefaults()
	if opts.get("repo-name") == "" && derived.RepoName != "" {
		opts.set("repo-name", derived.RepoName, "default: the app name", fromDefault)
	}
	if opts.get("codebuild-image") == "" && derived.CodeBuildImage != "" {
		opts.set("codebuild-image", derived.CodeBuildImage, "default: the image of "+derived.Runtime, fromDefault)
	}
	opts.print(c.App.Writer)
	return nil
}

// resolveAppName falls back to app_name of the Chalice project's config.
func resolveAppName(opts *settings) error {
	if opts.get("app-name") != "" {
		return nil
	}
	dir := opts.get("project-dir")
	name, where, err := render.ReadChaliceAppName(dir)
	if err != nil {
		return usageError("%v", err)
	}
	opts.set("app-name", name, where, fromChaliceConfig)
	return nil
}

func paramsFrom(c *cli.Context, opts *settings) (render.Params, error) {
	p := render.Params{
		AppName:        opts.get("app-name"),
		RepoName:       opts.get("repo-name"),
		Branch:         opts.get("branch"),
		Runtime:        opts.get("runtime"),
		CodeBuildImage: opts.get("codebuild-image"),
		ChaliceVersion: opts.get("chalice-version"),
		Source:         opts.get("source"),
		BuildspecFile:  opts.get("buildspec-file"),
		AppLint:        opts.get("app-lint"),

		TestCommands:            opts.items("test-command"),
		TestReports:             opts.get("test-reports"),
		IntegrationTestCommands: opts.items("integration-test-command"),
		ApprovalBefore:          opts.items("approval-before"),
		NotifyEmails:            opts.items("notify-email"),
		NotifyEvents:            commaSeparated(opts.items("notify-events")),
		NotifyChatbotArns:       opts.items("notify-chatbot-arn"),
		TriggerPaths:            opts.items("trigger-path"),
		DeployPolicyArns:        opts.items("deploy-policy-arn"),
		AppRoleArns:             opts.items("app-role-arn"),
		PermissionsBoundaryArn:  opts.get("permissions-boundary"),
		KMSKeyArn:               opts.get("kms-key-arn"),
		Connection: render.Connection{
			Repository: opts.get("repository"),
			Arn:        opts.get("connection-arn"),
			Provider:   opts.get("connection-provider"),
		},
		GitHub: render.GitHub{
			Owner:     opts.get("github-owner"),
			Repo:      opts.get("github-repo"),
			SecretID:  opts.get("github-secret-id"),
			SecretKey: opts.get("github-secret-key"),
		},
	}
	var err error
	if p.CreateKMSKey, err = opts.flag("create-kms-key"); err != nil {
		return p, err
	}
	if p.EdgeDomains, err = opts.flag("edge-domain"); err != nil {
		return p, err
	}
	if p.NoStageRollback, err = opts.flag("no-stage-rollback"); err != nil {
		return p, err
	}
	if p.ErrorsThreshold, err = opts.count("traffic-errors-threshold", render.MaxThreshold); err != nil {
		return p, err
	}
	if p.FiveXXThreshold, err = opts.count("traffic-5xx-threshold", render.MaxThreshold); err != nil {
		return p, err
	}
	for _, t := range opts.items("traffic") {
		p.Traffic = append(p.Traffic, render.ParseTraffic(t))
	}
	p.AlarmArns = opts.items("alarm-arn")
	if p.Source == render.SourceGitHub {
		fmt.Fprintln(c.App.ErrWriter, "pipegen: warning: --source github uses CodePipeline's GitHub version 1 (OAuth) action, which AWS deprecates; prefer --source connection")
	}
	for _, s := range opts.items("stage") {
		p.Stages = append(p.Stages, render.ParseStage(s))
	}
	if p.BuildspecFile == "-" {
		return p, usageError("--buildspec-file needs a file path; standard output carries the template")
	}
	if p.BuildspecFile != "" {
		p.BuildspecPath = repoPath(opts.get("project-dir"), p.BuildspecFile)
		if p.BuildspecPath == "" {
			fmt.Fprintf(c.App.ErrWriter, "pipegen: note: %s is outside --project-dir; CodeBuild reads buildspec.yml at the root of the repository, so commit it there\n", p.BuildspecFile)
		}
	}
	return p, nil
}

// repoPath is file's path inside the project (the repository root), with
// forward slashes, or "" when it lies outside.
func repoPath(projectDir, file string) string {
	root, err1 := filepath.Abs(projectDir)
	abs, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// checkAndEncode validates the rendered text and returns the files to write,
// the template last. Findings go to standard error; any error stops here.
func checkAndEncode(c *cli.Context, templates fs.FS, out render.Output, output, format, buildspecFile string, today time.Time) ([]safewrite.File, error) {
	name := output
	if output == "-" {
		name = "<stdout>"
	}
	if format == "json" {
		name += " (as YAML)"
	}
	v := schema.NewValidator()
	v.Now = func() time.Time { return today }
	doc, findings := schema.Parse(name, []byte(out.Template))
	if doc != nil {
		findings = v.Validate(doc)
	}
	if buildspecFile != "" {
		findings = append(findings, v.CheckBuildspec(buildspecFile, []byte(out.Buildspec))...)
	}
	traceFindings(templates, findings, map[string]string{name: out.Template, buildspecFile: out.Buildspec})
	printFindings(c.App.ErrWriter, findings)
	if schema.HasErrors(findings) {
		fmt.Fprintf(c.App.ErrWriter, "pipegen: the rendered template is invalid: nothing was written; the lines above are the rendered template's (%s was not written: --dump-rendered FILE keeps the text)\n", name)
		return nil, errInvalid
	}
	data := []byte(out.Template)
	if format == "json" {
		var err error
		if data, err = doc.JSON(); err != nil {
			return nil, usageError("encode JSON: %v", err)
		}
	}
	warning, err := render.CheckTemplateSize(len(data))
	if err != nil {
		return nil, usageError("%v: nothing was written", err)
	}
	if warning != "" {
		fmt.Fprintln(c.App.ErrWriter, "pipegen: warning:", warning)
	}
	var files []safewrite.File
	if buildspecFile != "" {
		files = append(files, safewrite.File{Path: buildspecFile, Data: []byte(out.Buildspec)})
	}
	return append(files, safewrite.File{Path: output, Data: data}), nil
}

// traceFindings adds to each finding the template line that produced the
// output line it points at, where that can be known. texts maps a finding's
// file name to the rendered text it is about.
func traceFindings(templates fs.FS, findings []schema.Finding, texts map[string]string) {
	if len(findings) == 0 {
		return
	}
	tracer := render.NewTracer(templates)
	lines := map[string][]string{}
	for name, text := range texts {
		lines[name] = strings.Split(text, "\n")
	}
	for i, f := range findings {
		ls := lines[f.File]
		if f.Pos.Line < 1 || f.Pos.Line > len(ls) {
			continue
		}
		if loc, ok := tracer.Trace(ls[f.Pos.Line-1]); ok {
			findings[i].Message += " (from template " + loc + ")"
		}
	}
}

// commaSeparated splits each value at commas, for list options whose
// values never hold one.
func commaSeparated(values []string) []string {
	var out []string
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			out = append(out, strings.TrimSpace(item))
		}
	}
	return out
}

// oneOutput requires exactly one OUTPUT. Flags end at the first argument,
// so a flag written after OUTPUT arrives as an argument: say so.
func oneOutput(c *cli.Context) error {
	args := c.Args().Slice()
	for _, a := range args[min(1, len(args)):] {
		if strings.HasPrefix(a, "-") && a != "-" {
			return usageError("flags go before OUTPUT: %s comes after %s; write pipegen generate [flags] OUTPUT", a, args[0])
		}
	}
	if len(args) != 1 {
		return usageError("generate needs exactly one OUTPUT argument (a file path, or - for standard output), got %d", len(args))
	}
	return nil
}

// withEnvNames appends to each option's help the PIPEGEN_* variable that
// may set it (settings.go reads them, so that a flag beats its variable).
func withEnvNames(flags []cli.Flag) []cli.Flag {
	for _, f := range flags {
		switch f := f.(type) {
		case *cli.StringFlag:
			if f.Name != "params" && f.Name != "dump-rendered" {
				f.Usage += " [$" + envName(f.Name) + "]"
			}
		case *cli.StringSliceFlag:
			f.Usage += " [$" + envName(f.Name) + ", one item per line]"
		case *cli.BoolFlag:
			if f.Name != "print-params" && f.Name != "check" {
				f.Usage += " [$" + envName(f.Name) + "]"
			}
		}
	}
	return flags
}

// dumpAllowed refuses a --dump-rendered that would break a promise:
// --check writes nothing, standard output carries OUTPUT or nothing, and
// an OUTPUT or buildspec that is not valid is left as it was (review n8).
func dumpAllowed(c *cli.Context, dump, output, buildspec string) error {
	switch {
	case c.Bool("check"):
		return usageError("--dump-rendered writes a file and --check writes nothing: give one of them")
	case dump == "-":
		return usageError("--dump-rendered needs a file path: standard output is OUTPUT's")
	case output != "-" && samePath(dump, output), buildspec != "" && samePath(dump, buildspec):
		return usageError("--dump-rendered %s names OUTPUT or the buildspec: the rendered text, valid or not, would replace it", dump)
	}
	return nil
}

// dumpRendered writes the rendered template, valid or not, for a person to
// read the lines findings point at.
func dumpRendered(c *cli.Context, path, text string) error {
	if err := writeFiles(safewrite.File{Path: path, Data: []byte(text)}); err != nil {
		return usageError("--dump-rendered: %v", err)
	}
	return nil
}

// checkChaliceStages holds the pipeline's stages to the Chalice project's
// config: a chalice stage the config does not define is an error (chalice
// would package it with the top-level settings only, which is rarely what
// was meant), with the nearest defined one; and when --stage was not
// given, a note names the config's stages no pipeline stage deploys. A
// project without a config, or a config without stages, is left alone.
func checkChaliceStages(c *cli.Context, opts *settings, p render.Params) error {
	cs, err := render.ReadChaliceSettings(opts.get("project-dir"), nil)
	if err != nil || len(cs.Stages) == 0 {
		return nil
	}
	config := render.ChaliceConfigPath(opts.get("project-dir"))
	deployed := map[string]bool{}
	var errs []string
	for _, s := range p.WithDefaults().Stages {
		deployed[s.ChaliceStage] = true
		if slices.Contains(cs.Stages, s.ChaliceStage) {
			continue
		}
		msg := fmt.Sprintf("--stage %s: the chalice stage %q is not in %s (it has %s)", s.Name, s.ChaliceStage, config, strings.Join(cs.Stages, ", "))
		if near := suggest.Closest(s.ChaliceStage, cs.Stages); near != "" {
			msg += fmt.Sprintf("; did you mean %s:%s?", s.Name, near)
		} else {
			msg += fmt.Sprintf("; add it there, or give --stage %s:CHALICE_STAGE", s.Name)
		}
		errs = append(errs, msg)
	}
	if len(errs) > 0 {
		return usageError("%s", strings.Join(errs, "\n"))
	}
	if opts.setting("stage").From == fromDefault {
		var idle []string
		for _, s := range cs.Stages {
			if !deployed[s] {
				idle = append(idle, s)
			}
		}
		if len(idle) > 0 {
			fmt.Fprintf(c.App.ErrWriter, "pipegen: note: %s also defines the chalice stage(s) %s, which no pipeline stage deploys; add --stage NAME (or NAME:CHALICE_STAGE) for each\n", config, strings.Join(idle, ", "))
		}
	}
	return nil
}

// readChecked reads a file --check compares with: nil when it does not
// exist, at most one byte past the largest template generate writes (a
// larger file differs anyway), and only a regular file (review M2:
// /dev/zero was read without end).
func readChecked(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, usageError("--check: %v", err)
	}
	if !info.Mode().IsRegular() {
		return nil, usageError("--check compares with a regular file: %s is %s", path, describeMode(info.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError("--check: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, render.MaxTemplateS3+1))
	if err != nil {
		return nil, usageError("--check: %v", err)
	}
	return data, nil
}

// describeMode names a kind of file that is not a regular one, for the
// messages of generate --check and of validate's folder walk.
func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// checkOutputs compares what generate would write with the files there.
func checkOutputs(c *cli.Context, files []safewrite.File) error {
	stale := false
	for _, f := range files {
		if f.Path == "-" {
			return usageError("--check compares with a file: give OUTPUT a path")
		}
		old, err := readChecked(f.Path)
		if err != nil {
			return err
		}
		if len(old) > render.MaxTemplateS3 {
			fmt.Fprintf(c.App.ErrWriter, "pipegen: %s is over %d bytes, more than generate ever writes\n", f.Path, render.MaxTemplateS3)
			stale = true
			continue
		}
		if diff := unifiedDiff(f.Path, f.Path+" (generated)", string(old), string(f.Data)); diff != "" {
			fmt.Fprint(c.App.ErrWriter, diff)
			stale = true
		}
	}
	if stale {
		fmt.Fprintln(c.App.ErrWriter, "pipegen: the files differ from what generate writes for these options: run it without --check to update them")
		return errInvalid
	}
	return nil
}
