package api

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/query"
	"github.com/dyad-events/dyad/internal/store"
)

// ActorEntry is a dictionary entry: an actor with its code and dated roles.
type ActorEntry struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Code    string `json:"code,omitempty"` // its own code; people have roles instead
	Country string `json:"country,omitempty"`
	Entry   string `json:"entry"` // file:line
	Roles   []Role `json:"roles,omitempty"`
}

// Role is a dated role of a dictionary entry: the code it takes from From to To.
type Role struct {
	Code   string `json:"code"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	Approx bool   `json:"approx,omitempty"`
	Title  string `json:"title,omitempty"`
	Entry  string `json:"entry"`
}

func entryOf(act *dict.Actor) ActorEntry {
	e := ActorEntry{Name: act.Name, Kind: act.Kind, Code: act.Code, Country: act.Country, Entry: act.Src.String()}
	for _, r := range act.Roles {
		e.Roles = append(e.Roles, Role{Code: r.Code, From: r.From.String(), To: r.To.String(), Approx: r.Approx, Title: r.Title, Entry: r.Src.String()})
	}
	return e
}

// SearchActors finds dictionary entries whose name or alias holds q, or whose code or role code
// is q, at most n of them: exact names first.
func (a *API) SearchActors(q string, n int) []ActorEntry {
	lq := strings.ToLower(strings.Join(strings.Fields(q), " "))
	uq := strings.ToUpper(lq)
	type hit struct {
		rank int
		act  *dict.Actor
	}
	var hits []hit
	for i := range a.set.Actors {
		act := &a.set.Actors[i]
		if act.Kind == dict.KindOutlet {
			continue
		}
		rank := -1
		switch {
		case act.Code == uq:
			rank = 0
		case strings.EqualFold(act.Name, lq):
			rank = 1
		}
		// Exact names first, then names with a word that is the query, then names with a word
		// that starts with it, then names that merely hold it.
		for _, al := range act.Aliases {
			t := strings.ToLower(al.Text)
			r := -1
			switch {
			case t == lq:
				r = 1
			case slices.Contains(strings.Fields(t), lq):
				r = 3
			case strings.HasPrefix(t, lq) || strings.Contains(t, " "+lq):
				r = 4
			case strings.Contains(t, lq):
				r = 5
			}
			if r >= 0 && (rank < 0 || r < rank) {
				rank = r
			}
		}
		if rank < 0 {
			for _, r := range act.Roles {
				if r.Code == uq {
					rank = 2
					break
				}
			}
		}
		if rank >= 0 {
			hits = append(hits, hit{rank, act})
		}
	}
	slices.SortStableFunc(hits, func(x, y hit) int { return x.rank - y.rank })
	out := []ActorEntry{}
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, entryOf(h.act))
	}
	return out
}

func (a *API) actors(w http.ResponseWriter, r *http.Request) {
	p, err := ReadParams(r, "q", "limit")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q, err := p.One("q")
	if err == nil && len(q) < 2 {
		err = &query.Error{Param: "q", Msg: "give two or more letters of a name or a code"}
	}
	if err == nil && len(q) > 100 {
		err = &query.Error{Param: "q", Msg: "at most 100 characters"}
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	n, err := p.Int("limit", 20, 1, 200)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	JSON(w, http.StatusOK, map[string]any{"q": q, "actors": a.SearchActors(q, n)})
}

// ActorView is one actor code: what the dictionaries say of it, how the coder used it, and how
// it dealt with others month by month.
type ActorView struct {
	Code     string             `json:"code"`
	Name     string             `json:"name"`
	Entries  []ActorEntry       `json:"entries"`  // entries with this code as their own
	Holders  []Holder           `json:"holders"`  // people and groups that held it as a dated role
	CodedAs  []EntityCodes      `json:"coded_as"` // the codes its entries were given in stored news, over time
	Months   []store.ActorMonth `json:"months"`
	Partners []PartnerItem      `json:"partners"`
}

// Holder is an entry that held a code for a time.
type Holder struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
	Title string `json:"title,omitempty"`
	Entry string `json:"entry"`
}

// EntityCodes is how the mentions of one dictionary entry were coded over time.
type EntityCodes struct {
	Name  string          `json:"name"`
	Codes []store.CodedAs `json:"codes"`
}

// PartnerItem is a partner with its name.
type PartnerItem struct {
	store.Partner
	Name string `json:"name"`
}

// Actor builds the view of one actor code, or store.ErrNotFound for a code nobody knows.
func (a *API) Actor(ctx context.Context, code, from, to string) (ActorView, error) {
	v := ActorView{Code: code, Name: a.Name(code), Entries: []ActorEntry{}, Holders: []Holder{}, CodedAs: []EntityCodes{}}
	known, err := a.Known(ctx, code)
	if err != nil {
		return v, err
	}
	if !known {
		return v, store.ErrNotFound
	}
	for _, act := range a.byCode[code] {
		v.Entries = append(v.Entries, entryOf(act))
		codes, err := a.st.EntityCodes(ctx, act.Name)
		if err != nil {
			return v, err
		}
		if len(codes) > 0 {
			v.CodedAs = append(v.CodedAs, EntityCodes{Name: act.Name, Codes: codes})
		}
	}
	for _, act := range a.byRoles[code] {
		for _, r := range act.Roles {
			if r.Code == code {
				v.Holders = append(v.Holders, Holder{Name: act.Name, Kind: act.Kind, From: r.From.String(), To: r.To.String(), Title: r.Title, Entry: r.Src.String()})
			}
		}
	}
	// Newest holders first: who holds it now is what a reader looks for.
	slices.SortStableFunc(v.Holders, func(x, y Holder) int { return strings.Compare(y.From, x.From) })
	if v.Months, err = a.st.ActorMonths(ctx, code, from, to); err != nil {
		return v, err
	}
	if v.Months == nil {
		v.Months = []store.ActorMonth{}
	}
	ps, err := a.st.Partners(ctx, code, from, to, 15)
	if err != nil {
		return v, err
	}
	v.Partners = make([]PartnerItem, len(ps))
	for i, p := range ps {
		v.Partners[i] = PartnerItem{Partner: p, Name: a.Name(p.Code)}
	}
	return v, nil
}

// ParseActor checks the path and parameters of an actor request.
func (a *API) ParseActor(r *http.Request) (code, from, to string, err error) {
	p, err := ReadParams(r, "from", "to")
	if err != nil {
		return "", "", "", err
	}
	if code, err = query.Actor("code", r.PathValue("code")); err != nil {
		return "", "", "", err
	}
	from, to, err = p.Span()
	return code, from, to, err
}

func (a *API) actor(w http.ResponseWriter, r *http.Request) {
	code, from, to, err := a.ParseActor(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v, err := a.Actor(r.Context(), code, from, to)
	if err == store.ErrNotFound {
		Error(w, r, http.StatusNotFound, fmt.Sprintf("unknown actor %s: no dictionary entry and no stored event has this code (search with /api/v1/actors?q=)", code))
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	JSON(w, http.StatusOK, v)
}
