package dictdata

import (
	"reflect"
	"testing"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/dict"
)

// TestCompiledIsFresh fails when a dictionary file changed and shipped.bin was not compiled again.
func TestCompiledIsFresh(t *testing.T) {
	compiled, m, ok := Compiled()
	if !ok || m == nil {
		t.Fatal("shipped.bin is out of date with the dictionary files: run go generate ./internal/dictdata")
	}
	parsed, err := dict.LoadTrusted(FS)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(compiled, parsed) {
		t.Fatal("shipped.bin decodes to another set than the text: run go generate ./internal/dictdata")
	}
	// The compiled matcher is the one Compile builds from the decoded set.
	if built := actors.Compile(compiled); !reflect.DeepEqual(m, built) {
		t.Fatal("shipped.bin holds another matcher than Compile builds: run go generate ./internal/dictdata")
	}
}

// TestShippedCounts holds the shipped set to the sizes it promises (docs/dictionaries.md).
func TestShippedCounts(t *testing.T) {
	set, _, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	st := set.Stats()
	for _, c := range []struct {
		what     string
		got, min int
	}{
		{"countries and territories", st.Countries, 240},
		{"international organisations", st.IGOs, 150},
		{"armed groups, movements and parties", st.Groups, 150},
		{"outlets", st.Outlets, 300},
		{"people", st.People, 2500},
		{"role nouns", st.Agents, 400},
		{"patterns", st.Patterns, 1500},
	} {
		if c.got < c.min {
			t.Errorf("%s: %d, want at least %d", c.what, c.got, c.min)
		}
	}
	// Every CAMEO code has a pattern, but the two-digit roots, which only name a family.
	for _, c := range st.CodesUncovered {
		if len(c) != 2 {
			t.Errorf("code %s has no pattern", c)
		}
	}
}

func BenchmarkShipped(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := Compiled(); !ok {
			b.Fatal("shipped.bin is out of date")
		}
	}
}
