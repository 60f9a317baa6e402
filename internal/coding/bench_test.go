package coding_test

import (
	"testing"

	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/coding/codingtest"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/dictdata"
	"github.com/dyad-events/dyad/internal/text"
)

func shipped(b *testing.B) *coding.Coder {
	set, err := dict.Load(dictdata.FS)
	if err != nil {
		b.Fatal(err)
	}
	c, err := coding.New(set)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkCode codes the whole real-news corpus with the shipped dictionaries, on one core, and
// reports sentences per second.
func BenchmarkCode(b *testing.B) {
	docs := codingtest.Wikinews(b)
	c := shipped(b)
	sentences, bytes := 0, 0
	for _, d := range docs {
		ts := text.Tokenize(d.Text)
		sentences += len(text.Segment(&ts))
		bytes += len(d.Text)
	}
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	b.ResetTimer()
	events := 0
	for b.Loop() {
		events = 0
		for _, d := range docs {
			events += len(c.Code(d))
		}
	}
	b.ReportMetric(float64(sentences)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(events), "events/corpus")
}

// BenchmarkLoad measures what start-up costs: decoding the compiled shipped dictionaries and
// actor matcher, and building the coder.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		set, m, err := dictdata.Shipped()
		if err != nil || m == nil {
			b.Fatal("shipped.bin is out of date", err)
		}
		if _, err := coding.NewWithMatcher(set, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadText is BenchmarkLoad from the text files, with every check: what start-up would
// cost without the compiled form.
func BenchmarkLoadText(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		set, err := dict.Load(dictdata.FS)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := coding.New(set); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompile measures compiling the coder alone, from a decoded set.
func BenchmarkCompile(b *testing.B) {
	set, _, err := dictdata.Shipped()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := coding.New(set); err != nil {
			b.Fatal(err)
		}
	}
}
