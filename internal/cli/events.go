package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"text/tabwriter"

	"github.com/dyad-events/dyad/internal/analysis"
	"github.com/dyad-events/dyad/internal/export"
	"github.com/dyad-events/dyad/internal/query"
	"github.com/dyad-events/dyad/internal/store"
)

type filterFlags struct {
	Actor         string   `help:"Events with this actor as source or target: a country (AZE) or a full code (AZEGOV)."`
	Dyad          string   `placeholder:"A:B" help:"Events between A and B, both directions (A:B), or only from A to B with --directed."`
	Directed      bool     `help:"With --dyad A:B, only events from A to B."`
	Code          []string `placeholder:"CAMEO" help:"CAMEO codes (036, 0311 ...), comma-separated or repeated."`
	Root          []string `placeholder:"NN" help:"CAMEO roots, 01-20."`
	Quad          []int    `help:"QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."`
	Mode          []string `help:"Modes: asserted, negated, intended, hypothetical, reported, denied."`
	From          string   `placeholder:"YYYY-MM-DD" help:"Events on or after this day."`
	To            string   `placeholder:"YYYY-MM-DD" help:"Events on or before this day."`
	Outlet        []string `help:"Events reported by these outlets (as stored, e.g. \"Tehran Times\")."`
	OutletCountry []string `name:"outlet-country" placeholder:"CODE" help:"Events reported by outlets of these countries (IRN, AZE ...)."`
	MinReports    int      `name:"min-reports" help:"Events reported at least this many times."`
}

// params gives the flags as query parameters.
func (f filterFlags) params() query.Params {
	return query.Params{Actor: f.Actor, Dyad: f.Dyad, Directed: f.Directed, Code: f.Code, Root: f.Root, Quad: f.Quad,
		Mode: f.Mode, From: f.From, To: f.To, Outlet: f.Outlet, OutletCountry: f.OutletCountry, MinReports: f.MinReports}
}

// filter turns the flags into a store filter, refusing what cannot select anything.
func (f filterFlags) filter() (store.Filter, error) {
	sf, err := f.params().Filter()
	return sf, query.Prefixed(err, "--")
}

type eventsCmd struct {
	filterFlags
	Format string `short:"f" default:"table" enum:"table,jsonl,csv,gdelt,plover,parquet" help:"Output format: table, jsonl, csv, gdelt (GDELT 2.0 event table columns, tab-separated), plover (PLOVER JSON records) or parquet."`
	Output string `short:"o" placeholder:"FILE" help:"Write to FILE instead of standard output."`
	Limit  int    `default:"-1" help:"At most this many events; the table shows 100 unless told, the other formats all."`
	dbFlags
}

