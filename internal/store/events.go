package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/dyad-events/dyad/internal/model"
)

// Filter selects events. Empty fields select everything. An actor is a country code (AZE), which
// selects every actor of that country, or a full code (AZEGOV), which selects that one.
type Filter struct {
	Actor         string   // source or target
	Source        string   // with Target: one direction of a dyad
	Target        string   //
	Both          bool     // with Source and Target: both directions
	Codes         []string // CAMEO codes, exact
	Roots         []string // CAMEO roots, two digits
	Quads         []int    // QuadClass 1-4
	Modes         []string // asserted, negated ...
	From, To      string   // days, YYYY-MM-DD, both included
	Outlets       []string // reported by one of these outlets
	OutletCountry []string // reported by an outlet of one of these countries
	MinReports    int      // told at least this many times
	Latest        bool     // newest day first (then the largest id) instead of the order of storing
	After         int64    // in the order of storing: events with a larger id only, for paging
	Before        *Key     // newest first: events after this one in that order, for paging
	Limit         int      // 0: all
}

// Key is where an event sits in the newest-first order.
type Key struct {
	Day string
	ID  int64
}

// StoredEvent is an event as stored: the fact and how often and by whom it was reported.
type StoredEvent struct {
	ID int64 `json:"id"`
	model.Event
	Day        string `json:"day"`
	NReports   int    `json:"n_reports"`
	NDocs      int    `json:"n_docs"`
	NOutlets   int    `json:"n_outlets"`
	NCountries int    `json:"n_countries"`
	FirstDoc   int64  `json:"first_doc"`
}

// Report is one statement of an event in one document.
type Report struct {
	ID            int64              `json:"id"`
	EventID       int64              `json:"event_id"`
	DocID         int64              `json:"doc_id"`
	Sentence      int                `json:"sentence"`
	Span          model.Span         `json:"span"`
	Text          string             `json:"text"`           // the words of Span
	SentenceText  string             `json:"sentence_text"`  // the sentence that holds them
	SentenceStart int                `json:"sentence_start"` // where it starts: Span less this is Span within it
	SourceText    string             `json:"source_text"`
	TargetText    string             `json:"target_text"`
	Speaker       *model.Actor       `json:"speaker,omitempty"`
	Rule          string             `json:"rule"`
	Confidence    float64            `json:"confidence"`
	Explain       *model.Explanation `json:"explain,omitempty"`
	Outlet        string             `json:"outlet"`
	OutletCountry string             `json:"outlet_country"`
	Published     string             `json:"published"`
	URL           string             `json:"url"`
	Title         string             `json:"title"`
}

// actorCond gives the condition that column prefix (source or target) is actor a.
func actorCond(prefix, a string, args *[]any) string {
	*args = append(*args, strings.ToUpper(a))
	if len(a) == 3 {
		return prefix + "_country = ?"
	}
	return prefix + " = ?"
}

func inList(col string, vals []string, args *[]any) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = "?"
		*args = append(*args, v)
	}
	return col + " IN (" + strings.Join(ph, ", ") + ")"
}

