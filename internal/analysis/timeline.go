// Package analysis turns stored events into what analysts read: a relationship's timeline in
// both directions, and where it shifted most.
package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/store"
)

// Period is one bucket of a timeline in one direction.
type Period struct {
	Start     string  `json:"start"` // first day, YYYY-MM-DD
	Events    int     `json:"events"`
	Quad      [4]int  `json:"quad"` // events by QuadClass 1-4
	Goldstein float64 `json:"goldstein_sum"`
	Mean      float64 `json:"goldstein_mean"`
	Outlets   int     `json:"outlets"` // distinct outlets reporting the period's events
}

// Direction is a timeline from one actor to another.
type Direction struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	Periods []Period `json:"periods"`
	Events  int      `json:"events"`
	Mean    float64  `json:"goldstein_mean"`
}

// Shift is a change of the mean Goldstein score from one period to the next.
type Shift struct {
	From        string  `json:"from"` // the direction's actors
	To          string  `json:"to"`
	Period      string  `json:"period"` // the period the shift lands in
	Before      float64 `json:"before"` // mean Goldstein the period before
	After       float64 `json:"after"`  // mean Goldstein in the period
	Change      float64 `json:"change"`
	EventsAfter int     `json:"events_after"`
}

// Timeline is a relationship in both directions, over the same periods.
type Timeline struct {
	A       string    `json:"a"`
	B       string    `json:"b"`
	By      string    `json:"by"` // week or month
	Forward Direction `json:"forward"`
	Back    Direction `json:"back"`
	Shifts  []Shift   `json:"shifts"`
	Undated int       `json:"undated"` // events whose text gives no date: in no period
}

// Bucket gives the first day of the period holding day: the Monday of its week or the first of
// its month.
func Bucket(day, by string) (string, error) {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return "", err
	}
	if by == "week" {
		wd := (int(t.Weekday()) + 6) % 7
		return t.AddDate(0, 0, -wd).Format("2006-01-02"), nil
	}
	return t.Format("2006-01") + "-01", nil
}

// next gives the start of the period after start.
func next(start, by string) string {
	t, _ := time.Parse("2006-01-02", start)
	if by == "week" {
		return t.AddDate(0, 0, 7).Format("2006-01-02")
	}
	return t.AddDate(0, 1, 0).Format("2006-01-02")
}

// Build makes the timeline of the events between a and b, by week or month. Periods with no
// event in either direction between the first and the last are kept, empty, so that the two
// directions line up and gaps show.
func Build(a, b, by string, evs []store.DyadEvent) (Timeline, error) {
	if by != "week" && by != "month" {
		return Timeline{}, fmt.Errorf("analysis: --by %q: want week or month", by)
	}
	tl := Timeline{A: a, B: b, By: by, Forward: Direction{From: a, To: b}, Back: Direction{From: b, To: a}}
	if len(evs) == 0 {
		return tl, nil
	}
	type acc struct {
		p       Period
		outlets map[string]bool
	}
	fw, bk := map[string]*acc{}, map[string]*acc{}
	first, last := "", ""
	for _, e := range evs {
		if e.Day == "" {
			tl.Undated++
			continue
		}
		start, err := Bucket(e.Day, by)
		if err != nil {
			return tl, fmt.Errorf("analysis: event %d: %w", e.ID, err)
		}
		if first == "" || start < first {
			first = start
		}
		if start > last {
			last = start
		}
		m := bk
		if e.Forward {
			m = fw
		}
		x := m[start]
		if x == nil {
			x = &acc{p: Period{Start: start}, outlets: map[string]bool{}}
			m[start] = x
		}
		x.p.Events++
		if e.Quad >= 1 && e.Quad <= 4 {
			x.p.Quad[e.Quad-1]++
		}
		x.p.Goldstein += e.Goldstein
		for _, t := range e.Tellers {
			if t.Outlet != "" {
				x.outlets[t.Outlet] = true
			}
		}
	}
	if first == "" {
		return tl, nil
	}
	fill := func(d *Direction, m map[string]*acc) {
		sum := 0.0
		for s := first; s <= last; s = next(s, by) {
			p := Period{Start: s}
			if x := m[s]; x != nil {
				p = x.p
				p.Outlets = len(x.outlets)
				p.Mean = round(p.Goldstein / float64(p.Events))
				p.Goldstein = round(p.Goldstein)
			}
			d.Periods = append(d.Periods, p)
			d.Events += p.Events
			sum += p.Goldstein
		}
		if d.Events > 0 {
			d.Mean = round(sum / float64(d.Events))
		}
	}
	fill(&tl.Forward, fw)
	fill(&tl.Back, bk)
	tl.Shifts = shifts(tl)
	return tl, nil
}

func round(x float64) float64 { return math.Round(x*100) / 100 }

// shifts finds the biggest changes of mean Goldstein between two consecutive periods with
// events, in either direction: the five largest, largest first.
func shifts(tl Timeline) []Shift {
	var out []Shift
	for _, d := range []Direction{tl.Forward, tl.Back} {
		prev := -1
		for i, p := range d.Periods {
			if p.Events == 0 {
				continue
			}
			if prev >= 0 {
				q := d.Periods[prev]
				out = append(out, Shift{From: d.From, To: d.To, Period: p.Start, Before: q.Mean, After: p.Mean, Change: round(p.Mean - q.Mean), EventsAfter: p.Events})
			}
			prev = i
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return math.Abs(out[a].Change) > math.Abs(out[b].Change) })
	var kept []Shift
	for _, s := range out {
		if s.Change == 0 || len(kept) == 5 {
			break
		}
		kept = append(kept, s)
	}
	return kept
}

var bars = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as a line of bars, the lowest as the lowest bar; a blank for NaN.
func Sparkline(vals []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	var b strings.Builder
	for _, v := range vals {
		switch {
		case math.IsNaN(v):
			b.WriteRune(' ')
		case hi == lo:
			b.WriteRune(bars[len(bars)/2])
		default:
			b.WriteRune(bars[int((v-lo)/(hi-lo)*float64(len(bars)-1)+0.5)])
		}
	}
	return b.String()
}
