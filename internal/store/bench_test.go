package store_test

import (
	"context"
	"testing"

	"github.com/dyad-events/dyad/internal/analysis"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/store/storetest"
)

func benchStore(b *testing.B) *store.Store {
	st, err := store.Open(context.Background(), storetest.MillionDB(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkDyadTimeline is `dyad dyad A B` on 1,000,000 events, less process start-up: the
// events of both directions, their outlets, and the monthly timeline.
func BenchmarkDyadTimeline(b *testing.B) {
	st := benchStore(b)
	for _, pair := range [][2]string{{"AZE", "IRN"}, {"USA", "RUS"}} {
		b.Run(pair[0]+"-"+pair[1], func(b *testing.B) {
			n := 0
			for i := 0; i < b.N; i++ {
				evs, err := st.Dyad(context.Background(), pair[0], pair[1], "", "")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := analysis.Build(pair[0], pair[1], "month", evs); err != nil {
					b.Fatal(err)
				}
				n = len(evs)
			}
			b.ReportMetric(float64(n), "events")
		})
	}
}

// BenchmarkEventsDyad is `dyad events --dyad A:B -f jsonl` on 1,000,000 events: every event of
// the dyad, both directions, read and decoded.
func BenchmarkEventsDyad(b *testing.B) {
	st := benchStore(b)
	for _, pair := range [][2]string{{"AZE", "IRN"}, {"USA", "RUS"}} {
		b.Run(pair[0]+"-"+pair[1], func(b *testing.B) {
			n := 0
			for i := 0; i < b.N; i++ {
				n = 0
				for _, err := range st.Events(context.Background(), store.Filter{Source: pair[0], Target: pair[1], Both: true}) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
			}
			b.ReportMetric(float64(n), "events")
		})
	}
}
