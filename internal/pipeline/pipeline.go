// Package pipeline wires reading, coding and storing: documents come in on a channel, workers
// fingerprint and code them in parallel, and one writer stores them in batches, each document
// with all it reports or not at all.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/dedup"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/store"
)

// Item is one document read, or one input that could not be read.
type Item struct {
	Doc    model.Document
	Source string // the file, file:line, URL or feed item it came from
	Err    error  // set when the input failed: Doc is empty
}

// Failure is one input that was not stored, and why.
type Failure struct {
	Source string
	Err    error
}

func (f Failure) String() string { return f.Source + ": " + f.Err.Error() }

// Stats counts what a run did.
type Stats struct {
	New        int
	Duplicates int
	Copies     int
	Failed     int
	Events     int // new events
	Reports    int
	Failures   []Failure
	Notes      []Failure // things to know that are no failure
	Started    time.Time
}

// Done is the number of documents finished, stored or not.
func (s Stats) Done() int { return s.New + s.Duplicates + s.Copies + s.Failed }

// Options tune a run.
type Options struct {
	Workers  int                 // coding workers; 0: one per CPU
	Batch    int                 // documents per transaction; 0: 128
	MaxWait  time.Duration       // longest a document waits for its batch; 0: 250 ms
	Progress func(Stats)         // called after every batch, from the writer goroutine
	Outlet   func(string) Outlet // finds an outlet by name; nil: none known
}

// Outlet is what the dictionaries know of an outlet.
type Outlet struct {
	Code, Country string
}

// Outlets finds outlets by name in the actor dictionaries.
func Outlets(m *actors.Matcher) func(string) Outlet {
	var mu sync.Mutex
	cache := map[string]Outlet{}
	return func(name string) Outlet {
		if name == "" {
			return Outlet{}
		}
		mu.Lock()
		defer mu.Unlock()
		if o, ok := cache[name]; ok {
			return o
		}
		var o Outlet
		for _, en := range m.Lookup(name) {
			if en.Actor != nil && en.Actor.Kind == dict.KindOutlet {
				o = Outlet{en.Actor.Code, en.Actor.Country}
				if o.Country == "" {
					o.Country = actors.CountryOf(o.Code)
				}
				break
			}
		}
		cache[name] = o
		return o
	}
}

// Prepare fingerprints and codes one document. A panic in the coder, a bug, becomes the
// document's error instead of stopping the run.
func Prepare(c *coding.Coder, outlet func(string) Outlet, d model.Document, source string) (sd *store.Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			sd, err = nil, fmt.Errorf("internal error while coding (please report it with this input): %v", r)
		}
	}()
	sig := dedup.Sign(d.Text)
	sd = &store.Doc{Document: d, Source: source, CanonicalURL: dedup.CanonicalURL(d.URL), TextHash: sig.Hash, SimHash: sig.SimHash, Words: sig.Words, MinHash: sig.MinHash, Bands: sig.Bands}
	if outlet != nil {
		o := outlet(d.Outlet)
		sd.OutletCode, sd.OutletCountry = o.Code, o.Country
	}
	sd.Analysis = c.Analyze(d)
	return sd, nil
}

type prepared struct {
	doc    *store.Doc
	source string
	err    error
}

// Run codes and stores every item of in until it is closed or ctx ends. It returns what it did;
// the error is for the run as a whole (the database failing), not for single documents, which
// are counted in Stats.Failures.
func Run(ctx context.Context, st *store.Store, c *coding.Coder, in <-chan Item, opt Options) (Stats, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Batch <= 0 {
		opt.Batch = 128
	}
	if opt.MaxWait <= 0 {
		opt.MaxWait = 250 * time.Millisecond
	}
	stats := Stats{Started: time.Now()}
	out := make(chan prepared, opt.Workers*4)
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range in {
				p := prepared{source: it.Source, err: it.Err}
				if it.Err == nil {
					p.doc, p.err = Prepare(c, opt.Outlet, it.Doc, it.Source)
				}
				select {
				case out <- p:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()

	var batch []prepared
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var docs []*store.Doc
		var srcs []string
		for _, p := range batch {
			var note ingest.Notice
			switch {
			case errors.Is(p.err, ingest.ErrKnown):
				stats.Duplicates++
				continue
			case errors.As(p.err, &note):
				stats.Notes = append(stats.Notes, Failure{p.source, p.err})
				continue
			}
			if p.err != nil {
				stats.Failed++
				stats.Failures = append(stats.Failures, Failure{p.source, p.err})
				continue
			}
			docs = append(docs, p.doc)
			srcs = append(srcs, p.source)
		}
		batch = batch[:0]
		if len(docs) > 0 {
			// The batch is stored even when ctx has just ended: its documents are coded, and
			// the transaction is short. Only a failing database stops the run.
			res, errs, err := st.Add(context.WithoutCancel(ctx), docs)
			if err != nil {
				return err
			}
			for i, r := range res {
				if errs[i] != nil {
					stats.Failed++
					stats.Failures = append(stats.Failures, Failure{srcs[i], errs[i]})
					continue
				}
				switch r.Outcome {
				case store.New:
					stats.New++
				case store.Duplicate:
					stats.Duplicates++
				case store.Copy:
					stats.Copies++
				}
				stats.Events += r.NewEvents
				stats.Reports += r.Reports
			}
		}
		if opt.Progress != nil {
			opt.Progress(stats)
		}
		return nil
	}
	timer := time.NewTimer(opt.MaxWait)
	defer timer.Stop()
	for {
		select {
		case p, ok := <-out:
			if !ok {
				err := flush()
				return stats, err
			}
			batch = append(batch, p)
			if len(batch) >= opt.Batch {
				if err := flush(); err != nil {
					return stats, err
				}
				timer.Reset(opt.MaxWait)
			}
		case <-timer.C:
			if err := flush(); err != nil {
				return stats, err
			}
			timer.Reset(opt.MaxWait)
		case <-ctx.Done():
			// Stop taking work; what is coded and waiting is stored, the rest is left for the
			// next run, which will take it up since nothing of it was stored.
		drain:
			for {
				select {
				case p, ok := <-out:
					if !ok {
						break drain
					}
					batch = append(batch, p)
				default:
					break drain
				}
			}
			err := flush()
			if err == nil {
				err = ctx.Err()
			}
			return stats, err
		}
	}
}

// Summary gives the lines that end a run: counts, then each failure with its reason.
func Summary(s Stats, elapsed time.Duration) string {
	var b strings.Builder
	rate := ""
	if secs := elapsed.Seconds(); secs > 0 && s.Done() > 0 {
		rate = fmt.Sprintf(", %.0f documents/s", float64(s.Done())/secs)
	}
	fmt.Fprintf(&b, "%d documents: %d new, %d copies of stored ones, %d already stored, %d failed\n", s.Done(), s.New, s.Copies, s.Duplicates, s.Failed)
	fmt.Fprintf(&b, "%d new events, %d reports, in %s%s\n", s.Events, s.Reports, elapsed.Round(time.Millisecond), rate)
	for _, f := range s.Notes {
		fmt.Fprintf(&b, "note: %s\n", f)
	}
	for _, f := range s.Failures {
		fmt.Fprintf(&b, "failed: %s\n", f)
	}
	return b.String()
}
