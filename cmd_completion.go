package main

import (
	"fmt"
	"strings"

	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/urfave/cli/v2"
)

// completionCommand prints a shell's completion script. bash and zsh ask
// pipegen itself for the words (urfave/cli's hidden
// --generate-bash-completion flag lists the commands, or the flags once a
// word starts with -); fish gets a script of complete lines (urfave/cli's
// own fish generator recurses without end through its help command).
func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script of bash, zsh or fish",
		ArgsUsage: "SHELL",
		Description: `Load it in the shell's startup file:

   bash (~/.bashrc):                 source <(pipegen completion bash)
   zsh (~/.zshrc, after compinit):   source <(pipegen completion zsh)
   fish:                             pipegen completion fish > ~/.config/fish/completions/pipegen.fish`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageError("completion needs one SHELL: bash, zsh or fish")
			}
			switch shell := c.Args().First(); shell {
			case "bash":
				fmt.Fprint(c.App.Writer, bashCompletion)
			case "zsh":
				fmt.Fprint(c.App.Writer, zshCompletion)
			case "fish":
				fmt.Fprint(c.App.Writer, fishCompletion(c.App.Commands))
			default:
				msg := fmt.Sprintf("completion %q: expected bash, zsh or fish", shell)
				if near := suggest.Closest(shell, []string{"bash", "zsh", "fish"}); near != "" {
					msg += fmt.Sprintf("; did you mean %q?", near)
				}
				return usageError("%s", msg)
			}
			return nil
		},
	}
}

// bashCompletion asks pipegen for the candidates of the word being typed.
var bashCompletion = strings.TrimLeft(`
_pipegen_complete() {
    local cur="${COMP_WORDS[COMP_CWORD]}" words
    if [[ "$cur" == -* ]]; then
        words=$("${COMP_WORDS[@]:0:COMP_CWORD}" "$cur" --generate-bash-completion 2>/dev/null)
    else
        words=$("${COMP_WORDS[@]:0:COMP_CWORD}" --generate-bash-completion 2>/dev/null)
    fi
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o bashdefault -o default -F _pipegen_complete pipegen
`, "\n")

// zshCompletion loads zsh's bash compatibility and the bash function.
var zshCompletion = "autoload -U +X bashcompinit && bashcompinit\n" + bashCompletion

// fishCompletion completes the commands, then each command's flags (and a
// subcommand's, after its parent).
func fishCompletion(commands []*cli.Command) string {
	var b strings.Builder
	b.WriteString("complete -c pipegen -f\n")
	for _, cmd := range commands {
		if cmd.Hidden || cmd.Name == "help" {
			continue
		}
		fmt.Fprintf(&b, "complete -c pipegen -n __fish_use_subcommand -a %s -d %s\n", cmd.Name, fishQuote(cmd.Usage))
		for _, sub := range cmd.Subcommands {
			fmt.Fprintf(&b, "complete -c pipegen -n '__fish_seen_subcommand_from %s' -a %s -d %s\n", cmd.Name, sub.Name, fishQuote(sub.Usage))
		}
		for _, f := range cmd.Flags {
			usage := ""
			if d, ok := f.(cli.DocGenerationFlag); ok {
				usage = d.GetUsage()
			}
			long := f.Names()[0]
			fmt.Fprintf(&b, "complete -c pipegen -n '__fish_seen_subcommand_from %s' -l %s -d %s", cmd.Name, long, fishQuote(usage))
			if d, ok := f.(cli.DocGenerationFlag); ok && d.TakesValue() {
				b.WriteString(" -r -F")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// fishQuote is s in single quotes, for fish (which escapes \\ and \' in them).
func fishQuote(s string) string {
	s = strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
	if r := []rune(s); len(r) > 120 {
		s = string(r[:117]) + "..."
	}
	return "'" + s + "'"
}
