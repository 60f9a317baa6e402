package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/dyad-events/dyad/internal/dedup"
	"github.com/dyad-events/dyad/internal/model"
)

// Emit receives each document read, with where it came from, or an input that failed.
type Emit func(d model.Document, source string, err error)

// Notice is a message about a source that is no failure: items of a feed left out by a limit.
type Notice string

func (n Notice) Error() string { return string(n) }

// ErrKnown marks a link that is already stored: it was not fetched again.
var ErrKnown = errors.New("already stored")

// Options say how sources are read.
type Options struct {
	Meta     Meta
	Fetcher  *Fetcher
	MaxItems int                         // items taken from one feed, newest first; 0: all
	Known    func(canonical string) bool // reports a URL already stored, so it is not fetched
	Parallel int                         // URLs and feeds read at once; 0: 4
}

// Extensions are the file kinds read when walking a folder.
var Extensions = map[string]bool{".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true,
	".jsonl": true, ".ndjson": true, ".csv": true}

// IsURL reports an http(s) URL.
func IsURL(s string) bool { return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") }

// Walk reads every source: files, folders (walked for the Extensions above), globs, "-" for
// stdin, and http(s) URLs of article pages or feeds. Every failure is emitted with its source and
// the walk goes on; it stops early only when ctx ends.
func Walk(ctx context.Context, sources []string, stdin io.Reader, opt Options, emit Emit) {
	var urls []string
	for _, src := range sources {
		if ctx.Err() != nil {
			return
		}
		switch {
		case src == "-":
			docs, probs := Read("-", stdin, opt.Meta)
			emitAll(emit, "-", docs, probs)
		case IsURL(src):
			urls = append(urls, src)
		default:
			for _, f := range files(src, emit) {
				if ctx.Err() != nil {
					return
				}
				readFile(f, opt.Meta, emit)
			}
		}
	}
	par := opt.Parallel
	if par <= 0 {
		par = 4
	}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ReadURL(ctx, u, opt, emit)
		}()
	}
	wg.Wait()
}

func emitAll(emit Emit, name string, docs []model.Document, probs []Problem) {
	for _, p := range probs {
		emit(model.Document{}, p.Where, p.Err)
	}
	for _, d := range docs {
		src := name
		if d.ID != "" && d.ID != name {
			src = d.ID
		}
		emit(d, src, nil)
	}
}

// files expands one argument into files: itself, the files of a folder, or a glob's matches.
func files(arg string, emit Emit) []string {
	if strings.ContainsAny(arg, "*?[") {
		m, err := filepath.Glob(arg)
		if err != nil {
			emit(model.Document{}, arg, fmt.Errorf("bad pattern: %w", err))
			return nil
		}
		if len(m) == 0 {
			emit(model.Document{}, arg, errors.New("no file matches"))
		}
		var out []string
		for _, f := range m {
			out = append(out, files(f, emit)...)
		}
		return out
	}
	fi, err := os.Stat(arg)
	if err != nil {
		emit(model.Document{}, arg, err)
		return nil
	}
	if !fi.IsDir() {
		return []string{arg}
	}
	var out []string
	filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			emit(model.Document{}, p, err)
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && p != arg {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && Extensions[strings.ToLower(filepath.Ext(name))] {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func readFile(name string, meta Meta, emit Emit) {
	f, err := os.Open(name)
	if err != nil {
		emit(model.Document{}, name, err)
		return
	}
	defer f.Close()
	docs, probs := Read(name, f, meta)
	emitAll(emit, name, docs, probs)
}

// ReadURL fetches one URL: an article page, or a feed whose items it reads.
func ReadURL(ctx context.Context, u string, opt Options, emit Emit) {
	p, err := opt.Fetcher.Get(ctx, u, "", "")
	if err != nil {
		emit(model.Document{}, u, err)
		return
	}
	if IsFeed(p) {
		FeedItems(ctx, p, u, opt, emit)
		return
	}
	d, err := ParseHTMLType(p.Body, p.ContentType, p.URL, opt.Meta)
	if err != nil {
		emit(model.Document{}, u, err)
		return
	}
	d.ID = u
	emit(d, u, nil)
}

// FeedItems reads the items of a fetched feed: an item that carries its full text is taken as
// it is; for the others the linked page is fetched, unless it is already stored.
func FeedItems(ctx context.Context, p *Page, feedURL string, opt Options, emit Emit) {
	items, skipped, probs, err := ParseFeed(p.Body, feedURL, opt.MaxItems)
	if err != nil {
		emit(model.Document{}, feedURL, err)
		return
	}
	for _, pr := range probs {
		emit(model.Document{}, pr.Where, pr.Err)
	}
	if skipped > 0 {
		emit(model.Document{}, feedURL, Notice(fmt.Sprintf("%d older items left out (more than --max-items %d)", skipped, opt.MaxItems)))
	}
	for _, it := range items {
		if ctx.Err() != nil {
			return
		}
		src := it.Link
		if src == "" {
			src = it.Where
		}
		if len(it.Doc.Text) >= FullText || it.Link == "" {
			emit(it.Doc, src, nil)
			continue
		}
		if opt.Known != nil && opt.Known(dedup.CanonicalURL(it.Link)) {
			emit(model.Document{}, src, ErrKnown)
			continue
		}
		meta := opt.Meta
		if meta.Date.IsZero() {
			meta.Date = it.Doc.Date
		}
		page, err := opt.Fetcher.Get(ctx, it.Link, "", "")
		var d model.Document
		if err == nil {
			d, err = ParseHTMLType(page.Body, page.ContentType, page.URL, meta)
		}
		if err != nil {
			emit(model.Document{}, src, err)
			continue
		}
		if d.Title == "" {
			d.Title = it.Doc.Title
		}
		if d.Outlet == "" {
			d.Outlet = it.Doc.Outlet
		}
		d.ID = it.Link
		if d.URL == "" {
			d.URL = it.Link
		}
		emit(d, src, nil)
	}
}
