package web

import (
	"testing"

	"github.com/dyad-events/dyad/internal/store"
)

func TestFillDays(t *testing.T) {
	got := fillDays([]store.DayQuads{{Day: "2026-02-27", Quad: [4]int{1}}, {Day: "2026-03-02", Quad: [4]int{0, 2}}})
	want := []string{"2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i, d := range got {
		if d.Day != want[i] {
			t.Errorf("day %d: %s, want %s", i, d.Day, want[i])
		}
	}
	if got[0].Quad[0] != 1 || got[1].Quad != [4]int{} || got[3].Quad[1] != 2 {
		t.Errorf("counts moved: %+v", got)
	}
	if long := fillDays([]store.DayQuads{{Day: "2016-01-01"}, {Day: "2026-01-01"}}); len(long) != 2 {
		t.Errorf("ten years filled: %d columns", len(long))
	}
}

func TestSegments(t *testing.T) {
	text := "Aliyev met Araghchi in Baku."
	// An event over the first three words and an actor inside it, overlapping its end.
	segs := segments(text, 0, len(text), []span{{start: 11, end: 19, code: "IRNGOV"}}, []span{{start: 0, end: 15, id: 7, href: "/event/7"}})
	var joined string
	for _, s := range segs {
		joined += s.Text
	}
	if joined != text {
		t.Fatalf("segments lose text: %q", joined)
	}
	want := []struct {
		text  string
		actor string
		event int64
	}{{"Aliyev met ", "", 7}, {"Arag", "IRNGOV", 7}, {"hchi", "IRNGOV", 0}, {" in Baku.", "", 0}}
	if len(segs) != len(want) {
		t.Fatalf("%+v", segs)
	}
	for i, w := range want {
		if segs[i].Text != w.text || segs[i].Actor != w.actor || segs[i].Event != w.event {
			t.Errorf("segment %d: %+v, want %+v", i, segs[i], w)
		}
	}
}
