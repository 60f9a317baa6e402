package coding

import (
	"strings"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
)

// learnt is a name the article typed from context, such as IRAF in "the Iranian news agency IRAF".
type learnt struct {
	code, entity string
	words        int
}

// docState is what the coder remembers while it reads one article: who was named last, for
// pronouns and "the two nations"; names typed from context; the date the narrative is at.
type docState struct {
	names     map[string]learnt
	firstWord map[string]int // first word of a learnt name -> longest length in words
	history   []*mention     // resolved mentions, in reading order
	narrative model.Date
	dated     bool // a sentence has set the narrative date
}

// historySize bounds how far back coreference looks, in mentions: pronouns and "the two nations"
// refer to what was named in the last few sentences, and the bound keeps long inputs linear.
const historySize = 48

// remember adds a resolved mention to the history.
func (st *docState) remember(m *mention) {
	if len(st.history) == 2*historySize {
		st.history = append(st.history[:0], st.history[historySize:]...)
	}
	st.history = append(st.history, m)
}

func learnKey(ts *text.Tokens, from, to int) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		if i > from {
			b.WriteByte(' ')
		}
		b.WriteString(actors.Key(ts, i))
	}
	return b.String()
}

// learn remembers the entity name at the end of mention m (tokens before end) with m's code.
func (st *docState) learn(ts *text.Tokens, end int, m *mention) {
	words := len(strings.Fields(m.entity))
	if words == 0 || end-words < 0 {
		return
	}
	if st.names == nil {
		st.names, st.firstWord = make(map[string]learnt), make(map[string]int)
	}
	key := learnKey(ts, end-words, end)
	st.names[key] = learnt{code: m.code, entity: m.entity, words: words}
	fw := actors.Key(ts, end-words)
	if words > st.firstWord[fw] {
		st.firstWord[fw] = words
	}
	// The surname alone refers to the same person later on.
	if words > 1 {
		last := actors.Key(ts, end-1)
		st.names[last] = learnt{code: m.code, entity: m.entity, words: 1}
		if st.firstWord[last] < 1 {
			st.firstWord[last] = 1
		}
	}
}

// learnt returns the length in tokens of a learnt name starting at i, or 0.
func (st *docState) learnt(ts *text.Tokens, i, to int) int {
	if st.names == nil || !ts.Toks[i].Cap {
		return 0
	}
	max := st.firstWord[actors.Key(ts, i)]
	for n := max; n >= 1; n-- {
		if i+n <= to {
			if _, ok := st.names[learnKey(ts, i, i+n)]; ok {
				return n
			}
		}
	}
	return 0
}

// resolve fills in the code of a pronoun or a bare role noun from what the article named before.
// It returns false when nothing fits.
func (st *docState) resolve(m *mention, before []*mention) bool {
	cands := append(append([]*mention{}, st.history...), before...)
	if m.counterpart && m.code == "" {
		// "his counterpart" with nobody in apposition: the last person of the same sector from
		// another country than the one whose counterpart it is.
		var of *mention
		for k := len(cands) - 1; k >= 0; k-- {
			if c := cands[k]; c.person && c.code != "" {
				if of == nil {
					of = c
					continue
				}
				if actors.CountryOf(c.code) != actors.CountryOf(of.code) && actors.SectorOf(c.code) == actors.SectorOf(of.code) {
					m.code, m.entity, m.country = c.code, c.entity, c.country
					m.entries = append(m.entries, "(counterpart) "+c.entity+", of "+of.entity)
					return true
				}
			}
		}
		return false
	}
	if m.counterpart && len(m.code) == 3 {
		// "his Azeri counterpart": same sector as the last person of another country.
		for k := len(cands) - 1; k >= 0; k-- {
			if c := cands[k]; c.person && actors.SectorOf(c.code) != "" && actors.CountryOf(c.code) != m.code {
				m.code += actors.SectorOf(c.code)
				m.entries = append(m.entries, "(counterpart) of "+c.entity)
				break
			}
		}
		return true
	}
	if m.code != "" && m.pronoun == "" {
		return true
	}
	person := func(c *mention) bool { return c.person && c.code != "" }
	thing := func(c *mention) bool { return !c.person && !c.plural && c.code != "" && !c.place }
	switch m.pronoun {
	case "he":
		// The last person who was a subject, within the last few mentions; else the last person.
		return adopt(m, findBack(cands, 6, func(c *mention) bool { return person(c) && c.subj })) ||
			adopt(m, findBack(cands, 0, person))
	case "it":
		return adopt(m, findBack(cands, 6, func(c *mention) bool { return thing(c) && c.subj })) ||
			adopt(m, findBack(cands, 0, thing))
	case "group":
		// "the group", "the movement": the last armed group, movement or party named.
		return adopt(m, findBack(cands, 0, func(c *mention) bool {
			return c.code != "" && !c.place && (groupSectors[actors.SectorOf(c.code)] || strings.HasPrefix(c.code, "IMG"))
		}))
	case "body":
		// "the alliance", "the bloc": the last international organisation named.
		return adopt(m, findBack(cands, 0, func(c *mention) bool { return strings.HasPrefix(c.code, "IGO") }))
	case "agency":
		// "the agency": the last news agency or international agency named (the IAEA).
		return adopt(m, findBack(cands, 0, func(c *mention) bool {
			return actors.SectorOf(c.code) == "MED" || strings.HasPrefix(c.code, "IGO")
		}))
	case "article":
		return adopt(m, findBack(cands, 0, func(c *mention) bool { return actors.SectorOf(c.code) == "MED" }))
	case "pair":
		var got []*mention
		for k := len(cands) - 1; k >= 0 && len(got) < 2; k-- {
			c := cands[k]
			if c.code == "" || c.plural || c.place {
				continue
			}
			dup := false
			for _, g := range got {
				if actors.CountryOf(g.code) == actors.CountryOf(c.code) {
					dup = true
				}
			}
			if !dup {
				got = append(got, c)
			}
		}
		if len(got) == 2 {
			m.members = []*mention{got[1], got[0]}
			if m.nations {
				// "the two nations" are the countries, whoever was named for them.
				for k, g := range m.members {
					c := *g
					c.code, c.entity = actors.CountryOf(g.code), ""
					m.members[k] = &c
				}
			}
			m.entries = append(m.entries, "(coreference) "+got[1].entity+" and "+got[0].entity)
			return true
		}
	case "", "they", "we":
		if m.sector != "" {
			// A role noun with no country: the last actor of that sector ("the minister").
			return adopt(m, findBack(cands, 0, func(c *mention) bool { return c.code != "" && !c.place && actors.SectorOf(c.code) == m.sector }))
		}
	}
	return false
}

// findBack returns the latest candidate that fits, looking back at most limit mentions (0: all).
func findBack(cands []*mention, limit int, fits func(*mention) bool) *mention {
	for k := len(cands) - 1; k >= 0 && (limit == 0 || k >= len(cands)-limit); k-- {
		if fits(cands[k]) {
			return cands[k]
		}
	}
	return nil
}

// adopt makes m refer to its antecedent c, when there is one.
func adopt(m, c *mention) bool {
	if c == nil {
		return false
	}
	m.code, m.entity, m.country = c.code, c.entity, c.country
	m.entries = append(m.entries, "(coreference) "+strings.TrimSpace(c.entity))
	return true
}

// groupSectors are the sectors of armed groups, movements and parties.
var groupSectors = map[string]bool{"REB": true, "INS": true, "SEP": true, "UAF": true, "PTY": true, "OPP": true, "RAD": true}
