package api

import (
	"context"
	"net/http"

	"github.com/dyad-events/dyad/internal/analysis"
	"github.com/dyad-events/dyad/internal/query"
	"github.com/dyad-events/dyad/internal/store"
)

// DyadItem is a pair of countries and how much passed between them.
type DyadItem struct {
	store.DyadCount
	NameA string `json:"name_a"`
	NameB string `json:"name_b"`
}

// Period is a checked from and to. When the request gives neither, it is the last days of data.
type Period struct {
	From, To string
	Default  bool // chosen by the server
}

// Recent is the period the overview and the lists show when none is asked for, in days before
// the last dated event.
const Recent = 90

// ReadPeriod reads from and to, filling in the recent days of data when both are absent. A
// one-sided period keeps its open end.
func (a *API) ReadPeriod(ctx context.Context, p Params) (Period, error) {
	from, to, err := p.Span()
	if err != nil || from != "" || to != "" {
		return Period{From: from, To: to}, err
	}
	last, err := a.st.LastDay(ctx)
	if err != nil || last == "" {
		return Period{Default: true}, err
	}
	return Period{From: addDays(last, -Recent+1), To: last, Default: true}, nil
}

// TopDyads gives the busiest pairs of countries in a period.
func (a *API) TopDyads(ctx context.Context, p Period, n int) ([]DyadItem, error) {
	from, to := p.From, p.To
	if to == "" {
		to = "9999-12-31"
	}
	ds, err := a.st.TopDyads(ctx, from, to, n)
	if err != nil {
		return nil, err
	}
	out := make([]DyadItem, len(ds))
	for i, d := range ds {
		out[i] = DyadItem{DyadCount: d, NameA: a.Name(d.A), NameB: a.Name(d.B)}
	}
	return out, nil
}

func (a *API) dyads(w http.ResponseWriter, r *http.Request) {
	p, err := ReadParams(r, "from", "to", "limit")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	per, err := a.ReadPeriod(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	n, err := p.Int("limit", 20, 1, MaxLimit)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ds, err := a.TopDyads(r.Context(), per, n)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	JSON(w, http.StatusOK, map[string]any{"from": per.From, "to": per.To, "dyads": ds})
}

// DyadView is the timeline of a dyad, both ways, and how each side's outlets told it.
type DyadView struct {
	analysis.Timeline
	NameA       string          `json:"name_a"`
	NameB       string          `json:"name_b"`
	From        string          `json:"from,omitempty"`
	To          string          `json:"to,omitempty"`
	Perspective []analysis.Told `json:"perspective"`
}

// DyadQuery is a checked request for a dyad.
type DyadQuery struct {
	A, B, By, From, To string
}

// ParseDyad checks the path and the parameters of a dyad request; extra names the parameters a
// caller adds (the dashboard's paging).
func (a *API) ParseDyad(r *http.Request, extra ...string) (DyadQuery, Params, error) {
	var q DyadQuery
	p, err := ReadParams(r, append([]string{"by", "from", "to"}, extra...)...)
	if err != nil {
		return q, p, err
	}
	if q.A, q.B, err = query.Dyad("dyad", r.PathValue("a")+":"+r.PathValue("b")); err != nil {
		return q, p, err
	}
	if err := a.checkActors(r.Context(), "dyad", q.A, q.B); err != nil {
		return q, p, err
	}
	if q.By, err = p.One("by"); err != nil {
		return q, p, err
	}
	switch q.By {
	case "":
		q.By = "month"
	case "week", "month":
	default:
		return q, p, &query.Error{Param: "by", Msg: "want week or month"}
	}
	q.From, q.To, err = p.Span()
	return q, p, err
}

// Dyad builds the view of a dyad.
func (a *API) Dyad(ctx context.Context, q DyadQuery) (DyadView, error) {
	evs, err := a.st.Dyad(ctx, q.A, q.B, q.From, q.To)
	if err != nil {
		return DyadView{}, err
	}
	tl, err := analysis.Build(q.A, q.B, q.By, evs)
	if err != nil {
		return DyadView{}, err
	}
	told := analysis.Perspective(q.A, q.B, evs)
	if tl.Shifts == nil {
		tl.Shifts = []analysis.Shift{}
	}
	for _, d := range []*analysis.Direction{&tl.Forward, &tl.Back} {
		if d.Periods == nil {
			d.Periods = []analysis.Period{}
		}
	}
	return DyadView{Timeline: tl, NameA: a.Name(q.A), NameB: a.Name(q.B), From: q.From, To: q.To, Perspective: told}, nil
}

func (a *API) dyad(w http.ResponseWriter, r *http.Request) {
	q, _, err := a.ParseDyad(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r)(a.Dyad(r.Context(), q))
}
