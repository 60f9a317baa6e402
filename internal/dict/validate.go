package dict

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
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

// Transnational are the CAMEO actor types that stand where a country code would: international
// militarised groups, multinational corporations, unidentified state actors and the like.
var Transnational = map[string]string{
	"IGO": "intergovernmental organisation", "NGO": "non-governmental organisation",
	"NGM": "non-governmental movement", "IMG": "international militarised group",
	"MNC": "multinational corporation", "UIS": "unidentified state actor",
}

// validate checks what spans entries and files: known codes, kinds, overlapping roles, names
// claimed by entries that disagree, and patterns or role nouns that can never match.
func (s *Set) validate() Problems {
	var probs Problems
	fail := func(src model.Source, format string, args ...any) {
		probs = append(probs, Problem{src, fmt.Sprintf(format, args...)})
	}
	s.validateCodes(fail)
	s.validatePatterns(fail)
	s.validateAgents(fail)
	s.validateActors(fail)
	return probs
}

type failFunc func(src model.Source, format string, args ...any)

func (s *Set) validateCodes(fail failFunc) {
	codes := make(map[string]model.Source, len(s.Codes))
	for _, c := range s.Codes {
		if prev, dup := codes[c.Code]; dup {
			fail(c.Src, "code %s already defined at %s", c.Code, prev)
		}
		codes[c.Code] = c.Src
	}
	if len(codes) == 0 {
		return
	}
	for _, p := range s.Patterns {
		if _, ok := codes[p.Code]; !ok {
			fail(p.Src, "code %s is not in cameo.txt", p.Code)
		}
	}
}

func (s *Set) validatePatterns(fail failFunc) {
	seen := make(map[string]Pattern, len(s.Patterns))
	for _, p := range s.Patterns {
		key := strings.ToLower(p.Text)
		if prev, dup := seen[key]; dup && prev.Code != p.Code {
			fail(p.Src, "pattern %q is also at %s with code %s: the later line can never match", p.Text, prev.Src, prev.Code)
		} else if dup {
			fail(p.Src, "pattern %q repeats %s", p.Text, prev.Src)
		}
		seen[key] = p
		for _, e := range p.Elems {
			var words []string
			switch e.Kind {
			case ElemWord:
				words = e.Alts
			case ElemVerb:
				for _, f := range e.Forms {
					words = append(words, f.Word)
				}
			}
			for _, w := range words {
				if why := notOneToken(w); why != "" {
					fail(p.Src, "pattern %q can never match: %s", p.Text, why)
				}
			}
		}
	}
}

// OneToken reports whether a pattern word can match one token of text.
func OneToken(w string) bool { return notOneToken(w) == "" }

// notOneToken says why a pattern word cannot match a token of text, or "" when it can: the
// coder compares one word of a pattern with one token, in lower case.
func notOneToken(w string) string {
	ts := text.Tokenize(w)
	if len(ts.Toks) != 1 {
		// A clitic such as "'s" or "n't" is a token of its own only after a word.
		if after := text.Tokenize("x" + w); len(after.Toks) == 2 && after.Norm(1) == w {
			return ""
		}
	}
	switch {
	case len(ts.Toks) == 0:
		return fmt.Sprintf("%q holds no word", w)
	case len(ts.Toks) > 1:
		return fmt.Sprintf("%q is read as %d tokens; write them as separate words", w, len(ts.Toks))
	case ts.Norm(0) != w:
		return fmt.Sprintf("%q is read as %q", w, ts.Norm(0))
	}
	return ""
}

func (s *Set) validateAgents(fail failFunc) {
	type claim struct {
		sector string
		src    model.Source
	}
	words := make(map[string]claim)
	for _, a := range s.Agents {
		for _, w := range a.Words {
			key := strings.ToLower(w)
			if prev, dup := words[key]; dup && prev.sector != a.Sector {
				fail(a.Src, "role noun %q is also %s at %s: this line's meaning can never be used", w, prev.sector, prev.src)
				continue
			}
			if _, dup := words[key]; !dup {
				words[key] = claim{a.Sector, a.Src}
			}
		}
	}
}

