// Package server is `dyad serve`: one HTTP server for the JSON API, the dashboard, /healthz and
// /metrics, with the limits every request meets (query size, time, a response cache, recovery
// from panics) and a graceful shutdown.
package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/api"
	"github.com/dyad-events/dyad/internal/store"
)

// Config is what a server needs.
type Config struct {
	Store      *store.Store
	API        *api.API
	Web        interface{ Register(*http.ServeMux) } // the dashboard; nil for the API alone
	Log        *slog.Logger
	Timeout    time.Duration // per request; 0 means 30 s
	CacheBytes int           // response cache size; 0 means 64 MiB, negative turns it off
}

// Limits of a request's URL.
const (
	MaxURL    = 8 << 10
	MaxParams = 64
)

// Server is the handler of every route, with its metrics.
type Server struct {
	cfg     Config
	metrics *metrics
	cache   *cache
	mux     *http.ServeMux
	handler http.Handler
}

// New builds the server's handler.
func New(cfg Config) *Server {
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.CacheBytes == 0 {
		cfg.CacheBytes = 64 << 20
	}
	mux := http.NewServeMux()
	s := &Server{cfg: cfg, metrics: newMetrics(), mux: mux}
	cfg.API.Register(mux)
	if cfg.Web != nil {
		cfg.Web.Register(mux)
	}
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	// The time limit is on computing an answer; an answer from the cache is served before it,
	// without the goroutine and the buffer the limit costs.
	h := http.TimeoutHandler(mux, cfg.Timeout, `{"error":"the request took too long; narrow it","status":503}`)
	if cfg.CacheBytes > 0 {
		s.cache = newCache(cfg.Store.Stamp, cfg.CacheBytes)
		h = s.cache.wrap(h, s.metrics)
	}
	s.handler = s.guard(h)
	return s
}

// SetCache turns the response cache on or off, for measurements.
func (s *Server) SetCache(on bool) {
	if s.cache != nil {
		s.cache.off.Store(!on)
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// status records the status a handler answered with.
type status struct {
	http.ResponseWriter
	code int
}

func (s *status) WriteHeader(c int) {
	if s.code == 0 {
		s.code = c
	}
	s.ResponseWriter.WriteHeader(c)
}

func (s *status) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// guard is the outermost layer: URL limits, security headers, metrics and recovery.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &status{ResponseWriter: w}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		route := "other"
		if _, p := s.mux.Handler(r); p != "" {
			route = p
		}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.cfg.Log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.code == 0 {
					api.Error(sw, r, http.StatusInternalServerError, "internal error; it was logged")
				}
			}
			s.metrics.observe(route, r.Method, sw.code, time.Since(start))
		}()
		switch {
		case len(r.URL.RawQuery)+len(r.URL.Path) > MaxURL:
			api.Error(sw, r, http.StatusRequestURITooLong, fmt.Sprintf("the URL is over %d bytes", MaxURL))
			return
		case strings.Count(r.URL.RawQuery, "&") >= MaxParams:
			api.Error(sw, r, http.StatusBadRequest, fmt.Sprintf("more than %d query parameters", MaxParams))
			return
		}
		next.ServeHTTP(sw, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.cfg.Store.DB().PingContext(ctx); err != nil {
		api.JSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "the database does not answer"})
		return
	}
	api.JSON(w, http.StatusOK, map[string]string{"status": "ok", "database": s.cfg.Store.Where()})
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	if err := s.metrics.write(r.Context(), &b, s.cfg.Store); err != nil {
		s.cfg.Log.Error("metrics", "err", err)
		http.Error(w, "metrics unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

// Loopback reports whether addr (host:port) listens on the loopback interface only.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve answers on ln until ctx ends, then stops taking requests and lets those under way finish
// for up to grace.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, grace time.Duration) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      90 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
