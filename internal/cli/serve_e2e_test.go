package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium names the browser binary to drive, or why there is none: DYAD_CHROMIUM when it
// is set, else the first of the usual names found in PATH.
func findChromium() (string, string) {
	if name := os.Getenv("DYAD_CHROMIUM"); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Sprintf("DYAD_CHROMIUM=%q names no executable browser: %v", name, err)
		}
		return path, ""
	}
	names := []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	for _, name := range names {
		if path, err := exec.LookPath(name); err == nil {
			return path, ""
		}
	}
	return "", fmt.Sprintf("no Chromium found: none of %s is in PATH; set DYAD_CHROMIUM to the browser binary to run this test", strings.Join(names, ", "))
}

// artifactDir is where the screenshots go: $DYAD_ARTIFACTS, or dyad-e2e in the system's
// temporary directory.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DYAD_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "dyad-e2e")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifact directory: %v", err)
	}
	return dir
}

// childEnv gives the environment that makes the test binary run dyad with args.
func childEnv(t *testing.T, args ...string) []string {
	t.Helper()
	j, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "DYAD_TEST_ARGS="+string(j))
}

// logBuffer collects a child's output, and reports the first match of a pattern in it.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	pattern *regexp.Regexp
	found   chan string // gets the first submatch of pattern, once
	sent    bool
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if b.pattern != nil && !b.sent {
		if m := b.pattern.FindSubmatch(b.buf.Bytes()); m != nil {
			b.sent = true
			b.found <- string(m[1])
		}
	}
	return len(p), nil
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveChild is a running `dyad serve` child.
type serveChild struct {
	url    string
	cmd    *exec.Cmd
	stderr *logBuffer
	exited chan struct{} // closed once the child has exited; err holds what Wait said
	err    error
}

// startServer starts `dyad serve` on a free loopback port and waits until it says its URL.
func startServer(t *testing.T, db string) *serveChild {
	t.Helper()
	s := &serveChild{
		stderr: &logBuffer{pattern: regexp.MustCompile(` on (http://127\.0\.0\.1:\d+/)`), found: make(chan string, 1)},
		exited: make(chan struct{}),
	}
	s.cmd = exec.Command(os.Args[0], "-test.run=^$")
	s.cmd.Env = childEnv(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	s.cmd.Stdout = s.stderr
	s.cmd.Stderr = s.stderr
	s.cmd.WaitDelay = 5 * time.Second
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting dyad serve: %v", err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			s.cmd.Process.Kill()
			<-s.exited
		}
	})
	select {
	case s.url = <-s.stderr.found:
	case <-s.exited:
		t.Fatalf("dyad serve exited before it served (%v):\n%s", s.err, s.stderr)
	case <-time.After(20 * time.Second):
		t.Fatalf("dyad serve did not say its address within 20s:\n%s", s.stderr)
	}
	return s
}

// stop sends SIGTERM and checks that the server shuts down cleanly within 15s.
func (s *serveChild) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("signalling dyad serve: %v", err)
	}
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("dyad serve did not stop within 15s of SIGTERM:\n%s", s.stderr)
	}
	if s.err != nil {
		t.Fatalf("dyad serve did not stop cleanly after SIGTERM: %v\n%s", s.err, s.stderr)
	}
	if !strings.Contains(s.stderr.String(), "dyad serve stopped") {
		t.Errorf("dyad serve exited 0 but did not say it stopped:\n%s", s.stderr)
	}
}

