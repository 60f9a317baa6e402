package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/store"
)

// benchText is the text of every document of the benchmark database: one sentence, long enough
// to hold the spans of its reports.
const benchText = "A benchmark sentence long enough to hold the span of every report of its document."

// MillionDB gives a SQLite database of 1,000,000 events with 1.5 reports each on average, made
// once and kept in the temporary folder (its path is logged, for timing the commands on it).
// Countries are drawn with Zipf weights, so a few dyads are large, as in news; AZE-IRN holds
// about 0.3% of the events.
func MillionDB(b testing.TB) string {
	path := filepath.Join(os.TempDir(), "dyad-bench-1m-v5.db")
	b.Logf("database: %s", path)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path+".tmp")
	if err != nil {
		b.Fatal(err)
	}
	db := st.DB()
	countries := []string{"USA", "RUS", "UKR", "ISR", "IRN", "CHN", "TUR", "GBR", "FRA", "DEU", "AZE", "ARM", "AFG", "PAK", "IND",
		"SYR", "IRQ", "SAU", "EGY", "QAT", "JPN", "KOR", "PRK", "GEO", "KAZ", "UZB", "BLR", "POL", "ITA", "ESP", "LBN", "JOR",
		"ARE", "YEM", "SDN", "ETH", "NGA", "ZAF", "BRA", "MEX", "VEN", "COL", "CAN", "AUS", "IDN", "MYS", "PHL", "VNM", "THA", "BGD"}
	zipf := rand.NewZipf(rand.New(rand.NewPCG(1, 2)), 1.1, 2, uint64(len(countries)-1))
	r := rand.New(rand.NewPCG(3, 4))
	sectors := []string{"", "GOV", "MIL", "GOV", "", "COP", "REB", "BUS"}
	codes := []struct {
		code, root string
		quad       int
		g          float64
	}{{"010", "01", 1, 0}, {"036", "03", 1, 4}, {"040", "04", 1, 1}, {"042", "04", 1, 1.9}, {"043", "04", 1, 2.8}, {"057", "05", 1, 8},
		{"061", "06", 2, 6.4}, {"070", "07", 2, 7}, {"111", "11", 3, -2}, {"112", "11", 3, -2}, {"130", "13", 3, -4.4}, {"163", "16", 3, -8},
		{"172", "17", 4, -5}, {"190", "19", 4, -10}, {"193", "19", 4, -10}, {"195", "19", 4, -10}}
	outlets := []struct{ name, country string }{{"Reuters", "GBR"}, {"TASS", "RUS"}, {"IRNA", "IRN"}, {"APA", "AZE"}, {"Anadolu Agency", "TUR"},
		{"The Times of Israel", "ISR"}, {"Xinhua", "CHN"}, {"Associated Press", "USA"}, {"Dawn newspaper", "PAK"}, {"TOLOnews", "AFG"}}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	const docs = 300000
	insDoc, _ := tx.Prepare(`INSERT INTO documents (id, source, outlet, outlet_country, published, text_hash, simhash, sh0, sh1, sh2, sh3, words, minhash, text, ingested_at)
		VALUES (?, 'bench', ?, ?, ?, ?, 0, 0, 0, 0, 0, 100, x'', ?, '')`)
	insSent, _ := tx.Prepare(`INSERT INTO sentences (doc_id, n, start, "end") VALUES (?, 0, 0, ?)`)
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= docs; i++ {
		o := outlets[i%len(outlets)]
		day := start.AddDate(0, 0, i*3650/docs).Format("2006-01-02")
		if _, err := insDoc.Exec(i, o.name, o.country, day, fmt.Sprintf("h%d", i), benchText); err != nil {
			b.Fatal(err)
		}
		if _, err := insSent.Exec(i, len(benchText)); err != nil {
			b.Fatal(err)
		}
	}
	insEv, _ := tx.Prepare(`INSERT INTO events (id, source, source_country, source_sector, target, target_country, target_sector, cameo, root, quad, goldstein,
		mode, date, date_precision, day, n_reports, n_docs, n_outlets, n_countries, first_doc, first_outlet, first_url)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'asserted', ?, 'day', ?, ?, ?, ?, ?, ?, 'Reuters', 'https://example.org/news/1')
		ON CONFLICT DO NOTHING`)
	insRep, _ := tx.Prepare(`INSERT INTO reports (event_id, doc_id, sentence, start, "end", rule, confidence, outlet, outlet_country, published)
		VALUES (?, ?, 0, ?, ?, 'verbs/bench.txt:1', 0.8, ?, ?, ?)`)
	for id, made := 1, 0; made < 1000000; id++ {
		a := countries[zipf.Uint64()]
		t := countries[zipf.Uint64()]
		for t == a {
			t = countries[r.IntN(len(countries))]
		}
		sa, sb := sectors[r.IntN(len(sectors))], sectors[r.IntN(len(sectors))]
		c := codes[r.IntN(len(codes))]
		day := start.AddDate(0, 0, r.IntN(3650)).Format("2006-01-02")
		n := 1 + r.IntN(2)
		doc := 1 + r.IntN(docs)
		res, err := insEv.Exec(id, a+sa, a, sa, t+sb, t, sb, c.code, c.root, c.quad, c.g, day, day, n, n, n, n, doc)
		if err != nil {
			b.Fatal(err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			continue // the same event drawn twice
		}
		made++
		for k := 0; k < n; k++ {
			d := doc + k
			if d > docs {
				d = 1
			}
			o := outlets[d%len(outlets)]
			if _, err := insRep.Exec(id, d, k*10, k*10+5, o.name, o.country, day); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
	st.Close()
	if err := os.Rename(path+".tmp", path); err != nil {
		b.Fatal(err)
	}
	os.Remove(path + ".tmp-wal")
	os.Remove(path + ".tmp-shm")
	return path
}
