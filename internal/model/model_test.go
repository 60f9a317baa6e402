package model

import "testing"

func TestParseDate(t *testing.T) {
	cases := []struct {
		in, out string
		prec    Precision
		bad     bool
	}{
		{"2026-02-07", "2026-02-07", PrecDay, false},
		{"2025-11", "2025-11", PrecMonth, false},
		{"2025", "2025", PrecYear, false},
		{"2025-13", "", PrecNone, true},
		{"2025-02-30", "", PrecNone, true},
		{"yesterday", "", PrecNone, true},
		{"", "", PrecNone, true},
	}
	for _, c := range cases {
		d, err := ParseDate(c.in)
		if (err != nil) != c.bad {
			t.Errorf("ParseDate(%q) error = %v, want error %v", c.in, err, c.bad)
			continue
		}
		if d.String() != c.out || d.Prec != c.prec {
			t.Errorf("ParseDate(%q) = %s (%s), want %s (%s)", c.in, d, d.Prec, c.out, c.prec)
		}
	}
	if !(Date{}).IsZero() || (Date{Year: 2025, Prec: PrecYear}).Time().Month() != 1 {
		t.Error("zero date or year start wrong")
	}
}

func TestValidMode(t *testing.T) {
	for _, m := range []Mode{Asserted, Negated, Intended, Hypothetical, Reported, Denied} {
		if !ValidMode(m) {
			t.Errorf("%s should be valid", m)
		}
	}
	if ValidMode("pledged") {
		t.Error("an unknown mode was accepted")
	}
}
