package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/demo"
	"github.com/dyad-events/dyad/internal/export"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/store/storetest"
	"github.com/parquet-go/parquet-go"
)

// TestMain lets a test run dyad as a child process (to kill it): with DYAD_TEST_ARGS set, the
// test binary is dyad, with those arguments.
func TestMain(m *testing.M) {
	if args := os.Getenv("DYAD_TEST_ARGS"); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			panic(err)
		}
		// As cmd/dyad does: SIGINT and SIGTERM end the command gracefully.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := Run(ctx, a, os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// variants writes n distinct documents as JSON Lines, each made of the first half of one demo
// item and the second half of another, with its own URL.
func variants(t *testing.T, n int) string {
	t.Helper()
	files := demo.Files()
	type item struct{ title, date, outlet, paras string }
	var items []item
	for _, f := range files {
		docs, _ := ingest.Read(f.Name, bytes.NewReader(f.Data), ingest.Meta{})
		d := docs[0]
		items = append(items, item{d.Title, d.Date.String(), d.Outlet, strings.TrimPrefix(d.Text, d.Title+"\n\n")})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for k := 0; k < n; k++ {
		i, j := k%len(items), (k/len(items)+1+k)%len(items)
		pi, pj := strings.Split(items[i].paras, "\n\n"), strings.Split(items[j].paras, "\n\n")
		text := strings.Join(append(pi[:(len(pi)+1)/2:(len(pi)+1)/2], pj[len(pj)/2:]...), "\n\n")
		enc.Encode(map[string]string{"url": fmt.Sprintf("https://example.org/%d", k), "title": items[i].title, "date": items[i].date,
			"outlet": items[i].outlet, "text": text})
	}
	return writeFile(t, "variants.jsonl", b.Bytes())
}

// signature describes a database's content independently of row ids: each document by URL with
// its number of reports, and each event with its counts.
func signature(t *testing.T, dsn string) []string {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []string
	q := func(query string) {
		rows, err := st.DB().Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			out = append(out, fmt.Sprint(vals...))
		}
	}
	q(`SELECT d.url, (SELECT count(*) FROM reports r WHERE r.doc_id = d.id), (SELECT count(*) FROM sentences s WHERE s.doc_id = d.id) FROM documents d`)
	q(`SELECT source, target, cameo, mode, date, n_reports, n_docs, n_outlets FROM events`)
	sort.Strings(out)
	return out
}

func TestIngestTwiceAddsNothing(t *testing.T) {
	in := variants(t, 150)
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			code, _, errs := run(t, "", "ingest", "--db", eng.DSN, in)
			if code != 0 || !strings.Contains(errs, "150 documents: 150 new") {
				t.Fatalf("exit %d:\n%s", code, errs)
			}
			first := signature(t, eng.DSN)
			code, _, errs = run(t, "", "ingest", "--db", eng.DSN, in)
			if code != 0 || !strings.Contains(errs, "150 already stored") || !strings.Contains(errs, "0 new events, 0 reports") {
				t.Fatalf("second run, exit %d:\n%s", code, errs)
			}
			if again := signature(t, eng.DSN); strings.Join(again, "\n") != strings.Join(first, "\n") {
				t.Error("the second run changed the database")
			}
		})
	}
}

// TestIngestSurvivesKill kills an ingest run with SIGKILL in the middle, twice, then runs it
// again to the end: the database must hold exactly what one uninterrupted run stores.
func TestIngestSurvivesKill(t *testing.T) {
	in := variants(t, 1500)
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.db")
	if code, _, errs := run(t, "", "ingest", "--workers", "1", "--db", ref, in); code != 0 {
		t.Fatalf("reference run: %s", errs)
	}
	want := signature(t, ref)

	db := filepath.Join(dir, "killed.db")
	count := func() int {
		c, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
		if err != nil {
			return 0
		}
		defer c.Close()
		var n int
		c.QueryRow("SELECT count(*) FROM documents").Scan(&n)
		return n
	}
	for round, atLeast := range []int{1, 400} {
		args, _ := json.Marshal([]string{"ingest", "--workers", "1", "--db", db, in})
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "DYAD_TEST_ARGS="+string(args))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		n := 0
		for time.Now().Before(deadline) {
			if n = count(); n >= atLeast {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		n = count()
		t.Logf("round %d: killed with %d of 1500 documents stored", round+1, n)
		if n == 0 || n >= 1500 {
			t.Fatalf("round %d: the kill came at %d documents, not in the middle", round+1, n)
		}
		// What is stored after a kill is whole: each stored document has all the reports and
		// sentences the uninterrupted run gave it.
		got := signature(t, db)
		full := map[string]bool{}
		for _, s := range want {
			full[s] = true
		}
		for _, s := range got {
			if strings.HasPrefix(s, "https://") && !full[s] {
				t.Fatalf("round %d: a document is stored partly: %s", round+1, s)
			}
		}
	}
	code, _, errs := run(t, "", "ingest", "--workers", "1", "--db", db, in)
	if code != 0 {
		t.Fatalf("resumed run, exit %d:\n%s", code, errs)
	}
	if got := signature(t, db); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after two kills and a resumed run the database differs from one uninterrupted run (%d lines against %d)", len(got), len(want))
	}
}

