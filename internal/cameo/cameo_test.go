package cameo_test

import (
	"testing"

	"github.com/dyad-events/dyad/internal/cameo"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/dictdata"
)

// TestShippedTable checks the shipped code table against facts of CAMEO and GDELT.
func TestShippedTable(t *testing.T) {
	set, err := dict.Load(dictdata.FS)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := cameo.New(set.Codes)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() < 300 {
		t.Errorf("%d codes, want every CAMEO code (over 300)", tab.Len())
	}
	cases := []struct {
		code      string
		goldstein float64
		quad      int
		plover    string
	}{
		{"043", 2.8, 1, "CONSULT"},
		{"0312", 5.2, 1, "AGREE"},
		{"111", -2.0, 3, "ACCUSE"},
		{"195", -10.0, 4, "ASSAULT"},
		{"0871", 9.0, 2, "RETREAT"},
	}
	for _, c := range cases {
		e, ok := tab.Lookup(c.code)
		if !ok {
			t.Errorf("%s missing", c.code)
			continue
		}
		if e.Goldstein != c.goldstein || e.Quad != c.quad || e.Plover != c.plover {
			t.Errorf("%s = %.1f quad %d %s, want %.1f quad %d %s", c.code, e.Goldstein, e.Quad, e.Plover, c.goldstein, c.quad, c.plover)
		}
	}
	if cameo.Root("0312") != "03" {
		t.Error("Root")
	}
	if _, err := cameo.New(set.Codes[:5]); err == nil {
		t.Error("a table without every root was accepted")
	}
}
