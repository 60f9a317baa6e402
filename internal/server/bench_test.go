package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/api"
	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/dictdata"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/store/storetest"
	"github.com/dyad-events/dyad/internal/web"
)

// benchServer serves the 1,000,000-event database of storetest.MillionDB.
func benchServer(b *testing.B, cacheBytes int) (*Server, *store.Store) {
	st, err := store.Open(context.Background(), storetest.MillionDB(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	set, m, err := dictdata.Shipped()
	if err != nil {
		b.Fatal(err)
	}
	c, err := coding.NewWithMatcher(set, m)
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := api.New(st, c, set, m, log, 2)
	w, err := web.New(a, log)
	if err != nil {
		b.Fatal(err)
	}
	return New(Config{Store: st, API: a, Web: w, Log: log, CacheBytes: cacheBytes}), st
}

// loadDyads are the dyads the load test asks for: the 40 pairs of the ten busiest countries of
// the benchmark database beyond the very largest, which hold from about 1,000 to 20,000 events
// each, and AZE-IRN.
func loadDyads() [][2]string {
	cs := []string{"UKR", "ISR", "IRN", "CHN", "TUR", "GBR", "FRA", "DEU", "AZE", "ARM"}
	var out [][2]string
	for i := range cs {
		for j := i + 1; j < len(cs) && len(out) < 40; j++ {
			out = append(out, [2]string{cs[i], cs[j]})
		}
	}
	return append(out, [2]string{"AZE", "IRN"})
}

// BenchmarkLoad runs 200 concurrent clients against the server on loopback, each asking in turn
// for a dyad timeline (/api/v1/dyads/A/B) and a page of its events (/api/v1/events?dyad=A:B,
// newest first), over 41 dyads: 4,000 requests in all per run, 400 without the cache. It reports the 50th and 99th
// percentiles of the latency of each kind, and the requests that failed (the server's 30 s
// time-out), in three settings: "warm", the response cache on after one request for each URL;
// "cold", the cache on but empty; "nocache", every request reading SQLite. Run it with
// -benchtime 1x.
func BenchmarkLoad(b *testing.B) {
	const clients = 200
	for _, mode := range []struct {
		name  string
		cache int
		warm  bool
		total int64
	}{{"warm", 0, true, 4000}, {"cold", 0, false, 4000}, {"nocache", -1, false, 400}} {
		b.Run(mode.name, func(b *testing.B) {
			srv, _ := benchServer(b, mode.cache)
			ts := httptest.NewServer(srv)
			defer ts.Close()
			tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr, Timeout: 2 * time.Minute}
			dyads := loadDyads()
			var urls []string
			for _, d := range dyads {
				urls = append(urls, fmt.Sprintf("/api/v1/dyads/%s/%s", d[0], d[1]),
					fmt.Sprintf("/api/v1/events?dyad=%s:%s&order=latest&limit=100", d[0], d[1]))
			}
			if mode.warm {
				for _, u := range urls {
					resp, err := client.Get(ts.URL + u)
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
			for i := 0; i < b.N; i++ {
				lat := [2][]time.Duration{}
				var mu sync.Mutex
				var next, failed atomic.Int64
				var wg sync.WaitGroup
				start := time.Now()
				for range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						var mine [2][]time.Duration
						for {
							k := next.Add(1) - 1
							if k >= mode.total {
								break
							}
							u := urls[int(k)%len(urls)]
							t0 := time.Now()
							resp, err := client.Get(ts.URL + u)
							if err != nil {
								failed.Add(1)
								continue
							}
							io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
							if resp.StatusCode != 200 {
								failed.Add(1)
							}
							mine[k%2] = append(mine[k%2], time.Since(t0))
						}
						mu.Lock()
						lat[0] = append(lat[0], mine[0]...)
						lat[1] = append(lat[1], mine[1]...)
						mu.Unlock()
					}()
				}
				wg.Wait()
				elapsed := time.Since(start)
				b.ReportMetric(float64(failed.Load()), "failed")
				for kind, name := range []string{"timeline", "events"} {
					l := lat[kind]
					slices.Sort(l)
					b.ReportMetric(ms(l[len(l)/2]), name+"-p50-ms")
					b.ReportMetric(ms(l[len(l)*99/100]), name+"-p99-ms")
				}
				b.ReportMetric(float64(mode.total)/elapsed.Seconds(), "req/s")
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkDyadPage renders the dashboard's dyad page in the server, without the cache: the
// timeline of both directions, the perspective of each side's outlets, the charts and the 40
// newest events with their evidence.
func BenchmarkDyadPage(b *testing.B) {
	srv, _ := benchServer(b, -1)
	for _, d := range [][2]string{{"AZE", "IRN"}, {"TUR", "GBR"}, {"USA", "RUS"}} {
		b.Run(d[0]+"-"+d[1], func(b *testing.B) {
			path := "/dyad/" + d[0] + "/" + d[1]
			for i := 0; i < b.N; i++ {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
				}
			}
		})
	}
}
