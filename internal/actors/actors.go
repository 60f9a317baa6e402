// Package actors compiles the actor and agent dictionaries into an immutable matcher over tokens,
// and resolves an actor's code at a date from its dated roles.
//
// Matching is leftmost-longest over a trie of lower-case tokens. Case still matters where the
// dictionary says so: a name written with a capital letter only matches capitalised words
// ("Turkey", not "turkey"), and a short name in capitals only matches capitals ("US", not "us").
package actors

import (
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
)

// How a dictionary name refers to its actor.
const (
	RefName    = "name"
	RefDemonym = "demonym"
	RefCapital = "capital"
	RefSeat    = "seat"
	RefAgent   = "agent"
)

// Entry is one thing a matched name can mean.
type Entry struct {
	Ref    string       // RefName, RefDemonym ...
	Actor  *dict.Actor  // nil for agents
	Agent  *dict.Agent  // nil for actors
	Src    model.Source // the line that holds the name
	Phrase string       // the name as written in the dictionary
}

// Country returns the country entry with the given code.
func (m *Matcher) Country(code string) *dict.Actor { return m.countries[code] }

// splitName cuts a dictionary name into the words the tokenizer would make of it, and their
// matching keys, appended to words and keys. Plain names (ASCII letters and spaces) take a fast
// path: there are thousands.
func splitName(phrase string, words, keys []string) ([]string, []string) {
	plain := true
	for i := 0; i < len(phrase); i++ {
		c := phrase[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == ' ') {
			plain = false
			break
		}
	}
	if plain {
		lower := strings.ToLower(phrase) // one string; the keys are cut from it
		for i := 0; i < len(phrase); {
			for i < len(phrase) && phrase[i] == ' ' {
				i++
			}
			j := i
			for j < len(phrase) && phrase[j] != ' ' {
				j++
			}
			if j > i {
				words, keys = append(words, phrase[i:j]), append(keys, lower[i:j])
			}
			i = j
		}
		return words, keys
	}
	ts := text.Tokenize(phrase)
	for i := range ts.Toks {
		words, keys = append(words, ts.Str(i)), append(keys, Key(&ts, i))
	}
	return words, keys
}

// Key gives the lower-case matching key of token i: curly apostrophes become straight ones.
func Key(ts *text.Tokens, i int) string {
	k := ts.Norm(i)
	if strings.IndexByte(k, 0xE2) >= 0 && strings.Contains(k, "’") {
		k = strings.ReplaceAll(k, "’", "'")
	}
	return k
}

// Match is a run of tokens [Start, End) that names something in the dictionaries.
type Match struct {
	Start, End int
	Entries    []Entry
}

// Find appends to dst the leftmost-longest matches within tokens [from, to).
func (m *Matcher) Find(ts *text.Tokens, from, to int, dst []Match) []Match {
	for i := from; i < to; {
		best, bestEnd := int32(-1), -1
		cur := int32(0)
		for j := i; j < to; j++ {
			nx, ok := m.step(cur, Key(ts, j))
			if !ok {
				break
			}
			cur = nx
			if m.hasEntries(cur) && casesFit(ts, i, m.capsOf(cur)) {
				best, bestEnd = cur, j+1
			}
		}
		if best < 0 {
			i++
			continue
		}
		dst = append(dst, Match{Start: i, End: bestEnd, Entries: m.entriesOf(best)})
		i = bestEnd
	}
	return dst
}

func casesFit(ts *text.Tokens, start int, caps []uint8) bool {
	for k, c := range caps {
		t := ts.Toks[start+k]
		switch c {
		case 1:
			if !t.Cap {
				return false
			}
		case 2:
			w := ts.Text[t.Start:t.End]
			if strings.ToUpper(w) != w {
				return false
			}
		}
	}
	return true
}

