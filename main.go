// Command pipegen writes the CloudFormation template of a continuous
// deployment pipeline for a Chalice app, and checks CloudFormation templates
// against vendored resource schemas. See README.md.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

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
		Name:            "pipegen",
		Usage:           "generate and check CloudFormation pipelines for serverless Python apps",
		Version:         versionString(),
		Reader:          stdin,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		// Commands given to --test-command may contain commas: one flag, one item.
		DisableSliceFlagSeparator: true,
		ExitErrHandler:            func(*cli.Context, error) {}, // run decides exit codes
		OnUsageError:              onUsageError,
		Commands:                  withUsageErrors(generateCommand(now), validateCommand(now), templatesCommand()),
	}
}

// onUsageError keeps urfave/cli from printing help on stdout for a bad flag:
// the message goes to stderr with exit code 2.
func onUsageError(c *cli.Context, err error, _ bool) error {
	name := "pipegen"
	if c != nil && c.Command != nil && c.Command.HelpName != "" {
		name = c.Command.HelpName
	}
	return usageError("%v (see %s --help)", err, name)
}

func withUsageErrors(cmds ...*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = onUsageError
	}
	return cmds
}