func TestIngestBadInputs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	good := writeFile(t, "good.md", []byte("---\ndate: 2025-08-08\noutlet: APA\n---\nAzerbaijani President Ilham Aliyev met Armenian Prime Minister Nikol Pashinyan in Washington on Friday.\n"))
	utf16 := writeFile(t, "utf16.txt", append([]byte{0xFF, 0xFE}, []byte("I\x00r\x00a\x00n\x00 \x00c\x00o\x00n\x00d\x00e\x00m\x00n\x00e\x00d\x00 \x00I\x00s\x00r\x00a\x00e\x00l\x00.\x00")...))
	cp1252 := writeFile(t, "cp1252.txt", []byte("T\xfcrkiye\x92s president condemned Israel on Monday."))
	noArticle := writeFile(t, "menu.html", []byte("<html><body><nav>Home</nav></body></html>"))
	binary := writeFile(t, "x.txt", []byte("\x00\x01\x02"))
	badJSON := writeFile(t, "b.jsonl", []byte("{\"text\":\"Iran accused Israel of the attack.\"}\n{oops\n"))
	code, _, errs := run(t, "", "ingest", "--db", db, good, utf16, cp1252, noArticle, binary, badJSON, filepath.Join(t.TempDir(), "missing.md"))
	if code != 1 {
		t.Errorf("exit %d, want 1 when inputs failed", code)
	}
	for _, want := range []string{"4 new", "4 failed", "failed: " + noArticle, "failed: " + binary, "b.jsonl:2", "missing.md"} {
		if !strings.Contains(errs, want) {
			t.Errorf("summary lacks %q:\n%s", want, errs)
		}
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var txt string
	st.DB().QueryRow("SELECT text FROM documents WHERE source = ?", cp1252).Scan(&txt)
	if !strings.HasPrefix(txt, "Türkiye’s") {
		t.Errorf("Windows-1252 text stored as %q", txt)
	}
	st.DB().QueryRow("SELECT text FROM documents WHERE source = ?", utf16).Scan(&txt)
	if txt != "Iran condemned Israel." {
		t.Errorf("UTF-16 text stored as %q", txt)
	}
	var docs int
	st.DB().QueryRow("SELECT count(*) FROM documents").Scan(&docs)
	if docs != 4 {
		t.Errorf("%d documents stored, want 4", docs)
	}
	if code, _, errs := run(t, "", "ingest", "--db", db); code != 1 || !strings.Contains(errs, "nothing to read") {
		t.Errorf("no source: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "ingest", "--db", filepath.Join(t.TempDir(), "no", "such", "dir.db"), good); code != 1 || !strings.Contains(errs, "does not exist") {
		t.Errorf("database in a missing folder: exit %d %s", code, errs)
	}
}

func TestDemoEventsAndDyad(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dsn := eng.DSN
			code, out, errs := run(t, "", "demo", "--db", dsn)
			if code != 0 || !strings.Contains(out, "dyad dyad AZE IRN") {
				t.Fatalf("demo: exit %d\n%s\n%s", code, out, errs)
			}
			if n := len(demo.Files()); n < 60 || !strings.Contains(errs, fmt.Sprintf("%d new", n)) {
				t.Fatalf("demo stored: %s", errs)
			}
			// The demo is safe to run again.
			if code, _, errs := run(t, "", "demo", "--db", dsn); code != 0 || !strings.Contains(errs, "already stored") {
				t.Fatalf("demo again: exit %d %s", code, errs)
			}

			code, out, errs = run(t, "", "dyad", "AZE", "IRN", "--db", dsn)
			if code != 0 || !strings.Contains(out, "AZE → IRN") || !strings.Contains(out, "IRN → AZE") || !strings.Contains(out, "2025-04") {
				t.Fatalf("dyad: exit %d\n%s%s", code, out, errs)
			}
			code, out, _ = run(t, "", "dyad", "AZE", "IRN", "--by", "week", "-f", "json", "--db", dsn)
			var tl struct {
				Forward struct{ Events int }
				Back    struct{ Events int }
			}
			if code != 0 || json.Unmarshal([]byte(out), &tl) != nil || tl.Forward.Events == 0 || tl.Back.Events == 0 {
				t.Fatalf("dyad json: %s", out)
			}

			code, out, _ = run(t, "", "events", "--dyad", "AZE:IRN", "-f", "jsonl", "--limit", "0", "--db", dsn)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != 0 || len(lines) != tl.Forward.Events+tl.Back.Events {
				t.Fatalf("events --dyad AZE:IRN: %d lines, the timeline counts %d", len(lines), tl.Forward.Events+tl.Back.Events)
			}
			var ev store.StoredEvent
			if err := json.Unmarshal([]byte(lines[0]), &ev); err != nil || ev.NReports == 0 {
				t.Fatalf("jsonl event: %v %s", err, lines[0])
			}
			_, dirOut, _ := run(t, "", "events", "--dyad", "AZE:IRN", "--directed", "-f", "jsonl", "--db", dsn)
			if n := strings.Count(dirOut, "\n"); n != tl.Forward.Events {
				t.Errorf("--directed gave %d events, the timeline %d", n, tl.Forward.Events)
			}

			code, out, _ = run(t, "", "events", "--actor", "IRN", "-f", "gdelt", "--db", dsn)
			if code != 0 || out == "" {
				t.Fatalf("gdelt: exit %d, %d bytes", code, len(out))
			}
			for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
				if cols := strings.Split(line, "\t"); len(cols) != len(export.GDELTColumns) || len(cols[1]) != 8 {
					t.Fatalf("gdelt row has %d columns (want %d): %q", len(cols), len(export.GDELTColumns), line)
				}
			}
			code, out, _ = run(t, "", "events", "--quad", "4", "--mode", "asserted", "-f", "plover", "--db", dsn)
			var pl export.PloverEvent
			if code != 0 || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &pl) != nil || pl.QuadClass != 4 || pl.EventType == "" {
				t.Fatalf("plover: %s", out)
			}

			pq := filepath.Join(t.TempDir(), "e.parquet")
			if code, _, errs := run(t, "", "events", "-f", "parquet", "-o", pq, "--db", dsn); code != 0 {
				t.Fatalf("parquet: %s", errs)
			}
			rows, err := parquet.ReadFile[export.ParquetEvent](pq)
			if err != nil || len(rows) == 0 {
				t.Fatalf("parquet read back: %d rows, %v", len(rows), err)
			}
			f, _ := os.Open(pq)
			fi, _ := f.Stat()
			pf, err := parquet.OpenFile(f, fi.Size())
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			dayCol, _ := pf.Schema().Lookup("day")
			if lt := dayCol.Node.Type().LogicalType(); lt == nil || !strings.Contains(strings.ToUpper(lt.String()), "DATE") || dayCol.Node.Type().Kind() != parquet.Int32 {
				t.Errorf("the day column is not a DATE: %v", dayCol.Node.Type())
			}
			if rows[0].Day == nil {
				t.Fatal("the first event has no day")
			}
			d0 := time.Unix(int64(*rows[0].Day)*86400, 0).UTC().Format("2006-01-02")
			if d0 < "2020-01-01" || d0 > "2027-01-01" {
				t.Errorf("first event's day reads back as %s", d0)
			}

			for _, bad := range [][]string{
				{"events", "--from", "2026-01-01", "--to", "2025-01-01"},
				{"events", "--dyad", "AZE"},
				{"events", "--quad", "7"},
				{"events", "--root", "31"},
				{"events", "--mode", "maybe"},
				{"events", "--limit", "-5"},
				{"events", "--actor", "A1"},
				{"dyad", "AZE", "AZE"},
			} {
				code, _, errs := run(t, "", append(bad, "--db", dsn)...)
				if code == 0 || !strings.Contains(errs, "dyad:") {
					t.Errorf("%v: exit %d, %q", bad, code, errs)
				}
			}
		})
	}
}

func TestEventsNeedsADatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	code, _, errs := run(t, "", "events", "--db", missing)
	if code != 1 || !strings.Contains(errs, "no database at") {
		t.Errorf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("reading a missing database created it")
	}
}
