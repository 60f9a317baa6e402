package api

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/internal/query"
	"github.com/dyad-events/dyad/internal/store"
)

// eventParams are the parameters of GET /api/v1/events: the filters of `dyad events`, by the
// same names, and paging.
var eventParams = []string{"actor", "dyad", "directed", "code", "root", "quad", "mode", "from", "to", "outlet",
	"outlet-country", "min-reports", "limit", "cursor", "order", "evidence"}

// EventPage is one page of events.
type EventPage struct {
	Events     []EventItem `json:"events"`
	NextCursor string      `json:"next_cursor,omitempty"` // absent on the last page, present only when more follow
}

// EventItem is a stored event, with the sentence that first told it when asked for.
type EventItem struct {
	store.StoredEvent
	SourceName string          `json:"source_name"`
	TargetName string          `json:"target_name"`
	Evidence   *store.Evidence `json:"evidence,omitempty"`
}

// EventQuery is a checked request for a page of events.
type EventQuery struct {
	Filter   store.Filter
	Evidence bool
}

// ParseEvents checks the parameters of an events request.
func (a *API) ParseEvents(r *http.Request) (EventQuery, error) {
	var q EventQuery
	p, err := ReadParams(r, eventParams...)
	if err != nil {
		return q, err
	}
	var qp query.Params
	one := func(name string, dst *string) {
		if err == nil {
			*dst, err = p.One(name)
		}
	}
	one("actor", &qp.Actor)
	one("dyad", &qp.Dyad)
	one("from", &qp.From)
	one("to", &qp.To)
	if err != nil {
		return q, err
	}
	if qp.Directed, err = p.Bool("directed"); err != nil {
		return q, err
	}
	if q.Evidence, err = p.Bool("evidence"); err != nil {
		return q, err
	}
	qp.Code, qp.Root, qp.Mode, qp.Outlet, qp.OutletCountry = p.All("code"), p.All("root"), p.All("mode"), p.All("outlet"), p.All("outlet-country")
	for _, s := range p.All("quad") {
		n, err := strconv.Atoi(s)
		if err != nil {
			return q, &query.Error{Param: "quad", Msg: "want 1 to 4"}
		}
		qp.Quad = append(qp.Quad, n)
	}
	if qp.MinReports, err = p.Int("min-reports", 0, 0, 1<<30); err != nil {
		return q, err
	}
	f, err := qp.Filter()
	if err != nil {
		return q, err
	}
	if f.Limit, err = p.Int("limit", DefaultLimit, 1, MaxLimit); err != nil {
		return q, err
	}
	order, err := p.One("order")
	if err != nil {
		return q, err
	}
	switch order {
	case "", "stored":
	case "latest":
		f.Latest = true
	default:
		return q, &query.Error{Param: "order", Msg: "want stored (the order events were stored, the default) or latest (newest day first)"}
	}
	cursor, err := p.One("cursor")
	if err != nil {
		return q, err
	}
	if cursor != "" {
		if err := DecodeCursor(cursor, &f); err != nil {
			return q, err
		}
	}
	if err := a.checkActors(r.Context(), "actor", f.Actor); err != nil {
		return q, err
	}
	if err := a.checkActors(r.Context(), "dyad", f.Source, f.Target); err != nil {
		return q, err
	}
	q.Filter = f
	return q, nil
}

// A cursor is where the last page ended, in the order the pages follow: "s" and the last ID for
// the order of storing, "l", the day, "|" and the ID for newest first. It is base64 so that
// clients treat it as opaque.
func encodeCursor(f store.Filter, last store.StoredEvent) string {
	raw := "s" + strconv.FormatInt(last.ID, 10)
	if f.Latest {
		raw = "l" + last.Day + "|" + strconv.FormatInt(last.ID, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodeCursor sets f to resume after the page a cursor ended; a cursor of another order is refused.
func DecodeCursor(c string, f *store.Filter) error {
	bad := &query.Error{Param: "cursor", Msg: "not a cursor this API gave: pass next_cursor back as it came"}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(raw) < 2 {
		return bad
	}
	s := string(raw)
	switch {
	case s[0] == 's' && !f.Latest:
		id, err := strconv.ParseInt(s[1:], 10, 64)
		if err != nil || id < 0 {
			return bad
		}
		f.After = id
	case s[0] == 'l' && f.Latest:
		day, idText, ok := strings.Cut(s[1:], "|")
		id, err := strconv.ParseInt(idText, 10, 64)
		if !ok || err != nil || id < 0 || (day != "" && len(day) != 10) {
			return bad
		}
		f.Before = &store.Key{Day: day, ID: id}
	default:
		return &query.Error{Param: "cursor", Msg: "this cursor belongs to another order"}
	}
	return nil
}

// Events reads one page of events.
func (a *API) Events(ctx context.Context, q EventQuery) (EventPage, error) {
	page := EventPage{Events: []EventItem{}}
	// One more than the page holds tells whether another page follows.
	f := q.Filter
	if f.Limit > 0 {
		f.Limit++
	}
	for e, err := range a.st.Events(ctx, f) {
		if err != nil {
			return page, err
		}
		if q.Filter.Limit > 0 && len(page.Events) == q.Filter.Limit {
			page.NextCursor = encodeCursor(q.Filter, page.Events[len(page.Events)-1].StoredEvent)
			break
		}
		page.Events = append(page.Events, EventItem{StoredEvent: e, SourceName: a.Name(e.Source.Code), TargetName: a.Name(e.Target.Code)})
	}
	if q.Evidence && len(page.Events) > 0 {
		ids := make([]int64, len(page.Events))
		for i, e := range page.Events {
			ids[i] = e.ID
		}
		ev, err := a.st.FirstEvidence(ctx, ids)
		if err != nil {
			return page, err
		}
		for i := range page.Events {
			if x, ok := ev[page.Events[i].ID]; ok {
				page.Events[i].Evidence = &x
			}
		}
	}
	return page, nil
}

func (a *API) events(w http.ResponseWriter, r *http.Request) {
	q, err := a.ParseEvents(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r)(a.Events(r.Context(), q))
}

// EventDetail is one event with every report of it.
type EventDetail struct {
	Event   EventItem      `json:"event"`
	Reports []store.Report `json:"reports"`
}

// PathID reads a numeric ID from the path.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &query.Error{Param: name, Msg: "want a positive whole number"}
	}
	return id, nil
}

// Event reads one event and its reports.
func (a *API) Event(ctx context.Context, id int64) (EventDetail, error) {
	e, err := a.st.Event(ctx, id)
	if err != nil {
		return EventDetail{}, err
	}
	reps, err := a.st.Reports(ctx, id)
	if err != nil {
		return EventDetail{}, err
	}
	if reps == nil {
		reps = []store.Report{}
	}
	return EventDetail{Event: EventItem{StoredEvent: e, SourceName: a.Name(e.Source.Code), TargetName: a.Name(e.Target.Code)}, Reports: reps}, nil
}

func (a *API) event(w http.ResponseWriter, r *http.Request) {
	if _, err := ReadParams(r); err != nil {
		a.fail(w, r, err)
		return
	}
	id, err := PathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r)(a.Event(r.Context(), id))
}
