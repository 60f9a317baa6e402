package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"time"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/api"
	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/server"
	"github.com/dyad-events/dyad/internal/web"
)

type serveCmd struct {
	Addr    string        `default:"127.0.0.1:8080" help:"Address to listen on. Anything but a loopback address opens the server to the network: dyad warns."`
	Timeout time.Duration `default:"30s" help:"Longest time one request may take."`
	Cache   int           `default:"64" placeholder:"MB" help:"Size of the response cache in MB; 0 turns it off. Answers are kept until a document is stored."`
	NoWeb   bool          `name:"no-web" help:"Serve the JSON API, /healthz and /metrics only, without the dashboard."`
	dbFlags
	dictFlags
}

func (c *serveCmd) Run(e *env) error {
	if c.Timeout <= 0 {
		return errors.New("--timeout must be positive")
	}
	if c.Cache < 0 {
		return errors.New("--cache must be 0 (off) or more")
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	st, err := c.openExisting(e.ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	set, m, err := c.load()
	if err != nil {
		return err
	}
	if m == nil {
		m = actors.Compile(set)
	}
	coder, err := coding.NewWithMatcher(set, m)
	if err != nil {
		return err
	}
	a := api.New(st, coder, set, m, log, runtime.GOMAXPROCS(0))
	cfg := server.Config{Store: st, API: a, Log: log, Timeout: c.Timeout, CacheBytes: c.Cache << 20}
	if c.Cache == 0 {
		cfg.CacheBytes = -1
	}
	if !c.NoWeb {
		w, err := web.New(a, log)
		if err != nil {
			return err
		}
		cfg.Web = w
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", c.Addr, err)
	}
	if !server.Loopback(c.Addr) {
		fmt.Fprintf(e.stderr, "warning: listening on %s, which other machines can reach; the API reads the whole database and has no login. Use 127.0.0.1 unless you mean it.\n", c.Addr)
	}
	fmt.Fprintf(e.stderr, "dyad serves %s on http://%s/ (API under /api/v1/, health at /healthz, metrics at /metrics); Ctrl-C stops it\n", st.Where(), ln.Addr())
	err = server.Serve(e.ctx, ln, server.New(cfg), log, 10*time.Second)
	fmt.Fprintln(e.stderr, "dyad serve stopped")
	return err
}
