package query

import (
	"errors"
	"strings"
	"testing"
)

func TestFilter(t *testing.T) {
	f, err := Params{Dyad: "aze:IRN", Root: []string{"4,19"}, Quad: []int{1}, From: "2026-01", To: "2026-03-01", OutletCountry: []string{"irn"}}.Filter()
	if err != nil {
		t.Fatal(err)
	}
	if f.Source != "AZE" || f.Target != "IRN" || !f.Both || strings.Join(f.Roots, ",") != "04,19" || f.From != "2026-01-01" || f.To != "2026-03-01" || f.OutletCountry[0] != "IRN" {
		t.Errorf("filter = %+v", f)
	}
	bad := []struct {
		p     Params
		param string
	}{
		{Params{Dyad: "AZE"}, "dyad"},
		{Params{Dyad: "AZE:AZE"}, "dyad"},
		{Params{Actor: "A1"}, "actor"},
		{Params{Directed: true}, "directed"},
		{Params{Code: []string{"-12"}}, "code"},
		{Params{Code: []string{"12345"}}, "code"},
		{Params{Root: []string{"31"}}, "root"},
		{Params{Quad: []int{7}}, "quad"},
		{Params{Mode: []string{"maybe"}}, "mode"},
		{Params{From: "2026-13-01"}, "from"},
		{Params{From: "2026-03-01", To: "2026-01-01"}, "from"},
		{Params{OutletCountry: []string{"IR"}}, "outlet-country"},
		{Params{MinReports: -1}, "min-reports"},
	}
	for _, c := range bad {
		_, err := c.p.Filter()
		var qe *Error
		if !errors.As(err, &qe) || qe.Param != c.param {
			t.Errorf("%+v: error %v, want one about %s", c.p, err, c.param)
		}
		if got := Prefixed(err, "--").Error(); !strings.HasPrefix(got, "--"+c.param+": ") {
			t.Errorf("prefixed: %q", got)
		}
	}
}
