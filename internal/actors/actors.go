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
	"unicode"
	"unicode/utf8"

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

type node struct {
	next    map[string]int32
	entries []Entry
	// caps holds, per token of the name, 1 when the text's token must be capitalised and 2 when it
	// must be all upper case.
	caps []uint8
}

// Matcher finds dictionary names in tokens. It is safe for concurrent use.
type Matcher struct {
	nodes     []node
	countries map[string]*dict.Actor // by code
}

// Compile builds a matcher from a loaded dictionary set.
func Compile(set *dict.Set) *Matcher {
	m := &Matcher{nodes: []node{{}}, countries: make(map[string]*dict.Actor)}
	for i := range set.Actors {
		a := &set.Actors[i]
		if _, seen := m.countries[a.Code]; a.Kind == dict.KindCountry && !seen {
			// The first block with a code is the country; later ones are its regions.
			m.countries[a.Code] = a
		}
		for _, al := range a.Aliases {
			m.add(al.Text, Entry{Ref: RefName, Actor: a, Src: al.Src, Phrase: al.Text})
		}
		for _, al := range a.Demonyms {
			m.add(al.Text, Entry{Ref: RefDemonym, Actor: a, Src: al.Src, Phrase: al.Text})
		}
		for _, al := range a.Capitals {
			m.add(al.Text, Entry{Ref: RefCapital, Actor: a, Src: al.Src, Phrase: al.Text})
		}
		for _, al := range a.Seats {
			m.add(al.Text, Entry{Ref: RefSeat, Actor: a, Src: al.Src, Phrase: al.Text})
		}
	}
	for i := range set.Agents {
		ag := &set.Agents[i]
		for _, w := range ag.Words {
			m.add(w, Entry{Ref: RefAgent, Agent: ag, Src: ag.Src, Phrase: w})
		}
	}
	return m
}

// Country returns the country entry with the given code.
func (m *Matcher) Country(code string) *dict.Actor { return m.countries[code] }

// splitName cuts a dictionary name into the words the tokenizer would make of it, and their
// matching keys. Plain names (ASCII letters and spaces) take a fast path: there are thousands.
func splitName(phrase string) (words, keys []string) {
	plain := true
	for i := 0; i < len(phrase); i++ {
		c := phrase[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == ' ') {
			plain = false
			break
		}
	}
	if plain {
		words = strings.Fields(phrase)
		keys = make([]string, len(words))
		for i, w := range words {
			keys[i] = strings.ToLower(w)
		}
		return words, keys
	}
	ts := text.Tokenize(phrase)
	words, keys = make([]string, len(ts.Toks)), make([]string, len(ts.Toks))
	for i := range ts.Toks {
		words[i], keys[i] = ts.Str(i), Key(&ts, i)
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

func (m *Matcher) add(phrase string, e Entry) {
	words, keys := splitName(phrase)
	if len(words) == 0 {
		return
	}
	cur := int32(0)
	caps := make([]uint8, len(words))
	for i, w := range words {
		k := keys[i]
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			caps[i] = 1
			if len(w) <= 4 && strings.ToUpper(w) == w && len(words) == 1 {
				caps[i] = 2
			}
		}
		n := &m.nodes[cur]
		if n.next == nil {
			n.next = make(map[string]int32)
		}
		nx, ok := n.next[k]
		if !ok {
			nx = int32(len(m.nodes))
			m.nodes[cur].next[k] = nx
			m.nodes = append(m.nodes, node{})
		}
		cur = nx
	}
	n := &m.nodes[cur]
	if n.caps == nil {
		n.caps = caps
	} else {
		// Two names with the same words: the looser case requirement wins.
		for i := range caps {
			if caps[i] < n.caps[i] {
				n.caps[i] = caps[i]
			}
		}
	}
	n.entries = append(n.entries, e)
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
			nx, ok := m.nodes[cur].next[Key(ts, j)]
			if !ok {
				break
			}
			cur = nx
			if n := &m.nodes[cur]; len(n.entries) > 0 && casesFit(ts, i, n.caps) {
				best, bestEnd = cur, j+1
			}
		}
		if best < 0 {
			i++
			continue
		}
		dst = append(dst, Match{Start: i, End: bestEnd, Entries: m.nodes[best].entries})
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
		nx, ok := m.nodes[cur].next[Key(ts, i)]
		if !ok {
			return nil
		}
		cur = nx
	}
	return m.nodes[cur].entries
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
