package analysis

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/store"
)

func TestBuild(t *testing.T) {
	evs := []store.DyadEvent{
		{ID: 1, Forward: true, Day: "2025-04-28", Quad: 1, Goldstein: 8, Tellers: []store.Teller{{Outlet: "IRNA", Reports: 1}, {Outlet: "APA", Reports: 1}}},
		{ID: 2, Forward: true, Day: "2025-04-29", Quad: 2, Goldstein: 6, Tellers: []store.Teller{{Outlet: "IRNA", Reports: 1}}},
		{ID: 3, Forward: false, Day: "2025-05-02", Quad: 1, Goldstein: 4, Tellers: []store.Teller{{Outlet: "Tehran Times", Reports: 1}}},
		{ID: 4, Forward: true, Day: "2025-07-01", Quad: 4, Goldstein: -10, Tellers: []store.Teller{{Outlet: "Reuters", Reports: 1}}},
		{ID: 5, Forward: true, Day: ""},
	}
	tl, err := Build("AZE", "IRN", "month", evs)
	if err != nil {
		t.Fatal(err)
	}
	if tl.Undated != 1 || tl.Forward.Events != 3 || tl.Back.Events != 1 {
		t.Fatalf("events %d and %d, undated %d", tl.Forward.Events, tl.Back.Events, tl.Undated)
	}
	// April to July: four months in both directions, the empty ones kept so the two line up.
	if len(tl.Forward.Periods) != 4 || len(tl.Back.Periods) != 4 || tl.Forward.Periods[2].Events != 0 {
		t.Fatalf("periods: %+v", tl.Forward.Periods)
	}
	apr := tl.Forward.Periods[0]
	if apr.Start != "2025-04-01" || apr.Events != 2 || apr.Quad != [4]int{1, 1, 0, 0} || apr.Goldstein != 14 || apr.Mean != 7 || apr.Outlets != 2 {
		t.Errorf("April: %+v", apr)
	}
	if len(tl.Shifts) == 0 || tl.Shifts[0].Period != "2025-07-01" || tl.Shifts[0].Change != -17 {
		t.Errorf("biggest shift: %+v", tl.Shifts)
	}
	wk, _ := Build("AZE", "IRN", "week", evs)
	if wk.Forward.Periods[0].Start != "2025-04-28" {
		t.Errorf("weeks start on Monday: %s", wk.Forward.Periods[0].Start)
	}
	if _, err := Build("AZE", "IRN", "day", evs); err == nil {
		t.Error("--by day accepted")
	}
}

func TestSparkline(t *testing.T) {
	if got := Sparkline([]float64{0, 1, 2, 3, 4, 5, 6, 7}); got != "▁▂▃▄▅▆▇█" {
		t.Errorf("%q", got)
	}
	nan := []float64{1, 0, 1}
	nan[1] = nan[1] / nan[1] // NaN: a period without events
	if got := Sparkline(nan); !strings.Contains(got, " ") {
		t.Errorf("a gap is not blank: %q", got)
	}
}

func TestRegions(t *testing.T) {
	rs, err := parseRegions(regionsText)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) < 10 {
		t.Fatalf("%d regions", len(rs))
	}
	r, ok := RegionBySlug("caucasus-and-central-asia")
	if !ok || r.Countries[1] != "AZE" {
		t.Errorf("caucasus: %+v %v", r, ok)
	}
	for _, r := range rs {
		seen := map[string]bool{}
		for _, c := range r.Countries {
			if seen[c] {
				t.Errorf("%s: %s twice", r.Name, c)
			}
			seen[c] = true
		}
	}
	if _, err := parseRegions("  AZE\n"); err == nil {
		t.Error("countries before a region: no error")
	}
	if _, err := parseRegions("X\n  AZ1\n"); err == nil {
		t.Error("bad code: no error")
	}
}