// Resolve gives the code an actor carries at date d, and the role that gave it (nil when the
// actor's plain code applies). An actor with roles but none active at d falls back on its code,
// and failing that on the country of the role nearest in time to d (the latest one when the date
// is unknown, with that role's full code).
func Resolve(a *dict.Actor, d model.Date) (string, *dict.Role) {
	if !d.IsZero() {
		for i := range a.Roles {
			if a.Roles[i].Active(d) {
				return a.Roles[i].Code, &a.Roles[i]
			}
		}
	}
	if a.Code != "" {
		return a.Code, nil
	}
	if len(a.Roles) == 0 {
		return "", nil
	}
	if d.IsZero() {
		latest := &a.Roles[0]
		for i := range a.Roles {
			if r := &a.Roles[i]; r.To.IsZero() || !latest.To.IsZero() && r.To.Time().After(latest.To.Time()) {
				latest = r
			}
		}
		return latest.Code, latest
	}
	t := d.Time()
	var nearest *dict.Role
	var best time.Duration
	for i := range a.Roles {
		r := &a.Roles[i]
		var gap time.Duration
		if !r.From.IsZero() && t.Before(r.From.Time()) {
			gap = r.From.Time().Sub(t)
		} else if !r.To.IsZero() {
			gap = t.Sub(dict.End(r.To))
		}
		if nearest == nil || gap < best {
			nearest, best = r, gap
		}
	}
	return CountryOf(nearest.Code), nil
}

// CountryOf gives the country part of an actor code: its first three letters, or the IGO code.
func CountryOf(code string) string {
	if len(code) < 3 {
		return code
	}
	if strings.HasPrefix(code, "IGO") || strings.HasPrefix(code, "NGO") {
		return code
	}
	return code[:3]
}

// SectorOf gives the sector part of a country actor code ("GOV" of "IRNGOV").
func SectorOf(code string) string {
	if len(code) < 6 || strings.HasPrefix(code, "IGO") || strings.HasPrefix(code, "NGO") {
		return ""
	}
	return code[3:6]
}

// Lookup gives every meaning of a name written exactly as a dictionary name, ignoring case:
// "taliban", "the Kremlin" and "defence minister" each name something; "Taliban fighters" does
// not (coding finds "Taliban" in it, Lookup does not).
func (m *Matcher) Lookup(name string) []Entry {
	ts := text.Tokenize(name)
	if len(ts.Toks) == 0 {
		return nil
	}
	if es := m.lookup(&ts, 0); len(es) > 0 || len(ts.Toks) == 1 || ts.Norm(0) != "the" {
		return es
	}
	return m.lookup(&ts, 1) // "the Kremlin": names are written without their article
}

func (m *Matcher) lookup(ts *text.Tokens, from int) []Entry {
	cur := int32(0)
	for i := from; i < len(ts.Toks); i++ {
		nx, ok := m.step(cur, Key(ts, i))
		if !ok {
			return nil
		}
		cur = nx
	}
	return m.entriesOf(cur)
}

// Pick chooses among the meanings of one name at date d, and gives its index: actors before role
// nouns; among actors, the first that holds a role at d or has no dated roles ("Sharif" is Nawaz
// Sharif in 2015 and Shehbaz Sharif in 2023); failing that, the first in file order. With no
// date, the first actor in file order.
func Pick(es []Entry, d model.Date) int {
	first := -1
	for i, e := range es {
		if e.Ref == RefAgent {
			continue
		}
		if first < 0 {
			first = i
			if d.IsZero() || len(es) == 1 {
				break
			}
		}
		if heldAt(e.Actor, d) {
			return i
		}
	}
	if first >= 0 {
		return first
	}
	return 0
}

// heldAt reports whether an actor is what it names at date d: it has no dated roles, or one of
// them holds at d.
func heldAt(a *dict.Actor, d model.Date) bool {
	if len(a.Roles) == 0 {
		return true
	}
	for i := range a.Roles {
		if a.Roles[i].Active(d) {
			return true
		}
	}
	return false
}
