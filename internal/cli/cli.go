// Package cli holds dyad's subcommands. Run parses the arguments and returns the exit code; each
// subcommand lives in a file of its own.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/alecthomas/kong"

	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/dictdata"
)

// Version is set at build time with -ldflags "-X .../cli.Version=...".
var Version = "dev"

type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type root struct {
	Code    codeCmd    `cmd:"" help:"Code news text into CAMEO and PLOVER events."`
	Eval    evalCmd    `cmd:"" help:"Score the coder on the gold corpus."`
	Dict    dictCmd    `cmd:"" help:"Check, search, count and import dictionaries."`
	Version versionCmd `cmd:"" help:"Print the version."`
}

type versionCmd struct{}

func (versionCmd) Run(e *env) error {
	fmt.Fprintln(e.stdout, "dyad", Version)
	return nil
}

// errFailed marks a run that finished but had inputs it could not read; its problems were
// already printed.
var errFailed = errors.New("some inputs failed")

// Run parses args and runs the chosen subcommand. It returns the process exit code: 0 on
// success, 1 when the command failed or some input could not be read, 2 on a usage error.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var r root
	exit := -1
	parser, err := kong.New(&r,
		kong.Name("dyad"),
		kong.Description("dyad turns news into geopolitical event data: who did or said what to whom, when, in which mode, on which words."),
		kong.UsageOnError(),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exit = code }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	)
	if err != nil {
		fmt.Fprintln(stderr, "dyad:", err)
		return 1
	}
	kctx, err := parser.Parse(args)
	if exit >= 0 {
		return exit
	}
	if err != nil {
		fmt.Fprintln(stderr, "dyad:", err)
		return 2
	}
	if err := kctx.Run(&env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}); err != nil {
		if !errors.Is(err, errFailed) {
			fmt.Fprintln(stderr, "dyad:", err)
		}
		return 1
	}
	return 0
}

// dictFlags choose the dictionaries a command uses. They are embedded in every command that codes.
type dictFlags struct {
	DictDir     string `name:"dict-dir" env:"DYAD_DICT_DIR" placeholder:"DIR" help:"Add your own dictionaries from DIR to the shipped ones; where they differ, yours win (docs/dictionaries.md)."`
	DictReplace bool   `name:"dict-replace" help:"Use only the dictionaries of --dict-dir, not the shipped ones."`
}

// set loads the dictionaries the flags name and checks them. The shipped set alone is loaded
// without the checks across entries: its tests make them, and they cost start-up time.
func (f dictFlags) set() (*dict.Set, error) {
	if f.DictReplace && f.DictDir == "" {
		return nil, errors.New("--dict-replace needs --dict-dir")
	}
	if f.DictDir == "" {
		set, err := dict.LoadTrusted(dictdata.FS)
		if err != nil {
			return nil, fmt.Errorf("shipped dictionaries:\n%w", err)
		}
		return set, nil
	}
	// Problems within the user's files do not stop the checks across entries: every problem is
	// reported at once.
	var probs dict.Problems
	user, err := dict.LoadDir(f.DictDir)
	if err != nil && !errors.As(err, &probs) {
		return nil, err
	}
	set := user
	if !f.DictReplace {
		base, err := dict.LoadTrusted(dictdata.FS)
		if err != nil {
			return nil, fmt.Errorf("shipped dictionaries:\n%w", err)
		}
		set = dict.Overlay(base, user)
	}
	if probs = append(probs, set.Check()...); len(probs) > 0 {
		return nil, fmt.Errorf("dictionaries: %d problem(s):\n%w", len(probs), probs)
	}
	return set, nil
}

// coder loads the dictionaries and compiles a coder.
func (f dictFlags) coder() (*coding.Coder, error) {
	// Loading makes much short-lived garbage and the process is often short-lived too: collecting
	// less often during it cuts start-up by a fifth for a few MB more at the peak.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	set, err := f.set()
	if err != nil {
		return nil, err
	}
	return coding.New(set)
}
