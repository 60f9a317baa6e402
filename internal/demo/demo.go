// Package demo holds the sample corpus that ships in dyad: short news items, written for dyad,
// that restate real and widely reported 2024-2026 events around Iran, Azerbaijan, Armenia,
// Afghanistan, Türkiye, Russia and Israel, each with its true date and a real outlet's name.
package demo

import (
	"bytes"
	"context"
	"embed"
	"io/fs"
	"path"
	"sort"

	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/ingest"
	"github.com/dyad-events/dyad/internal/pipeline"
	"github.com/dyad-events/dyad/internal/store"
)

//go:embed corpus/*.md
var corpus embed.FS

// File is one item of the corpus.
type File struct {
	Name string // e.g. corpus/a01-....md
	Data []byte
}

// Files gives the corpus in name order.
func Files() []File {
	names, _ := fs.Glob(corpus, "corpus/*.md")
	sort.Strings(names)
	out := make([]File, 0, len(names))
	for _, n := range names {
		b, err := corpus.ReadFile(n)
		if err != nil {
			panic(err) // embedded at build time: cannot fail
		}
		out = append(out, File{n, b})
	}
	return out
}

// Prefix starts the source of every document the demo stores.
const Prefix = "demo:" // dyad demo counts documents with other sources as the user's

// Load codes the corpus and stores it in st.
func Load(ctx context.Context, st *store.Store, coder *coding.Coder) (pipeline.Stats, error) {
	files := Files()
	items := make(chan pipeline.Item, len(files))
	for _, f := range files {
		docs, probs := ingest.Read(f.Name, bytes.NewReader(f.Data), ingest.Meta{})
		for _, p := range probs {
			items <- pipeline.Item{Source: Prefix + path.Base(p.Where), Err: p.Err}
		}
		for _, d := range docs {
			d.ID = path.Base(f.Name)
			items <- pipeline.Item{Doc: d, Source: Prefix + d.ID}
		}
	}
	close(items)
	return pipeline.Run(ctx, st, coder, items, pipeline.Options{Outlet: pipeline.Outlets(coder.Matcher())})
}
