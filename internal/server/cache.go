package server

import (
	"container/list"
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// cache keeps answers to GET requests while the database does not change. The database changes
// only when a document is stored, which moves the store's stamp; the stamp is read at most once
// per interval, so an answer can lag a new document by that much. Identical requests that arrive
// together are computed once. The cache is bounded in bytes and evicts the least recently used.
type cache struct {
	stamp    func(context.Context) (int64, error)
	interval time.Duration
	maxBytes int
	maxEntry int

	mu       sync.Mutex
	current  int64 // the stamp the entries were computed at
	checked  time.Time
	bytes    int
	lru      *list.List // of *entry, most recent first
	entries  map[string]*list.Element
	inflight map[string]*call
	off      atomic.Bool
}

type entry struct {
	key     string
	status  int
	header  http.Header
	body    []byte
	created int64 // stamp
}

type call struct {
	done chan struct{}
	e    *entry // nil when the answer could not be kept
}

func newCache(stamp func(context.Context) (int64, error), maxBytes int) *cache {
	return &cache{stamp: stamp, interval: 500 * time.Millisecond, maxBytes: maxBytes, maxEntry: maxBytes / 8,
		lru: list.New(), entries: map[string]*list.Element{}, inflight: map[string]*call{}, current: -1}
}

// refresh reads the stamp when the last reading is older than the interval, and drops every
// entry when it moved.
func (c *cache) refresh(ctx context.Context) {
	c.mu.Lock()
	if time.Since(c.checked) < c.interval {
		c.mu.Unlock()
		return
	}
	c.checked = time.Now()
	c.mu.Unlock()
	s, err := c.stamp(ctx)
	if err != nil {
		return
	}
	c.mu.Lock()
	if s != c.current {
		c.current = s
		c.lru.Init()
		c.entries = map[string]*list.Element{}
		c.bytes = 0
	}
	c.mu.Unlock()
}

// recorder keeps a response to store it.
type recorder struct {
	http.ResponseWriter
	status int
	body   []byte
	keep   bool
	limit  int
}

func (r *recorder) WriteHeader(s int) {
	if r.status == 0 {
		r.status = s
	}
	r.ResponseWriter.WriteHeader(s)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.keep {
		if len(r.body)+len(b) > r.limit {
			r.keep, r.body = false, nil
		} else {
			r.body = append(r.body, b...)
		}
	}
	return r.ResponseWriter.Write(b)
}

// wrap serves GET requests from the cache when it can.
func (c *cache) wrap(next http.Handler, m *metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || c.off.Load() {
			next.ServeHTTP(w, r)
			return
		}
		c.refresh(r.Context())
		key := r.URL.Path + "?" + r.URL.RawQuery
		c.mu.Lock()
		if el, ok := c.entries[key]; ok {
			c.lru.MoveToFront(el)
			e := el.Value.(*entry)
			c.mu.Unlock()
			m.cache(true)
			c.serve(w, r, e)
			return
		}
		if cl, ok := c.inflight[key]; ok {
			c.mu.Unlock()
			select {
			case <-cl.done:
			case <-r.Context().Done():
				return
			}
			if cl.e != nil {
				m.cache(true)
				c.serve(w, r, cl.e)
				return
			}
			// The first answer could not be kept (an error, or too big): compute this one.
			next.ServeHTTP(w, r)
			return
		}
		cl := &call{done: make(chan struct{})}
		c.inflight[key] = cl
		stamp := c.current
		c.mu.Unlock()
		m.cache(false)
		rec := &recorder{ResponseWriter: w, keep: true, limit: c.maxEntry}
		func() {
			defer func() {
				c.mu.Lock()
				delete(c.inflight, key)
				if rec.keep && rec.status == http.StatusOK && stamp == c.current {
					e := &entry{key: key, status: rec.status, header: w.Header().Clone(), body: rec.body, created: stamp}
					c.add(e)
					cl.e = e
				}
				c.mu.Unlock()
				close(cl.done)
			}()
			w.Header().Set("ETag", etag(stamp))
			next.ServeHTTP(rec, r)
		}()
	})
}

// add stores e and evicts the least recently used entries beyond the size bound. c.mu is held.
func (c *cache) add(e *entry) {
	if old, ok := c.entries[e.key]; ok {
		c.bytes -= len(old.Value.(*entry).body)
		c.lru.Remove(old)
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.bytes += len(e.body)
	for c.bytes > c.maxBytes && c.lru.Len() > 0 {
		last := c.lru.Back()
		le := last.Value.(*entry)
		c.bytes -= len(le.body)
		delete(c.entries, le.key)
		c.lru.Remove(last)
	}
}

func etag(stamp int64) string { return `"d` + strconv.FormatInt(stamp, 36) + `"` }

func (c *cache) serve(w http.ResponseWriter, r *http.Request, e *entry) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	tag := etag(e.created)
	h.Set("ETag", tag)
	if r.Header.Get("If-None-Match") == tag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(e.body)))
	w.WriteHeader(e.status)
	_, _ = w.Write(e.body)
}
