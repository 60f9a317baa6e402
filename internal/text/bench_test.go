package text

import (
	"encoding/csv"
	"os"
	"testing"
)

// corpus reads the texts of the real-news corpus in ../shared, or skips.
func corpus(b *testing.B) []string {
	f, err := os.Open("../../../shared/corpora/wikinews-2019.csv")
	if err != nil {
		b.Skip("../shared/corpora/wikinews-2019.csv not found: skipping the corpus benchmark")
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[3])
	}
	return out
}

func BenchmarkSegment(b *testing.B) {
	texts := corpus(b)
	var bytes, sents int
	for _, t := range texts {
		bytes += len(t)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for b.Loop() {
		sents = 0
		for _, t := range texts {
			ts := Tokenize(t)
			sents += len(Segment(&ts))
		}
	}
	b.ReportMetric(float64(sents)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}