func (c *eventsCmd) Run(e *env) error {
	f, err := c.filter()
	if err != nil {
		return err
	}
	switch {
	case c.Limit < -1:
		return errors.New("--limit must be 0 (all) or more")
	case c.Limit >= 0:
		f.Limit = c.Limit
	case c.Format == "table":
		f.Limit = 100
	}
	out := e.stdout
	if c.Output != "" {
		file, err := os.Create(c.Output)
		if err != nil {
			return err
		}
		defer file.Close()
		out = file
	} else if c.Format == "parquet" && isTerminal(out) {
		return errors.New("parquet is binary: write it to a file with -o FILE")
	}
	st, err := c.openExisting(e.ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	bw := bufio.NewWriterSize(out, 1<<16)
	w, err := export.NewEventWriter(bw, c.Format)
	if err != nil {
		return err
	}
	n := 0
	for ev, err := range st.Events(e.ctx, f) {
		if err != nil {
			return err
		}
		if err := w.Write(ev); err != nil {
			return err
		}
		n++
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if c.Format == "table" {
		if n == 0 {
			fmt.Fprintln(e.stderr, "no events match")
		} else if f.Limit > 0 && n == f.Limit {
			total, err := st.CountEvents(e.ctx, f)
			if err == nil && total > n {
				fmt.Fprintf(e.stderr, "%d of %d events shown: --limit 0 shows all, -f jsonl or csv gives them for tools\n", n, total)
			}
		}
	}
	if c.Output != "" {
		fmt.Fprintf(e.stderr, "%d events written to %s\n", n, c.Output)
	}
	return nil
}

type dyadCmd struct {
	A      string `arg:"" help:"An actor: a country (AZE) or a full code (AZEGOV)."`
	B      string `arg:"" help:"The other actor."`
	By     string `default:"month" enum:"week,month" help:"Period: week or month."`
	From   string `placeholder:"YYYY-MM-DD" help:"Events on or after this day."`
	To     string `placeholder:"YYYY-MM-DD" help:"Events on or before this day."`
	Format string `short:"f" default:"table" enum:"table,json" help:"Output format: table or json."`
	dbFlags
}

func (c *dyadCmd) Run(e *env) error {
	a, b, err := query.Dyad("A:B", c.A+":"+c.B)
	if err != nil {
		return err
	}
	from, to, err := query.Span(c.From, c.To)
	if err != nil {
		return query.Prefixed(err, "--")
	}
	st, err := c.openExisting(e.ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	evs, err := st.Dyad(e.ctx, a, b, from, to)
	if err != nil {
		return err
	}
	tl, err := analysis.Build(a, b, c.By, evs)
	if err != nil {
		return err
	}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(tl)
	}
	if len(evs) == 0 {
		fmt.Fprintf(e.stdout, "no events between %s and %s in %s\n", a, b, st.Where())
		return nil
	}
	writeTimeline(e.stdout, tl)
	return nil
}

func writeTimeline(w io.Writer, tl analysis.Timeline) {
	label := func(start string) string {
		if tl.By == "month" {
			return start[:7]
		}
		return start
	}
	for _, d := range []analysis.Direction{tl.Forward, tl.Back} {
		fmt.Fprintf(w, "%s → %s: %d events, mean Goldstein %+.2f\n", d.From, d.To, d.Events, d.Mean)
		if d.Events == 0 {
			fmt.Fprintln(w)
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "PERIOD\tEVENTS\tVERB.COOP\tMAT.COOP\tVERB.CONF\tMAT.CONF\tGOLDSTEIN\tMEAN\tOUTLETS\t")
		counts := make([]float64, len(d.Periods))
		means := make([]float64, len(d.Periods))
		other := tl.Back
		if d.From == tl.Back.From {
			other = tl.Forward
		}
		for i, p := range d.Periods {
			counts[i] = float64(p.Events)
			means[i] = math.NaN()
			if p.Events == 0 {
				// Rows only for periods with events one way or the other; the lines below show
				// the gaps.
				if other.Periods[i].Events > 0 {
					fmt.Fprintf(tw, "%s\t0\t\t\t\t\t\t\t\t\n", label(p.Start))
				}
				continue
			}
			means[i] = p.Mean
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%+.1f\t%+.2f\t%d\t\n", label(p.Start), p.Events, p.Quad[0], p.Quad[1], p.Quad[2], p.Quad[3], p.Goldstein, p.Mean, p.Outlets)
		}
		tw.Flush()
		fmt.Fprintf(w, "events %s %s\n       %s\nmean   %s  (▁ lowest, █ highest, blank: no event)\n\n", label(d.Periods[0].Start), label(d.Periods[len(d.Periods)-1].Start),
			analysis.Sparkline(counts), analysis.Sparkline(means))
	}
	if tl.Undated > 0 {
		fmt.Fprintf(w, "%d events have no date and are in no period (dyad events --dyad %s:%s lists them).\n", tl.Undated, tl.A, tl.B)
	}
	if len(tl.Shifts) > 0 {
		fmt.Fprintln(w, "Biggest shifts of mean Goldstein from one period to the next with events:")
		for _, s := range tl.Shifts {
			fmt.Fprintf(w, "  %s → %s in %s: %+.2f → %+.2f (%+.2f, %d events)\n", s.From, s.To, label(s.Period), s.Before, s.After, s.Change, s.EventsAfter)
		}
	}
}
