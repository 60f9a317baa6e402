// Package store keeps documents, what the coder read in them, and the events they report, in
// SQLite (a file, the default) or PostgreSQL. Both engines run the same SQL through database/sql,
// with one folder of versioned migrations each; the few differences are in dialect.
//
// Reports and events are apart: a report is one statement of one document; an event is one
// fact (source, target, code, mode and date), however many documents report it.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("store: not found")

//go:embed migrations
var migrations embed.FS

// Engine names a database engine.
type Engine string

// The engines dyad can store into.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Store is an open database.
type Store struct {
	db     *sql.DB
	engine Engine
	where  string // the file or the server, without password, for messages
}

// DefaultPath is the database used when neither --db nor DYAD_DB names one.
const DefaultPath = "dyad.db"

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database dsn, a SQLite file path or a postgres:// URL, and brings its schema up
// to date. A SQLite file is created when missing; its folder must exist.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		dsn = DefaultPath
	}
	s := &Store{}
	var err error
	if IsPostgres(dsn) {
		s.engine = Postgres
		s.where = redact(dsn)
		s.db, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", s.where, err)
		}
		s.db.SetMaxOpenConns(16)
	} else {
		s.engine = SQLite
		s.where = dsn
		if dir := filepath.Dir(dsn); dir != "." {
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				return nil, fmt.Errorf("store: %s: folder %s does not exist", dsn, dir)
			}
		}
		// WAL lets readers run beside the one writer; a busy timeout makes a second writer wait
		// instead of failing; synchronous=NORMAL keeps every commit across a crash of dyad (only
		// a power cut can lose the last ones).
		q := url.Values{}
		for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)", "foreign_keys(ON)", "cache_size(-65536)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		s.db, err = sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", dsn, err)
		}
		s.db.SetMaxOpenConns(8)
		s.db.SetConnMaxIdleTime(time.Minute)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store: cannot open %s: %w", s.where, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Engine tells which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// Where names the database for messages: the file, or the server URL without its password.
func (s *Store) Where() string { return s.where }

// DB gives the underlying database, for tests and maintenance.
func (s *Store) DB() *sql.DB { return s.db }

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// q rewrites a query written with ? placeholders for the engine: $1, $2 ... for PostgreSQL.
func (s *Store) q(query string) string {
	if s.engine != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// slice gives the SQL for the bytes [from, to) of a text column: offsets are in bytes, and both
// engines' substr counts characters.
func (s *Store) slice(col, from, to string) string {
	if s.engine == Postgres {
		return "convert_from(substring(convert_to(" + col + ", 'UTF8') from " + from + " + 1 for " + to + " - " + from + "), 'UTF8')"
	}
	return "CAST(substr(CAST(" + col + " AS BLOB), " + from + " + 1, " + to + " - " + from + ") AS TEXT)"
}

// Version is the schema version the database is at.
func (s *Store) Version(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v)
	return int(v.Int64), err
}

// migrate applies, in order and each in its own transaction, the embedded migrations the
// database has not seen. A database written by a newer dyad is refused rather than misread.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: %s: %w", s.where, err)
	}
	dir := "migrations/" + string(s.engine)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	type mig struct {
		version int
		name    string
	}
	var all []mig
	for _, e := range entries {
		v, _, ok := strings.Cut(e.Name(), "_")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return fmt.Errorf("store: migration %s: name it NNNN_what.sql", e.Name())
		}
		all = append(all, mig{n, e.Name()})
	}
	sort.Slice(all, func(a, b int) bool { return all[a].version < all[b].version })
	have, err := s.Version(ctx)
	if err != nil {
		return fmt.Errorf("store: %s: %w", s.where, err)
	}
	if len(all) > 0 && have > all[len(all)-1].version {
		return fmt.Errorf("store: %s has schema version %d, newer than this dyad knows (%d): use a newer dyad", s.where, have, all[len(all)-1].version)
	}
	for _, m := range all {
		if m.version <= have {
			continue
		}
		body, err := fs.ReadFile(migrations, dir+"/"+m.name)
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: %s: %w", s.where, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		// A second dyad migrating at the same moment fails here on the key, and changes nothing.
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), m.version, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
	}
	return nil
}

// HasURL reports whether a document with this canonical URL is stored.
func (s *Store) HasURL(ctx context.Context, canonical string) (bool, error) {
	if canonical == "" {
		return false, nil
	}
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM documents WHERE canonical_url = ?`), canonical).Scan(&n)
	return n > 0, err
}
