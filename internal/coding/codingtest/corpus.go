package codingtest

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dyad-events/dyad/internal/model"
)

// Wikinews reads the real-news corpus that sits beside the repository, in
// ../shared/corpora/wikinews-2019.csv (url, date, title, text), for benchmarks. It skips the
// calling test or benchmark, saying why, when the corpus is absent.
func Wikinews(tb testing.TB) []model.Document {
	tb.Helper()
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "..", "..", "..", "shared", "corpora", "wikinews-2019.csv")
	f, err := os.Open(path)
	if err != nil {
		tb.Skip("../shared/corpora/wikinews-2019.csv not found: skipping what needs the real-news corpus")
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	docs := make([]model.Document, 0, len(rows))
	for _, r := range rows[1:] {
		d, _ := model.ParseDate(r[1])
		docs = append(docs, model.Document{ID: r[0], URL: r[0], Title: r[2], Text: r[2] + "\n\n" + r[3], Date: d})
	}
	return docs
}
