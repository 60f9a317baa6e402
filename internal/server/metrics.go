package server

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/dyad-events/dyad/internal/store"
)

// buckets are the upper bounds, in seconds, of the latency histogram.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics counts requests and their latencies per route and status, and writes them in the
// Prometheus text format.
type metrics struct {
	mu       sync.Mutex
	requests map[reqKey]int64
	latency  map[string]*histogram
	cacheHit int64
	cacheMis int64
	started  time.Time
}

type reqKey struct {
	route, method string
	status        int
}

type histogram struct {
	counts []int64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      int64
}

func newMetrics() *metrics {
	return &metrics{requests: map[reqKey]int64{}, latency: map[string]*histogram{}, started: time.Now()}
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[reqKey{route, method, status}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]int64, len(buckets)+1)}
		m.latency[route] = h
	}
	s := d.Seconds()
	i, _ := slices.BinarySearch(buckets, s)
	h.counts[i]++
	h.sum += s
	h.n++
}

func (m *metrics) cache(hit bool) {
	m.mu.Lock()
	if hit {
		m.cacheHit++
	} else {
		m.cacheMis++
	}
	m.mu.Unlock()
}

// write writes every metric. The database figures are read now, under ctx.
func (m *metrics) write(ctx context.Context, w io.Writer, st *store.Store) error {
	size, err := st.Size(ctx)
	if err != nil {
		return err
	}
	events, docs, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("# HELP dyad_http_requests_total HTTP requests answered, by route pattern, method and status.\n# TYPE dyad_http_requests_total counter\n")
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b reqKey) int {
		if a.route != b.route {
			return cmpStr(a.route, b.route)
		}
		if a.method != b.method {
			return cmpStr(a.method, b.method)
		}
		return a.status - b.status
	})
	for _, k := range keys {
		p("dyad_http_requests_total{route=%s,method=%s,status=\"%d\"} %d\n", label(k.route), label(k.method), k.status, m.requests[k])
	}
	p("# HELP dyad_http_request_duration_seconds Time to answer a request, by route pattern.\n# TYPE dyad_http_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		h := m.latency[r]
		var cum int64
		for i, b := range buckets {
			cum += h.counts[i]
			p("dyad_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", label(r), strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		cum += h.counts[len(buckets)]
		p("dyad_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", label(r), cum)
		p("dyad_http_request_duration_seconds_sum{route=%s} %s\n", label(r), num(h.sum))
		p("dyad_http_request_duration_seconds_count{route=%s} %d\n", label(r), h.n)
	}
	p("# HELP dyad_cache_requests_total Answers served from the response cache (hit) or computed (miss).\n# TYPE dyad_cache_requests_total counter\n")
	p("dyad_cache_requests_total{result=\"hit\"} %d\ndyad_cache_requests_total{result=\"miss\"} %d\n", m.cacheHit, m.cacheMis)
	p("# HELP dyad_database_size_bytes Size of the database.\n# TYPE dyad_database_size_bytes gauge\ndyad_database_size_bytes{engine=%s} %d\n", label(string(st.Engine())), size)
	p("# HELP dyad_events Events stored.\n# TYPE dyad_events gauge\ndyad_events %d\n", events)
	p("# HELP dyad_documents Documents stored.\n# TYPE dyad_documents gauge\ndyad_documents %d\n", docs)
	p("# HELP dyad_uptime_seconds Seconds since the server started.\n# TYPE dyad_uptime_seconds gauge\ndyad_uptime_seconds %s\n", num(time.Since(m.started).Seconds()))
	return nil
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// label quotes a label value as the text format wants it.
func label(s string) string {
	return strconv.Quote(s)
}

func num(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "0"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
