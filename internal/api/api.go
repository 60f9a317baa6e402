// Package api is dyad's JSON API under /api/v1/: events and their reports, dyad timelines,
// actors, documents, a network of actors, and coding a posted text without storing it. One file
// per resource; the helpers below write every response, so errors look alike and server errors
// are logged in one place. The web dashboard reads the same data through the exported methods.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/query"
	"github.com/dyad-events/dyad/internal/store"
)

// Limits of what one request may ask.
const (
	MaxLimit     = 1000    // events or rows in one page
	DefaultLimit = 100     // when limit is not given
	MaxBody      = 1 << 20 // bytes of a posted body
)

// API serves the JSON API over a store, with the dictionaries for actors and coding.
type API struct {
	st      *store.Store
	coder   *coding.Coder
	set     *dict.Set
	m       *actors.Matcher
	log     *slog.Logger
	codes   map[string]bool // every actor code the dictionaries give
	coding  chan struct{}   // one token per coding allowed at once
	byCode  map[string][]*dict.Actor
	byRoles map[string][]*dict.Actor
}

// New builds the API. The coder, set and matcher are the dictionaries the store was coded with.
func New(st *store.Store, coder *coding.Coder, set *dict.Set, m *actors.Matcher, log *slog.Logger, codingSlots int) *API {
	a := &API{st: st, coder: coder, set: set, m: m, log: log, codes: map[string]bool{},
		coding: make(chan struct{}, max(1, codingSlots)), byCode: map[string][]*dict.Actor{}, byRoles: map[string][]*dict.Actor{}}
	for i := range set.Actors {
		act := &set.Actors[i]
		if act.Code != "" {
			a.codes[act.Code] = true
			a.byCode[act.Code] = append(a.byCode[act.Code], act)
		}
		seen := map[string]bool{}
		for _, r := range act.Roles {
			a.codes[r.Code] = true
			if !seen[r.Code] {
				seen[r.Code] = true
				a.byRoles[r.Code] = append(a.byRoles[r.Code], act)
			}
		}
	}
	return a
}

// Route is one route of the API: a method and a ServeMux path pattern.
type Route struct {
	Method, Path string
	handler      func(*API, http.ResponseWriter, *http.Request)
}

// Routes lists the routes, in the order of the OpenAPI description.
func Routes() []Route {
	return []Route{
		{"GET", "/api/v1/events", (*API).events},
		{"GET", "/api/v1/events/{id}", (*API).event},
		{"GET", "/api/v1/dyads", (*API).dyads},
		{"GET", "/api/v1/dyads/{a}/{b}", (*API).dyad},
		{"GET", "/api/v1/actors", (*API).actors},
		{"GET", "/api/v1/actors/{code}", (*API).actor},
		{"GET", "/api/v1/documents", (*API).documents},
		{"GET", "/api/v1/documents/{id}", (*API).document},
		{"GET", "/api/v1/overview", (*API).overview},
		{"GET", "/api/v1/network", (*API).network},
		{"GET", "/api/v1/regions", (*API).regions},
		{"POST", "/api/v1/code", (*API).code},
		{"GET", "/api/v1/openapi.json", (*API).openapi},
	}
}

// Register adds the API's routes to mux, and a JSON 404 for any other path under /api/.
func (a *API) Register(mux *http.ServeMux) {
	for _, r := range Routes() {
		h := r.handler
		mux.HandleFunc(r.Method+" "+r.Path, func(w http.ResponseWriter, req *http.Request) { h(a, w, req) })
	}
	// Any other request under /api/ gets a JSON answer: 405 with Allow when the path is a route's
	// under another method, 404 otherwise.
	paths := http.NewServeMux()
	allow := map[string][]string{}
	for _, r := range Routes() {
		if allow[r.Path] == nil {
			paths.HandleFunc(r.Path, http.NotFound)
		}
		allow[r.Path] = append(allow[r.Path], r.Method)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if _, p := paths.Handler(r); p != "" && allow[p] != nil {
			w.Header().Set("Allow", strings.Join(allow[p], ", "))
			Error(w, r, http.StatusMethodNotAllowed, fmt.Sprintf("%s does not take %s; it takes %s", r.URL.Path, r.Method, strings.Join(allow[p], ", ")))
			return
		}
		Error(w, r, http.StatusNotFound, fmt.Sprintf("no such resource: %s (the API is described at /api/v1/openapi.json)", r.URL.Path))
	})
}

// JSON writes v as the response.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// ErrorBody is the body of every error response.
type ErrorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// Error writes an error response. Server errors are logged and their detail kept from the
// client.
func Error(w http.ResponseWriter, r *http.Request, status int, msg string) {
	JSON(w, status, ErrorBody{Error: msg, Status: status})
}

// reply answers with v, or for err when there is one. It takes the two results of a call:
// a.reply(w, r)(a.Event(ctx, id)).
func (a *API) reply(w http.ResponseWriter, r *http.Request) func(v any, err error) {
	return func(v any, err error) {
		if err != nil {
			a.fail(w, r, err)
			return
		}
		JSON(w, http.StatusOK, v)
	}
}

