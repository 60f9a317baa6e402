// Package web is dyad's dashboard: pages rendered on the server with html/template, charts drawn
// as SVG in Go (package chart), and a small stylesheet and script embedded in the binary. Every
// page works without JavaScript; the script only adds richer tooltips. The pages read their data
// through package api, so a page and its JSON resource never disagree.
package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/internal/api"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/query"
	"github.com/dyad-events/dyad/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Web serves the dashboard.
type Web struct {
	api   *api.API
	log   *slog.Logger
	pages map[string]*template.Template
}

// New parses the templates: a missing or broken template fails here, at start, not on a request.
func New(a *api.API, log *slog.Logger) (*Web, error) {
	w := &Web{api: a, log: log, pages: map[string]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: %s: %w", n, err)
		}
		w.pages[base] = t
	}
	return w, nil
}

// Register adds the dashboard's routes to mux.
func (w *Web) Register(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(static)
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(files)))
	mux.HandleFunc("GET /{$}", w.overview)
	mux.HandleFunc("GET /dyad/{a}/{b}", w.dyad)
	mux.HandleFunc("GET /actor/{code}", w.actor)
	mux.HandleFunc("GET /actors", w.actors)
	mux.HandleFunc("GET /event/{id}", w.event)
	mux.HandleFunc("GET /doc/{id}", w.doc)
	mux.HandleFunc("GET /network", w.network)
	mux.HandleFunc("GET /code", w.codeForm)
	mux.HandleFunc("POST /code", w.code)
	mux.HandleFunc("GET /favicon.ico", func(rw http.ResponseWriter, r *http.Request) { rw.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) {
		w.error(rw, r, http.StatusNotFound, "There is no page at "+r.URL.Path+".")
	})
}

func cacheFor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// page is what every template gets.
type page struct {
	Title string
	Nav   string // which menu entry is current
	Data  any
}

