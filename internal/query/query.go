// Package query checks what a person asks of the store, on the command line or over HTTP, and
// turns it into a store.Filter. Both front ends share it, so a filter means the same thing and
// fails with the same message in each.
package query

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/store"
)

// Params are the filters of `dyad events` and of GET /api/v1/events, as given.
type Params struct {
	Actor         string
	Dyad          string // A:B
	Directed      bool
	Code          []string
	Root          []string
	Quad          []int
	Mode          []string
	From, To      string
	Outlet        []string
	OutletCountry []string
	MinReports    int
}

// Error is a parameter that cannot select anything. Its message names the parameter with the
// prefix the front end uses ("--" on the command line, nothing over HTTP).
type Error struct {
	Param string
	Msg   string
}

func (e *Error) Error() string { return e.Param + ": " + e.Msg }

// Prefixed gives err's message with every parameter name prefixed, for the command line.
func Prefixed(err error, prefix string) error {
	var qe *Error
	if errors.As(err, &qe) {
		return fmt.Errorf("%s%s: %s", prefix, qe.Param, qe.Msg)
	}
	return err
}

func bad(param, format string, args ...any) error {
	return &Error{Param: param, Msg: fmt.Sprintf(format, args...)}
}

// Day checks a day: YYYY-MM-DD, or YYYY-MM and YYYY for their first day. It gives an empty string for an empty one.
func Day(param, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	d, err := model.ParseDate(v)
	if err != nil {
		return "", bad(param, "%q is not a date: want YYYY-MM-DD", v)
	}
	return d.Time().Format("2006-01-02"), nil
}

// Span checks a period: both days valid and from not after to.
func Span(from, to string) (string, string, error) {
	f, err := Day("from", from)
	if err != nil {
		return "", "", err
	}
	t, err := Day("to", to)
	if err != nil {
		return "", "", err
	}
	if f != "" && t != "" && f > t {
		return "", "", bad("from", "%s is after to %s", f, t)
	}
	return f, t, nil
}

// Actor checks an actor code: letters only, 3 to 15 of them. A country code (AZE) stands for
// every actor of that country.
func Actor(param, v string) (string, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	if len(v) < 3 || len(v) > 15 || strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "", bad(param, "%q is not an actor code: want letters, a country (AZE) or a full code (AZEGOV)", v)
	}
	return v, nil
}

// Dyad checks "A:B" and gives A and B.
func Dyad(param, v string) (string, string, error) {
	a, b, ok := strings.Cut(v, ":")
	if !ok {
		return "", "", bad(param, "%q: want A:B, e.g. AZE:IRN", v)
	}
	a, err := Actor(param, a)
	if err != nil {
		return "", "", err
	}
	b, err = Actor(param, b)
	if err != nil {
		return "", "", err
	}
	if a == b {
		return "", "", bad(param, "%s and %s are one actor", a, b)
	}
	return a, b, nil
}

// Split splits comma-separated values and drops empty ones.
func Split(vs []string) []string {
	var out []string
	for _, v := range vs {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// Filter checks p and turns it into a store filter.
func (p Params) Filter() (store.Filter, error) {
	var f store.Filter
	var err error
	if p.Actor != "" {
		if f.Actor, err = Actor("actor", p.Actor); err != nil {
			return f, err
		}
	}
	if p.Dyad != "" {
		if f.Source, f.Target, err = Dyad("dyad", p.Dyad); err != nil {
			return f, err
		}
		f.Both = !p.Directed
	} else if p.Directed {
		return f, bad("directed", "needs dyad A:B")
	}
	for _, c := range Split(p.Code) {
		if _, err := strconv.Atoi(c); err != nil || len(c) < 2 || len(c) > 4 || c[0] == '-' || c[0] == '+' {
			return f, bad("code", "%q: want a CAMEO code of 2 to 4 digits", c)
		}
		f.Codes = append(f.Codes, c)
	}
	for _, r := range Split(p.Root) {
		n, err := strconv.Atoi(r)
		if err != nil || n < 1 || n > 20 {
			return f, bad("root", "%q: want 01 to 20", r)
		}
		f.Roots = append(f.Roots, fmt.Sprintf("%02d", n))
	}
	for _, q := range p.Quad {
		if q < 1 || q > 4 {
			return f, bad("quad", "%d: want 1 to 4", q)
		}
		f.Quads = append(f.Quads, q)
	}
	for _, m := range Split(p.Mode) {
		if !model.ValidMode(model.Mode(m)) {
			return f, bad("mode", "%q: want asserted, negated, intended, hypothetical, reported or denied", m)
		}
		f.Modes = append(f.Modes, m)
	}
	if f.From, f.To, err = Span(p.From, p.To); err != nil {
		return f, err
	}
	f.Outlets = Split(p.Outlet)
	for _, c := range Split(p.OutletCountry) {
		c = strings.ToUpper(c)
		if len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return f, bad("outlet-country", "%q: want a three-letter country code", c)
		}
		f.OutletCountry = append(f.OutletCountry, c)
	}
	if p.MinReports < 0 {
		return f, bad("min-reports", "must be 0 or more")
	}
	f.MinReports = p.MinReports
	return f, nil
}
