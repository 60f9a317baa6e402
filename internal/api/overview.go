package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/dyad-events/dyad/internal/analysis"
	"github.com/dyad-events/dyad/internal/query"
	"github.com/dyad-events/dyad/internal/store"
)

// Overview is the state of the database over a period: events per day by QuadClass, the busiest
// dyads and actors, and the documents stored last.
type Overview struct {
	From      string             `json:"from"`
	To        string             `json:"to"`
	Events    int64              `json:"events"`    // in the whole database
	Documents int64              `json:"documents"` // in the whole database
	Days      []store.DayQuads   `json:"days"`
	Dyads     []DyadItem         `json:"dyads"`
	Actors    []ActorItem        `json:"actors"`
	Latest    []store.DocSummary `json:"latest_documents"`
}

// ActorItem is an actor count with its name.
type ActorItem struct {
	store.ActorCount
	Name string `json:"name"`
}

func addDays(day string, n int) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format("2006-01-02")
}

// Overview builds the overview of a period.
func (a *API) Overview(ctx context.Context, per Period) (Overview, error) {
	o := Overview{From: per.From, To: per.To}
	var err error
	if o.Events, o.Documents, err = a.st.Counts(ctx); err != nil {
		return o, err
	}
	from, to := per.From, per.To
	if to == "" {
		to = "9999-12-31"
	}
	if o.Days, err = a.st.DailyQuads(ctx, from, to); err != nil {
		return o, err
	}
	if o.Dyads, err = a.TopDyads(ctx, per, 12); err != nil {
		return o, err
	}
	acts, err := a.st.TopActors(ctx, from, to, 12)
	if err != nil {
		return o, err
	}
	o.Actors = make([]ActorItem, len(acts))
	for i, x := range acts {
		o.Actors[i] = ActorItem{ActorCount: x, Name: a.Name(x.Code)}
	}
	if o.Latest, err = a.st.LatestDocuments(ctx, 12); err != nil {
		return o, err
	}
	if o.Days == nil {
		o.Days = []store.DayQuads{}
	}
	if o.Latest == nil {
		o.Latest = []store.DocSummary{}
	}
	return o, nil
}

func (a *API) overview(w http.ResponseWriter, r *http.Request) {
	p, err := ReadParams(r, "from", "to")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	per, err := a.ReadPeriod(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r)(a.Overview(r.Context(), per))
}

// Network is the actors of a region and period and the links between them.
type Network struct {
	From   string        `json:"from"`
	To     string        `json:"to"`
	Region string        `json:"region,omitempty"`
	Level  string        `json:"level"` // country or actor
	Nodes  []NetworkNode `json:"nodes"`
	Links  []NetworkLink `json:"links"`
}

// NetworkNode is one actor of a network.
type NetworkNode struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Events int    `json:"events"` // in the network's links
}

// NetworkLink is the events between two actors, both directions together.
type NetworkLink struct {
	A         string  `json:"a"`
	B         string  `json:"b"`
	Events    int     `json:"events"`
	AtoB      int     `json:"a_to_b"`
	BtoA      int     `json:"b_to_a"`
	Goldstein float64 `json:"mean_goldstein"`
}

// NetworkQuery is a checked network request.
type NetworkQuery struct {
	Period Period
	Region string // a region's slug, or empty for the world
	Level  string
	Max    int // links at most
}

// ParseNetwork checks a network request.
func (a *API) ParseNetwork(r *http.Request) (NetworkQuery, error) {
	var q NetworkQuery
	p, err := ReadParams(r, "from", "to", "region", "level", "limit")
	if err != nil {
		return q, err
	}
	if q.Period, err = a.ReadPeriod(r.Context(), p); err != nil {
		return q, err
	}
	if q.Region, err = p.One("region"); err != nil {
		return q, err
	}
	if _, ok := analysis.RegionBySlug(q.Region); q.Region != "" && !ok {
		return q, &query.Error{Param: "region", Msg: "unknown region " + q.Region + "; /api/v1/regions lists them"}
	}
	if q.Level, err = p.One("level"); err != nil {
		return q, err
	}
	switch q.Level {
	case "":
		q.Level = "country"
	case "country", "actor":
	default:
		return q, &query.Error{Param: "level", Msg: "want country or actor"}
	}
	q.Max, err = p.Int("limit", 150, 1, 1000)
	return q, err
}

// Network builds a network: links between the actors of a region in a period, the busiest first.
func (a *API) Network(ctx context.Context, q NetworkQuery) (Network, error) {
	n := Network{From: q.Period.From, To: q.Period.To, Region: q.Region, Level: q.Level, Nodes: []NetworkNode{}, Links: []NetworkLink{}}
	var among []string
	if r, ok := analysis.RegionBySlug(q.Region); ok {
		among = r.Countries
	}
	// Directed links come in pairs at most: ask for twice as many.
	links, err := a.st.Links(ctx, q.Period.From, q.Period.To, among, q.Level == "actor", 2*q.Max)
	if err != nil {
		return n, err
	}
	type pair struct{ a, b string }
	index := map[pair]int{}
	sums := []float64{}
	for _, l := range links {
		k, fwd := pair{l.Source, l.Target}, true
		if l.Target < l.Source {
			k, fwd = pair{l.Target, l.Source}, false
		}
		i, ok := index[k]
		if !ok {
			if len(n.Links) == q.Max {
				continue
			}
			i = len(n.Links)
			index[k] = i
			n.Links = append(n.Links, NetworkLink{A: k.a, B: k.b})
			sums = append(sums, 0)
		}
		x := &n.Links[i]
		x.Events += l.Events
		if fwd {
			x.AtoB += l.Events
		} else {
			x.BtoA += l.Events
		}
		sums[i] += l.Goldstein * float64(l.Events)
	}
	for i := range n.Links {
		n.Links[i].Goldstein = sums[i] / float64(n.Links[i].Events)
	}
	slices.SortStableFunc(n.Links, func(x, y NetworkLink) int { return y.Events - x.Events })
	nodes := map[string]int{}
	for i := range n.Links {
		x := &n.Links[i]
		for _, c := range []string{x.A, x.B} {
			j, ok := nodes[c]
			if !ok {
				j = len(n.Nodes)
				nodes[c] = j
				n.Nodes = append(n.Nodes, NetworkNode{Code: c, Name: a.Name(c)})
			}
			n.Nodes[j].Events += x.Events
		}
	}
	return n, nil
}

func (a *API) network(w http.ResponseWriter, r *http.Request) {
	q, err := a.ParseNetwork(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r)(a.Network(r.Context(), q))
}

// RegionItem is a region as the API lists it.
type RegionItem struct {
	Slug      string   `json:"slug"`
	Name      string   `json:"name"`
	Countries []string `json:"countries"`
}

// Regions lists the regions a network can be drawn for.
func Regions() []RegionItem {
	var out []RegionItem
	for _, r := range analysis.Regions() {
		out = append(out, RegionItem{Slug: r.Slug, Name: r.Name, Countries: r.Countries})
	}
	return out
}

func (a *API) regions(w http.ResponseWriter, r *http.Request) {
	if _, err := ReadParams(r); err != nil {
		a.fail(w, r, err)
		return
	}
	JSON(w, http.StatusOK, map[string]any{"regions": Regions()})
}
