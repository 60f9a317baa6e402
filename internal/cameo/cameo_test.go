package cameo_test

import (
	"testing"

	"github.com/dyad-events/dyad/internal/cameo"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/dictdata"
)

// TestShippedTable checks the shipped code table against facts of CAMEO and GDELT.
// shipped loads the shipped dictionaries with every check and builds their code table.
func shipped(t *testing.T) (*dict.Set, *cameo.Table) {
	t.Helper()
	set, err := dict.Load(dictdata.FS)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := cameo.New(set.Codes)
	if err != nil {
		t.Fatal(err)
	}
	return set, tab
}

func TestShippedTable(t *testing.T) {
	set, tab := shipped(t)
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

// gdeltGoldstein holds the Goldstein value GDELT 1.0 and 2.0 give to each base code and to sub-codes
// where sources disagree (CAMEO.goldsteinscale.txt). The shipped table must agree with it: dyad
// uses GDELT's values so that its scores compare with GDELT's.
var gdeltGoldstein = map[string]float64{
	"010": 0.0, "011": -0.1, "012": -0.4, "013": 0.4, "014": 0.0, "015": 0.0, "016": -2.0, "017": 0.0,
	"018": 3.4, "019": 3.4, "020": 3.0, "030": 4.0, "040": 1.0, "041": 1.0, "042": 1.9, "043": 2.8,
	"044": 2.5, "045": 5.0, "046": 7.0, "050": 3.5, "051": 3.4, "052": 3.5, "053": 3.8, "054": 6.0,
	"055": 7.0, "056": 7.0, "057": 8.0, "060": 6.0, "061": 6.4, "062": 7.4, "063": 7.4, "064": 7.0,
	"070": 7.0, "071": 7.4, "072": 8.3, "073": 7.4, "074": 8.5, "075": 7.0, "080": 5.0, "081": 5.0,
	"090": -2.0, "100": -5.0, "106": -5.0, "110": -2.0, "111": -2.0, "112": -2.0, "120": -4.0,
	"130": -4.4, "131": -5.8, "138": -7.0, "140": -6.5, "141": -6.5, "145": -7.5, "150": -7.2,
	"160": -4.0, "161": -4.0, "162": -5.6, "163": -8.0, "164": -7.0, "165": -6.5, "166": -7.0,
	"170": -7.0, "171": -9.2, "172": -5.0, "173": -5.0, "174": -5.0, "175": -9.0, "180": -9.0,
	"181": -9.0, "182": -9.5, "183": -10.0, "184": -8.0, "185": -8.0, "186": -10.0, "190": -10.0,
	"191": -9.5, "192": -9.5, "193": -10.0, "194": -10.0, "195": -10.0, "196": -9.5, "200": -10.0,
	"201": -9.5, "202": -10.0, "203": -10.0, "204": -10.0,
}

func TestGoldsteinIsGDELTs(t *testing.T) {
	set, tab := shipped(t)
	for code, want := range gdeltGoldstein {
		e, ok := tab.Lookup(code)
		if !ok {
			t.Errorf("%s missing", code)
		} else if e.Goldstein != want {
			t.Errorf("%s: Goldstein %.1f, GDELT's is %.1f", code, e.Goldstein, want)
		}
	}
	// Every code's value lies on the scale and has the sign of its QuadClass: cooperation is not
	// negative, material conflict not positive.
	for _, c := range set.Codes {
		if c.Goldstein < -10 || c.Goldstein > 10 || c.Quad == 4 && c.Goldstein > 0 || c.Quad == 2 && c.Goldstein < 0 {
			t.Errorf("%s: Goldstein %.1f in QuadClass %d", c.Code, c.Goldstein, c.Quad)
		}
	}
}