// where builds the WHERE clause of f.
func (f Filter) where(args *[]any) string {
	var conds []string
	switch {
	case f.Source != "" && f.Target != "" && f.Both:
		a := actorCond("e.source", f.Source, args) + " AND " + actorCond("e.target", f.Target, args)
		b := actorCond("e.source", f.Target, args) + " AND " + actorCond("e.target", f.Source, args)
		conds = append(conds, "(("+a+") OR ("+b+"))")
	default:
		if f.Source != "" {
			conds = append(conds, actorCond("e.source", f.Source, args))
		}
		if f.Target != "" {
			conds = append(conds, actorCond("e.target", f.Target, args))
		}
	}
	if f.Actor != "" {
		conds = append(conds, "("+actorCond("e.source", f.Actor, args)+" OR "+actorCond("e.target", f.Actor, args)+")")
	}
	if len(f.Codes) > 0 {
		conds = append(conds, inList("e.cameo", f.Codes, args))
	}
	if len(f.Roots) > 0 {
		conds = append(conds, inList("e.root", f.Roots, args))
	}
	if len(f.Quads) > 0 {
		ph := make([]string, len(f.Quads))
		for i, q := range f.Quads {
			ph[i] = "?"
			*args = append(*args, q)
		}
		conds = append(conds, "e.quad IN ("+strings.Join(ph, ", ")+")")
	}
	if len(f.Modes) > 0 {
		conds = append(conds, inList("e.mode", f.Modes, args))
	}
	if f.From != "" || f.To != "" {
		// An event the text gives no date is in no period.
		conds = append(conds, "e.day <> ''")
	}
	if f.From != "" {
		conds = append(conds, "e.day >= ?")
		*args = append(*args, f.From)
	}
	if f.To != "" {
		conds = append(conds, "e.day <= ?")
		*args = append(*args, f.To)
	}
	if len(f.Outlets) > 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.id AND "+inList("r.outlet", f.Outlets, args)+")")
	}
	if len(f.OutletCountry) > 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.id AND "+inList("r.outlet_country", f.OutletCountry, args)+")")
	}
	if f.MinReports > 0 {
		conds = append(conds, "e.n_reports >= ?")
		*args = append(*args, f.MinReports)
	}
	if f.After > 0 {
		conds = append(conds, "e.id > ?")
		*args = append(*args, f.After)
	}
	if f.Before != nil {
		conds = append(conds, "(e.day < ? OR (e.day = ? AND e.id < ?))")
		*args = append(*args, f.Before.Day, f.Before.Day, f.Before.ID)
	}
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

const eventCols = `e.id, e.source, e.source_country, e.source_sector, e.source_entity, e.target, e.target_country, e.target_sector, e.target_entity,
	e.cameo, e.root, e.quad, e.goldstein, e.plover, e.plover_mode, e.plover_context, e.mode, e.date, e.date_precision, e.day,
	e.n_reports, e.n_docs, e.n_outlets, e.n_countries, e.first_doc, e.first_url, e.first_outlet`

func scanEvent(sc interface{ Scan(...any) error }) (StoredEvent, error) {
	var e StoredEvent
	var mode string
	err := sc.Scan(&e.ID, &e.Source.Code, &e.Source.Country, &e.Source.Sector, &e.Source.Entity, &e.Target.Code, &e.Target.Country, &e.Target.Sector, &e.Target.Entity,
		&e.Cameo, &e.Root, &e.Quad, &e.Goldstein, &e.Plover, &e.PloverMode, &e.PloverContext, &mode, &e.Date, &e.DatePrecision, &e.Day,
		&e.NReports, &e.NDocs, &e.NOutlets, &e.NCountries, &e.FirstDoc, &e.URL, &e.Outlet)
	e.Mode = model.Mode(mode)
	return e, err
}

