package codingtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/dictdata"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/model"
)

func shipped(t testing.TB) *coding.Coder {
	t.Helper()
	set, err := dict.Load(dictdata.FS)
	if err != nil {
		t.Fatalf("the shipped dictionaries do not load clean:\n%v", err)
	}
	c, err := coding.New(set)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestFloors fails when a score on the gold corpus or the held-out set drops below the floor
// committed in floors.txt. "go run ./cmd/dyad eval --misses" shows what the coder gets wrong.
func TestFloors(t *testing.T) {
	floors, err := Floors(FS)
	if err != nil {
		t.Fatal(err)
	}
	c := shipped(t)
	for _, set := range []string{"gold", "heldout"} {
		t.Run(set, func(t *testing.T) {
			items, err := LoadSet(FS, set)
			if err != nil {
				t.Fatal(err)
			}
			rep := Run(c, items)
			var b strings.Builder
			rep.WriteTable(&b)
			t.Log("\n" + b.String())
			for _, m := range Metrics {
				floor, ok := floors[set][m]
				if !ok {
					t.Errorf("floors.txt has no floor for %s %s", set, m)
					continue
				}
				if f1 := rep.Scores[m].F1(); f1 < floor {
					t.Errorf("%s F1 %.3f is below its floor %.3f", m, f1, floor)
				}
			}
		})
	}
}

func TestCorpusSizes(t *testing.T) {
	for set, min := range map[string]int{"gold": 300, "heldout": 150} {
		items, err := LoadSet(FS, set)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) < min {
			t.Errorf("%s has %d items, want at least %d", set, len(items), min)
		}
	}
}

func TestGoldCoversRootsAndCases(t *testing.T) {
	items, err := Load(FS)
	if err != nil {
		t.Fatal(err)
	}
	roots := map[string]int{}
	tags := map[string]int{}
	for _, it := range items {
		for _, e := range it.Events {
			roots[e.Code[:2]]++
		}
		for _, tg := range it.Tags {
			tags[tg]++
		}
	}
	for r := 1; r <= 20; r++ {
		root := string(rune('0'+r/10)) + string(rune('0'+r%10))
		if roots[root] < 5 {
			t.Errorf("root %s has %d gold events, want at least 5", root, roots[root])
		}
	}
	for _, tg := range []string{"negation", "negated-pledge", "modal", "passive", "compound", "apposition-title",
		"quote", "reported-speech", "coreference", "relative-date", "repetition", "unknown-actor", "status-change", "no-event"} {
		if tags[tg] < 8 {
			t.Errorf("tag %s has %d items, want at least 8", tg, tags[tg])
		}
	}
}

func TestScorer(t *testing.T) {
	items := []Item{{ID: "x", Text: "t", Events: []GoldEvent{{"IRNGOV", "AZE", "04*", model.Asserted, "2026-02-02"}, {"AZE", "IRN", "0312", model.Intended, "2026-02-06"}}}}
	fake := fakeCoder{{Source: model.Actor{Code: "IRNGOV"}, Target: model.Actor{Code: "AZE"}, Cameo: "042", Mode: model.Asserted, Date: "2026-02-02"},
		{Source: model.Actor{Code: "AZE"}, Target: model.Actor{Code: "IRN"}, Cameo: "120", Mode: model.Asserted, Date: "2026-02-06"},
		{Source: model.Actor{Code: "USA"}, Target: model.Actor{Code: "CHN"}, Cameo: "190", Mode: model.Asserted, Date: "2026-02-06"}}
	rep := Run(fake, items)
	if s := rep.Scores["event"]; s.TP != 1 || s.Pred != 3 || s.Gold != 2 {
		t.Errorf("event score %+v, want TP 1 of 3 predicted and 2 gold", s)
	}
	if s := rep.Scores["source"]; s.TP != 2 {
		t.Errorf("source TP %d, want 2", s.TP)
	}
	if s := rep.Scores["mode"]; s.TP != 1 {
		t.Errorf("mode TP %d, want 1", s.TP)
	}
	if len(rep.Misses) != 1 {
		t.Errorf("want one miss, got %d", len(rep.Misses))
	}
}

type fakeCoder []model.Event

func (f fakeCoder) Code(model.Document) []model.Event { return f }

func TestLoadErrors(t *testing.T) {
	_, probs := parse("gold/bad.txt", "id: a\ndate: 2026-13-01\ntext: x\nevent: A B\n\nid: b\ntext: y\n")
	want := []string{"gold/bad.txt:2:", "gold/bad.txt:4:", "gold/bad.txt:1: item a has neither", "gold/bad.txt:6: item b has neither"}
	if len(probs) != len(want) {
		t.Fatalf("problems %q, want %d", probs, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(probs[i], w) {
			t.Errorf("problem %d = %q, want prefix %q", i, probs[i], w)
		}
	}
}

// seed codes a seed article from ../shared/seeds, or skips when it is absent.
func seed(t *testing.T, c *coding.Coder, glob, date string) []model.Event {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "shared", "seeds", glob))
	if len(files) == 0 {
		t.Skip("../shared/seeds not found: skipping the seed articles")
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, _ := model.ParseDate(date)
	docs, probs := ingest.Read(files[0], f, ingest.Meta{Date: d})
	if len(probs) > 0 || len(docs) != 1 {
		t.Fatalf("reading %s: %v", files[0], probs)
	}
	return c.Code(docs[0])
}

func find(evs []model.Event, match func(model.Event) bool) bool {
	for _, e := range evs {
		if match(e) {
			return true
		}
	}
	return false
}

