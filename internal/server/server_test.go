package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/api"
	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/demo"
	"github.com/dyad-events/dyad/internal/dictdata"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/pipeline"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/web"
)

var (
	once    sync.Once
	demoDB  string
	demoErr error
	coder   *coding.Coder
)

// demoStore builds the demo database once for the package's tests and opens it.
func demoStore(t *testing.T) *store.Store {
	t.Helper()
	once.Do(func() {
		set, m, err := dictdata.Shipped()
		if err != nil {
			demoErr = err
			return
		}
		if coder, err = coding.NewWithMatcher(set, m); err != nil {
			demoErr = err
			return
		}
		dir, err := os.MkdirTemp("", "dyad-server-test")
		if err != nil {
			demoErr = err
			return
		}
		demoDB = filepath.Join(dir, "demo.db")
		st, err := store.Open(context.Background(), demoDB)
		if err != nil {
			demoErr = err
			return
		}
		defer st.Close()
		_, demoErr = demo.Load(context.Background(), st, coder)
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	// Each test gets its own copy: some add documents.
	dst := filepath.Join(t.TempDir(), "demo.db")
	b, err := os.ReadFile(demoDB)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), dst)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDB != "" {
		os.RemoveAll(filepath.Dir(demoDB))
	}
	os.Exit(code)
}

func newServer(t *testing.T, st *store.Store) (*Server, *httptest.Server) {
	t.Helper()
	set, m, err := dictdata.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := api.New(st, coder, set, m, log, 2)
	w, err := web.New(a, log)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Store: st, API: a, Web: w, Log: log, Timeout: 10 * time.Second})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func get(t *testing.T, ts *httptest.Server, path string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

func getJSON(t *testing.T, ts *httptest.Server, path string, v any) int {
	t.Helper()
	code, body, h := get(t, ts, path)
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: content type %q", path, ct)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, body)
	}
	return code
}