// Events gives the events f selects in the order they were stored, which is stable: page with
// After set to the last ID seen.
func (s *Store) Events(ctx context.Context, f Filter) iter.Seq2[StoredEvent, error] {
	return func(yield func(StoredEvent, error) bool) {
		var args []any
		order := " ORDER BY e.id"
		if f.Latest {
			order = " ORDER BY e.day DESC, e.id DESC"
		}
		q := "SELECT " + eventCols + " FROM events e" + f.where(&args) + order
		if f.Limit > 0 {
			q += fmt.Sprintf(" LIMIT %d", f.Limit)
		}
		rows, err := s.db.QueryContext(ctx, s.q(q), args...)
		if err != nil {
			yield(StoredEvent{}, fmt.Errorf("store: events: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				yield(e, fmt.Errorf("store: events: %w", err))
				return
			}
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(StoredEvent{}, fmt.Errorf("store: events: %w", err))
		}
	}
}

// CountEvents counts the events f selects.
func (s *Store) CountEvents(ctx context.Context, f Filter) (int, error) {
	var args []any
	f.Limit, f.After, f.Before = 0, 0, nil
	var n int
	err := s.db.QueryRowContext(ctx, s.q("SELECT count(*) FROM events e"+f.where(&args)), args...).Scan(&n)
	return n, err
}

// Event gives one event.
func (s *Store) Event(ctx context.Context, id int64) (StoredEvent, error) {
	e, err := scanEvent(s.db.QueryRowContext(ctx, s.q("SELECT "+eventCols+" FROM events e WHERE e.id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNotFound
	}
	return e, err
}

// Reports gives every report of an event, oldest document first, with its sentence.
func (s *Store) Reports(ctx context.Context, eventID int64) ([]Report, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT r.id, r.event_id, r.doc_id, r.sentence, r.start, r."end", r.source_text, r.target_text,
		r.speaker_code, r.speaker_text, r.rule, r.confidence, r.explain, r.outlet, r.outlet_country, r.published, d.url, d.title,
		`+s.slice("d.text", "r.start", `r."end"`)+`, coalesce(s.start, r.start), `+s.slice("d.text", "coalesce(s.start, r.start)", `coalesce(s."end", r."end")`)+`
		FROM reports r JOIN documents d ON d.id = r.doc_id LEFT JOIN sentences s ON s.doc_id = r.doc_id AND s.n = r.sentence WHERE r.event_id = ? ORDER BY r.published, r.doc_id, r.start`), eventID)
	if err != nil {
		return nil, fmt.Errorf("store: reports: %w", err)
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		var spCode, spText, explain string
		if err := rows.Scan(&r.ID, &r.EventID, &r.DocID, &r.Sentence, &r.Span.Start, &r.Span.End, &r.SourceText, &r.TargetText,
			&spCode, &spText, &r.Rule, &r.Confidence, &explain, &r.Outlet, &r.OutletCountry, &r.Published, &r.URL, &r.Title, &r.Text, &r.SentenceStart, &r.SentenceText); err != nil {
			return nil, fmt.Errorf("store: reports: %w", err)
		}
		if spCode != "" {
			r.Speaker = &model.Actor{Code: spCode, Text: spText}
		}
		if explain != "" {
			r.Explain = new(model.Explanation)
			if err := json.Unmarshal([]byte(explain), r.Explain); err != nil {
				r.Explain = nil
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DyadEvent is what a timeline needs of one event between two actors.
type DyadEvent struct {
	ID        int64
	Forward   bool // from the first actor to the second
	Day       string
	Quad      int
	Goldstein float64
	Tellers   []Teller // who reports it: outlet, outlet country, and how often
}

// Teller is an outlet that reports an event, and how many times.
type Teller struct {
	Outlet, Country string
	Reports         int
}

// Dyad gives the events between a and b in both directions, with the outlets that report each,
// in the order of their day. Each of a and b is a country code or a full actor code.
func (s *Store) Dyad(ctx context.Context, a, b, from, to string) ([]DyadEvent, error) {
	f := Filter{Source: a, Target: b, Both: true, From: from, To: to}
	var args []any
	where := f.where(&args)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT e.id, e.source, e.source_country, e.day, e.quad, e.goldstein FROM events e`+where+` ORDER BY e.day, e.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: dyad: %w", err)
	}
	var out []DyadEvent
	index := map[int64]int{}
	ua := strings.ToUpper(a)
	for rows.Next() {
		var d DyadEvent
		var src, srcCountry string
		if err := rows.Scan(&d.ID, &src, &srcCountry, &d.Day, &d.Quad, &d.Goldstein); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: dyad: %w", err)
		}
		d.Forward = src == ua || len(ua) == 3 && srcCountry == ua
		index[d.ID] = len(out)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: dyad: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	args = args[:0]
	where = f.where(&args)
	rows, err = s.db.QueryContext(ctx, s.q(`SELECT r.event_id, r.outlet, r.outlet_country, count(*) FROM reports r JOIN events e ON e.id = r.event_id`+where+`
		GROUP BY r.event_id, r.outlet, r.outlet_country`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: dyad outlets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t Teller
		if err := rows.Scan(&id, &t.Outlet, &t.Country, &t.Reports); err != nil {
			return nil, fmt.Errorf("store: dyad outlets: %w", err)
		}
		if k, ok := index[id]; ok {
			out[k].Tellers = append(out[k].Tellers, t)
		}
	}
	return out, rows.Err()
}
