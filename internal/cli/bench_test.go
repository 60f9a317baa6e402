package cli

import (
	"os"
	"testing"

	"github.com/dyad-events/dyad/internal/ingest"
)

// BenchmarkStartup measures what "dyad code" does for one article: load and compile the shipped
// dictionaries, read the article and code it.
func BenchmarkStartup(b *testing.B) {
	for b.Loop() {
		c, err := dictFlags{}.coder()
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Open("../../examples/caucasus.md")
		if err != nil {
			b.Fatal(err)
		}
		docs, _ := ingest.Read("caucasus.md", f, ingest.Meta{})
		f.Close()
		if len(c.Code(docs[0])) == 0 {
			b.Fatal("no events")
		}
	}
}
