package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/dictdata"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/pipeline"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/store/storetest"
)

var coder *coding.Coder
var outlets func(string) pipeline.Outlet

func setup(t testing.TB) {
	t.Helper()
	if coder != nil {
		return
	}
	set, m, err := dictdata.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if coder, err = coding.NewWithMatcher(set, m); err != nil {
		t.Fatal(err)
	}
	outlets = pipeline.Outlets(m)
}

const story = `Azerbaijani President Ilham Aliyev met Iranian Foreign Minister Abbas Araghchi in Baku on Monday. ` +
	`Aliyev said Azerbaijan would never allow its territory to be used against Iran. ` +
	`The two sides signed an agreement on a railway through the Aras valley, and Araghchi praised the brotherly ties between the neighbours. ` +
	`Araghchi later held talks with Azerbaijani Foreign Minister Jeyhun Bayramov on trade, energy and transport across the border.`

func doc(t testing.TB, outlet, url, text, date string) *store.Doc {
	t.Helper()
	d, err := model.ParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	sd, err := pipeline.Prepare(coder, outlets, model.Document{ID: url, Text: text, Outlet: outlet, URL: url, Date: d}, url)
	if err != nil {
		t.Fatal(err)
	}
	return sd
}

func add(t *testing.T, st *store.Store, docs ...*store.Doc) []store.Result {
	t.Helper()
	res, errs, err := st.Add(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range errs {
		if e != nil {
			t.Fatalf("doc %d: %v", i, e)
		}
	}
	return res
}

// open opens a store that closes when the test ends.
func open(t *testing.T, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func count(t *testing.T, st *store.Store, table string) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStore(t *testing.T) {
	setup(t)
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t, eng.DSN)
			if v, err := st.Version(ctx); err != nil || v < 1 {
				t.Fatalf("schema version %d, %v", v, err)
			}

			orig := doc(t, "Trend News Agency", "https://www.trend.az/news/1?utm_source=x", story, "2025-12-09")
			if len(orig.Analysis.Events) < 2 {
				t.Fatalf("the story codes %d events; the test needs two or more", len(orig.Analysis.Events))
			}
			r := add(t, st, orig)[0]
			if r.Outcome != store.New || r.NewEvents == 0 {
				t.Fatalf("first document: %+v", r)
			}
			events, reports, docs := count(t, st, "events"), count(t, st, "reports"), count(t, st, "documents")
			if count(t, st, "sentences") != len(orig.Analysis.Sentences) || count(t, st, "mentions") != len(orig.Analysis.Mentions) {
				t.Errorf("sentences or mentions not all stored")
			}

			// The same URL (another tracking parameter), or the same text from the same outlet:
			// nothing is added.
			again := doc(t, "Trend News Agency", "https://trend.az/news/1?utm_medium=y", story, "2025-12-09")
			same := doc(t, "Trend News Agency", "", strings.ReplaceAll(story, ". ", ".\n\n"), "2025-12-09")
			for i, r := range add(t, st, again, same) {
				if r.Outcome != store.Duplicate {
					t.Errorf("repeat %d: %v, want duplicate", i, r.Outcome)
				}
			}
			if count(t, st, "documents") != docs || count(t, st, "reports") != reports {
				t.Fatalf("a duplicate added rows")
			}

			// A wire copy from another outlet, a day later, with a changed lead: its reports join
			// the same events, and no event is new.
			copyText := strings.Replace(story, "in Baku on Monday", "in Baku on Monday, state media reported", 1)
			cp := doc(t, "IRNA", "https://en.irna.ir/news/2", copyText, "2025-12-10")
			r = add(t, st, cp)[0]
			if r.Outcome != store.Copy || r.NewEvents != 0 || r.Reports == 0 {
				t.Fatalf("copy: %+v", r)
			}
			if count(t, st, "events") != events {
				t.Fatalf("a copy made new events: %d, was %d", count(t, st, "events"), events)
			}
			var two int
			for e, err := range st.Events(ctx, store.Filter{}) {
				if err != nil {
					t.Fatal(err)
				}
				if e.NOutlets == 2 && e.NCountries == 2 && e.NDocs == 2 {
					two++
				}
			}
			if two == 0 {
				t.Errorf("no event counts two outlets of two countries after the copy")
			}

			// Filters: the dyad in both directions, by country.
			n, err := st.CountEvents(ctx, store.Filter{Source: "AZE", Target: "IRN", Both: true})
			if err != nil || n == 0 {
				t.Fatalf("dyad AZE:IRN: %d events, %v", n, err)
			}
			n2, _ := st.CountEvents(ctx, store.Filter{Source: "AZE", Target: "IRN", Both: true, OutletCountry: []string{"IRN"}})
			if n2 == 0 || n2 > n {
				t.Errorf("events told by Iranian outlets: %d of %d", n2, n)
			}
			var first store.StoredEvent
			for e := range st.Events(ctx, store.Filter{Limit: 1}) {
				first = e
			}
			reps, err := st.Reports(ctx, first.ID)
			if err != nil || len(reps) == 0 {
				t.Fatalf("reports of event %d: %v", first.ID, err)
			}
			if !strings.Contains(story, reps[0].Text) || reps[0].Text == "" {
				t.Errorf("report text %q is not a span of the story", reps[0].Text)
			}
			if _, err := st.Event(ctx, 1<<40); err != store.ErrNotFound {
				t.Errorf("missing event: %v, want ErrNotFound", err)
			}
		})
	}
}

// A document that fails leaves nothing behind, and the others of its batch are kept.
func TestAddIsPerDocument(t *testing.T) {
	setup(t)
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t, eng.DSN)
			good := doc(t, "APA", "https://apa.az/1", story, "2025-12-09")
			bad := doc(t, "APA", "https://apa.az/2", "Iran condemned Israel on Monday. "+story, "2025-12-09")
			// The last event has no code: the schema refuses it, after the document, its
			// sentences and its first events were written.
			bad.Analysis.Events = append(bad.Analysis.Events, model.Event{Source: model.Actor{Code: "IRN"}, Target: model.Actor{Code: "ISR"}, Mode: "asserted", Date: "2025-12-08"})
			res, errs, err := st.Add(ctx, []*store.Doc{bad, good})
			if err != nil {
				t.Fatal(err)
			}
			if errs[0] == nil {
				t.Fatalf("the bad document was stored: %+v", res[0])
			}
			if errs[1] != nil || res[1].Outcome != store.New {
				t.Fatalf("good document: %+v %v", res[1], errs[1])
			}
			if n := count(t, st, "documents"); n != 1 {
				t.Errorf("%d documents, want the good one alone", n)
			}
			var orphans int
			st.DB().QueryRow("SELECT count(*) FROM reports WHERE doc_id <> (SELECT min(id) FROM documents)").Scan(&orphans)
			if orphans != 0 || count(t, st, "sentences") != len(good.Analysis.Sentences) {
				t.Errorf("rows of the failed document remain")
			}
			var unreported int
			st.DB().QueryRow("SELECT count(*) FROM events WHERE n_reports = 0").Scan(&unreported)
			if unreported != 0 {
				t.Errorf("%d events without reports", unreported)
			}
		})
	}
}
