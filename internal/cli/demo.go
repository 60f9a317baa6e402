package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/dyad-events/dyad/internal/demo"
	"github.com/dyad-events/dyad/internal/pipeline"
)

type demoCmd struct {
	DB string `name:"db" env:"DYAD_DB" default:"dyad.db" placeholder:"PATH|URL" help:"The database to build: a SQLite file, or a postgres:// URL."`
	dictFlags
}

func (c *demoCmd) Run(e *env) error {
	st, err := dbFlags{DB: c.DB}.open(e.ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var other int
	if err := st.DB().QueryRowContext(e.ctx, `SELECT count(*) FROM documents WHERE source NOT LIKE 'demo:%'`).Scan(&other); err != nil {
		return err
	}
	if other > 0 {
		return fmt.Errorf("demo: %s already holds %d documents of yours; build the demo in another file with --db dyad-demo.db", st.Where(), other)
	}
	coder, err := c.coderFor(true)
	if err != nil {
		return err
	}
	started := time.Now()
	stats, err := demo.Load(e.ctx, st, coder)
	fmt.Fprint(e.stderr, pipeline.Summary(stats, time.Since(started)))
	if err != nil {
		return err
	}
	if stats.Failed > 0 {
		return errFailed
	}
	var events, docs int
	st.DB().QueryRowContext(context.WithoutCancel(e.ctx), `SELECT count(*) FROM events`).Scan(&events)
	st.DB().QueryRowContext(context.WithoutCancel(e.ctx), `SELECT count(*) FROM documents`).Scan(&docs)
	db := ""
	if c.DB != "dyad.db" {
		db = " --db " + c.DB
	}
	fmt.Fprintf(e.stdout, "\nThe demo database %s holds %d news items (2024-2026) and the %d events dyad coded from them.\nTry next:\n\n", st.Where(), docs, events)
	for _, t := range [][2]string{
		{"dyad dyad AZE IRN", "how Azerbaijan and Iran treated each other, month by month, both ways"},
		{"dyad events --dyad AZE:IRN", "the events behind it, with how many outlets told each"},
		{"dyad events --dyad AZE:ARM --outlet-country AZE", "the Azerbaijan-Armenia peace process as Azerbaijani outlets told it"},
		{"dyad events --actor AFG --root 04 -f jsonl", "consultations with Afghanistan, as JSON Lines"},
		{"dyad events --quad 4 -f gdelt", "material conflict, in the GDELT 2.0 event table's columns"},
		{"dyad events -f parquet -o events.parquet", "every event, for DuckDB or pandas"},
		{"dyad serve", "the dashboard at http://127.0.0.1:8080/ and the JSON API under /api/v1/"},
	} {
		fmt.Fprintf(e.stdout, "  %s%s\n      %s\n", t[0], db, t[1])
	}
	fmt.Fprintf(e.stdout, "  dyad code --explain examples/caucasus.md\n      code one article and see why each event was coded\n")
	return nil
}