func TestSeedIranAzerbaijan(t *testing.T) {
	evs := seed(t, shipped(t), "000_*.txt", "2026-02-07")
	has := func(src, tgt, date string, codes ...string) func(model.Event) bool {
		return func(e model.Event) bool {
			if !strings.HasPrefix(e.Source.Code, src) || !strings.HasPrefix(e.Target.Code, tgt) || date != "" && e.Date != date {
				return false
			}
			for _, c := range codes {
				if strings.HasPrefix(e.Cameo, c) {
					return true
				}
			}
			return false
		}
	}
	cases := []struct {
		what  string
		match func(model.Event) bool
	}{
		{"AZE government hosts Iran's defence minister (043) on Friday", has("AZEGOV", "IRN", "2026-02-06", "043")},
		{"AZE government pledges security cooperation to IRN (03x)", has("AZEGOV", "IRN", "", "03")},
		{"AZE government praises relations with IRN (051)", has("AZEGOV", "IRN", "", "051")},
		{"talks between the militaries (04x)", has("IRNMIL", "AZEMIL", "", "04")},
		{"Araghchi visits Baku in January (042)", has("IRNGOV", "AZE", "2026-01", "042")},
		{"Araghchi-Bayramov phone call on Monday (041)", has("IRNGOV", "AZEGOV", "2026-02-02", "041")},
		{"Pezeshkian visits Azerbaijan in April 2025 (042)", has("IRNGOV", "AZE", "2025-04", "042")},
		{"Pezeshkian visits Azerbaijan in November 2025 (042)", has("IRNGOV", "AZE", "2025-11", "042")},
	}
	for _, c := range cases {
		if !find(evs, c.match) {
			t.Errorf("missing: %s", c.what)
		}
	}
	for _, e := range evs {
		pair := e.Source.Code[:3] + e.Target.Code[:3]
		if (pair == "AZEIRN" || pair == "IRNAZE") && e.Quad >= 3 {
			t.Errorf("conflict event between AZE and IRN: %s %s %s %q", e.Source.Code, e.Target.Code, e.Cameo, e.Evidence.Sentence)
		}
		if strings.HasPrefix(e.Source.Code, "AZE") && strings.HasPrefix(e.Target.Code, "IRN") && (e.Root == "12" || e.Root == "13") {
			t.Errorf("the pledge was coded as a refusal or threat: %s", e.Cameo)
		}
		if e.Explain == nil || e.Rule == "" || len(e.Explain.Entries) < 2 {
			t.Errorf("event %s has no explanation", e.Cameo)
		}
	}
}

func TestSeedTalibanAzerbaijan(t *testing.T) {
	evs := seed(t, shipped(t), "002_*.txt", "2024-07-05")
	for _, e := range evs {
		for _, a := range []model.Actor{e.Source, e.Target} {
			if strings.HasPrefix(a.Code, "AFGREB") {
				t.Errorf("the Taliban coded as rebels in 2024: %q", e.Evidence.Sentence)
			}
		}
	}
	cases := []struct {
		what  string
		match func(model.Event) bool
	}{
		{"Baradar visits Azerbaijan (042/043)", func(e model.Event) bool {
			return e.Source.Code == "AFGGOV" && strings.HasPrefix(e.Target.Code, "AZE") && (e.Cameo == "042" || e.Cameo == "043")
		}},
		{"the Taliban ask Azerbaijan for recognition or investment (02x)", func(e model.Event) bool {
			return e.Source.Code == "AFGGOV" && strings.HasPrefix(e.Target.Code, "AZE") && e.Root == "02"
		}},
		{"Baku responds positively (03x)", func(e model.Event) bool {
			return strings.HasPrefix(e.Source.Code, "AZE") && e.Target.Code == "AFGGOV" && e.Root == "03"
		}},
		{"the Iranian news agency warns about the rapprochement (IRNMED, QuadClass 3)", func(e model.Event) bool {
			return e.Source.Code == "IRNMED" && e.Quad == 3 && (strings.HasPrefix(e.Target.Code, "AFG") || strings.HasPrefix(e.Target.Code, "AZE"))
		}},
	}
	for _, c := range cases {
		if !find(evs, c.match) {
			t.Errorf("missing: %s", c.what)
		}
	}
}

// TestShippedDictionariesLoadClean runs every check of the loader on the shipped dictionaries,
// which dyad itself loads without the checks across entries at start-up.
func TestShippedDictionariesLoadClean(t *testing.T) {
	if _, err := dict.Load(dictdata.FS); err != nil {
		t.Fatalf("the shipped dictionaries have problems:\n%v", err)
	}
}

// FuzzShippedCoder codes arbitrary text with the full shipped dictionaries: nothing may panic and
// every evidence span must lie in the text.
func FuzzShippedCoder(f *testing.F) {
	c := shipped(f)
	for _, s := range []string{
		"Iran attacked Iraq, Syria,", "“Azerbaijan will never allow it,” Aliyev said.",
		"The two nations met. He and his counterpart agreed.", "If Israel attacks, we will strike back.",
		"Fighting between Armenia and Azerbaijan, mediated by Russia and", "a.b.c. 'x “y ‘z",
		// Once panicked: mentions that overlapped after an apposition or a demonstrative.
		"Mark Rutte, NATO's war with Russia, and Ukraine attacked Israel.",
		"The minister, Iran's talks with Russia, and Ukraine attacked Israel.",
		"Iranian officials Such decision, and Russia attacked Israel.",
		"The Iranian minister This decision and Russia attacked Israel.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range c.Code(model.Document{Text: s, Date: model.Date{Year: 2025, Month: 6, Day: 1, Prec: model.PrecDay}}) {
			if e.Evidence.Start < 0 || e.Evidence.End > len(s) || e.Evidence.Start > e.Evidence.End {
				t.Fatalf("evidence out of range: %+v", e.Evidence)
			}
		}
	})
}
