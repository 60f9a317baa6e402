package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/analysis"
	"github.com/dyad-events/dyad/internal/api"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/query"
	"github.com/dyad-events/dyad/internal/store"
	"github.com/dyad-events/dyad/internal/web/chart"
)

func quadLayers() []chart.Layer {
	ls := make([]chart.Layer, 4)
	for i, q := range Quads {
		ls[i] = chart.Layer{Name: q.Name, Class: q.Class, Color: q.Color}
	}
	return ls
}

func quadValues(q [4]int) []float64 {
	return []float64{float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3])}
}

// dyadHref links to a dyad's page, keeping the period.
func dyadHref(a, b, from, to string) string {
	v := url.Values{}
	if from != "" {
		v.Set("from", from)
	}
	if to != "" {
		v.Set("to", to)
	}
	h := "/dyad/" + url.PathEscape(a) + "/" + url.PathEscape(b)
	if len(v) > 0 {
		h += "?" + v.Encode()
	}
	return h
}

type overviewData struct {
	api.Overview
	Default bool
	Chart   any
}

func (w *Web) overview(rw http.ResponseWriter, r *http.Request) {
	p, err := api.ReadParams(r, "from", "to")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	per, err := w.api.ReadPeriod(r.Context(), p)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	o, err := w.api.Overview(r.Context(), per)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var cols []chart.Column
	for _, d := range fillDays(o.Days) {
		n := d.Quad[0] + d.Quad[1] + d.Quad[2] + d.Quad[3]
		cols = append(cols, chart.Column{Label: d.Day, Values: quadValues(d.Quad), Title: fmt.Sprintf("%s: %d events", d.Day, n), Href: "/?from=" + d.Day + "&to=" + d.Day})
	}
	c := chart.Bars{Title: "Events per day by QuadClass", Height: 220, Layers: quadLayers(), Up: cols, YLabel: "events"}
	w.render(rw, r, http.StatusOK, "overview", page{Title: "Overview", Nav: "overview", Data: overviewData{Overview: o, Default: per.Default, Chart: c.SVG()}})
}

type dyadData struct {
	api.DyadView
	Counts, Means any
	Events        []api.EventItem
	Older         string // link to the next page of events
	By            string
	Perspective   []toldRow
	Total         int
	HasDates      bool
}

type toldRow struct {
	analysis.Told
	Who, Dir string
	Share    float64 // conflict share: events of QuadClass 3 and 4
}

