package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/dictdata"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/pipeline"
	"github.com/dyad-events/dyad/internal/store"
)

// wikinews gives n distinct articles made from the Wikinews corpus: article k is the first half
// of one article and the second half of another, so that no two are duplicates or copies.
func wikinews(b *testing.B, n int) []model.Document {
	f, err := os.Open("../../../shared/corpora/wikinews-2019.csv")
	if err != nil {
		b.Skip("../shared/corpora/wikinews-2019.csv is not here")
	}
	defer f.Close()
	docs, probs := ingest.Read("wikinews-2019.csv", f, ingest.Meta{})
	if len(probs) > 0 || len(docs) == 0 {
		b.Fatal(probs)
	}
	out := make([]model.Document, 0, n)
	for k := 0; len(out) < n; k++ {
		a, c := docs[k%len(docs)], docs[(k/len(docs)+1+k)%len(docs)]
		pa, pc := strings.Split(a.Text, "\n\n"), strings.Split(c.Text, "\n\n")
		d := a
		d.Text = strings.Join(append(pa[:(len(pa)+1)/2:(len(pa)+1)/2], pc[len(pc)/2:]...), "\n\n")
		d.URL = fmt.Sprintf("%s?copy=%d", a.URL, k)
		d.Outlet = "Wikinews"
		out = append(out, d)
	}
	return out
}

// BenchmarkIngestWikinews reads, fingerprints, codes and stores 10,000 articles into a new
// SQLite database per iteration, with one coding worker per CPU.
func BenchmarkIngestWikinews(b *testing.B) {
	const n = 10000
	docs := wikinews(b, n)
	set, m, err := dictdata.Shipped()
	if err != nil {
		b.Fatal(err)
	}
	c, err := coding.NewWithMatcher(set, m)
	if err != nil {
		b.Fatal(err)
	}
	bytes := 0
	for _, d := range docs {
		bytes += len(d.Text)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i))
		st, err := store.Open(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		items := make(chan pipeline.Item, 1024)
		b.StartTimer()
		go func() {
			for _, d := range docs {
				items <- pipeline.Item{Doc: d, Source: d.URL}
			}
			close(items)
		}()
		stats, err := pipeline.Run(context.Background(), st, c, items, pipeline.Options{Outlet: pipeline.Outlets(m)})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if stats.New+stats.Copies != n {
			b.Fatalf("%d new of %d (%d copies, %d duplicates, %d failed)", stats.New, n, stats.Copies, stats.Duplicates, stats.Failed)
		}
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}
