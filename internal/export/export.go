// Package export writes coded events: an aligned table for terminals, JSON Lines and CSV.
package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/dyad-events/dyad/internal/model"
)

// Writer writes the events of documents in one format.
type Writer struct {
	w       io.Writer
	format  string
	explain bool
	csv     *csv.Writer
	enc     *json.Encoder
	header  bool
}

// NewWriter returns a writer for format "table", "jsonl" or "csv". With explain, each event
// carries its explanation: an "explain" object in JSON Lines, indented lines in the table, and
// columns in CSV.
func NewWriter(w io.Writer, format string, explain bool) *Writer {
	x := &Writer{w: w, format: format, explain: explain}
	switch format {
	case "csv":
		x.csv = csv.NewWriter(w)
	case "jsonl":
		x.enc = json.NewEncoder(w)
		x.enc.SetEscapeHTML(false)
	}
	return x
}

// CSVHeader is the column order of the CSV format.
var CSVHeader = []string{"doc", "sentence", "date", "date_precision", "source_code", "source_country", "source_sector",
	"source_text", "source_entity", "target_code", "target_country", "target_sector", "target_text", "target_entity",
	"cameo", "root", "quad", "goldstein", "plover", "plover_mode", "mode", "speaker", "mentions", "evidence_start",
	"evidence_end", "rule", "outlet", "url"}

// Write writes the events of one document.
func (x *Writer) Write(doc model.Document, events []model.Event) error {
	switch x.format {
	case "jsonl":
		for i := range events {
			e := events[i]
			if !x.explain {
				e.Explain = nil
			}
			if err := x.enc.Encode(&e); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
		return nil
	case "csv":
		if !x.header {
			h := CSVHeader
			if x.explain {
				h = append(append([]string{}, h...), "sentence_text", "explain_rule", "explain_entries", "explain_mode", "explain_date")
			}
			if err := x.csv.Write(h); err != nil {
				return err
			}
			x.header = true
		}
		for _, e := range events {
			speaker := ""
			if e.Speaker != nil {
				speaker = e.Speaker.Code
			}
			row := []string{e.Doc, strconv.Itoa(e.Sentence), e.Date, e.DatePrecision, e.Source.Code, e.Source.Country,
				e.Source.Sector, e.Source.Text, e.Source.Entity, e.Target.Code, e.Target.Country, e.Target.Sector,
				e.Target.Text, e.Target.Entity, e.Cameo, e.Root, strconv.Itoa(e.Quad), strconv.FormatFloat(e.Goldstein, 'f', 1, 64),
				e.Plover, e.PloverMode, string(e.Mode), speaker, strconv.Itoa(len(e.Mentions)), strconv.Itoa(e.Evidence.Start),
				strconv.Itoa(e.Evidence.End), e.Rule, e.Outlet, e.URL}
			if x.explain && e.Explain != nil {
				row = append(row, e.Evidence.Sentence, e.Explain.Rule, strings.Join(e.Explain.Entries, "; "), e.Explain.Mode, e.Explain.Date)
			}
			if err := x.csv.Write(row); err != nil {
				return err
			}
		}
		x.csv.Flush()
		return x.csv.Error()
	}
	return x.table(doc, events)
}

func (x *Writer) table(doc model.Document, events []model.Event) error {
	if len(events) == 0 {
		_, err := fmt.Fprintf(x.w, "%s: no events\n\n", doc.ID)
		return err
	}
	fmt.Fprintf(x.w, "%s: %d event(s)\n", doc.ID, len(events))
	// Rows are aligned together first; explanations go between them afterwards, since a line
	// without cells would end the tabwriter's columns.
	var rows bytes.Buffer
	tw := tabwriter.NewWriter(&rows, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  DATE\tSOURCE\tTARGET\tCAMEO\tQUAD\tGOLD\tPLOVER\tMODE\tSENT\tSAID BY")
	for _, e := range events {
		speaker := ""
		if e.Speaker != nil {
			speaker = e.Speaker.Code
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%d\t%+.1f\t%s\t%s\t%d\t%s\n", e.Date, actorCell(e.Source), actorCell(e.Target),
			e.Cameo, e.Quad, e.Goldstein, dash(e.Plover), e.Mode, e.Sentence, speaker)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lines := strings.SplitAfter(rows.String(), "\n")
	io.WriteString(x.w, lines[0])
	for i, e := range events {
		io.WriteString(x.w, lines[i+1])
		if x.explain && e.Explain != nil {
			fmt.Fprintf(x.w, "      sentence: %s\n", oneLine(e.Evidence.Sentence))
			fmt.Fprintf(x.w, "      rule:     %s (%s)\n", e.Explain.Rule, e.Rule)
			for _, en := range e.Explain.Entries {
				fmt.Fprintf(x.w, "      entry:    %s\n", en)
			}
			fmt.Fprintf(x.w, "      mode:     %s: %s\n", e.Mode, e.Explain.Mode)
			fmt.Fprintf(x.w, "      date:     %s (%s): %s\n", e.Date, e.DatePrecision, e.Explain.Date)
			if len(e.Mentions) > 1 {
				fmt.Fprintf(x.w, "      mentions: %d\n", len(e.Mentions))
			}
			fmt.Fprintln(x.w)
		}
	}
	_, err := fmt.Fprintln(x.w)
	return err
}

// actorCell shows an actor as CODE (name), the name cut to 28 characters.
func actorCell(a model.Actor) string {
	name := oneLine(a.Entity)
	if name == "" {
		name = oneLine(a.Text)
	}
	if r := []rune(name); len(r) > 28 {
		name = string(r[:25]) + "..."
	}
	return a.Code + " (" + name + ")"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Close flushes what is buffered.
func (x *Writer) Close() error {
	if x.csv != nil {
		x.csv.Flush()
		return x.csv.Error()
	}
	return nil
}
