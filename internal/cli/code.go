package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/export"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/model"
)

type codeCmd struct {
	Files   []string `arg:"" optional:"" name:"FILE" help:"Text, Markdown (.md, with optional front matter) or JSON Lines (.jsonl) files; - or nothing reads standard input."`
	Date    string   `help:"Article date (YYYY-MM-DD) of text inputs, used to resolve \"on Friday\", \"last week\"..."`
	Outlet  string   `help:"Outlet that published the text inputs."`
	URL     string   `name:"url" help:"URL of the text input."`
	Title   string   `help:"Title of the text input."`
	Format  string   `short:"f" default:"table" enum:"table,jsonl,csv" help:"Output format: table, jsonl or csv."`
	Explain bool     `short:"x" help:"Show, for each event, its sentence, rule, dictionary lines (file:line) and why its mode and date were chosen."`
	dictFlags
	Trace bool `help:"Also print to standard error, sentence by sentence, the actors, dates and patterns the coder found: to see why a sentence gave no event."`
}

func (c *codeCmd) Run(e *env) error {
	meta := ingest.Meta{Outlet: c.Outlet, URL: c.URL, Title: c.Title}
	if c.Date != "" {
		d, err := model.ParseDate(c.Date)
		if err != nil {
			return fmt.Errorf("--date: %w", err)
		}
		meta.Date = d
	}
	coder, err := c.coder()
	if err != nil {
		return err
	}
	files := c.Files
	if len(files) == 0 {
		if f, ok := e.stdin.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				return errors.New("code: no input: name files, or pipe text in (dyad code --help)")
			}
		}
		files = []string{"-"}
	}
	bw := bufio.NewWriterSize(e.stdout, 1<<16)
	defer bw.Flush()
	w := export.NewWriter(bw, c.Format, c.Explain)
	failed := 0
	for _, name := range files {
		if e.ctx.Err() != nil {
			return e.ctx.Err()
		}
		docs, probs, err := readInput(name, e.stdin, meta)
		if err != nil {
			fmt.Fprintln(e.stderr, "dyad:", err)
			failed++
			continue
		}
		id := name
		if name != "-" {
			id = filepath.Base(name)
		}
		for _, p := range probs {
			fmt.Fprintln(e.stderr, "dyad:", p)
			failed++
		}
		for _, d := range docs {
			if d.ID == name {
				d.ID = id
			}
			if c.Trace {
				fmt.Fprintf(e.stderr, "%s:\n%s\n", d.ID, strings.Join(coder.Trace(d), "\n"))
			}
			evs, err := codeSafely(coder, d)
			if err != nil {
				fmt.Fprintf(e.stderr, "dyad: %s: %v\n", d.ID, err)
				failed++
				continue
			}
			if err := w.Write(d, evs); err != nil {
				return err
			}
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	if failed > 0 {
		bw.Flush()
		fmt.Fprintf(e.stderr, "dyad: %d input(s) could not be read\n", failed)
		return errFailed
	}
	return nil
}

// readInput reads the documents of one named input ("-" for standard input), closing the file
// before it returns.
func readInput(name string, stdin io.Reader, meta ingest.Meta) ([]model.Document, []ingest.Problem, error) {
	if name == "-" {
		docs, probs := ingest.Read(name, stdin, meta)
		return docs, probs, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	docs, probs := ingest.Read(name, f, meta)
	return docs, probs, nil
}

// codeSafely codes one document. A panic in the coder is a bug, but one document must not take
// the others down with it: it is reported as that document's failure.
func codeSafely(c *coding.Coder, d model.Document) (evs []model.Event, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error while coding (please report it with this input): %v", r)
		}
	}()
	return c.Code(d), nil
}
