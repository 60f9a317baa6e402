package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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
	DictDir string   `name:"dict-dir" type:"existingdir" help:"Read dictionaries from this directory instead of the shipped ones."`
	Trace   bool     `help:"Also print to standard error, sentence by sentence, the actors, dates and patterns the coder found: to see why a sentence gave no event."`
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
	coder, err := loadCoder(c.DictDir)
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
		var r io.Reader = e.stdin
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintln(e.stderr, "dyad:", err)
				failed++
				continue
			}
			r = f
			defer f.Close()
		}
		id := name
		if name != "-" {
			id = filepath.Base(name)
		}
		docs, probs := ingest.Read(name, r, meta)
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
			if err := w.Write(d, coder.Code(d)); err != nil {
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
