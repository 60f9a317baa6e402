package dict

import (
	"fmt"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/model"
)

// End gives the first instant after the period d covers: the next day, month or year.
func End(d model.Date) time.Time {
	t := d.Time()
	switch d.Prec {
	case model.PrecYear:
		return t.AddDate(1, 0, 0)
	case model.PrecMonth:
		return t.AddDate(0, 1, 0)
	case model.PrecWeek:
		return t.AddDate(0, 0, 7)
	}
	return t.AddDate(0, 0, 1)
}

// validate checks what spans entries and files: known codes, kinds, overlapping roles and names
// claimed twice.
func (s *Set) validate() Problems {
	var probs Problems
	fail := func(src model.Source, format string, args ...any) {
		probs = append(probs, Problem{src, fmt.Sprintf(format, args...)})
	}
	codes := make(map[string]model.Source, len(s.Codes))
	for _, c := range s.Codes {
		if prev, dup := codes[c.Code]; dup {
			fail(c.Src, "code %s already defined at %s", c.Code, prev)
		}
		codes[c.Code] = c.Src
	}
	seen := make(map[string]Pattern)
	for _, p := range s.Patterns {
		if len(codes) > 0 {
			if _, ok := codes[p.Code]; !ok {
				fail(p.Src, "code %s is not in cameo.txt", p.Code)
			}
		}
		key := strings.ToLower(p.Text)
		if prev, dup := seen[key]; dup && prev.Code != p.Code {
			fail(p.Src, "pattern %q is also at %s with code %s: the later line can never match", p.Text, prev.Src, prev.Code)
		} else if dup {
			fail(p.Src, "pattern %q repeats %s", p.Text, prev.Src)
		}
		seen[key] = p
	}
	type claim struct {
		actor *Actor
		src   model.Source
	}
	names := make(map[string]claim)
	for i := range s.Actors {
		a := &s.Actors[i]
		if a.Kind == "" {
			fail(a.Src, "actor %q has no kind", a.Name)
		}
		if a.Code == "" && len(a.Roles) == 0 {
			fail(a.Src, "actor %q has neither a code nor a role", a.Name)
		}
		if a.Kind != KindCountry && (len(a.Demonyms) > 0 || len(a.Capitals) > 0) {
			fail(a.Src, "actor %q: only countries have demonyms and capitals", a.Name)
		}
		for j := range a.Roles {
			for k := j + 1; k < len(a.Roles); k++ {
				r1, r2 := a.Roles[j], a.Roles[k]
				if r1.Code != r2.Code && overlap(r1, r2) {
					fail(r2.Src, "role %s overlaps role %s at %s", r2.Code, r1.Code, r1.Src)
				}
			}
		}
		for _, group := range [][]Alias{a.Aliases, a.Demonyms, a.Capitals, a.Seats} {
			for _, al := range group {
				key := strings.ToLower(al.Text)
				if prev, dup := names[key]; dup && prev.actor != a && !sameCodes(prev.actor, a) {
					fail(al.Src, "name %q is also claimed by %q at %s with another code", al.Text, prev.actor.Name, prev.src)
				}
				names[key] = claim{a, al.Src}
			}
		}
	}
	return probs
}

func overlap(a, b Role) bool {
	aStart, bStart := time.Time{}, time.Time{}
	if !a.From.IsZero() {
		aStart = a.From.Time()
	}
	if !b.From.IsZero() {
		bStart = b.From.Time()
	}
	far := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	aEnd, bEnd := far, far
	if !a.To.IsZero() {
		aEnd = End(a.To)
	}
	if !b.To.IsZero() {
		bEnd = End(b.To)
	}
	return aStart.Before(bEnd) && bStart.Before(aEnd)
}

func sameCodes(a, b *Actor) bool {
	if a.Code != b.Code || len(a.Roles) != len(b.Roles) {
		return false
	}
	for i := range a.Roles {
		if a.Roles[i].Code != b.Roles[i].Code {
			return false
		}
	}
	return true
}
