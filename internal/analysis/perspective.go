package analysis

import "github.com/dyad-events/dyad/internal/store"

// Told is how the outlets of one side told a dyad's events in one direction.
type Told struct {
	Side      string  `json:"side"`    // "a" (outlets of the first actor's country), "b", "third" or "unknown"
	Forward   bool    `json:"forward"` // from the dyad's first actor to the second
	Events    int     `json:"events"`  // distinct events these outlets told
	Reports   int     `json:"reports"`
	Quad      [4]int  `json:"quad"`           // events by QuadClass
	Goldstein float64 `json:"mean_goldstein"` // over events
}

// sides in the order Perspective gives them.
var sides = []string{"a", "b", "third", "unknown"}

// Perspective tells how the events between a and b were told by outlets of a's country, of b's,
// of third countries and of no known country, in each direction: the same relationship as each
// side's media tell it. An event counts once for a side, however many of its outlets tell it.
func Perspective(a, b string, evs []store.DyadEvent) []Told {
	ca, cb := a[:min(3, len(a))], b[:min(3, len(b))]
	type key struct {
		side string
		fwd  bool
	}
	acc := map[key]*Told{}
	sums := map[key]float64{}
	for _, e := range evs {
		reps := map[string]int{}
		for _, t := range e.Tellers {
			side := "third"
			switch t.Country {
			case ca:
				side = "a"
			case cb:
				side = "b"
			case "":
				side = "unknown"
			}
			reps[side] += t.Reports
		}
		for side, n := range reps {
			k := key{side, e.Forward}
			t := acc[k]
			if t == nil {
				t = &Told{Side: side, Forward: e.Forward}
				acc[k] = t
			}
			t.Events++
			t.Reports += n
			if e.Quad >= 1 && e.Quad <= 4 {
				t.Quad[e.Quad-1]++
			}
			sums[k] += e.Goldstein
		}
	}
	out := []Told{}
	for _, side := range sides {
		for _, fwd := range []bool{true, false} {
			k := key{side, fwd}
			if t := acc[k]; t != nil {
				t.Goldstein = round(sums[k] / float64(t.Events))
				out = append(out, *t)
			}
		}
	}
	return out
}