func (w *Web) dyad(rw http.ResponseWriter, r *http.Request) {
	q, p, err := w.api.ParseDyad(r, "before")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	v, err := w.api.Dyad(r.Context(), q)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := dyadData{DyadView: v, By: q.By}
	label := func(start string) string {
		if q.By == "month" {
			return start[:7]
		}
		return start
	}
	// Every mark of a period links to the page of that period.
	periodHref := func(start string) string {
		end := periodEnd(start, q.By)
		return dyadHref(q.A, q.B, start, end) + "&by=" + q.By
	}
	fwd, back := v.Forward, v.Back
	up, down := make([]chart.Column, len(fwd.Periods)), make([]chart.Column, len(back.Periods))
	labels := make([]string, len(fwd.Periods))
	fm, bm := make([]float64, len(fwd.Periods)), make([]float64, len(back.Periods))
	var hrefs []string
	for i, per := range fwd.Periods {
		labels[i] = label(per.Start)
		up[i] = chart.Column{Label: labels[i], Values: quadValues(per.Quad), Title: fmt.Sprintf("%d events, mean Goldstein %+.2f", per.Events, per.Mean), Href: periodHref(per.Start)}
		hrefs = append(hrefs, periodHref(per.Start))
		fm[i] = math.NaN()
		if per.Events > 0 {
			fm[i] = per.Mean
		}
	}
	for i, per := range back.Periods {
		down[i] = chart.Column{Label: label(per.Start), Values: quadValues(per.Quad), Title: fmt.Sprintf("%d events, mean Goldstein %+.2f", per.Events, per.Mean), Href: periodHref(per.Start)}
		bm[i] = math.NaN()
		if per.Events > 0 {
			bm[i] = per.Mean
		}
	}
	d.HasDates = len(labels) > 0
	d.Total = fwd.Events + back.Events + v.Undated
	d.Counts = chart.Bars{Title: fmt.Sprintf("Events per %s by QuadClass: %s → %s above, %s → %s below", q.By, q.A, q.B, q.B, q.A),
		Layers: quadLayers(), Up: up, Down: down, UpLabel: q.A + " → " + q.B, DownLabel: q.B + " → " + q.A, YLabel: "events"}.SVG()
	d.Means = chart.Lines{Title: "Mean Goldstein score per " + q.By + " (−10 hostile, +10 cooperative)", Labels: labels, YMin: -10, YMax: 10, ZeroLine: true, YLabel: "Goldstein",
		Series: []chart.Series{
			{Name: q.A + " → " + q.B, Class: "fwd", Color: "#2b6cb0", Values: fm, Hrefs: hrefs},
			{Name: q.B + " → " + q.A, Class: "back", Color: "#c05621", Values: bm, Hrefs: hrefs},
		}}.SVG()
	for _, t := range v.Perspective {
		row := toldRow{Told: t, Who: sideName(t.Side, v.NameA, v.NameB), Dir: q.B + " → " + q.A}
		if t.Forward {
			row.Dir = q.A + " → " + q.B
		}
		if t.Events > 0 {
			row.Share = float64(t.Quad[2]+t.Quad[3]) / float64(t.Events)
		}
		d.Perspective = append(d.Perspective, row)
	}
	// The events, newest first, with the sentence that first told each.
	f := store.Filter{Source: q.A, Target: q.B, Both: true, From: q.From, To: q.To, Latest: true, Limit: 40}
	before, err := p.One("before")
	if err == nil && before != "" {
		err = api.DecodeCursor(before, &f)
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	page1, err := w.api.Events(r.Context(), api.EventQuery{Filter: f, Evidence: true})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Events = page1.Events
	if page1.NextCursor != "" {
		nv := url.Values{}
		for _, k := range []string{"by", "from", "to"} {
			if x, _ := p.One(k); x != "" {
				nv.Set(k, x)
			}
		}
		nv.Set("before", page1.NextCursor)
		d.Older = "/dyad/" + url.PathEscape(q.A) + "/" + url.PathEscape(q.B) + "?" + nv.Encode() + "#events"
	}
	w.render(rw, r, http.StatusOK, "dyad", page{Title: v.NameA + " and " + v.NameB, Nav: "dyad", Data: d})
}

type actorData struct {
	api.ActorView
	Chart, Means any
	From, To     string
}

func (w *Web) actor(rw http.ResponseWriter, r *http.Request) {
	code, from, to, err := w.api.ParseActor(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	v, err := w.api.Actor(r.Context(), code, from, to)
	if err == store.ErrNotFound {
		w.error(rw, r, http.StatusNotFound, "No dictionary entry and no stored event has the code "+code+". Search for a name instead.")
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	up, down := make([]chart.Column, len(v.Months)), make([]chart.Column, len(v.Months))
	labels := make([]string, len(v.Months))
	mo, mi := make([]float64, len(v.Months)), make([]float64, len(v.Months))
	for i, m := range v.Months {
		labels[i] = m.Month
		href := "/actor/" + url.PathEscape(code) + "?from=" + m.Month + "-01&to=" + periodEnd(m.Month+"-01", "month")
		up[i] = chart.Column{Label: m.Month, Values: []float64{float64(m.AsSource)}, Title: fmt.Sprintf("mean Goldstein %+.2f", m.MeanOut), Href: href}
		down[i] = chart.Column{Label: m.Month, Values: []float64{float64(m.AsTarget)}, Title: fmt.Sprintf("mean Goldstein %+.2f", m.MeanIn), Href: href}
		mo[i], mi[i] = math.NaN(), math.NaN()
		if m.AsSource > 0 {
			mo[i] = m.MeanOut
		}
		if m.AsTarget > 0 {
			mi[i] = m.MeanIn
		}
	}
	d := actorData{ActorView: v, From: from, To: to}
	d.Chart = chart.Bars{Title: "Events per month: as source above, as target below", Layers: []chart.Layer{{Name: "events", Class: "ev", Color: "#4a5568"}},
		Up: up, Down: down, UpLabel: "by " + code, DownLabel: "to " + code, YLabel: "events"}.SVG()
	d.Means = chart.Lines{Title: "Mean Goldstein per month", Labels: labels, YMin: -10, YMax: 10, ZeroLine: true,
		Series: []chart.Series{{Name: "by " + code, Class: "fwd", Color: "#2b6cb0", Values: mo}, {Name: "to " + code, Class: "back", Color: "#c05621", Values: mi}}}.SVG()
	w.render(rw, r, http.StatusOK, "actor", page{Title: v.Name + " (" + code + ")", Nav: "actors", Data: d})
}

func (w *Web) actors(rw http.ResponseWriter, r *http.Request) {
	p, err := api.ReadParams(r, "q")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	q, err := p.One("q")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if len(q) > 100 {
		w.fail(rw, r, &query.Error{Param: "q", Msg: "at most 100 characters"})
		return
	}
	var found []api.ActorEntry
	if len(q) >= 2 {
		found = w.api.SearchActors(q, 50)
	}
	w.render(rw, r, http.StatusOK, "actors", page{Title: "Actors", Nav: "actors", Data: struct {
		Q     string
		Found []api.ActorEntry
	}{q, found}})
}

type eventData struct {
	api.EventDetail
	Outlets int
}

func (w *Web) event(rw http.ResponseWriter, r *http.Request) {
	if _, err := api.ReadParams(r); err != nil {
		w.fail(rw, r, err)
		return
	}
	id, err := api.PathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d, err := w.api.Event(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	for i := range d.Reports {
		rp := &d.Reports[i]
		rp.Span.Start -= rp.SentenceStart
		rp.Span.End -= rp.SentenceStart
	}
	e := d.Event
	w.render(rw, r, http.StatusOK, "event", page{Title: fmt.Sprintf("Event %d: %s → %s, CAMEO %s", e.ID, e.Source.Code, e.Target.Code, e.Cameo), Nav: "events", Data: eventData{EventDetail: d}})
}

type docData struct {
	store.Document
	Paragraphs [][]segment
}

func (w *Web) doc(rw http.ResponseWriter, r *http.Request) {
	d, err := w.api.Document(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var ments, evs []span
	for _, m := range d.Mentions {
		ments = append(ments, span{start: m.Start, end: m.End, code: m.Code, title: m.Code + " · " + w.api.Name(m.Code)})
	}
	for _, e := range d.Events {
		evs = append(evs, span{start: e.Start, end: e.End, id: e.EventID, quad: e.Quad, href: "/event/" + itoa(e.EventID),
			title: eventTitle(e.Source, e.Cameo, e.Target, model.Mode(e.Mode), e.Date) + fmt.Sprintf(" · Goldstein %+.1f · rule %s", e.Goldstein, e.Rule)})
	}
	data := docData{Document: d, Paragraphs: paragraphs(d.Text, d.Sentences, ments, evs)}
	w.render(rw, r, http.StatusOK, "doc", page{Title: orDefault(d.Title, "Document "+itoa(d.ID)), Nav: "docs", Data: data})
}

// fillDays adds the days without events between the first and the last, so that the chart's
// time axis is even, unless that would make more than 800 columns.
func fillDays(days []store.DayQuads) []store.DayQuads {
	if len(days) < 2 {
		return days
	}
	first, err1 := time.Parse("2006-01-02", days[0].Day)
	last, err2 := time.Parse("2006-01-02", days[len(days)-1].Day)
	if err1 != nil || err2 != nil || last.Sub(first) > 800*24*time.Hour {
		return days
	}
	out := make([]store.DayQuads, 0, int(last.Sub(first).Hours()/24)+1)
	k := 0
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		day := t.Format("2006-01-02")
		if k < len(days) && days[k].Day == day {
			out = append(out, days[k])
			k++
			continue
		}
		out = append(out, store.DayQuads{Day: day})
	}
	return out
}

// periodEnd gives the last day of the week or month that starts at start.
func periodEnd(start, by string) string {
	t, err := time.Parse("2006-01-02", start)
	if err != nil {
		return start
	}
	if by == "week" {
		return t.AddDate(0, 0, 6).Format("2006-01-02")
	}
	return t.AddDate(0, 1, -1).Format("2006-01-02")
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

type networkData struct {
	api.Network
	Regions []api.RegionItem
	Chart   any
}

func (w *Web) network(rw http.ResponseWriter, r *http.Request) {
	q, err := w.api.ParseNetwork(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if q.Max == 150 {
		q.Max = 60 // a readable default for a picture
	}
	n, err := w.api.Network(r.Context(), q)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	nodes := make([]chart.Node, len(n.Nodes))
	index := map[string]int{}
	for i, x := range n.Nodes {
		index[x.Code] = i
		nodes[i] = chart.Node{ID: x.Code, Label: x.Code, Title: fmt.Sprintf("%s (%s): %d events in these links", x.Name, x.Code, x.Events),
			Href: "/actor/" + url.PathEscape(x.Code), Size: float64(x.Events)}
	}
	edges := make([]chart.Edge, len(n.Links))
	for i, l := range n.Links {
		edges[i] = chart.Edge{From: index[l.A], To: index[l.B], Volume: float64(l.Events), Mean: l.Goldstein,
			Title: fmt.Sprintf("%s – %s: %d events (%d %s → %s, %d %s → %s), mean Goldstein %+.2f", l.A, l.B, l.Events, l.AtoB, l.A, l.B, l.BtoA, l.B, l.A, l.Goldstein),
			Href:  dyadHref(l.A, l.B, n.From, n.To)}
	}
	title := "Network of actors, " + strings.TrimSpace(n.From+" to "+n.To)
	c := chart.Network{Title: title, Nodes: nodes, Edges: edges}
	w.render(rw, r, http.StatusOK, "network", page{Title: "Network", Nav: "network", Data: networkData{Network: n, Regions: api.Regions(), Chart: c.SVG()}})
}

type codeData struct {
	Req        api.CodeRequest
	Done       bool
	Events     []model.Event
	Paragraphs [][]segment
	Err        string
}

func (w *Web) codeForm(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "code", page{Title: "Code a text", Nav: "code", Data: codeData{}})
}

func (w *Web) code(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, api.MaxBody+64<<10)
	if err := r.ParseForm(); err != nil {
		w.error(rw, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("The form is too big: paste at most %d bytes of text.", api.MaxBody))
		return
	}
	req := api.CodeRequest{Text: r.PostForm.Get("text"), Date: r.PostForm.Get("date"), Outlet: r.PostForm.Get("outlet"), Title: r.PostForm.Get("title")}
	data := codeData{Req: req}
	doc, err := req.Document()
	if err != nil {
		data.Err = err.Error()
		w.render(rw, r, http.StatusBadRequest, "code", page{Title: "Code a text", Nav: "code", Data: data})
		return
	}
	res, err := w.api.Code(r.Context(), doc)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	data.Done, data.Events = true, res.Events
	sents := make([][2]int, len(res.Sentences))
	for i, s := range res.Sentences {
		sents[i] = [2]int{s.Start, s.End}
	}
	var ments, evs []span
	for _, m := range res.Mentions {
		ments = append(ments, span{start: m.Span.Start, end: m.Span.End, code: m.Actor.Code, title: m.Actor.Code + " · " + w.api.Name(m.Actor.Code)})
	}
	for i, e := range res.Events {
		evs = append(evs, span{start: e.Evidence.Start, end: e.Evidence.End, id: int64(i + 1), quad: e.Quad, href: "#e" + strconv.Itoa(i+1), title: eventTitle(e.Source.Code, e.Cameo, e.Target.Code, e.Mode, e.Date)})
	}
	data.Paragraphs = paragraphs(doc.Text, sents, ments, evs)
	w.render(rw, r, http.StatusOK, "code", page{Title: "Code a text", Nav: "code", Data: data})
}
