// Command pipegen writes the CloudFormation template of a continuous
// deployment pipeline for a Chalice app, and checks CloudFormation templates
// against vendored resource schemas. See README.md.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/urfave/cli/v2"
)

// Exit codes, as README.md gives them (validate: "Findings, rules and exit
// codes"): 0 success, 1 invalid input, 2 usage, I/O or internal error.
const (
	exitOK      = 0
	exitInvalid = 1 // the input is invalid: findings of severity error
	exitUsage   = 2 // usage, I/O or internal error
)

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// invalid reports that findings were printed and the input is invalid.
var errInvalid = &exitError{code: exitInvalid, err: errors.New("")}

func main() {
	os.Exit(run(os.Args, os.Stdin, stdoutWriter(), os.Stderr, time.Now))
}

// run is main without the process: tests call it with their own streams
// and clock. now dates the Lambda runtime lifecycle checks of generate and
// validate, so tests pin it and stay true whatever day they run.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, now func() time.Time) int {
	app := newApp(stdin, stdout, stderr, now)
	err := app.Run(args)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if msg := ee.Error(); msg != "" {
			fmt.Fprintln(stderr, "pipegen:", msg)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "pipegen:", err)
	return exitUsage
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, now func() time.Time) *cli.App {
	return &cli.App{
		Name:      "pipegen",
		Usage:     "generate and check CloudFormation pipelines for serverless Python apps",
		Version:   versionString(),
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		Suggest:   true, // "did you mean" for a mistyped command or flag
		// Commands given to --test-command may contain commas: one flag, one item.
		DisableSliceFlagSeparator: true,
		ExitErrHandler:            func(*cli.Context, error) {}, // run decides exit codes
		OnUsageError:              onUsageError,
		Action:                    appAction,
		EnableBashCompletion:      true, // the hidden --generate-bash-completion the completion scripts call
		Commands:                  withUsageErrors(generateCommand(now), validateCommand(now), templatesCommand(), completionCommand()),
	}
}

// onUsageError keeps urfave/cli from printing help on stdout for a bad flag:
// the message goes to stderr with exit code 2, with the nearest flag.
func onUsageError(c *cli.Context, err error, _ bool) error {
	name := "pipegen"
	var flags []cli.Flag
	if c != nil && c.Command != nil && c.Command.HelpName != "" {
		name, flags = c.Command.HelpName, c.Command.Flags
	} else if c != nil && c.App != nil {
		flags = c.App.Flags
	}
	msg := err.Error()
	if bad, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		bad = strings.TrimLeft(bad, "-")
		var names []string
		for _, f := range flags {
			names = append(names, f.Names()...)
		}
		msg = "unknown flag --" + bad
		if near := suggest.Closest(bad, names); near != "" {
			msg += fmt.Sprintf("; did you mean --%s?", near)
		}
	}
	return usageError("%s (see %s --help)", msg, name)
}

// appAction runs for pipegen without a command: help, or for a word that
// is no command, a usage error naming the nearest one.
func appAction(c *cli.Context) error {
	if c.NArg() == 0 {
		return cli.ShowAppHelp(c)
	}
	command := c.Args().First()
	msg := fmt.Sprintf("unknown command %q", command)
	var names []string
	for _, cmd := range c.App.Commands {
		names = append(names, cmd.Names()...)
	}
	if near := suggest.Closest(command, names); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	}
	return usageError("%s (see pipegen help)", msg)
}

func withUsageErrors(cmds ...*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = onUsageError
	}
	return cmds
}