func TestAPI(t *testing.T) {
	st := demoStore(t)
	_, ts := newServer(t, st)

	var page api.EventPage
	if code := getJSON(t, ts, "/api/v1/events?dyad=AZE:IRN&root=04&limit=5", &page); code != 200 || len(page.Events) == 0 {
		t.Fatalf("events: %d, %d events", code, len(page.Events))
	}
	for _, e := range page.Events {
		if e.Root != "04" || !(e.Source.Country == "AZE" && e.Target.Country == "IRN" || e.Source.Country == "IRN" && e.Target.Country == "AZE") {
			t.Errorf("event %d does not match the filter: %s %s→%s", e.ID, e.Root, e.Source.Code, e.Target.Code)
		}
	}

	var detail api.EventDetail
	if code := getJSON(t, ts, fmt.Sprintf("/api/v1/events/%d", page.Events[0].ID), &detail); code != 200 || len(detail.Reports) == 0 {
		t.Fatalf("event: %d, %d reports", code, len(detail.Reports))
	}
	for _, r := range detail.Reports {
		in := r.Span.Start - r.SentenceStart
		if in < 0 || r.Span.End-r.SentenceStart > len(r.SentenceText) || r.SentenceText[in:in+len(r.Text)] != r.Text {
			t.Errorf("report %d: span %v does not sit in its sentence %q", r.ID, r.Span, r.SentenceText)
		}
	}

	var dv api.DyadView
	if code := getJSON(t, ts, "/api/v1/dyads/AZE/IRN?by=month", &dv); code != 200 || dv.Forward.Events == 0 || dv.Back.Events == 0 || len(dv.Perspective) == 0 {
		t.Fatalf("dyad: %d %+v", code, dv.Forward)
	}
	var dyads struct{ Dyads []api.DyadItem }
	if code := getJSON(t, ts, "/api/v1/dyads?from=2020-01-01", &dyads); code != 200 || len(dyads.Dyads) == 0 {
		t.Fatalf("dyads: %d", code)
	}
	var found struct{ Actors []api.ActorEntry }
	if code := getJSON(t, ts, "/api/v1/actors?q=aliyev", &found); code != 200 || len(found.Actors) == 0 || !strings.Contains(found.Actors[0].Name, "Aliyev") {
		t.Fatalf("actor search: %d %+v", code, found.Actors)
	}
	var av api.ActorView
	if code := getJSON(t, ts, "/api/v1/actors/AZEGOV", &av); code != 200 || len(av.Holders) == 0 || len(av.Partners) == 0 || len(av.Months) == 0 {
		t.Fatalf("actor: %d holders %d partners %d", code, len(av.Holders), len(av.Partners))
	}
	var doc store.Document
	if code := getJSON(t, ts, fmt.Sprintf("/api/v1/documents/%d", detail.Reports[0].DocID), &doc); code != 200 || doc.Text == "" || len(doc.Mentions) == 0 || len(doc.Events) == 0 {
		t.Fatalf("document: %d", code)
	}
	var ov api.Overview
	if code := getJSON(t, ts, "/api/v1/overview", &ov); code != 200 || ov.Events == 0 || len(ov.Days) == 0 || len(ov.Latest) == 0 {
		t.Fatalf("overview: %d %+v", code, ov)
	}
	var nw api.Network
	if code := getJSON(t, ts, "/api/v1/network?from=2020-01-01&region=caucasus-and-central-asia", &nw); code != 200 || len(nw.Links) == 0 {
		t.Fatalf("network: %d %+v", code, nw)
	}
	for _, l := range nw.Links {
		if l.A >= l.B || l.AtoB+l.BtoA != l.Events {
			t.Errorf("network link %+v", l)
		}
	}

	// Coding a posted text: the events and their explanations, nothing stored.
	before, _, _ := st.Counts(context.Background())
	body := `{"text": "Azerbaijani President Ilham Aliyev met Iranian Foreign Minister Abbas Araghchi in Baku on Monday.", "date": "2026-02-23", "outlet": "Trend"}`
	resp, err := http.Post(ts.URL+"/api/v1/code", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var coded struct {
		Events []model.Event
	}
	json.NewDecoder(resp.Body).Decode(&coded)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(coded.Events) == 0 || coded.Events[0].Explain == nil || coded.Events[0].Date != "2026-02-23" {
		t.Fatalf("code: %d %+v", resp.StatusCode, coded.Events)
	}
	if after, _, _ := st.Counts(context.Background()); after != before {
		t.Errorf("coding stored events: %d then %d", before, after)
	}
}

// Pages of events in both orders give every event once.
func TestEventPaging(t *testing.T) {
	st := demoStore(t)
	_, ts := newServer(t, st)
	total, err := st.CountEvents(context.Background(), store.Filter{Actor: "AZE"})
	if err != nil || total < 20 {
		t.Fatalf("%d AZE events, %v", total, err)
	}
	for _, order := range []string{"stored", "latest"} {
		seen := map[int64]bool{}
		next := "/api/v1/events?actor=AZE&limit=7&order=" + order
		for pages := 0; next != ""; pages++ {
			if pages > total {
				t.Fatal("paging does not end")
			}
			var p api.EventPage
			if code := getJSON(t, ts, next, &p); code != 200 {
				t.Fatalf("%s: %d", next, code)
			}
			for _, e := range p.Events {
				if seen[e.ID] {
					t.Fatalf("%s: event %d twice", order, e.ID)
				}
				seen[e.ID] = true
			}
			next = ""
			if p.NextCursor != "" {
				next = "/api/v1/events?actor=AZE&limit=7&order=" + order + "&cursor=" + url.QueryEscape(p.NextCursor)
			}
		}
		if len(seen) != total {
			t.Errorf("%s: %d events paged, %d stored", order, len(seen), total)
		}
	}
}

func TestBadInput(t *testing.T) {
	st := demoStore(t)
	_, ts := newServer(t, st)
	cases := []struct {
		path string
		code int
		msg  string
	}{
		{"/api/v1/events?actor=XYZQ", 400, "unknown actor"},
		{"/api/v1/events?dyad=AZE:XYZQ", 400, "unknown actor"},
		{"/api/v1/events?dyad=AZE", 400, "A:B"},
		{"/api/v1/events?from=2026-03-01&to=2026-01-01", 400, "after"},
		{"/api/v1/events?from=yesterday", 400, "not a date"},
		{"/api/v1/events?limit=1000000000", 400, "out of range"},
		{"/api/v1/events?limit=0", 400, "out of range"},
		{"/api/v1/events?limit=abc", 400, "whole number"},
		{"/api/v1/events?root=31", 400, "root"},
		{"/api/v1/events?quad=7", 400, "quad"},
		{"/api/v1/events?mode=maybe", 400, "mode"},
		{"/api/v1/events?cursor=xyz", 400, "cursor"},
		{"/api/v1/events?order=latest&cursor=czE", 400, "another order"},
		{"/api/v1/events?dyads=AZE:IRN", 400, "unknown parameter"},
		{"/api/v1/events?actor=AZE&actor=IRN", 400, "more than once"},
		{"/api/v1/events?" + strings.Repeat("a=1&", 70), 400, "query parameters"},
		{"/api/v1/events?actor=" + strings.Repeat("A", 9000), 414, "URL"},
		{"/api/v1/events/abc", 400, "positive"},
		{"/api/v1/events/999999", 404, "not found"},
		{"/api/v1/documents/999999", 404, "not found"},
		{"/api/v1/actors/XYZQ", 404, "unknown actor"},
		{"/api/v1/actors?q=a", 400, "two or more"},
		{"/api/v1/dyads/AZE/AZE", 400, "one actor"},
		{"/api/v1/dyads/AZE/IRN?by=year", 400, "week or month"},
		{"/api/v1/network?region=atlantis", 400, "unknown region"},
		{"/api/v1/network?level=planet", 400, "country or actor"},
		{"/api/v1/nothing", 404, "no such resource"},
		{"/dyad/AZE/XYZQ", 400, "unknown actor"},
		{"/dyad/AZE/IRN?from=2026-03-01&to=2026-01-01", 400, "after"},
		{"/event/999999", 404, "Nothing is stored"},
		{"/doc/0", 400, "positive"},
		{"/actor/XYZQ", 404, "No dictionary entry"},
		{"/network?region=atlantis", 400, "unknown region"},
		{"/no/such/page", 404, "no page"},
	}
	for _, c := range cases {
		code, body, _ := get(t, ts, c.path)
		if code != c.code || !strings.Contains(body, c.msg) {
			t.Errorf("%.80s: %d %.200q, want %d with %q", c.path, code, body, c.code, c.msg)
		}
		if strings.HasPrefix(c.path, "/api/") {
			var e api.ErrorBody
			if json.Unmarshal([]byte(body), &e) != nil || e.Status != code || e.Error == "" {
				t.Errorf("%.80s: error body %.200q is not {error, status}", c.path, body)
			}
		}
	}

	post := func(ct, body string) (int, string) {
		resp, err := http.Post(ts.URL+"/api/v1/code", ct, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, c := range []struct {
		ct, body string
		code     int
		msg      string
	}{
		{"application/json", "", 400, "empty body"},
		{"application/json", "{", 400, "not the JSON"},
		{"application/json", `{"text": ""}`, 400, "text: empty"},
		{"application/json", `{"text": "x", "date": "2026-13-45"}`, 400, "date"},
		{"application/json", `{"text": "x", "colour": "red"}`, 400, "unknown field"},
		{"application/json", `{"text": "x"} {"text": "y"}`, 400, "one JSON object"},
		{"text/plain", `{"text": "x"}`, 415, "post JSON"},
		{"application/json", `{"text": "` + strings.Repeat("a", api.MaxBody) + `"}`, 413, "over"},
	} {
		code, body := post(c.ct, c.body)
		if code != c.code || !strings.Contains(body, c.msg) {
			t.Errorf("POST %.40q: %d %.200q, want %d with %q", c.body, code, body, c.code, c.msg)
		}
	}
	// A method the route does not take.
	resp, err := http.Post(ts.URL+"/api/v1/events", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/v1/events: %d, want 405", resp.StatusCode)
	}
}

// Article text, titles, outlets and names are shown as text, never run as markup.
func TestEscaping(t *testing.T) {
	st := demoStore(t)
	_, ts := newServer(t, st)
	const evil = `<script>alert("x")</script>`
	const attr = `" onmouseover="alert(1)`
	text := "Azerbaijani President Ilham Aliyev met Iranian Foreign Minister Abbas Araghchi in Baku on Monday. " +
		"The visit " + evil + " was described as " + attr + " constructive.\n\n<img src=x onerror=alert(2)> Iran praised Azerbaijan."
	d, err := pipeline.Prepare(coder, pipeline.Outlets(coder.Matcher()), model.Document{ID: "evil", Title: "Talks " + evil + attr,
		Text: text, Outlet: "Evil " + evil, URL: "https://evil.example/a?x=" + url.QueryEscape(attr), Date: model.Date{Year: 2026, Month: 3, Day: 9, Prec: model.PrecDay}}, "test:evil")
	if err != nil {
		t.Fatal(err)
	}
	res, errs, err := st.Add(context.Background(), []*store.Doc{d})
	if err != nil || errs[0] != nil {
		t.Fatal(err, errs)
	}
	id := res[0].ID
	rows, err := st.DB().Query(`SELECT DISTINCT event_id FROM reports WHERE doc_id = ?`, id)
	if err != nil {
		t.Fatal(err)
	}
	var events []int64
	for rows.Next() {
		var e int64
		rows.Scan(&e)
		events = append(events, e)
	}
	rows.Close()
	if len(events) == 0 {
		t.Fatal("the test article codes no event")
	}
	pages := []string{"/", fmt.Sprintf("/doc/%d", id), fmt.Sprintf("/event/%d", events[0]), "/dyad/AZE/IRN?from=2026-03-01", "/actors?q=" + url.QueryEscape(evil)}
	for _, p := range pages {
		code, body, _ := get(t, ts, p)
		if code != 200 {
			t.Fatalf("%s: %d", p, code)
		}
		for _, raw := range []string{"<script>alert", "<img src=x", `" onmouseover="alert`} {
			if strings.Contains(body, raw) {
				t.Errorf("%s: the page carries %q unescaped", p, raw)
			}
		}
		if p != "/actors?q="+url.QueryEscape(evil) && !strings.Contains(body, "&lt;script&gt;alert(") {
			t.Errorf("%s: the injected text is not shown escaped", p)
		}
	}
	// The form of "code a text" echoes what was pasted: escaped too.
	form := url.Values{"text": {text}, "title": {evil}, "outlet": {attr}}
	resp, err := http.PostForm(ts.URL+"/code", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(string(b), "<script>alert") || strings.Contains(string(b), `" onmouseover="alert`) || !strings.Contains(string(b), "&lt;script&gt;") {
		t.Errorf("code a text: %d, unescaped or missing text", resp.StatusCode)
	}
}

func TestPages(t *testing.T) {
	st := demoStore(t)
	_, ts := newServer(t, st)
	var page api.EventPage
	getJSON(t, ts, "/api/v1/events?dyad=AZE:IRN&limit=1", &page)
	ev := page.Events[0]
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/", []string{"Events per day by QuadClass", `<svg`, `href="/dyad/`, "Documents stored last", `href="/?from=`}},
		{"/?from=2020-01-01&to=2026-12-31", []string{`value="2020-01-01"`}},
		{"/dyad/AZE/IRN", []string{"Azerbaijan and Iran", `id="counts"`, `id="means"`, "<mark>", "As each side", `href="/event/`, `href="/dyad/AZE/IRN?from=`}},
		{"/dyad/AZE/IRN?by=week&from=2025-01-01", []string{`id="counts"`}},
		{fmt.Sprintf("/event/%d", ev.ID), []string{"Reports, outlet by outlet", "<mark>", "rule <code>"}},
		{fmt.Sprintf("/doc/%d", ev.FirstDoc), []string{`class="actor"`, `class="ev `, `href="/event/`}},
		{"/actor/AZE", []string{"Azerbaijan", "Most frequent partners", "<svg"}},
		{"/actor/AZEGOV", []string{"Roles over time", "Aliyev"}},
		{"/actors?q=taliban", []string{"Taliban"}},
		{"/network?from=2020-01-01", []string{"<svg", "Links"}},
		{"/code", []string{"<textarea"}},
		{"/static/dyad.css", []string{"--q4"}},
		{"/static/dyad.js", []string{"tooltip"}},
	} {
		code, body, _ := get(t, ts, c.path)
		if code != 200 {
			t.Errorf("%s: %d", c.path, code)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q", c.path, w)
			}
		}
	}
}

func TestHealthMetricsCache(t *testing.T) {
	st := demoStore(t)
	s, ts := newServer(t, st)
	s.cache.interval = 0 // read the stamp on every request
	if code, body, _ := get(t, ts, "/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("healthz: %d %s", code, body)
	}
	_, first, h1 := get(t, ts, "/api/v1/dyads/AZE/IRN")
	_, second, h2 := get(t, ts, "/api/v1/dyads/AZE/IRN")
	if first != second || h1.Get("ETag") == "" || h1.Get("ETag") != h2.Get("ETag") {
		t.Fatalf("cached answer differs or has no ETag: %q %q", h1.Get("ETag"), h2.Get("ETag"))
	}
	req, _ := http.NewRequest("GET", ts.URL+"/api/v1/dyads/AZE/IRN", nil)
	req.Header.Set("If-None-Match", h1.Get("ETag"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
	}
	// A new document moves the stamp: the next answer is computed again and counts it.
	d, err := pipeline.Prepare(coder, pipeline.Outlets(coder.Matcher()), model.Document{ID: "new",
		Text: "Azerbaijan and Iran signed a new agreement on gas supplies on Tuesday.", Outlet: "Trend News Agency",
		Date: model.Date{Year: 2026, Month: 4, Day: 7, Prec: model.PrecDay}}, "test:new")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Add(context.Background(), []*store.Doc{d}); err != nil {
		t.Fatal(err)
	}
	_, third, h3 := get(t, ts, "/api/v1/dyads/AZE/IRN")
	if third == first || h3.Get("ETag") == h1.Get("ETag") {
		t.Errorf("the cache kept an answer from before the new document")
	}

	code, body, h := get(t, ts, "/metrics")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %s", code, h.Get("Content-Type"))
	}
	for _, w := range []string{
		`dyad_http_requests_total{route="GET /api/v1/dyads/{a}/{b}",method="GET",status="200"} 3`,
		`dyad_http_requests_total{route="GET /api/v1/dyads/{a}/{b}",method="GET",status="304"} 1`,
		`dyad_http_request_duration_seconds_bucket{route="GET /healthz",le="+Inf"} 1`,
		`dyad_cache_requests_total{result="hit"} 2`,
		"dyad_database_size_bytes{engine=",
		"dyad_events ",
		"dyad_documents ",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("metrics: no %q in\n%s", w, body)
		}
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	st := demoStore(t)
	s, _ := newServer(t, st)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, s, slog.New(slog.NewTextHandler(io.Discard, nil)), 5*time.Second) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:80": true, "[::1]:8080": true,
		"0.0.0.0:8080": false, ":8080": false, "192.168.1.5:80": false, "bad": false} {
		if got := Loopback(addr); got != want {
			t.Errorf("Loopback(%q) = %v", addr, got)
		}
	}
}
