package text_test

import (
	"testing"

	"github.com/dyad-events/dyad/internal/coding/codingtest"
	"github.com/dyad-events/dyad/internal/text"
)

func BenchmarkSegment(b *testing.B) {
	docs := codingtest.Wikinews(b)
	var bytes, sents int
	for _, d := range docs {
		bytes += len(d.Text)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for b.Loop() {
		sents = 0
		for _, d := range docs {
			ts := text.Tokenize(d.Text)
			sents += len(text.Segment(&ts))
		}
	}
	b.ReportMetric(float64(sents)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}
