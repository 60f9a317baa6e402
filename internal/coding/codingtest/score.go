package codingtest

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/internal/model"
)

// Coder is anything that codes a document into events.
type Coder interface {
	Code(model.Document) []model.Event
}

// Metrics are scored, in this order.
var Metrics = []string{"event", "event-root", "root", "code", "source", "target", "source-country", "target-country", "mode", "date"}

// Score is precision, recall and F1 of one metric.
type Score struct {
	TP, Pred, Gold int
}

// P is precision.
func (s Score) P() float64 { return ratio(s.TP, s.Pred) }

// R is recall.
func (s Score) R() float64 { return ratio(s.TP, s.Gold) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.P(), s.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Miss is one item where the coder's events differ from the gold ones.
type Miss struct {
	Item      *Item
	Got, Want []string
}

// Report is the result of scoring a coder on the gold corpus.
type Report struct {
	Items  int
	Scores map[string]*Score
	ByTag  map[string]*Score // whole-event score per tag
	Misses []Miss
}

func codeMatches(gold, got string) bool {
	if p, ok := strings.CutSuffix(gold, "*"); ok {
		return strings.HasPrefix(got, p)
	}
	return gold == got
}

func root(code string) string {
	if len(code) < 2 {
		return code
	}
	return code[:2]
}

func country(code string) string {
	if len(code) < 3 || strings.HasPrefix(code, "IGO") {
		return code
	}
	return code[:3]
}

// fields reports, for a predicted event and a gold one, which metrics agree.
func fields(e model.Event, g GoldEvent) map[string]bool {
	f := map[string]bool{
		"root":           root(e.Cameo) == root(g.Code),
		"code":           codeMatches(g.Code, e.Cameo),
		"source":         e.Source.Code == g.Source,
		"target":         e.Target.Code == g.Target,
		"source-country": country(e.Source.Code) == country(g.Source),
		"target-country": country(e.Target.Code) == country(g.Target),
		"mode":           e.Mode == g.Mode,
		"date":           e.Date == g.Date,
	}
	f["event"] = f["code"] && f["source"] && f["target"]
	f["event-root"] = f["root"] && f["source"] && f["target"]
	return f
}

// Run codes every item and scores the events against the gold ones. Within an item, predicted
// and gold events are paired greedily by how many fields agree; a pair needs the same source and
// target countries or the same root.
func Run(c Coder, items []Item) *Report {
	rep := &Report{Items: len(items), Scores: map[string]*Score{}, ByTag: map[string]*Score{}}
	for _, m := range Metrics {
		rep.Scores[m] = &Score{}
	}
	for i := range items {
		it := &items[i]
		evs := c.Code(model.Document{ID: it.ID, Text: it.Text, Date: it.Date})
		type pair struct{ p, g, w int }
		var pairs []pair
		for pi, e := range evs {
			for gi, g := range it.Events {
				f := fields(e, g)
				if !(f["source-country"] && f["target-country"] || f["root"]) {
					continue
				}
				w := 0
				for _, m := range Metrics {
					if f[m] {
						w++
					}
				}
				pairs = append(pairs, pair{pi, gi, w})
			}
		}
		sort.SliceStable(pairs, func(a, b int) bool { return pairs[a].w > pairs[b].w })
		usedP, usedG := map[int]bool{}, map[int]bool{}
		tp := map[string]int{}
		for _, pr := range pairs {
			if usedP[pr.p] || usedG[pr.g] {
				continue
			}
			usedP[pr.p], usedG[pr.g] = true, true
			for m, ok := range fields(evs[pr.p], it.Events[pr.g]) {
				if ok {
					tp[m]++
				}
			}
		}
		for _, m := range Metrics {
			s := rep.Scores[m]
			s.TP += tp[m]
			s.Pred += len(evs)
			s.Gold += len(it.Events)
		}
		for _, tag := range it.Tags {
			s := rep.ByTag[tag]
			if s == nil {
				s = &Score{}
				rep.ByTag[tag] = s
			}
			s.TP += tp["event"]
			s.Pred += len(evs)
			s.Gold += len(it.Events)
		}
		n := len(it.Events)
		if len(evs) != n || tp["event"] != n || tp["mode"] != n || tp["date"] != n {
			ms := Miss{Item: it}
			for _, e := range evs {
				ms.Got = append(ms.Got, fmt.Sprintf("%s %s %s %s %s", e.Source.Code, e.Target.Code, e.Cameo, e.Mode, e.Date))
			}
			for _, g := range it.Events {
				ms.Want = append(ms.Want, fmt.Sprintf("%s %s %s %s %s", g.Source, g.Target, g.Code, g.Mode, g.Date))
			}
			rep.Misses = append(rep.Misses, ms)
		}
	}
	return rep
}

// WriteTable writes the scores as a Markdown table.
func (r *Report) WriteTable(w io.Writer) {
	gold := r.Scores["event"].Gold
	pred := r.Scores["event"].Pred
	fmt.Fprintf(w, "%d items, %d gold events, %d coded events\n\n", r.Items, gold, pred)
	fmt.Fprintln(w, "| metric | precision | recall | F1 |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, m := range Metrics {
		s := r.Scores[m]
		fmt.Fprintf(w, "| %s | %.3f | %.3f | %.3f |\n", m, s.P(), s.R(), s.F1())
	}
}

// WriteTags writes the whole-event F1 per tag.
func (r *Report) WriteTags(w io.Writer) {
	tags := make([]string, 0, len(r.ByTag))
	for t := range r.ByTag {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	fmt.Fprintln(w, "| tag | gold | coded | event F1 |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, t := range tags {
		s := r.ByTag[t]
		if s.Gold == 0 {
			// Items that expect nothing: what counts is how many events were coded anyway.
			fmt.Fprintf(w, "| %s | 0 | %d | - |\n", t, s.Pred)
			continue
		}
		fmt.Fprintf(w, "| %s | %d | %d | %.3f |\n", t, s.Gold, s.Pred, s.F1())
	}
}