func (s *Set) validateActors(fail failFunc) {
	countries := make(map[string]bool)
	for i := range s.Actors {
		if a := &s.Actors[i]; a.Kind == KindCountry && len(a.Code) >= 3 {
			countries[a.Code[:3]] = true
		}
	}
	checkCode := func(src model.Source, code string) {
		if len(countries) == 0 || !validActorCode(code) {
			return
		}
		head := code[:3]
		if _, ok := Transnational[head]; ok {
			return // IGO and NGO codes carry the organisation's own tags
		}
		if !countries[head] {
			fail(src, "code %s: %s is not the code of a country in actors/", code, head)
			return
		}
		for k := 3; k+3 <= len(code); k += 3 {
			if _, ok := Sectors[code[k:k+3]]; !ok {
				fail(src, "code %s: %s is not a sector (see docs/dictionaries.md)", code, code[k:k+3])
			}
		}
	}
	claims := make(map[string][]claim)
	var order []string
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
		if a.Code != "" {
			checkCode(a.Src, a.Code)
		}
		for j := range a.Roles {
			checkCode(a.Roles[j].Src, a.Roles[j].Code)
			for k := j + 1; k < len(a.Roles); k++ {
				r1, r2 := a.Roles[j], a.Roles[k]
				if r1.Code != r2.Code && overlap(span(r1), span(r2)) {
					fail(r2.Src, "role %s overlaps role %s at %s", r2.Code, r1.Code, r1.Src)
				}
			}
		}
		for _, group := range [][]Alias{a.Aliases, a.Demonyms, a.Capitals, a.Seats} {
			for _, al := range group {
				key := strings.ToLower(al.Text)
				cs := claims[key]
				if len(cs) == 0 {
					order = append(order, key)
				}
				if len(cs) == 0 || cs[len(cs)-1].actor != a {
					claims[key] = append(cs, claim{a, al})
				}
			}
		}
	}
	for _, key := range order {
		cs := claims[key]
		for j := 1; j < len(cs); j++ {
			for k := 0; k < j; k++ {
				if code1, code2, when, ok := conflict(cs[k].actor, cs[j].actor); ok {
					fail(cs[j].alias.Src, "name %q is also claimed by %q at %s: %s there, %s here, %s",
						cs[j].alias.Text, cs[k].actor.Name, cs[k].alias.Src, code1, code2, when)
					break
				}
			}
		}
	}
}

type claim struct {
	actor *Actor
	alias Alias
}

// interval is a stretch of time [from, to) during which an actor carries a code.
type interval struct {
	code     string
	from, to time.Time
}

var (
	beginning = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	forever   = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
)

func span(r Role) interval {
	iv := interval{r.Code, beginning, forever}
	if !r.From.IsZero() {
		iv.from = r.From.Time()
	}
	if !r.To.IsZero() {
		iv.to = End(r.To)
	}
	return iv
}

func overlap(a, b interval) bool { return a.from.Before(b.to) && b.from.Before(a.to) }

// timeline gives the codes an actor carries: its roles, or its plain code for all time.
func timeline(a *Actor) []interval {
	if len(a.Roles) == 0 {
		return []interval{{a.Code, beginning, forever}}
	}
	out := make([]interval, len(a.Roles))
	for i, r := range a.Roles {
		out[i] = span(r)
	}
	return out
}

// conflict reports whether two actors that share a name carry different codes at the same
// time, with the codes and when.
func conflict(a, b *Actor) (string, string, string, bool) {
	ta, tb := timeline(a), timeline(b)
	var hits []string
	for _, x := range ta {
		for _, y := range tb {
			if x.code != y.code && overlap(x, y) {
				from, to := x.from, x.to
				if y.from.After(from) {
					from = y.from
				}
				if y.to.Before(to) {
					to = y.to
				}
				hits = append(hits, x.code+"\x00"+y.code+"\x00"+describe(from, to))
			}
		}
	}
	if len(hits) == 0 {
		return "", "", "", false
	}
	sort.Strings(hits)
	f := strings.Split(hits[0], "\x00")
	return f[0], f[1], f[2], true
}

func describe(from, to time.Time) string {
	switch {
	case from.Equal(beginning) && to.Equal(forever):
		return "at every date"
	case from.Equal(beginning):
		return "before " + to.Format("2006-01-02")
	case to.Equal(forever):
		return "from " + from.Format("2006-01-02")
	}
	return "from " + from.Format("2006-01-02") + " to " + to.AddDate(0, 0, -1).Format("2006-01-02")
}
