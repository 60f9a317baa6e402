package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/dedup"
	"github.com/dyad-events/dyad/internal/model"
)

// Doc is one document ready to store: the document, where it came from, its fingerprints and
// what the coder read in it.
type Doc struct {
	model.Document
	Source        string // a file, file:line, URL or feed item
	CanonicalURL  string // "" when the document has no URL
	OutletCode    string // the outlet's actor code, when the dictionaries know the outlet
	OutletCountry string
	TextHash      string // hex SHA-256 of the text with spaces folded
	SimHash       uint64
	Words         int           // words in the text: near-copy detection needs enough of them
	MinHash       dedup.MinHash // of its word trigrams, to measure resemblance
	Bands         [dedup.Bands]int64
	Analysis      model.Analysis
}

// Outcome says what storing a document did.
type Outcome int

// The outcomes of storing one document.
const (
	New       Outcome = iota // a document not seen before, with its events
	Duplicate                // already stored (same URL, or same text from the same outlet): nothing added
	Copy                     // a copy of a stored document from elsewhere: its reports join that document's events
)

func (o Outcome) String() string {
	switch o {
	case Duplicate:
		return "duplicate"
	case Copy:
		return "copy"
	}
	return "new"
}

// Result is what storing one document did.
type Result struct {
	ID        int64   // the document's row, or the stored document it duplicates
	Outcome   Outcome //
	CopyOf    int64   // for a copy, the document it copies
	NewEvents int     // events first told by this document
	Reports   int     // reports stored
}

// Near copies are found in two steps. Candidates are the stored documents that share a MinHash
// band with the new one (dedup.Bands). A candidate within MaxCopyDistance SimHash bits is a
// copy; otherwise one whose MinHash values say it resembles the new document by MinResemblance
// or more is its original, the most resembling first.
// Short news items differ in more SimHash bits for the same edit than long pages, hence the
// second step.
const (
	MaxCopyDistance = 3
	MinResemblance  = 0.75
)

// MinCopyWords is the fewest words a text needs for near-copy detection: shorter texts have
// fingerprints too close by chance.
const MinCopyWords = 40

// Add stores documents in one transaction. Each document is stored with everything read in it,
// or not at all: a document that fails is rolled back alone (to a savepoint) and its error is
// given in its Result slot; the others are kept. The returned error is for the transaction as
// a whole, and then nothing was stored.
func (s *Store) Add(ctx context.Context, docs []*Doc) ([]Result, []error, error) {
	// Documents rarely fail: try the batch without savepoints, which cost SQLite a journal of
	// their own, and only when one fails do it again with a savepoint around each document.
	res, errs, err := s.add(ctx, docs, false)
	if err == errRetry {
		res, errs, err = s.add(ctx, docs, true)
	}
	return res, errs, err
}

var errRetry = errors.New("store: a document failed: retry with savepoints")

func (s *Store) add(ctx context.Context, docs []*Doc, savepoints bool) ([]Result, []error, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("store: %w", err)
	}
	defer tx.Rollback()
	w := &writer{s: s, tx: tx, ctx: ctx, stmts: map[string]*sql.Stmt{}}
	defer w.close()
	res := make([]Result, len(docs))
	errs := make([]error, len(docs))
	for i, d := range docs {
		if savepoints {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT doc"); err != nil {
				return nil, nil, fmt.Errorf("store: %w", err)
			}
		}
		r, err := w.add(d)
		if err != nil {
			if !savepoints {
				return nil, nil, errRetry
			}
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT doc"); rerr != nil {
				return nil, nil, fmt.Errorf("store: %w (after %v)", rerr, err)
			}
			errs[i] = err
		}
		if savepoints {
			if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT doc"); err != nil {
				return nil, nil, fmt.Errorf("store: %w", err)
			}
		}
		res[i] = r
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, fmt.Errorf("store: commit: %w", err)
	}
	return res, errs, nil
}

