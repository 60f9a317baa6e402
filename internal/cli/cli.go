// Package cli holds dyad's subcommands. Run parses the arguments and returns the exit code; each
// subcommand lives in a file of its own.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/alecthomas/kong"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/dictdata"
	"github.com/dyad-events/dyad/internal/store"
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
	Eval    evalCmd    `cmd:"" help:"Score the coder on the gold corpus."`
	Ingest  ingestCmd  `cmd:"" help:"Read files, folders, web pages and feeds, code them and store documents, reports and events in a database."`
	Events  eventsCmd  `cmd:"" help:"List stored events, filtered, as a table, JSON Lines, CSV, GDELT, PLOVER or Parquet."`
	Dyad    dyadCmd    `cmd:"" help:"Show how a relationship moved over time, in both directions."`
	Serve   serveCmd   `cmd:"" help:"Serve the JSON API and the dashboard over the database."`
	Demo    demoCmd    `cmd:"" help:"Build a database from the sample corpus that ships in dyad, and show what to try next."`
	Code    codeCmd    `cmd:"" help:"Code news text into CAMEO and PLOVER events, without storing them."`
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
	// Building the parser allocates a few MB of short-lived reflection data; collecting during it
	// only costs start-up time.
	gc := debug.SetGCPercent(-1)
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
		debug.SetGCPercent(gc)
		fmt.Fprintln(stderr, "dyad:", err)
		return 1
	}
	kctx, err := parser.Parse(args)
	debug.SetGCPercent(gc)
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

// dbFlags name the database of a command that reads or writes the store.
type dbFlags struct {
	DB string `name:"db" env:"DYAD_DB" default:"dyad.db" placeholder:"PATH|URL" help:"The database: a SQLite file, or a postgres:// URL."`
}

// open opens the database the flags name.
func (f dbFlags) open(ctx context.Context) (*store.Store, error) { return store.Open(ctx, f.DB) }

// openExisting opens a database that must already exist: reading a misspelt file name must not
// create an empty database.
func (f dbFlags) openExisting(ctx context.Context) (*store.Store, error) {
	if !store.IsPostgres(f.DB) {
		if _, err := os.Stat(f.DB); err != nil {
			return nil, fmt.Errorf("no database at %s: build one with dyad ingest or dyad demo, or name one with --db", f.DB)
		}
	}
	return store.Open(ctx, f.DB)
}

// dictFlags choose the dictionaries a command uses. They are embedded in every command that codes.
type dictFlags struct {
	DictDir     string `name:"dict-dir" env:"DYAD_DICT_DIR" placeholder:"DIR" help:"Add your own dictionaries from DIR to the shipped ones; where they differ, yours win (docs/dictionaries.md)."`
	DictReplace bool   `name:"dict-replace" help:"Use only the dictionaries of --dict-dir, not the shipped ones."`
}

// set loads the dictionaries the flags name and checks them.
func (f dictFlags) set() (*dict.Set, error) {
	set, _, err := f.load()
	return set, err
}

// load loads the dictionaries the flags name and checks them, and gives the actor matcher too when
// it comes compiled with them (the shipped set alone). The shipped set is decoded from its
// compiled form without the checks across entries: its tests make them, and they cost start-up
// time.
func (f dictFlags) load() (*dict.Set, *actors.Matcher, error) {
	if f.DictReplace && f.DictDir == "" {
		return nil, nil, errors.New("--dict-replace needs --dict-dir")
	}
	if f.DictDir == "" {
		set, m, err := dictdata.Shipped()
		if err != nil {
			return nil, nil, fmt.Errorf("shipped dictionaries:\n%w", err)
		}
		return set, m, nil
	}
	// Problems within the user's files do not stop the checks across entries: every problem is
	// reported at once.
	var probs dict.Problems
	user, err := dict.LoadDir(f.DictDir)
	if err != nil && !errors.As(err, &probs) {
		return nil, nil, err
	}
	set := user
	if !f.DictReplace {
		base, _, err := dictdata.Shipped()
		if err != nil {
			return nil, nil, fmt.Errorf("shipped dictionaries:\n%w", err)
		}
		set = dict.Overlay(base, user)
	}
	if probs = append(probs, set.Check()...); len(probs) > 0 {
		return nil, nil, fmt.Errorf("dictionaries: %d problem(s):\n%w", len(probs), probs)
	}
	return set, nil, nil
}

// coder loads the dictionaries and compiles a coder.
//
// It also sets how the process collects garbage from then on. The dictionaries are some 20 MB
// that live as long as the process, and most runs code a few articles: a collection would mostly
// scan what can never be freed, and cost a quarter of a short run. So the collector runs only
// when the heap nears a limit well above what coding needs (unless GOGC or GOMEMLIMIT say
// otherwise): long runs stay bounded, short ones never collect.
func (f dictFlags) coder() (*coding.Coder, error) {
	return f.coderFor(false)
}

// coderFor is coder for a command that codes a few articles (long false) or runs on (ingest,
// serve: long true), where the collector keeps its usual pace once the dictionaries are loaded.
func (f dictFlags) coderFor(long bool) (*coding.Coder, error) {
	gc := debug.SetGCPercent(-1)
	set, m, err := f.load()
	if err != nil {
		debug.SetGCPercent(gc)
		return nil, err
	}
	c, err := coding.NewWithMatcher(set, m)
	if long || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		debug.SetGCPercent(gc)
	} else {
		debug.SetMemoryLimit(codingHeapLimit)
	}
	return c, err
}

// codingHeapLimit is the heap size at which a coding run starts collecting garbage.
const codingHeapLimit = 96 << 20
