package analysis

import (
	"testing"

	"github.com/dyad-events/dyad/internal/store"
)

func TestPerspective(t *testing.T) {
	evs := []store.DyadEvent{
		// Told by an Azerbaijani outlet twice and an Iranian one once.
		{ID: 1, Forward: true, Quad: 1, Goldstein: 4, Tellers: []store.Teller{{Outlet: "APA", Country: "AZE", Reports: 2}, {Outlet: "IRNA", Country: "IRN", Reports: 1}}},
		// Told by two Iranian outlets: one event for Iran's side.
		{ID: 2, Forward: false, Quad: 4, Goldstein: -10, Tellers: []store.Teller{{Outlet: "IRNA", Country: "IRN", Reports: 1}, {Outlet: "Press TV", Country: "IRN", Reports: 1}}},
		{ID: 3, Forward: true, Quad: 3, Goldstein: -2, Tellers: []store.Teller{{Outlet: "Reuters", Country: "GBR", Reports: 1}, {Outlet: "", Country: "", Reports: 1}}},
	}
	got := Perspective("AZEGOV", "IRN", evs)
	want := []Told{
		{Side: "a", Forward: true, Events: 1, Reports: 2, Quad: [4]int{1, 0, 0, 0}, Goldstein: 4},
		{Side: "b", Forward: true, Events: 1, Reports: 1, Quad: [4]int{1, 0, 0, 0}, Goldstein: 4},
		{Side: "b", Forward: false, Events: 1, Reports: 2, Quad: [4]int{0, 0, 0, 1}, Goldstein: -10},
		{Side: "third", Forward: true, Events: 1, Reports: 1, Quad: [4]int{0, 0, 1, 0}, Goldstein: -2},
		{Side: "unknown", Forward: true, Events: 1, Reports: 1, Quad: [4]int{0, 0, 1, 0}, Goldstein: -2},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if len(Perspective("AZE", "IRN", nil)) != 0 {
		t.Error("no events: rows")
	}
}
