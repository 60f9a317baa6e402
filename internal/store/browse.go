package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// What the dashboard and the API read beside events: summaries of a period, documents with what
// the coder found in them, actors and their partners, networks and perspectives. Every query is
// parameterised; the only text put into SQL is column names chosen here.

// DayQuads is the number of events of one day in each QuadClass.
type DayQuads struct {
	Day  string `json:"day"`
	Quad [4]int `json:"quad"` // QuadClass 1 to 4
}

// DailyQuads counts the dated events of each day of [from, to] by QuadClass, in day order.
func (s *Store) DailyQuads(ctx context.Context, from, to string) ([]DayQuads, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT e.day, e.quad, count(*) FROM events e
		WHERE e.day >= ? AND e.day <= ? AND e.day <> '' GROUP BY e.day, e.quad ORDER BY e.day`), from, to)
	if err != nil {
		return nil, fmt.Errorf("store: daily counts: %w", err)
	}
	defer rows.Close()
	var out []DayQuads
	for rows.Next() {
		var day string
		var quad, n int
		if err := rows.Scan(&day, &quad, &n); err != nil {
			return nil, fmt.Errorf("store: daily counts: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Day != day {
			out = append(out, DayQuads{Day: day})
		}
		if quad >= 1 && quad <= 4 {
			out[len(out)-1].Quad[quad-1] += n
		}
	}
	return out, rows.Err()
}

// LastDay is the latest day of a dated event, empty when there is none.
func (s *Store) LastDay(ctx context.Context) (string, error) {
	var d sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT max(day) FROM events`).Scan(&d)
	return d.String, err
}

// DyadCount is an undirected pair of countries and how they treated each other in a period.
type DyadCount struct {
	A         string  `json:"a"` // A < B
	B         string  `json:"b"`
	Events    int     `json:"events"`
	Goldstein float64 `json:"mean_goldstein"`
}

