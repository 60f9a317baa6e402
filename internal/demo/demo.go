// Package demo holds the sample corpus that ships in dyad: short news items, written for dyad,
// that restate real and widely reported 2024-2026 events around Iran, Azerbaijan, Armenia,
// Afghanistan, Türkiye, Russia and Israel, each with its true date and a real outlet's name.
package demo

import (
	"embed"
	"io/fs"
	"sort"
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
