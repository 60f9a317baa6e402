// Package codingtest holds dyad's gold corpus, written by the project, and the scorer that holds
// any coder to it: precision, recall and F1 of the whole event, its root and full code, source,
// target, mode and date. The corpus format is described in docs/coding.md.
package codingtest

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/internal/model"
)

// FS holds the gold corpus files (gold/*.txt), the held-out set (heldout/*.txt) and the score
// floors (floors.txt).
//
//go:embed gold heldout floors.txt
var FS embed.FS

// GoldEvent is one expected event.
type GoldEvent struct {
	Source, Target, Code string
	Mode                 model.Mode
	Date                 string
}

// Item is one gold item: a text, its article date and the events it must give.
type Item struct {
	ID     string
	Date   model.Date
	Tags   []string
	Text   string
	Events []GoldEvent
	None   bool
	Where  string // file:line of the item
}

// Load reads every gold/*.txt file of fsys. Errors name file:line.
func Load(fsys fs.FS) ([]Item, error) { return LoadSet(fsys, "gold") }

// LoadSet reads every DIR/*.txt file of fsys: "gold" is the development corpus, "heldout" a set
// kept apart to check that what the coder learnt from the first carries over.
func LoadSet(fsys fs.FS, dir string) ([]Item, error) {
	names, err := fs.Glob(fsys, dir+"/*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var items []Item
	var probs []string
	ids := map[string]string{}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		its, ps := parse(n, string(b))
		probs = append(probs, ps...)
		for _, it := range its {
			if prev, dup := ids[it.ID]; dup {
				probs = append(probs, fmt.Sprintf("%s: id %s already used at %s", it.Where, it.ID, prev))
			}
			ids[it.ID] = it.Where
		}
		items = append(items, its...)
	}
	if len(probs) > 0 {
		return items, fmt.Errorf("gold corpus:\n%s", strings.Join(probs, "\n"))
	}
	return items, nil
}

func parse(file, s string) ([]Item, []string) {
	var items []Item
	var probs []string
	var cur *Item
	inText := false
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	line := 0
	fail := func(format string, args ...any) {
		probs = append(probs, fmt.Sprintf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
	}
	finish := func() {
		if cur == nil {
			return
		}
		if cur.Text == "" {
			probs = append(probs, cur.Where+": item "+cur.ID+" has no text")
		} else if len(cur.Events) == 0 && !cur.None {
			probs = append(probs, cur.Where+": item "+cur.ID+" has neither event lines nor none")
		}
		items = append(items, *cur)
		cur = nil
	}
	for sc.Scan() {
		line++
		raw := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(raw), "#") {
			continue
		}
		if strings.TrimSpace(raw) == "" {
			inText = false
			finish()
			continue
		}
		if inText && strings.HasPrefix(raw, "  ") {
			cur.Text += " " + strings.TrimSpace(raw)
			continue
		}
		inText = false
		key, val, ok := strings.Cut(raw, ":")
		if strings.TrimSpace(raw) == "none" {
			key, val, ok = "none", "", true
		}
		if !ok {
			fail("want key: value")
			continue
		}
		val = strings.TrimSpace(val)
		if key == "id" {
			finish()
			cur = &Item{ID: val, Where: fmt.Sprintf("%s:%d", file, line)}
			continue
		}
		if cur == nil {
			fail("%s before any id", key)
			continue
		}
		switch key {
		case "date":
			d, err := model.ParseDate(val)
			if err != nil || d.Prec != model.PrecDay {
				fail("date %q: want YYYY-MM-DD", val)
			}
			cur.Date = d
		case "tags":
			for _, t := range strings.Split(val, ",") {
				if t = strings.TrimSpace(t); t != "" {
					cur.Tags = append(cur.Tags, t)
				}
			}
		case "text":
			cur.Text, inText = val, true
		case "none":
			cur.None = true
		case "event":
			f := strings.Fields(val)
			if len(f) != 5 {
				fail("event: want SOURCE TARGET CODE MODE DATE")
				continue
			}
			ev := GoldEvent{Source: f[0], Target: f[1], Code: f[2], Mode: model.Mode(f[3]), Date: f[4]}
			if !model.ValidMode(ev.Mode) {
				fail("unknown mode %q", f[3])
			}
			if _, err := model.ParseDate(ev.Date); err != nil {
				fail("%v", err)
			}
			cur.Events = append(cur.Events, ev)
		default:
			fail("unknown key %q", key)
		}
	}
	finish()
	return items, probs
}
