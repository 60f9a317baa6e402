package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/model"
)

func TestDecode(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"utf8", []byte("Türkiye’s minister"), "Türkiye’s minister"},
		{"utf8 bom", []byte("\xEF\xBB\xBFBaku"), "Baku"},
		{"windows-1252", []byte("T\xfcrkiye\x92s \x93minister\x94 \x80"), "Türkiye’s “minister” €"},
		{"utf-16le bom", []byte("\xFF\xFEB\x00a\x00k\x00u\x00 \x00\x1e\x20"), "Baku „"},
		{"utf-16be bom", []byte("\xFE\xFF\x00B\x00a\x00k\x00u"), "Baku"},
	} {
		got, err := Decode(c.in)
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if _, err := Decode([]byte("ab\x00\x01cd")); err == nil {
		t.Error("binary data decoded without error")
	}
}

func TestReadCSV(t *testing.T) {
	in := "URL,date,title,text\r\n" +
		"https://a.example/1,2025-08-08,Deal signed,\"Armenia and Azerbaijan signed a declaration in Washington.\"\r\n" +
		"https://a.example/2,not a date,Bad,Some text here.\r\n" +
		"https://a.example/3,2025-08-09T10:00:00Z,,\"Iran welcomed the deal.\"\r\n" +
		"https://a.example/4,2025-08-09,Empty,\r\n"
	docs, probs := Read("news.csv", strings.NewReader(in), Meta{})
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2: %+v", len(docs), docs)
	}
	if docs[0].Date.String() != "2025-08-08" || docs[0].URL != "https://a.example/1" || !strings.HasPrefix(docs[0].Text, "Deal signed\n\n") {
		t.Errorf("first row read as %+v", docs[0])
	}
	if docs[1].Date.String() != "2025-08-09" {
		t.Errorf("timestamp read as %s", docs[1].Date)
	}
	if len(probs) != 2 || probs[0].Where != "news.csv:3" || probs[1].Where != "news.csv:5" {
		t.Errorf("problems %v, want lines 3 and 5", probs)
	}
	if _, probs := Read("x.csv", strings.NewReader("a,b\n1,2\n"), Meta{}); len(probs) != 1 || !strings.Contains(probs[0].Err.Error(), `"text"`) {
		t.Errorf("CSV without a text column: %v", probs)
	}
}

const page = `<!doctype html><html><head><meta charset="windows-1252"><title>Aliyev receives Araghchi</title>
<meta property="og:site_name" content="APA"><meta property="article:published_time" content="2025-12-08T09:00:00+04:00">
<link rel="canonical" href="https://apa.az/news/42"></head><body><nav>Home | Politics</nav><article>
<h1>Aliyev receives Araghchi</h1>
<p>Azerbaijani President Ilham Aliyev received Iranian Foreign Minister Abbas Araghchi in Baku on Monday and discussed transport links across the Aras.</p>
<p>Araghchi said Tehran valued its ties with its northern neighbour, and the two sides agreed to speed up work on the Rasht-Astara railway, the TURK route.</p>
</article><footer>All rights reserved</footer></body></html>`

func TestParseHTML(t *testing.T) {
	d, err := ParseHTMLType([]byte(strings.Replace(page, "TURK", "T\xfcrk", 1)), "text/html", "https://apa.az/news/42?utm_source=x", Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Aliyev receives Araghchi" || d.Outlet != "APA" || d.Date.String() != "2025-12-08" || d.URL != "https://apa.az/news/42" {
		t.Errorf("metadata: title %q outlet %q date %s url %q", d.Title, d.Outlet, d.Date, d.URL)
	}
	if !strings.Contains(d.Text, "\n\nAraghchi said") || strings.Contains(d.Text, "All rights") || strings.Contains(d.Text, "Home |") {
		t.Errorf("text:\n%s", d.Text)
	}
	if !strings.Contains(d.Text, "Türk route") {
		t.Errorf("the page's charset was not honoured:\n%s", d.Text)
	}
	if _, err := ParseHTML([]byte("<html><body><nav>Home</nav><p>Subscribe</p></body></html>"), "", Meta{}); !errors.Is(err, ErrNoArticle) {
		t.Errorf("a page without an article: %v", err)
	}
}

