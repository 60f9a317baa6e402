package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/pipeline"
	"golang.org/x/term"
)

type ingestCmd struct {
	Sources  []string      `arg:"" optional:"" name:"SOURCE" help:"Files (.txt, .md with front matter, .html, .jsonl, .csv with url/date/title/text columns), folders, globs, - for standard input, and http(s) URLs of article pages or feeds."`
	Feed     []string      `name:"feed" placeholder:"URL" help:"An RSS, Atom or JSON feed to read (repeat for several)."`
	Follow   bool          `help:"Keep polling the --feed feeds every --interval, with conditional requests, until interrupted."`
	Interval time.Duration `default:"15m" help:"Time between two polls of a feed with --follow."`
	MaxItems int           `name:"max-items" default:"1000" help:"Items taken from one feed per poll, newest first."`
	Delay    time.Duration `default:"1s" help:"Least time between two requests to one host."`
	Timeout  time.Duration `default:"30s" help:"Time-out of one web request."`
	MaxBytes int64         `name:"max-bytes" default:"10485760" help:"Largest web page or feed read, in bytes, after decompression."`
	Date     string        `help:"Publication date (YYYY-MM-DD) of inputs that give none."`
	Outlet   string        `help:"Outlet of inputs that name none."`
	Workers  int           `help:"Coding workers (default: one per CPU)."`
	Progress string        `default:"auto" enum:"auto,always,never" help:"Progress line on standard error: auto (only on a terminal), always or never."`
	dbFlags
	dictFlags
}

func (c *ingestCmd) Run(e *env) error {
	if len(c.Sources) == 0 && len(c.Feed) == 0 {
		return errors.New("ingest: nothing to read: name files, folders, URLs or - (dyad ingest --help)")
	}
	if c.Follow && len(c.Feed) == 0 {
		return errors.New("ingest: --follow polls feeds: name them with --feed")
	}
	if c.Interval < 10*time.Second {
		return errors.New("ingest: --interval must be at least 10s")
	}
	meta := ingest.Meta{Outlet: c.Outlet}
	if c.Date != "" {
		d, err := model.ParseDate(c.Date)
		if err != nil {
			return fmt.Errorf("--date: %w", err)
		}
		meta.Date = d
	}
	st, err := c.open(e.ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	coder, err := c.coderFor(true)
	if err != nil {
		return err
	}
	fetcher := ingest.NewFetcher(c.Timeout, c.Delay)
	fetcher.MaxBytes = c.MaxBytes
	opt := ingest.Options{Meta: meta, Fetcher: fetcher, MaxItems: c.MaxItems,
		Known: func(u string) bool { ok, _ := st.HasURL(context.WithoutCancel(e.ctx), u); return ok }}

	items := make(chan pipeline.Item, 256)
	var read int
	var readMu sync.Mutex
	readAll := false
	emit := func(d model.Document, source string, err error) {
		readMu.Lock()
		read++
		readMu.Unlock()
		select {
		case items <- pipeline.Item{Doc: d, Source: source, Err: err}:
		case <-e.ctx.Done():
		}
	}
	go func() {
		defer close(items)
		ingest.Walk(e.ctx, c.Sources, e.stdin, opt, emit)
		for _, f := range c.Feed {
			ingest.ReadURL(e.ctx, f, opt, emit)
		}
		readMu.Lock()
		readAll = !c.Follow
		readMu.Unlock()
		if c.Follow {
			c.follow(e, opt, emit)
		}
	}()

	show := c.Progress == "always" || c.Progress == "auto" && isTerminal(e.stderr)
	var last time.Time
	progress := func(s pipeline.Stats) {
		if !show || time.Since(last) < 200*time.Millisecond {
			return
		}
		last = time.Now()
		readMu.Lock()
		total, all := read, readAll
		readMu.Unlock()
		fmt.Fprintf(e.stderr, "\r\033[K%s", progressLine(s, total, all))
	}
	started := time.Now()
	stats, err := pipeline.Run(e.ctx, st, coder, items, pipeline.Options{Workers: c.Workers, Progress: progress, Outlet: pipeline.Outlets(coder.Matcher())})
	if show {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	fmt.Fprint(e.stderr, pipeline.Summary(stats, time.Since(started)))
	fmt.Fprintf(e.stderr, "database: %s\n", st.Where())
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return errors.New("interrupted: what was stored is kept; run the same command again to go on")
		}
		return err
	}
	if stats.Failed > 0 {
		return errFailed
	}
	return nil
}

// follow polls the feeds until interrupted, asking each time only for what changed.
func (c *ingestCmd) follow(e *env, opt ingest.Options, emit ingest.Emit) {
	type state struct{ etag, modified string }
	states := map[string]*state{}
	for {
		t := time.NewTimer(c.Interval)
		select {
		case <-e.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		for _, f := range c.Feed {
			s := states[f]
			if s == nil {
				s = &state{}
				states[f] = s
			}
			p, err := opt.Fetcher.Get(e.ctx, f, s.etag, s.modified)
			if err != nil {
				emit(model.Document{}, f, err)
				continue
			}
			s.etag, s.modified = p.ETag, p.LastModified
			if p.NotModified {
				continue
			}
			ingest.FeedItems(e.ctx, p, f, opt, emit)
		}
	}
}

// progressLine tells how far a run is: documents, events, rate and, once every input is read,
// the time left.
func progressLine(s pipeline.Stats, read int, all bool) string {
	done := s.Done()
	el := time.Since(s.Started)
	rate := float64(done) / max(el.Seconds(), 0.001)
	var b strings.Builder
	if all && read > 0 {
		fmt.Fprintf(&b, "%d/%d documents (%d%%)", done, read, 100*done/read)
	} else {
		fmt.Fprintf(&b, "%d documents", done)
	}
	fmt.Fprintf(&b, " · %d events · %.0f docs/s", s.Events, rate)
	if all && rate > 0 && read > done {
		left := time.Duration(float64(read-done)/rate) * time.Second
		fmt.Fprintf(&b, " · %s left", left.Round(time.Second))
	}
	if s.Failed > 0 {
		fmt.Fprintf(&b, " · %d failed", s.Failed)
	}
	return b.String()
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