// render writes a page into a buffer first, so a template error gives a clean 500 instead of half
// a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t := w.pages[name]
	var b bytes.Buffer
	if t == nil {
		w.log.Error("no template", "name", name)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	if err := t.Execute(&b, p); err != nil {
		w.log.Error("template", "name", name, "err", err)
		http.Error(rw, "internal error; it was logged", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.WriteHeader(status)
	_, _ = b.WriteTo(rw)
}

func (w *Web) error(rw http.ResponseWriter, r *http.Request, status int, msg string) {
	w.render(rw, r, status, "error", page{Title: http.StatusText(status), Data: struct {
		Status int
		Text   string
		Msg    string
	}{status, http.StatusText(status), msg}})
}

// fail answers a failed request: the reader's mistake as a 400 or 404 page, anything else as a
// logged 500.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, err error) {
	var qe *query.Error
	switch {
	case errors.As(err, &qe):
		w.error(rw, r, http.StatusBadRequest, qe.Error())
	case errors.Is(err, store.ErrNotFound):
		w.error(rw, r, http.StatusNotFound, "Nothing is stored at "+r.URL.Path+".")
	default:
		w.log.Error("page failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
		w.error(rw, r, http.StatusInternalServerError, "Something went wrong; it was logged.")
	}
}

// Quads names and colours the QuadClasses.
var Quads = [4]struct{ Name, Class, Color string }{
	{"verbal cooperation", "q1", "#74a9cf"},
	{"material cooperation", "q2", "#0570b0"},
	{"verbal conflict", "q3", "#fd8d3c"},
	{"material conflict", "q4", "#bd0026"},
}

var funcs = template.FuncMap{
	"quadName":  func(q int) string { return quadField(q, 0) },
	"quadClass": func(q int) string { return quadField(q, 1) },
	"signed":    func(f float64) string { return fmt.Sprintf("%+.1f", f) },
	"signed2":   func(f float64) string { return fmt.Sprintf("%+.2f", f) },
	"pct":       func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	"gcolor":    goldsteinClass,
	"marked":    marked,
	"add":       func(a, b int) int { return a + b },
	"sideName":  sideName,
	"month":     func(s string) string { return strings.TrimSuffix(s, "-01") },
}

func quadField(q, f int) string {
	if q < 1 || q > 4 {
		return ""
	}
	if f == 0 {
		return Quads[q-1].Name
	}
	return Quads[q-1].Class
}

// goldsteinClass gives a CSS class for a Goldstein value: how warm or hostile.
func goldsteinClass(g float64) string {
	switch {
	case math.IsNaN(g):
		return "g0"
	case g <= -5:
		return "gneg2"
	case g < -0.5:
		return "gneg1"
	case g >= 5:
		return "gpos2"
	case g > 0.5:
		return "gpos1"
	}
	return "g0"
}

// marked gives text with the bytes [start, end) in a <mark>, all escaped.
func marked(text string, start, end int) template.HTML {
	if start < 0 || end > len(text) || start >= end {
		return template.HTML(template.HTMLEscapeString(text))
	}
	return template.HTML(template.HTMLEscapeString(text[:start]) + "<mark>" + template.HTMLEscapeString(text[start:end]) + "</mark>" + template.HTMLEscapeString(text[end:]))
}

func sideName(side, a, b string) string {
	switch side {
	case "a":
		return "outlets of " + a
	case "b":
		return "outlets of " + b
	case "third":
		return "outlets of third countries"
	}
	return "outlets of no known country"
}

// segment is a run of a document's text with the same marks: an actor and an event or neither.
type segment struct {
	Text   string
	Actor  string // the actor's code when the run names one
	ActorT string // tooltip
	Event  int64  // the event told, when the run is in its span
	EventT string
	Href   string // where the event's mark links
	Quad   int
}

// segments cuts text at every mention and event boundary of [from, to), so that each run is
// marked flat, however the spans overlap.
func segments(text string, from, to int, ments []span, evs []span) []segment {
	cuts := map[int]bool{from: true, to: true}
	for _, s := range append(append([]span{}, ments...), evs...) {
		if s.start > from && s.start < to {
			cuts[s.start] = true
		}
		if s.end > from && s.end < to {
			cuts[s.end] = true
		}
	}
	points := make([]int, 0, len(cuts))
	for c := range cuts {
		points = append(points, c)
	}
	slices.Sort(points)
	var out []segment
	for i := 0; i+1 < len(points); i++ {
		a, b := points[i], points[i+1]
		seg := segment{Text: text[a:b]}
		for _, m := range ments {
			if m.start <= a && b <= m.end {
				seg.Actor, seg.ActorT = m.code, m.title
			}
		}
		for _, e := range evs {
			if e.start <= a && b <= e.end {
				seg.Event, seg.EventT, seg.Quad, seg.Href = e.id, e.title, e.quad, e.href
			}
		}
		out = append(out, seg)
	}
	return out
}

type span struct {
	start, end int
	code       string
	id         int64
	href       string
	quad       int
	title      string
}

// paragraphs marks a text sentence by sentence and cuts it into paragraphs at blank lines.
func paragraphs(text string, sents [][2]int, ments, evs []span) [][]segment {
	var out [][]segment
	var cur []segment
	prevEnd := 0
	for _, s := range sents {
		if s[0] < prevEnd || s[1] > len(text) || s[0] > s[1] {
			continue
		}
		gap := text[prevEnd:s[0]]
		if strings.Contains(gap, "\n\n") && len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		} else if prevEnd > 0 {
			cur = append(cur, segment{Text: " "})
		}
		var sm, se []span
		for _, m := range ments {
			if m.start < s[1] && m.end > s[0] {
				sm = append(sm, m)
			}
		}
		for _, e := range evs {
			if e.start < s[1] && e.end > s[0] {
				se = append(se, e)
			}
		}
		cur = append(cur, segments(text, s[0], s[1], sm, se)...)
		prevEnd = s[1]
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	if len(out) == 0 && text != "" {
		out = [][]segment{{{Text: text}}}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// eventTitle is an event's tooltip.
func eventTitle(src, cameo, tgt string, mode model.Mode, date string) string {
	t := src + " → " + tgt + " · CAMEO " + cameo
	if mode != "" && mode != model.Asserted {
		t += " (" + string(mode) + ")"
	}
	if date != "" {
		t += " · " + date
	}
	return t
}