// fail answers for err: a bad parameter is the client's 400, a missing row a 404, a cancelled
// request nothing useful, anything else a logged 500.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var qe *query.Error
	switch {
	case errors.As(err, &qe):
		Error(w, r, http.StatusBadRequest, qe.Error())
	case errors.Is(err, store.ErrNotFound):
		Error(w, r, http.StatusNotFound, "not found: "+r.URL.Path)
	case errors.Is(err, context.DeadlineExceeded):
		Error(w, r, http.StatusServiceUnavailable, "the request took too long; narrow it (a shorter period, a dyad, a smaller limit)")
	case errors.Is(err, context.Canceled):
		// The client left; nobody reads the answer.
	default:
		a.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
		Error(w, r, http.StatusInternalServerError, "internal error; it was logged")
	}
}

// Params reads a query string, refusing parameters not in allowed and parameters given twice
// where one value is expected.
type Params struct {
	v url.Values
}

// ReadParams checks the names of r's query parameters against allowed.
func ReadParams(r *http.Request, allowed ...string) (Params, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return Params{}, &query.Error{Param: "query", Msg: "malformed query string"}
	}
	for k := range v {
		ok := false
		for _, a := range allowed {
			if k == a {
				ok = true
				break
			}
		}
		if !ok {
			return Params{}, &query.Error{Param: k, Msg: "unknown parameter; this resource takes " + strings.Join(allowed, ", ")}
		}
	}
	return Params{v}, nil
}

// One gives the value of a parameter that takes one value.
func (p Params) One(name string) (string, error) {
	vs := p.v[name]
	if len(vs) > 1 {
		return "", &query.Error{Param: name, Msg: "given more than once"}
	}
	if len(vs) == 0 {
		return "", nil
	}
	return strings.TrimSpace(vs[0]), nil
}

// All gives every value of a parameter, commas splitting values.
func (p Params) All(name string) []string { return query.Split(p.v[name]) }

// Int gives an integer parameter, def when absent, refusing values outside [lo, hi].
func (p Params) Int(name string, def, lo, hi int) (int, error) {
	s, err := p.One(name)
	if err != nil || s == "" {
		return def, err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &query.Error{Param: name, Msg: fmt.Sprintf("%q is not a whole number", s)}
	}
	if n < lo || n > hi {
		return 0, &query.Error{Param: name, Msg: fmt.Sprintf("%d is out of range: want %d to %d", n, lo, hi)}
	}
	return n, nil
}

// Bool gives a boolean parameter: true, false, 1, 0 or empty (present means true).
func (p Params) Bool(name string) (bool, error) {
	if _, ok := p.v[name]; !ok {
		return false, nil
	}
	s, err := p.One(name)
	if err != nil {
		return false, err
	}
	switch s {
	case "", "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, &query.Error{Param: name, Msg: fmt.Sprintf("%q: want true or false", s)}
}

// Span reads from and to.
func (p Params) Span() (string, string, error) {
	from, err := p.One("from")
	if err != nil {
		return "", "", err
	}
	to, err := p.One("to")
	if err != nil {
		return "", "", err
	}
	return query.Span(from, to)
}

// Known reports whether code names an actor the dictionaries or the store know. A country code
// with a sector after it (IRNGOV, AZEMILSPY) is known when its country and sectors are.
func (a *API) Known(ctx context.Context, code string) (bool, error) {
	if a.codes[code] || a.m.Country(code) != nil {
		return true, nil
	}
	if len(code) >= 6 && len(code)%3 == 0 && (a.m.Country(code[:3]) != nil || a.codes[code[:3]]) {
		ok := true
		for i := 3; i < len(code); i += 3 {
			if _, sector := dict.Sectors[code[i:i+3]]; !sector {
				ok = false
			}
		}
		if ok {
			return true, nil
		}
	}
	return a.st.HasActor(ctx, code)
}

// checkActors refuses actor codes nobody knows: a filter on them could only select nothing, and
// a typo should say so.
func (a *API) checkActors(ctx context.Context, param string, codes ...string) error {
	for _, c := range codes {
		if c == "" {
			continue
		}
		ok, err := a.Known(ctx, c)
		if err != nil {
			return err
		}
		if !ok {
			return &query.Error{Param: param, Msg: fmt.Sprintf("unknown actor %s: no dictionary entry and no stored event has this code", c)}
		}
	}
	return nil
}

// Name gives a readable name for an actor code: the country or the dictionary entry, with the
// sector, e.g. "Iran government".
func (a *API) Name(code string) string {
	if c := a.m.Country(code); c != nil {
		return c.Name
	}
	if acts := a.byCode[code]; len(acts) > 0 {
		return acts[0].Name
	}
	if len(code) >= 6 {
		base := a.Name(code[:3])
		if base == code[:3] {
			return code
		}
		for i := 3; i+3 <= len(code); i += 3 {
			if s, ok := dict.Sectors[code[i:i+3]]; ok {
				base += " " + s
			} else {
				return code
			}
		}
		return base
	}
	return code
}
