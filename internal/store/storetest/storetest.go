// Package storetest gives tests a fresh database on every engine that can be reached: always a
// SQLite file, and PostgreSQL when DYAD_TEST_POSTGRES names a server (a postgres:// URL whose
// user may create databases). Each test gets its own database, dropped when it ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// Env is the setting that names the PostgreSQL server tests may use.
const Env = "DYAD_TEST_POSTGRES"

var said sync.Once

// Engine is one database a test runs against.
type Engine struct {
	Name string // "sqlite" or "postgres"
	DSN  string
}

// Engines gives a fresh database per engine reachable. Where no PostgreSQL is named, it says so
// once in the test log and runs on SQLite alone.
func Engines(t testing.TB) []Engine {
	t.Helper()
	out := []Engine{{"sqlite", filepath.Join(t.TempDir(), "dyad.db")}}
	server := os.Getenv(Env)
	if server == "" {
		said.Do(func() {
			t.Logf("PostgreSQL: skipped, %s is not set (.ci/run starts a server and sets it)", Env)
		})
		return out
	}
	dsn, err := freshPostgres(t, server)
	if err != nil {
		t.Fatalf("PostgreSQL at %s (from %s): %v", redact(server), Env, err)
	}
	return append(out, Engine{"postgres", dsn})
}

func redact(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return "?"
}

// freshPostgres creates a database with a random name on server and drops it when t ends.
func freshPostgres(t testing.TB, server string) (string, error) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", err
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "dyad_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", err
	}
	t.Cleanup(func() {
		admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(server)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}