func rss(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Trend News Agency</title><link>https://trend.az</link>`)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>Item %d</title><link>https://trend.az/news/%d</link><pubDate>Mon, 08 Dec 2025 %02d:00:00 GMT</pubDate>
<description><![CDATA[<p>%s</p>]]></description></item>`, i, i, i%24, strings.Repeat("Azerbaijan and Iran agreed to expand trade. ", 40))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func TestParseFeed(t *testing.T) {
	items, skipped, probs, err := ParseFeed([]byte(rss(3000)), "https://trend.az/feed", 1000)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if len(items) != 1000 || skipped != 2000 {
		t.Fatalf("%d items, %d skipped; want 1000 and 2000", len(items), skipped)
	}
	it := items[0]
	if it.Doc.Outlet != "Trend News Agency" || it.Doc.Date.String() != "2025-12-08" || !strings.HasPrefix(it.Doc.Text, "Item ") || strings.Contains(it.Doc.Text, "<p>") {
		t.Errorf("item: %+v", it.Doc)
	}
	if _, _, _, err := ParseFeed([]byte("<rss><channel><item><title>broken"), "f", 0); err == nil {
		t.Error("a malformed feed parsed without error")
	}
}

func TestFetcherLimits(t *testing.T) {
	var hits atomic.Int32
	var ua atomic.Value
	bomb := new(bytes.Buffer)
	zw := gzip.NewWriter(bomb)
	zw.Write(make([]byte, 64<<20))
	zw.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		ua.Store(r.UserAgent())
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 2<<20)) })
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := NewFetcher(300*time.Millisecond, 0)
	f.MaxBytes = 1 << 20
	ctx := context.Background()

	p, err := f.Get(ctx, srv.URL+"/ok", "", "")
	if err != nil || p.ETag != `"v1"` || !strings.Contains(string(p.Body), "Araghchi") {
		t.Fatalf("ok: %v", err)
	}
	if got, _ := ua.Load().(string); !strings.HasPrefix(got, "dyad/") {
		t.Errorf("User-Agent %q does not name dyad", got)
	}
	if p, err := f.Get(ctx, srv.URL+"/ok", `"v1"`, ""); err != nil || !p.NotModified {
		t.Errorf("conditional request: %+v %v", p, err)
	}
	var he *HTTPError
	if _, err := f.Get(ctx, srv.URL+"/missing", "", ""); !errors.As(err, &he) || he.Status != 404 {
		t.Errorf("404: %v", err)
	}
	for path, want := range map[string]string{"/loop": "redirects", "/slow": "timed out", "/big": "limit", "/bomb": "limit"} {
		if _, err := f.Get(ctx, srv.URL+path, "", ""); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error with %q", path, err, want)
		}
	}
	if _, err := f.Get(ctx, "ftp://x/y", "", ""); err == nil {
		t.Error("an ftp URL was fetched")
	}

	// Politeness: two requests to one host are Delay apart.
	f2 := NewFetcher(time.Second, 150*time.Millisecond)
	start := time.Now()
	for range 3 {
		if _, err := f2.Get(ctx, srv.URL+"/ok", "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if el := time.Since(start); el < 300*time.Millisecond {
		t.Errorf("three requests to one host took %s; the pause is 150 ms", el)
	}
}

func TestWalkReportsEverySource(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		t.Helper()
		if err := writeFile(dir+"/"+name, s); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", "---\ndate: 2025-08-08\noutlet: APA\n---\nArmenia and Azerbaijan signed a declaration.\n")
	write("b.html", "<html><body><p>Menu</p></body></html>")
	write("c.jsonl", "{\"text\":\"Iran welcomed the deal.\"}\n{bad json\n")
	write("skip.bin", "\x00\x01")
	var got, failed []string
	Walk(context.Background(), []string{dir, dir + "/*.nomatch", dir + "/missing.txt"}, nil, Options{Fetcher: NewFetcher(time.Second, 0)}, func(d model.Document, src string, err error) {
		if err != nil {
			failed = append(failed, src)
			return
		}
		got = append(got, src)
	})
	if len(got) != 2 {
		t.Errorf("read %v, want a.md and the first line of c.jsonl", got)
	}
	if len(failed) != 4 {
		t.Errorf("failures %v, want b.html, c.jsonl:2, the glob and the missing file", failed)
	}
}

func writeFile(name, s string) error { return os.WriteFile(name, []byte(s), 0o644) }
