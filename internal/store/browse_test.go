package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/store/storetest"
)

const story2 = `Iranian Foreign Minister Abbas Araghchi criticised Azerbaijan on Tuesday over its ties with Israel. ` +
	`Azerbaijani President Ilham Aliyev rejected the criticism and accused Iran of meddling.`

func TestBrowse(t *testing.T) {
	setup(t)
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t, eng.DSN)
			if s, err := st.Stamp(ctx); err != nil || s != 0 {
				t.Fatalf("empty store stamp %d, %v", s, err)
			}
			add(t, st, doc(t, "Trend News Agency", "https://trend.az/1", story, "2025-12-09"))
			s1, _ := st.Stamp(ctx)
			add(t, st, doc(t, "Tehran Times", "https://tehrantimes.com/2", story2, "2026-01-14"))
			s2, _ := st.Stamp(ctx)
			if s1 == 0 || s2 == s1 {
				t.Errorf("stamps %d then %d: want a change with each document", s1, s2)
			}

			days, err := st.DailyQuads(ctx, "2025-01-01", "2026-12-31")
			if err != nil || len(days) < 2 || days[0].Day > days[len(days)-1].Day {
				t.Fatalf("daily quads %+v, %v", days, err)
			}
			dyads, err := st.TopDyads(ctx, "2025-01-01", "2026-12-31", 5)
			if err != nil || len(dyads) == 0 || dyads[0].A != "AZE" || dyads[0].B != "IRN" {
				t.Fatalf("top dyads %+v, %v", dyads, err)
			}
			acts, err := st.TopActors(ctx, "2025-01-01", "2026-12-31", 5)
			if err != nil || len(acts) == 0 || acts[0].AsSource+acts[0].AsTarget == 0 {
				t.Fatalf("top actors %+v, %v", acts, err)
			}
			latest, err := st.LatestDocuments(ctx, 10)
			if err != nil || len(latest) != 2 || latest[0].Outlet != "Tehran Times" || latest[0].Reports == 0 {
				t.Fatalf("latest documents %+v, %v", latest, err)
			}

			d, err := st.Document(ctx, latest[1].ID)
			if err != nil || d.Text != story || len(d.Sentences) != 4 || len(d.Mentions) == 0 || len(d.Events) == 0 {
				t.Fatalf("document: %v %+v", err, d.DocSummary)
			}
			for _, m := range d.Mentions {
				if d.Text[m.Start:m.End] != m.Text {
					t.Errorf("mention %q at %d-%d reads %q", m.Text, m.Start, m.End, d.Text[m.Start:m.End])
				}
			}
			if _, err := st.Document(ctx, 999); err != store.ErrNotFound {
				t.Errorf("missing document: %v", err)
			}

			// Newest first, paged by key: every event once, days never rising.
			var all []store.StoredEvent
			f := store.Filter{Source: "AZE", Target: "IRN", Both: true, Latest: true, Limit: 2}
			for {
				n := 0
				for e, err := range st.Events(ctx, f) {
					if err != nil {
						t.Fatal(err)
					}
					all = append(all, e)
					n++
				}
				if n < f.Limit {
					break
				}
				last := all[len(all)-1]
				f.Before = &store.Key{Day: last.Day, ID: last.ID}
			}
			total, _ := st.CountEvents(ctx, store.Filter{Source: "AZE", Target: "IRN", Both: true})
			if len(all) != total || total < 3 {
				t.Fatalf("paged %d events of %d", len(all), total)
			}
			ids := []int64{}
			seen := map[int64]bool{}
			for i, e := range all {
				if seen[e.ID] || i > 0 && e.Day > all[i-1].Day {
					t.Errorf("event %d out of order or twice", e.ID)
				}
				seen[e.ID] = true
				ids = append(ids, e.ID)
			}

			evid, err := st.FirstEvidence(ctx, ids)
			if err != nil || len(evid) != len(ids) {
				t.Fatalf("evidence for %d of %d events, %v", len(evid), len(ids), err)
			}
			for id, ev := range evid {
				if ev.Start >= ev.End || ev.End > len(ev.Sentence) || !strings.Contains(story+story2, ev.Sentence) {
					t.Errorf("event %d: evidence %+v", id, ev)
				}
			}

			partners, err := st.Partners(ctx, "AZE", "", "", 5)
			if err != nil || len(partners) == 0 || partners[0].Code != "IRN" {
				t.Errorf("partners of AZE %+v, %v", partners, err)
			}
			months, err := st.ActorMonths(ctx, "IRN", "", "")
			if err != nil || len(months) != 2 || months[0].Month != "2025-12" || months[1].AsSource == 0 {
				t.Errorf("IRN by month %+v, %v", months, err)
			}
			links, err := st.Links(ctx, "2025-01-01", "", []string{"AZE", "IRN"}, false, 10)
			if err != nil || len(links) != 2 {
				t.Errorf("links %+v, %v", links, err)
			}
			if none, _ := st.Links(ctx, "", "", []string{"FRA"}, false, 10); len(none) != 0 {
				t.Errorf("links among FRA: %+v", none)
			}
			for _, c := range []struct {
				code string
				want bool
			}{{"AZE", true}, {"IRNGOV", true}, {"FRA", false}, {"XYZQ", false}} {
				if got, err := st.HasActor(ctx, c.code); err != nil || got != c.want {
					t.Errorf("HasActor(%s) = %v, %v", c.code, got, err)
				}
			}
			if n, err := st.Size(ctx); err != nil || n == 0 {
				t.Errorf("size %d, %v", n, err)
			}
		})
	}
}