// TestServeInBrowser builds the demo database, serves it with `dyad serve` in a child process,
// and drives Chromium through the dashboard: the overview, a dyad, one of its events, the
// network and the coding form. It saves a screenshot of each page.
func TestServeInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the browser test, which starts Chromium and a server")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the test stops the server with SIGTERM, which Windows lacks")
	}
	browser, why := findChromium()
	if browser == "" {
		t.Skip(why)
	}
	started := time.Now()
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	arts := artifactDir(t)
	// Screenshots of an earlier run would mislead.
	for _, name := range []string{"overview.png", "dyad-AZE-IRN.png", "event.png", "network.png", "code.png", "failure.png"} {
		os.Remove(filepath.Join(arts, name))
	}

	// The demo database, built by a dyad child process.
	demoCtx, demoCancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer demoCancel()
	demo := exec.CommandContext(demoCtx, os.Args[0], "-test.run=^$")
	demo.Env = childEnv(t, "demo", "--db", db)
	if out, err := demo.CombinedOutput(); err != nil {
		t.Fatalf("dyad demo --db %s: %v\n%s", db, err, out)
	}
	t.Logf("demo database built in %v", time.Since(started).Round(time.Millisecond))

	srv := startServer(t, db)
	base := strings.TrimSuffix(srv.url, "/")
	t.Logf("dyad serve is at %s", srv.url)

	// The browser, with one tab. The whole run has 90s.
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(dir, "chromium-profile")),
		chromedp.WindowSize(1280, 1600),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(ctx, opts...)
	defer allocCancel()
	tab, tabCancel := chromedp.NewContext(allocCtx)
	defer tabCancel()
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("starting %s: %v", browser, err)
	}

	// What the pages write to the console; an uncaught exception fails the test.
	var consoleMu sync.Mutex
	var console []string
	var exceptions []string
	consoleDone := make(chan struct{})
	messages := chromedp.Console(tab)
	go func() {
		defer close(consoleDone)
		for m, err := range messages {
			if err != nil {
				return
			}
			consoleMu.Lock()
			line := fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1)
			console = append(console, line)
			if m.IsException() {
				exceptions = append(exceptions, line)
			}
			consoleMu.Unlock()
		}
	}()

	// step runs an action with a time limit of its own; the browser stays up after a time-out.
	step := func(steps ...chromedp.Action[chromedp.Void]) error {
		sctx, scancel := context.WithTimeout(tab, 20*time.Second)
		defer scancel()
		return chromedp.Do(sctx, steps...)
	}
	location := func() string {
		sctx, scancel := context.WithTimeout(tab, 5*time.Second)
		defer scancel()
		loc, err := chromedp.Run(sctx, chromedp.Location())
		if err != nil {
			return fmt.Sprintf("(no location: %v)", err)
		}
		return loc
	}
	// fail ends the test with the page's address, a screenshot of it, what the pages wrote to
	// the console and the server's output.
	fail := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		shot := ""
		sctx, scancel := context.WithTimeout(tab, 10*time.Second)
		if buf, err := chromedp.Run(sctx, chromedp.FullScreenshot(100)); err == nil {
			p := filepath.Join(arts, "failure.png")
			if os.WriteFile(p, buf, 0o644) == nil {
				shot = "\nscreenshot: " + p
			}
		}
		scancel()
		consoleMu.Lock()
		logged := strings.Join(console, "\n")
		consoleMu.Unlock()
		if logged == "" {
			logged = "(nothing)"
		}
		t.Fatalf("%s\npage: %s%s\nbrowser console:\n%s\nserver output:\n%s", msg, location(), shot, logged, srv.stderr)
	}
	open := func(path string) {
		t.Helper()
		sctx, scancel := context.WithTimeout(tab, 20*time.Second)
		defer scancel()
		resp, err := chromedp.Run(sctx, chromedp.NavigateResponse(base+path))
		if err != nil {
			fail("opening %s: %v", path, err)
		}
		if resp.Status != 200 {
			fail("%s answered HTTP %d %s", path, resp.Status, resp.StatusText)
		}
	}
	count := func(selector string) int {
		t.Helper()
		sctx, scancel := context.WithTimeout(tab, 10*time.Second)
		defer scancel()
		js, _ := json.Marshal(selector)
		n, err := chromedp.Run(sctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%s).length", js)))
		if err != nil {
			fail("counting %s: %v", selector, err)
		}
		return n
	}
	atLeastOne := func(selector string) int {
		t.Helper()
		n := count(selector)
		if n == 0 {
			fail("the page has no %s", selector)
		}
		return n
	}
	text := func(sel chromedp.CSS) string {
		t.Helper()
		sctx, scancel := context.WithTimeout(tab, 10*time.Second)
		defer scancel()
		s, err := chromedp.Run(sctx, chromedp.Text(sel))
		if err != nil {
			fail("reading the text of %s: %v", sel, err)
		}
		return strings.Join(strings.Fields(s), " ")
	}
	wait := func(selectors ...string) {
		t.Helper()
		for _, s := range selectors {
			if err := step(chromedp.WaitVisible(chromedp.CSS(s))); err != nil {
				fail("waiting for %s: %v", s, err)
			}
		}
	}
	// shoot saves a screenshot of the whole page. Quality 100 makes chromedp ask for a PNG; any
	// other quality gives a JPEG, which a .png name would misname.
	shoot := func(name string) {
		t.Helper()
		sctx, scancel := context.WithTimeout(tab, 20*time.Second)
		defer scancel()
		buf, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
		if err != nil {
			fail("screenshot %s: %v", name, err)
		}
		p := filepath.Join(arts, name)
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			t.Fatalf("saving the screenshot: %v", err)
		}
		t.Logf("screenshot: %s", p)
	}

	// The overview: the chart of events per day, and the most active dyads.
	open("/")
	wait("#days svg.chart")
	if h := text("h1"); h != "Overview" {
		fail("the overview's heading is %q, want %q", h, "Overview")
	}
	marks := atLeastOne("#days svg.chart rect")
	links := atLeastOne(`#dyads table a[href^="/dyad/"]`)
	t.Logf("overview: %d chart marks, %d dyad links", marks, links)
	shoot("overview.png")

	// A dyad: both charts, and its events with the words they rest on.
	open("/dyad/AZE/IRN")
	wait("#counts svg.chart", "#means svg.chart")
	bars := atLeastOne("#counts svg rect")
	dots := atLeastOne("#means svg circle")
	events := atLeastOne("#events li.event")
	if count("#events li.event:first-child blockquote.evidence mark") == 0 {
		fail("the first event shows no highlighted evidence (blockquote.evidence mark)")
	}
	evlink := text("#events li.event a.evlink")
	m := regexp.MustCompile(`CAMEO (\d{3,4})`).FindStringSubmatch(evlink)
	if m == nil {
		fail("the first event's link %q names no CAMEO code", evlink)
	}
	cameo := m[1]
	t.Logf("dyad AZE-IRN: %d bars, %d points, %d events; the first is %q", bars, dots, events, evlink)
	shoot("dyad-AZE-IRN.png")

	// Its first event, by a click on its link.
	sctx, scancel := context.WithTimeout(tab, 20*time.Second)
	resp, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS("#events li.event a.evlink")))
	scancel()
	if err != nil {
		fail("clicking the first event: %v", err)
	}
	if resp.Status != 200 {
		fail("the event page answered HTTP %d %s", resp.Status, resp.StatusText)
	}
	wait("ol.reports li.report")
	loc := location()
	if u, err := url.Parse(loc); err != nil || !strings.HasPrefix(u.Path, "/event/") {
		fail("the click on the event led to %s, not to an /event/ page", loc)
	}
	atLeastOne("li.report blockquote.evidence mark")
	if ev := text("li.report blockquote.evidence mark"); ev == "" {
		fail("the first report's evidence mark is empty")
	}
	if facts := text("dl.facts"); !strings.Contains(facts, "CAMEO "+cameo) {
		fail("dl.facts does not show CAMEO %s:\n%s", cameo, facts)
	}
	t.Logf("event %s: %d reports", loc, count("ol.reports li.report"))
	shoot("event.png")

	// The network of actors.
	open("/network")
	wait("svg.chart")
	t.Logf("network: %d lines, %d circles", count("svg.chart line, svg.chart path"), count("svg.chart circle"))
	shoot("network.png")

	// The coding form: code one sentence, store nothing.
	open("/code")
	wait(`textarea[name=text]`)
	const sentence = "Azerbaijani President Ilham Aliyev met Iranian Foreign Minister Abbas Araghchi in Baku on Monday."
	if err := step(
		chromedp.SetValue(chromedp.CSS(`textarea[name=text]`), sentence),
		chromedp.SetValue(chromedp.CSS(`input[name=date]`), "2026-02-10"),
	); err != nil {
		fail("filling the form: %v", err)
	}
	sctx, scancel = context.WithTimeout(tab, 20*time.Second)
	resp, err = chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS(`form.codeform button[type=submit]`)))
	scancel()
	if err != nil {
		fail("submitting the form: %v", err)
	}
	if resp.Status != 200 {
		fail("POST /code answered HTTP %d %s", resp.Status, resp.StatusText)
	}
	wait("#result")
	atLeastOne("ol.reports li.report")
	first := text("ol.reports li.report .head")
	if !strings.Contains(first, "AZE") || !strings.Contains(first, "IRN") {
		fail("the first coded event is %q, not one between AZE and IRN", first)
	}
	// Published on Tuesday 10 February 2026, "on Monday" is the 9th.
	if !strings.Contains(first, "2026-02-09") {
		fail("the first coded event is %q, not dated 2026-02-09", first)
	}
	t.Logf("code: %s; the first event is %q", text("#result"), first)
	shoot("code.png")

	// The browser goes first, then the server, which must stop cleanly.
	tabCancel()
	allocCancel()
	<-consoleDone
	consoleMu.Lock()
	for _, line := range console {
		t.Logf("console: %s", line)
	}
	if len(exceptions) > 0 {
		t.Errorf("the pages threw %d uncaught exceptions:\n%s", len(exceptions), strings.Join(exceptions, "\n"))
	}
	consoleMu.Unlock()
	srv.stop(t)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("the browser run took more than 90s")
	}
	t.Logf("done in %v", time.Since(started).Round(time.Millisecond))
}