type writer struct {
	s     *Store
	tx    *sql.Tx
	ctx   context.Context
	stmts map[string]*sql.Stmt
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// stmt prepares a statement once per transaction.
func (w *writer) stmt(query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(w.ctx, w.s.q(query))
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

func (w *writer) exec(query string, args ...any) error {
	_, err := w.execN(query, args...)
	return err
}

// execN runs a statement and gives the number of rows it changed.
func (w *writer) execN(query string, args ...any) (int64, error) {
	st, err := w.stmt(query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(w.ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// one runs a query expected to give one row; ok is false when it gives none.
func (w *writer) one(query string, args []any, dest ...any) (bool, error) {
	st, err := w.stmt(query)
	if err != nil {
		return false, err
	}
	err = st.QueryRowContext(w.ctx, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// find finds, in one query, the stored document d repeats (the same canonical URL, or the same
// text from the same outlet) or, failing that, the original of which d is an exact copy (the same
// text from another outlet), and then the original of which it is a near copy.
func (w *writer) find(d *Doc) (dup, orig int64, err error) {
	st, err := w.stmt(`SELECT id, copy_of, canonical_url, outlet, text_hash FROM documents WHERE canonical_url = ? OR text_hash = ?`)
	if err != nil {
		return 0, 0, err
	}
	var canonical any
	if d.CanonicalURL != "" {
		canonical = d.CanonicalURL
	}
	rows, err := st.QueryContext(w.ctx, canonical, d.TextHash)
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var id int64
		var co sql.NullInt64
		var cu sql.NullString
		var outlet, hash string
		if err := rows.Scan(&id, &co, &cu, &outlet, &hash); err != nil {
			rows.Close()
			return 0, 0, err
		}
		if cu.Valid && cu.String == d.CanonicalURL || hash == d.TextHash && outlet == d.Outlet {
			if dup == 0 || id < dup {
				dup = id
			}
			continue
		}
		o := id
		if co.Valid {
			o = co.Int64
		}
		if orig == 0 || o < orig {
			orig = o
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || dup != 0 || orig != 0 {
		return dup, orig, err
	}
	orig, err = w.nearCopyOf(d)
	return 0, orig, err
}

// nearCopyOf finds the stored original that d copies with small edits.
func (w *writer) nearCopyOf(d *Doc) (int64, error) {
	if d.Words < MinCopyWords {
		return 0, nil
	}
	st, err := w.stmt(`SELECT id, simhash, copy_of, minhash FROM documents WHERE (sh0 = ? OR sh1 = ? OR sh2 = ? OR sh3 = ?) AND words >= ? LIMIT 200`)
	if err != nil {
		return 0, err
	}
	rows, err := st.QueryContext(w.ctx, d.Bands[0], d.Bands[1], d.Bands[2], d.Bands[3], MinCopyWords)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	best, bestSim := int64(0), 0.0
	for rows.Next() {
		var id, sh int64
		var co sql.NullInt64
		var mh []byte
		if err := rows.Scan(&id, &sh, &co, &mh); err != nil {
			return 0, err
		}
		orig := id
		if co.Valid {
			orig = co.Int64
		}
		sim := 0.0
		if bits.OnesCount64(uint64(sh)^d.SimHash) <= MaxCopyDistance {
			sim = 1
		} else if m, ok := dedup.ParseMinHash(mh); ok {
			sim = dedup.Similarity(&m, &d.MinHash)
		}
		if sim >= MinResemblance && (sim > bestSim || sim == bestSim && orig < best) {
			best, bestSim = orig, sim
		}
	}
	return best, rows.Err()
}

func (w *writer) add(d *Doc) (Result, error) {
	dup, orig, err := w.find(d)
	if err != nil {
		return Result{}, err
	}
	if dup != 0 {
		return Result{ID: dup, Outcome: Duplicate}, nil
	}
	r := Result{Outcome: New}
	var copyOf any
	if orig != 0 {
		r.Outcome, r.CopyOf, copyOf = Copy, orig, orig
	}
	var canonical any
	if d.CanonicalURL != "" {
		canonical = d.CanonicalURL
	}
	if _, err := w.one(`INSERT INTO documents (source, url, canonical_url, outlet, outlet_code, outlet_country, title, published,
		text_hash, simhash, sh0, sh1, sh2, sh3, words, minhash, copy_of, text, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{d.Source, d.URL, canonical, d.Outlet, d.OutletCode, d.OutletCountry, d.Title, d.Date.String(),
			d.TextHash, int64(d.SimHash), d.Bands[0], d.Bands[1], d.Bands[2], d.Bands[3], d.Words, d.MinHash.Bytes(), copyOf,
			d.Text, time.Now().UTC().Format(time.RFC3339)}, &r.ID); err != nil {
		return r, fmt.Errorf("store: document: %w", err)
	}
	a := &d.Analysis
	if err := w.many(`INSERT INTO sentences (doc_id, n, start, "end") VALUES `, 4, len(a.Sentences), func(i int, args []any) []any {
		return append(args, r.ID, i, a.Sentences[i].Start, a.Sentences[i].End)
	}, ""); err != nil {
		return r, fmt.Errorf("store: sentences: %w", err)
	}
	if err := w.many(`INSERT INTO mentions (doc_id, sentence, start, "end", code, country, sector, entity, text) VALUES `, 9, len(a.Mentions), func(i int, args []any) []any {
		m := &a.Mentions[i]
		return append(args, r.ID, m.Sentence, m.Span.Start, m.Span.End, m.Actor.Code, m.Actor.Country, m.Actor.Sector, m.Actor.Entity, m.Actor.Text)
	}, " ON CONFLICT DO NOTHING"); err != nil {
		return r, fmt.Errorf("store: mentions: %w", err)
	}
	if err := w.many(`INSERT INTO quotes (doc_id, sentence, start, "end", speaker_code, speaker_text) VALUES `, 6, len(a.Quotes), func(i int, args []any) []any {
		q := &a.Quotes[i]
		var code, txt string
		if q.Speaker != nil {
			code, txt = q.Speaker.Code, q.Speaker.Text
		}
		return append(args, r.ID, q.Sentence, q.Span.Start, q.Span.End, code, txt)
	}, " ON CONFLICT DO NOTHING"); err != nil {
		return r, fmt.Errorf("store: quotes: %w", err)
	}
	var known map[string]int64
	var origText string
	if orig != 0 {
		if known, origText, err = w.eventsOf(orig); err != nil {
			return r, err
		}
	}
	// An event this document tells first gets its counts when it is inserted; one it adds reports
	// to, or tells twice, is counted again from its reports.
	touched := map[int64]bool{}
	var recount []int64
	for i := range a.Events {
		ev := &a.Events[i]
		id, fresh, err := w.event(d, r.ID, ev, known, origText)
		if err != nil {
			return r, err
		}
		if id == 0 {
			continue
		}
		if fresh && !touched[id] {
			r.NewEvents++
		} else if !slices.Contains(recount, id) {
			recount = append(recount, id)
		}
		touched[id] = true
		n, err := w.reports(d, r.ID, id, ev, a.Sentences)
		if err != nil {
			return r, err
		}
		r.Reports += n
	}
	for _, id := range recount {
		if err := w.exec(`UPDATE events SET
			n_reports = (SELECT count(*) FROM reports WHERE event_id = ?),
			n_docs = (SELECT count(DISTINCT doc_id) FROM reports WHERE event_id = ?),
			n_outlets = (SELECT count(DISTINCT outlet) FROM reports WHERE event_id = ? AND outlet <> ''),
			n_countries = (SELECT count(DISTINCT outlet_country) FROM reports WHERE event_id = ? AND outlet_country <> '')
			WHERE id = ?`, id, id, id, id, id); err != nil {
			return r, fmt.Errorf("store: counting reports: %w", err)
		}
	}
	return r, nil
}

// copyKey identifies an event within a copy: a copy republished a day later can resolve "on
// Friday" to another date, and is still the same report of the same fact.
func copyKey(source, target, cameo, mode string) string {
	return source + "|" + target + "|" + cameo + "|" + mode
}

// eventsOf gives the events the stored document id reports, by copyKey, and its text.
func (w *writer) eventsOf(id int64) (map[string]int64, string, error) {
	var txt string
	if _, err := w.one(`SELECT text FROM documents WHERE id = ?`, []any{id}, &txt); err != nil {
		return nil, "", err
	}
	st, err := w.stmt(`SELECT DISTINCT e.id, e.source, e.target, e.cameo, e.mode FROM reports r JOIN events e ON e.id = r.event_id WHERE r.doc_id = ?`)
	if err != nil {
		return nil, "", err
	}
	rows, err := st.QueryContext(w.ctx, id)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var eid int64
		var src, tgt, cameo, mode string
		if err := rows.Scan(&eid, &src, &tgt, &cameo, &mode); err != nil {
			return nil, "", err
		}
		out[copyKey(src, tgt, cameo, mode)] = eid
	}
	return out, txt, rows.Err()
}

// event finds or makes the stored event ev reports. In a copy, an event the original also
// reports is that event; one told in a sentence the original has too is dropped, since the
// original's reading of it stands; one told in the copy's own sentences is new.
func (w *writer) event(d *Doc, docID int64, ev *model.Event, known map[string]int64, origText string) (int64, bool, error) {
	if known != nil {
		if id, ok := known[copyKey(ev.Source.Code, ev.Target.Code, ev.Cameo, string(ev.Mode))]; ok {
			return id, false, nil
		}
		if s := strings.TrimSpace(ev.Evidence.Sentence); s != "" && strings.Contains(origText, s) {
			return 0, false, nil
		}
	}
	day := ev.Date
	switch len(day) {
	case 4:
		day += "-01-01"
	case 7:
		day += "-01"
	}
	var id, first int64
	if _, err := w.one(`INSERT INTO events (source, source_country, source_sector, source_entity, target, target_country, target_sector, target_entity,
		cameo, root, quad, goldstein, plover, plover_mode, plover_context, mode, date, date_precision, day, first_doc,
		first_outlet, first_url, n_reports, n_docs, n_outlets, n_countries)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
		ON CONFLICT (source, target, cameo, mode, date) DO UPDATE SET first_doc = events.first_doc
		RETURNING id, first_doc`,
		[]any{ev.Source.Code, ev.Source.Country, ev.Source.Sector, ev.Source.Entity, ev.Target.Code, ev.Target.Country, ev.Target.Sector, ev.Target.Entity,
			ev.Cameo, ev.Root, ev.Quad, ev.Goldstein, ev.Plover, ev.PloverMode, ev.PloverContext, string(ev.Mode), ev.Date, ev.DatePrecision, day, docID,
			d.Outlet, d.URL, statements(ev), b2i(d.Outlet != ""), b2i(d.OutletCountry != "")},
		&id, &first); err != nil {
		return 0, false, fmt.Errorf("store: event: %w", err)
	}
	return id, first == docID, nil
}

// statements gives the number of distinct statements of ev: its reports in one document.
func statements(ev *model.Event) int {
	if len(ev.Mentions) == 0 {
		return 1
	}
	seen := make(map[int]bool, len(ev.Mentions))
	for _, m := range ev.Mentions {
		seen[m.Start] = true
	}
	return len(seen)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// many inserts n rows of cols columns, in statements of 32, 16, 8, 4, 2 or 1 rows, each
// prepared once per transaction.
func (w *writer) many(head string, cols, n int, row func(i int, args []any) []any, tail string) error {
	for from := 0; from < n; {
		size := 32
		for size > n-from {
			size /= 2
		}
		var b strings.Builder
		b.WriteString(head)
		one := "(?" + strings.Repeat(", ?", cols-1) + ")"
		for i := 0; i < size; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
		}
		b.WriteString(tail)
		args := make([]any, 0, size*cols)
		for i := from; i < from+size; i++ {
			args = row(i, args)
		}
		if err := w.exec(b.String(), args...); err != nil {
			return err
		}
		from += size
	}
	return nil
}

// reports stores one report per statement of ev in the document.
func (w *writer) reports(d *Doc, docID, eventID int64, ev *model.Event, sents []model.Span) (int, error) {
	var explain string
	if ev.Explain != nil {
		b, err := json.Marshal(ev.Explain)
		if err != nil {
			return 0, err
		}
		explain = string(b)
	}
	var spCode, spText string
	if ev.Speaker != nil {
		spCode, spText = ev.Speaker.Code, ev.Speaker.Text
	}
	spans := ev.Mentions
	if len(spans) == 0 {
		spans = []model.Evidence{ev.Evidence}
	}
	n := 0
	for _, sp := range spans {
		sent := sentenceAt(sents, sp.Start)
		added, err := w.execN(`INSERT INTO reports (event_id, doc_id, sentence, start, "end", source_text, target_text, speaker_code, speaker_text,
			rule, confidence, explain, outlet, outlet_country, published)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			eventID, docID, sent, sp.Start, sp.End, ev.Source.Text, ev.Target.Text, spCode, spText,
			ev.Rule, ev.Confidence, explain, d.Outlet, d.OutletCountry, d.Date.String())
		if err != nil {
			return 0, fmt.Errorf("store: report: %w", err)
		}
		n += int(added)
	}
	return n, nil
}

// sentenceAt gives the index of the sentence holding byte at.
func sentenceAt(sents []model.Span, at int) int {
	lo, hi := 0, len(sents)
	for lo < hi {
		m := (lo + hi) / 2
		if sents[m].End <= at {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return min(lo, max(len(sents)-1, 0))
}