// TopDyads gives the n pairs of countries with the most events between them in [from, to],
// both directions together. Events within one country are left out.
func (s *Store) TopDyads(ctx context.Context, from, to string, n int) ([]DyadCount, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT a, b, count(*), avg(g) FROM (
		SELECT CASE WHEN e.source_country < e.target_country THEN e.source_country ELSE e.target_country END a,
		       CASE WHEN e.source_country < e.target_country THEN e.target_country ELSE e.source_country END b,
		       e.goldstein g
		FROM events e WHERE e.day >= ? AND e.day <= ? AND e.day <> '' AND e.source_country <> '' AND e.target_country <> ''
		  AND e.source_country <> e.target_country) x
		GROUP BY a, b ORDER BY count(*) DESC, a, b LIMIT ?`), from, to, n)
	if err != nil {
		return nil, fmt.Errorf("store: top dyads: %w", err)
	}
	defer rows.Close()
	var out []DyadCount
	for rows.Next() {
		var d DyadCount
		if err := rows.Scan(&d.A, &d.B, &d.Events, &d.Goldstein); err != nil {
			return nil, fmt.Errorf("store: top dyads: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ActorCount is an actor and the number of events it takes part in.
type ActorCount struct {
	Code     string `json:"code"`
	AsSource int    `json:"as_source"`
	AsTarget int    `json:"as_target"`
}

// TopActors gives the n actors (full codes) in the most events of [from, to].
func (s *Store) TopActors(ctx context.Context, from, to string, n int) ([]ActorCount, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT code, sum(src), sum(tgt) FROM (
		SELECT e.source code, 1 src, 0 tgt FROM events e WHERE e.day >= ? AND e.day <= ? AND e.day <> ''
		UNION ALL
		SELECT e.target, 0, 1 FROM events e WHERE e.day >= ? AND e.day <= ? AND e.day <> '') x
		GROUP BY code ORDER BY sum(src) + sum(tgt) DESC, code LIMIT ?`), from, to, from, to, n)
	if err != nil {
		return nil, fmt.Errorf("store: top actors: %w", err)
	}
	defer rows.Close()
	var out []ActorCount
	for rows.Next() {
		var a ActorCount
		if err := rows.Scan(&a.Code, &a.AsSource, &a.AsTarget); err != nil {
			return nil, fmt.Errorf("store: top actors: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DocSummary is a stored document without its text.
type DocSummary struct {
	ID            int64  `json:"id"`
	URL           string `json:"url"`
	Outlet        string `json:"outlet"`
	OutletCountry string `json:"outlet_country"`
	Title         string `json:"title"`
	Published     string `json:"published"`
	CopyOf        int64  `json:"copy_of,omitempty"`
	Reports       int    `json:"reports"`
}

// LatestDocuments gives the n documents stored last, newest first, with their number of reports.
func (s *Store) LatestDocuments(ctx context.Context, n int) ([]DocSummary, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT d.id, d.url, d.outlet, d.outlet_country, d.title, d.published, coalesce(d.copy_of, 0),
		(SELECT count(*) FROM reports r WHERE r.doc_id = d.id)
		FROM documents d ORDER BY d.id DESC LIMIT ?`), n)
	if err != nil {
		return nil, fmt.Errorf("store: latest documents: %w", err)
	}
	defer rows.Close()
	var out []DocSummary
	for rows.Next() {
		var d DocSummary
		if err := rows.Scan(&d.ID, &d.URL, &d.Outlet, &d.OutletCountry, &d.Title, &d.Published, &d.CopyOf, &d.Reports); err != nil {
			return nil, fmt.Errorf("store: latest documents: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DocMention is an actor named in a stored document.
type DocMention struct {
	Sentence int    `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Code     string `json:"code"`
	Text     string `json:"text"`
}

// DocReport is an event told in a stored document, where it is told.
type DocReport struct {
	EventID   int64   `json:"event_id"`
	Sentence  int     `json:"sentence"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Source    string  `json:"source"`
	Target    string  `json:"target"`
	Cameo     string  `json:"cameo"`
	Quad      int     `json:"quad"`
	Goldstein float64 `json:"goldstein"`
	Mode      string  `json:"mode"`
	Date      string  `json:"date"`
	Rule      string  `json:"rule"`
}

// Document is a stored document with its text and what the coder found in it. Offsets are bytes
// of Text.
type Document struct {
	DocSummary
	Source    string       `json:"source"`
	Text      string       `json:"text"`
	Sentences [][2]int     `json:"sentences"`
	Mentions  []DocMention `json:"mentions"`
	Events    []DocReport  `json:"events"`
}

// Document gives one stored document, or ErrNotFound.
func (s *Store) Document(ctx context.Context, id int64) (Document, error) {
	var d Document
	err := s.db.QueryRowContext(ctx, s.q(`SELECT d.id, d.url, d.outlet, d.outlet_country, d.title, d.published, coalesce(d.copy_of, 0), d.source, d.text
		FROM documents d WHERE d.id = ?`), id).Scan(&d.ID, &d.URL, &d.Outlet, &d.OutletCountry, &d.Title, &d.Published, &d.CopyOf, &d.Source, &d.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("store: document %d: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT start, "end" FROM sentences WHERE doc_id = ? ORDER BY n`), id)
	if err != nil {
		return d, fmt.Errorf("store: document %d: %w", id, err)
	}
	for rows.Next() {
		var sp [2]int
		if err := rows.Scan(&sp[0], &sp[1]); err != nil {
			rows.Close()
			return d, fmt.Errorf("store: document %d: %w", id, err)
		}
		d.Sentences = append(d.Sentences, sp)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, s.q(`SELECT sentence, start, "end", code, text FROM mentions WHERE doc_id = ? ORDER BY start`), id)
	if err != nil {
		return d, fmt.Errorf("store: document %d: %w", id, err)
	}
	for rows.Next() {
		var m DocMention
		if err := rows.Scan(&m.Sentence, &m.Start, &m.End, &m.Code, &m.Text); err != nil {
			rows.Close()
			return d, fmt.Errorf("store: document %d: %w", id, err)
		}
		d.Mentions = append(d.Mentions, m)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, s.q(`SELECT r.event_id, r.sentence, r.start, r."end", e.source, e.target, e.cameo, e.quad, e.goldstein, e.mode, e.date, r.rule
		FROM reports r JOIN events e ON e.id = r.event_id WHERE r.doc_id = ? ORDER BY r.start, r.event_id`), id)
	if err != nil {
		return d, fmt.Errorf("store: document %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r DocReport
		if err := rows.Scan(&r.EventID, &r.Sentence, &r.Start, &r.End, &r.Source, &r.Target, &r.Cameo, &r.Quad, &r.Goldstein, &r.Mode, &r.Date, &r.Rule); err != nil {
			return d, fmt.Errorf("store: document %d: %w", id, err)
		}
		d.Events = append(d.Events, r)
	}
	d.Reports = len(d.Events)
	return d, rows.Err()
}

// Evidence is the sentence that first told an event, with the event's span inside it.
type Evidence struct {
	DocID    int64  `json:"doc_id"`
	Sentence string `json:"sentence"`
	Start    int    `json:"start"` // bytes of Sentence
	End      int    `json:"end"`
	Outlet   string `json:"outlet"`
	Title    string `json:"title"`
}

// FirstEvidence gives, for each of the events ids, the sentence of its earliest report.
func (s *Store) FirstEvidence(ctx context.Context, ids []int64) (map[int64]Evidence, error) {
	out := make(map[int64]Evidence, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT r.event_id, r.doc_id, r.start - s.start, r."end" - s.start, d.outlet, d.title, `+s.slice("d.text", "s.start", `s."end"`)+`
		FROM reports r JOIN sentences s ON s.doc_id = r.doc_id AND s.n = r.sentence JOIN documents d ON d.id = r.doc_id
		WHERE r.event_id IN (`+ph+`) ORDER BY r.event_id, r.published, r.doc_id, r.start`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: evidence: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ev Evidence
		if err := rows.Scan(&id, &ev.DocID, &ev.Start, &ev.End, &ev.Outlet, &ev.Title, &ev.Sentence); err != nil {
			return nil, fmt.Errorf("store: evidence: %w", err)
		}
		if _, ok := out[id]; !ok {
			ev.Start = max(0, min(ev.Start, len(ev.Sentence)))
			ev.End = max(ev.Start, min(ev.End, len(ev.Sentence)))
			out[id] = ev
		}
	}
	return out, rows.Err()
}

// Partner is an actor an actor deals with, and how.
type Partner struct {
	Code      string  `json:"code"`
	Events    int     `json:"events"`
	Goldstein float64 `json:"mean_goldstein"`
}

// Partners gives the n actors that share the most events with actor (a country code or a full
// code) in [from, to], either direction, at the level of actor: countries for a country code,
// full codes otherwise.
func (s *Store) Partners(ctx context.Context, actor, from, to string, n int) ([]Partner, error) {
	self, other := "source", "target"
	if len(actor) == 3 {
		self, other = "source_country", "target_country"
	}
	var conds []string
	var args []any
	span := ""
	if from != "" || to != "" {
		span = " AND e.day <> ''"
	}
	if from != "" {
		span += " AND e.day >= ?"
	}
	if to != "" {
		span += " AND e.day <= ?"
	}
	for _, dir := range [2][2]string{{self, other}, {swap(self), swap(other)}} {
		conds = append(conds, `SELECT e.`+dir[1]+` code, e.goldstein g FROM events e WHERE e.`+dir[0]+` = ? AND e.`+dir[1]+` <> ? AND e.`+dir[1]+` <> ''`+span)
		args = append(args, actor, actor)
		if from != "" {
			args = append(args, from)
		}
		if to != "" {
			args = append(args, to)
		}
	}
	args = append(args, n)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT code, count(*), avg(g) FROM (`+strings.Join(conds, " UNION ALL ")+`) x
		GROUP BY code ORDER BY count(*) DESC, code LIMIT ?`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: partners: %w", err)
	}
	defer rows.Close()
	var out []Partner
	for rows.Next() {
		var p Partner
		if err := rows.Scan(&p.Code, &p.Events, &p.Goldstein); err != nil {
			return nil, fmt.Errorf("store: partners: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// swap turns a source column into its target column and back.
func swap(col string) string {
	if s, ok := strings.CutPrefix(col, "source"); ok {
		return "target" + s
	}
	return "source" + strings.TrimPrefix(col, "target")
}

// ActorMonth is what an actor did and had done to it in one month.
type ActorMonth struct {
	Month    string  `json:"month"` // YYYY-MM
	AsSource int     `json:"as_source"`
	AsTarget int     `json:"as_target"`
	MeanOut  float64 `json:"mean_goldstein_as_source"`
	MeanIn   float64 `json:"mean_goldstein_as_target"`
}

// ActorMonths gives, month by month, the events actor takes part in.
func (s *Store) ActorMonths(ctx context.Context, actor, from, to string) ([]ActorMonth, error) {
	col := "source"
	if len(actor) == 3 {
		col = "source_country"
	}
	month := "substr(e.day, 1, 7)"
	span := ""
	var args []any
	args = append(args, actor)
	if from != "" {
		span += " AND e.day >= ?"
	}
	if to != "" {
		span += " AND e.day <= ?"
	}
	add := func() {
		if from != "" {
			args = append(args, from)
		}
		if to != "" {
			args = append(args, to)
		}
	}
	add()
	args = append(args, actor)
	add()
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT m, sum(src), sum(1 - src), coalesce(sum(src * g), 0), coalesce(sum((1 - src) * g), 0) FROM (
		SELECT `+month+` m, 1 src, e.goldstein g FROM events e WHERE e.`+col+` = ? AND e.day <> ''`+span+`
		UNION ALL
		SELECT `+month+`, 0, e.goldstein FROM events e WHERE e.`+swap(col)+` = ? AND e.day <> ''`+span+`) x
		GROUP BY m ORDER BY m`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: actor by month: %w", err)
	}
	defer rows.Close()
	var out []ActorMonth
	for rows.Next() {
		var a ActorMonth
		var gOut, gIn float64
		if err := rows.Scan(&a.Month, &a.AsSource, &a.AsTarget, &gOut, &gIn); err != nil {
			return nil, fmt.Errorf("store: actor by month: %w", err)
		}
		if a.AsSource > 0 {
			a.MeanOut = gOut / float64(a.AsSource)
		}
		if a.AsTarget > 0 {
			a.MeanIn = gIn / float64(a.AsTarget)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CodedAs is one code an entity of the dictionaries was given in stored documents, and when.
type CodedAs struct {
	Code     string `json:"code"`
	First    string `json:"first"` // publication days of the first and last document
	Last     string `json:"last"`
	Mentions int    `json:"mentions"`
}

// EntityCodes gives the codes the mentions of a dictionary entity (its canonical name) were
// given, in the order of first use: how a person's or a group's role changed in the news.
func (s *Store) EntityCodes(ctx context.Context, entity string) ([]CodedAs, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT m.code, min(d.published), max(d.published), count(*)
		FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity = ? GROUP BY m.code ORDER BY min(d.published), m.code`), entity)
	if err != nil {
		return nil, fmt.Errorf("store: entity codes: %w", err)
	}
	defer rows.Close()
	var out []CodedAs
	for rows.Next() {
		var c CodedAs
		if err := rows.Scan(&c.Code, &c.First, &c.Last, &c.Mentions); err != nil {
			return nil, fmt.Errorf("store: entity codes: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// HasActor reports whether a stored event has actor (a country code or a full code) as its
// source or target.
func (s *Store) HasActor(ctx context.Context, actor string) (bool, error) {
	src, tgt := "source", "target"
	if len(actor) == 3 {
		src, tgt = "source_country", "target_country"
	}
	var one int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT 1 FROM events WHERE `+src+` = ? UNION ALL SELECT 1 FROM events WHERE `+tgt+` = ? LIMIT 1`), actor, actor).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Link is the events from one actor to another in a period.
type Link struct {
	Source    string  `json:"source"`
	Target    string  `json:"target"`
	Events    int     `json:"events"`
	Goldstein float64 `json:"mean_goldstein"`
}

// Links gives the directed links between countries (or between full codes when full is set) in
// [from, to], limited to links whose two ends are both in among when it is not empty, the
// busiest first, at most n.
func (s *Store) Links(ctx context.Context, from, to string, among []string, full bool, n int) ([]Link, error) {
	src, tgt := "e.source_country", "e.target_country"
	if full {
		src, tgt = "e.source", "e.target"
	}
	q := `SELECT ` + src + `, ` + tgt + `, count(*), avg(e.goldstein) FROM events e WHERE e.source_country <> '' AND e.target_country <> '' AND ` + src + ` <> ` + tgt
	var args []any
	if from != "" || to != "" {
		q += " AND e.day <> ''"
	}
	if from != "" {
		q += " AND e.day >= ?"
		args = append(args, from)
	}
	if to != "" {
		q += " AND e.day <= ?"
		args = append(args, to)
	}
	if len(among) > 0 {
		q += " AND " + inList("e.source_country", among, &args) + " AND " + inList("e.target_country", among, &args)
	}
	q += " GROUP BY " + src + ", " + tgt + " ORDER BY count(*) DESC, 1, 2 LIMIT ?"
	args = append(args, n)
	rows, err := s.db.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: links: %w", err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.Source, &l.Target, &l.Events, &l.Goldstein); err != nil {
			return nil, fmt.Errorf("store: links: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Size is the size of the database in bytes: the file and its write-ahead log for SQLite.
func (s *Store) Size(ctx context.Context) (int64, error) {
	if s.engine == Postgres {
		var n int64
		err := s.db.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
		return n, err
	}
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(s.where + suffix); err == nil {
			n += fi.Size()
		}
	}
	return n, nil
}

// Counts gives the number of events and documents.
func (s *Store) Counts(ctx context.Context) (events, docs int64, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM documents)`).Scan(&events, &docs)
	return events, docs, err
}

// Stamp changes whenever a document is stored, and so whenever anything a query can see changes:
// events and reports only ever change with a new document. It is cheap: the last row of an index.
func (s *Store) Stamp(ctx context.Context) (int64, error) {
	var n sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT max(id) FROM documents`).Scan(&n)
	return n.Int64, err
}
