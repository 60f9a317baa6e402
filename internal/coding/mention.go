package coding

import (
	"strings"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/dates"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
)

// mention is one actor named in a sentence, assembled from dictionary matches and context
// ("Iran's Minister of Defense, Brigadier General Aziz Nasirzadeh" is one mention).
type mention struct {
	start, end int // tokens
	code       string
	country    string
	entity     string
	person     bool
	plural     bool
	pronoun    string     // "he", "it", "they", "pair", "article", "group", "body", "agency", "we": the mention refers back
	members    []*mention // a resolved pair ("the two nations")
	entries    []string   // dictionary lines behind the mention, "file:line phrase"
	sector     string     // a sector known from a role noun, when the code has none yet
	// subj is true for the mention that looks like its sentence's subject: the first one that no
	// preposition or participle governs. Pronouns prefer such antecedents.
	subj bool
	// place is true for a country or capital named as where something happens ("in Riyadh"):
	// it is no antecedent for "the two sides".
	place bool
	// demonym is true when the mention is a nationality adjective alone ("Russian").
	demonym bool
	// nations is true for "the two nations/countries": a pair of countries, not of officials.
	nations bool
	// joined is true for a role noun joined to its country by a preposition ("officials from
	// Britain"): the countries listed after it share the role ("..., France and Germany").
	joined bool
	// counterpart is true for "his Azeri counterpart": the sector is that of the person it is the
	// counterpart of.
	counterpart bool
}

func (m *mention) actor(ts *text.Tokens) model.Actor {
	a := model.Actor{Code: m.code, Country: m.country, Sector: actors.SectorOf(m.code), Text: ts.Text[ts.Toks[m.start].Start:ts.Toks[m.end-1].End], Entity: m.entity}
	if a.Country == "" {
		a.Country = actors.CountryOf(m.code)
	}
	return a
}

var pronouns = map[string]string{
	"he": "he", "him": "he", "his": "he", "she": "he", "her": "he",
	"it": "it", "its": "it",
	"they": "they", "them": "they", "their": "they",
	"we": "we", "our": "we", "us": "we",
}

// refNouns are nouns that, after "the", refer back to an earlier actor of a kind.
var refNouns = map[string]string{
	"article": "article", "report": "article", "statement": "article", "outlet": "article",
	"newspaper": "article", "broadcaster": "article",
	"group": "group", "movement": "group", "militia": "group",
	"alliance": "body", "bloc": "body", "organisation": "body", "organization": "body",
	"agency": "agency",
}

// proposalNouns, after "these" or "this", refer to the source of the last event told: "Baku
// responded positively to these proposals".
var proposalNouns = map[string]string{"proposal": "proposal", "proposals": "proposal", "offer": "proposal",
	"offers": "proposal", "request": "proposal", "requests": "proposal", "overtures": "proposal",
	"initiative": "proposal", "appeal": "proposal", "invitation": "proposal", "demands": "proposal",
	// Acts named again: "Taipei condemned the exercises", "India called the decision unfair".
	"move": "proposal", "decision": "proposal", "sale": "proposal", "exercises": "proposal", "drills": "proposal",
	"expulsion": "proposal", "seizure": "proposal", "sanctions": "proposal", "tariffs": "proposal",
	"strikes": "proposal", "raid": "proposal", "incursion": "proposal", "arrest": "proposal", "ban": "proposal",
	"remarks": "proposal", "comments": "proposal", "visit": "proposal", "deal": "proposal"}

var nationNouns = map[string]bool{"nations": true, "countries": true, "states": true, "neighbours": true, "neighbors": true}

var pairNouns = map[string]bool{"nations": true, "countries": true, "sides": true, "capitals": true,
	"governments": true, "states": true, "neighbours": true, "neighbors": true, "leaders": true,
	"ministers": true, "commanders": true, "presidents": true, "parties": true, "allies": true}

// mentions assembles the actor mentions of tokens [from, to) at date d.
func (c *Coder) mentions(ts *text.Tokens, from, to int, d model.Date, st *docState) []*mention {
	matches := c.actors.Find(ts, from, to, nil)
	var out []*mention
	mi := 0
	for i := from; i < to; {
		// Dictionary matches and names learnt earlier in the document start a chain.
		if mi < len(matches) && matches[mi].Start == i || st.learnt(ts, i, to) > 0 {
			m, next, nextMatch := c.chain(ts, i, to, matches, mi, d, st)
			if m != nil {
				out = append(out, m)
				i, mi = next, nextMatch
				continue
			}
		}
		for mi < len(matches) && matches[mi].Start <= i {
			mi++
		}
		w := ts.Norm(i)
		if possessivePronoun[w] && i+1 < to && (ts.Norm(i+1) == "counterpart" || ts.Norm(i+1) == "counterparts") {
			// "his counterpart": an actor of another country, named by apposition or before.
			out = append(out, &mention{start: i, end: i + 2, counterpart: true, person: ts.Norm(i+1) == "counterpart", plural: ts.Norm(i+1) == "counterparts"})
			i += 2
			continue
		}
		if r, ok := proposalNouns[w]; ok && i > from && (len(out) == 0 || out[len(out)-1].end <= i-1) && (ts.Norm(i-1) == "these" || ts.Norm(i-1) == "this" || ts.Norm(i-1) == "the" || ts.Norm(i-1) == "such") {
			out = append(out, &mention{start: i - 1, end: i + 1, pronoun: r})
			i++
			continue
		}
		if p, ok := pronouns[w]; ok && !(w == "us" && ts.Toks[i].Cap) {
			out = append(out, &mention{start: i, end: i + 1, pronoun: p})
		} else if w == "the" && i+2 <= to {
			if i+2 < to && (ts.Norm(i+1) == "two" || ts.Norm(i+1) == "both") && pairNouns[ts.Norm(i+2)] {
				out = append(out, &mention{start: i, end: i + 3, pronoun: "pair", plural: true, nations: nationNouns[ts.Norm(i+2)]})
				i += 3
				continue
			}
			if i+1 < to && pairNouns[ts.Norm(i+1)] && (ts.Norm(i+1) == "commanders" || ts.Norm(i+1) == "ministers" || ts.Norm(i+1) == "leaders" || ts.Norm(i+1) == "presidents") {
				out = append(out, &mention{start: i, end: i + 2, pronoun: "pair", plural: true})
				i += 2
				continue
			}
			if r, ok := refNouns[ts.Norm(i+1)]; ok && !((r == "group" || r == "body") && ts.Toks[i+1].Cap) {
				out = append(out, &mention{start: i, end: i + 2, pronoun: r})
				i += 2
				continue
			}
		} else if w == "both" && i+1 < to && pairNouns[ts.Norm(i+1)] {
			out = append(out, &mention{start: i, end: i + 2, pronoun: "pair", plural: true, nations: nationNouns[ts.Norm(i+1)]})
			i += 2
			continue
		}
		i++
	}
	out = mergeAppositions(ts, out, to)
	// "Russian and Ukrainian delegations", "US and British warplanes": the role noun belongs to
	// both nationalities.
	for k := len(out) - 2; k >= 0; k-- {
		a, b := out[k], out[k+1]
		bareName := len(a.code) == 3 && a.end-a.start == 1 && a.pronoun == "" && b.entity == ""
		if (a.demonym || bareName) && b.start == a.end+1 && (ts.Norm(a.end) == "and" || ts.Norm(a.end) == "or" || ts.Norm(a.end) == ",") && actors.SectorOf(b.code) != "" && len(b.code) == 6 {
			a.code += actors.SectorOf(b.code)
			a.plural, a.demonym = b.plural, false
		}
	}
	titleCase := isTitleCase(ts, from, to)
	starts := make(map[int]bool, len(out))
	for _, m := range out {
		starts[m.start] = true
	}
	for _, m := range out {
		placeLike := len(m.code) == 3 || strings.HasSuffix(m.code, "GOV") && m.entity == ""
		if m.code != "" && m.start > from && placeLike && (locatives[ts.Norm(m.start-1)] || m.start-1 > from && ts.Norm(m.start-1) == "the" && locatives[ts.Norm(m.start-2)]) {
			m.place = true
		}
		// "the Washington Accords", "Baku Energy Week": a place that begins a longer name.
		if !titleCase && m.code != "" && placeLike && len(m.members) == 0 && m.pronoun == "" && m.end < to && ts.Toks[m.end].Kind == text.Word && ts.Toks[m.end].Cap &&
			!starts[m.end] && !dates.IsCalendarWord(ts.Norm(m.end)) && !stopName[ts.Norm(m.end)] {
			m.place, m.country, m.code = true, actors.CountryOf(m.code), ""
		}
		// "a Kabul car bombing": a place named as a modifier is no actor.
		if m.start > from && (ts.Norm(m.start-1) == "a" || ts.Norm(m.start-1) == "an") && m.entity == "" && strings.HasSuffix(m.code, "GOV") && m.end-m.start == 1 && m.end < to && ts.Toks[m.end].Kind == text.Word && !ts.Toks[m.end].Cap {
			m.place, m.code, m.country = true, "", actors.CountryOf(m.code)
		}
	}
	return out
}

// chain reads one mention that starts at token i: any run of country names or demonyms, role
// nouns, possessives, "of"/"in" + country, known actors and the capitalised name that follows a
// role noun. It returns the mention and where reading goes on.
func (c *Coder) chain(ts *text.Tokens, i, to int, matches []actors.Match, mi int, d model.Date, st *docState) (*mention, int, int) {
	m := &mention{start: i}
	var base *dict.Actor // a non-country actor: person, group, organisation, outlet
	var baseRef string
	country, sector := "", ""
	sawAgent, demonymOnly, joined := false, false, false
	j := i
	for j < to {
		if n := st.learnt(ts, j, to); n > 0 && (mi >= len(matches) || matches[mi].Start != j || matches[mi].End <= j+n) {
			l := st.names[learnKey(ts, j, j+n)]
			m.code, m.entity = l.code, l.entity
			m.entries = append(m.entries, "(document) "+l.entity+" typed as "+l.code+" earlier in the article")
			j += n
			for mi < len(matches) && matches[mi].Start < j {
				mi++
			}
			base, baseRef = nil, "learnt"
			continue
		}
		if mi < len(matches) && matches[mi].Start == j {
			mt := matches[mi]
			e := mt.Entries[actors.Pick(mt.Entries, d)]
			m.entries = append(m.entries, e.Src.String()+" "+e.Phrase)
			switch e.Ref {
			case actors.RefAgent:
				sector = e.Agent.Sector
				sawAgent = true
				if ts.Toks[mt.End-1].End > 0 && strings.HasSuffix(ts.Norm(mt.End-1), "s") && !strings.HasSuffix(ts.Norm(mt.End-1), "ss") {
					m.plural = true
				}
			case actors.RefDemonym:
				country = e.Actor.Code
				demonymOnly = true
			case actors.RefCapital, actors.RefSeat:
				// "protesters in Tehran" are Iran's protesters; "Tehran" alone is its government.
				country = e.Actor.Code
				if !joined {
					sector = "GOV"
				}
			case actors.RefName:
				if e.Actor.Kind == dict.KindCountry {
					country = e.Actor.Code
				} else {
					base, baseRef = e.Actor, e.Ref
				}
			}
			j = mt.End
			mi++
		} else {
			break
		}
		// What may join the next part of the chain.
		if k := skipModifiers(ts, j, to); k > j && mi < len(matches) && matches[mi].Start == k && isAgent(matches[mi]) {
			// "Russian Deputy Defence Minister", "Iran's acting foreign minister"
			j = k
			continue
		}
		if country != "" && !sawAgent && base == nil && mi < len(matches) && isAgent(matches[mi]) {
			// "Israeli Strategic Affairs Minister": a portfolio the role nouns do not list.
			if k := matches[mi].Start; k > j && k <= j+3 && titleWords(ts, j, k) {
				j = k
				continue
			}
		}
		if j < to && ts.Toks[j].Kind == text.Possessive && mi < len(matches) {
			if matches[mi].Start == j+1 {
				j++
				continue
			}
			// "Iran's morality police", "Iran's oil minister": a word or two may qualify the role.
			if k := matches[mi].Start; k <= j+3 && isAgent(matches[mi]) && (plainWords(ts, j+1, k) || skipModifiers(ts, j+1, to) == k) {
				j = k
				continue
			}
		}
		// "the defence minister of Iran", "officials in Baku"; but "Iran's consulate in Damascus"
		// stays Iran's.
		if j+1 < to && (ts.Norm(j) == "of" || ts.Norm(j) == "in" || ts.Norm(j) == "for" || ts.Norm(j) == "from") && sawAgent && country == "" && base == nil && mi < len(matches) && matches[mi].Start == j+1 && (isPlace(matches[mi]) || ts.Norm(j) == "of" && !isAgent(matches[mi])) &&
			!(ts.Norm(j) != "of" && postings[ts.Norm(j-1)]) {
			// An envoy "in Bamako" or "from Algeria" is posted there, not that country's.
			// "judges of the International Criminal Court" are the court's.
			j++
			joined = true
			continue
		}
		if j+2 < to && ts.Norm(j) == "of" && ts.Norm(j+1) == "the" && sawAgent && country == "" && base == nil && mi < len(matches) && matches[mi].Start == j+2 && !isAgent(matches[mi]) {
			j += 2
			joined = true
			continue
		}
		if j+1 < to && ts.Norm(j) == "-" && !ts.Toks[j].Space {
			break
		}
	}
	if j < to && (ts.Norm(j) == "counterpart" || ts.Norm(j) == "counterparts") && country != "" && base == nil {
		m.counterpart, m.plural = true, ts.Norm(j) == "counterparts"
		j++
	}
	// A capitalised name after a role noun names the actor ("the Iranian news agency IRAF",
	// "Azerbaijani Deputy Minister Elnur Mammadov").
	if sawAgent && base == nil && baseRef != "learnt" {
		k := j
		for k < to && ts.Toks[k].Kind == text.Word && ts.Toks[k].Cap && !stopName[ts.Norm(k)] {
			k++
		}
		if k > j && k-j <= 4 {
			m.entity = ts.Text[ts.Toks[j].Start:ts.Toks[k-1].End]
			j = k
		}
	}
	m.end = j
	m.joined = joined
	if m.end <= m.start {
		return nil, i + 1, mi
	}
	switch {
	case baseRef == "learnt":
	case base != nil:
		code, role := actors.Resolve(base, d)
		if role != nil {
			m.entries = append(m.entries, role.Src.String()+" role "+role.Code+" "+role.Title)
		}
		m.entity = base.Name
		m.person = base.Kind == dict.KindPerson
		if base.Kind == dict.KindCountry || len(code) == 3 && code == actors.CountryOf(code) && sector != "" && !strings.HasPrefix(code, "IGO") {
			code += sector
		}
		if len(code) == 3 && country != "" && code != country {
			code = country + sector
		}
		// The title the article gives wins over the dictionary's role where both name the same
		// country: "army chief General al-Burhan" is the military even while he heads the state.
		if m.person && stateSectors[sector] && stateSectors[actors.SectorOf(code)] && actors.SectorOf(code) != sector && (country == "" || country == code[:3]) {
			m.entries = append(m.entries, "(title) "+sector+" from the title in the text")
			code = code[:3] + sector
		}
		m.code = code
		if base.Country != "" {
			m.country = base.Country
		}
	case country != "":
		m.code = country + sector
		m.demonym = sector == "" && !sawAgent && base == nil && m.end-m.start == 1 && demonymOnly
		if m.counterpart && sector == "" {
			m.person = !m.plural
		}
		if m.entity == "" && sector == "" {
			if a := c.actors.Country(country); a != nil {
				m.entity = a.Name
			}
		}
		if m.entity != "" && sector != "" && !m.plural {
			m.person = true
			st.learn(ts, j, m)
		}
	default:
		if sector == "" {
			return nil, i + 1, mi
		}
		// A lone role noun is an actor when it stands as a noun: plural ("protesters"), named
		// ("President X"), after a determiner ("the military") or as the agent of a passive ("by
		// police"); "military aid" is not one.
		if !m.plural && m.entity == "" && !(i > 0 && (determiners[ts.Norm(i-1)] || ts.Norm(i-1) == "by")) && !(i > 0 && ts.Toks[i-1].Kind == text.Possessive) {
			return nil, i + 1, mi
		}
		if !m.plural && m.entity == "" && j < to && ts.Toks[j].Kind == text.Word && !ts.Toks[j].Cap && !c.verbs[ts.Norm(j)] && !strings.HasSuffix(ts.Norm(j), "ly") {
			// "an official reception", "the military option": the role noun qualifies a noun.
			return nil, i + 1, mi
		}
		m.sector = sector
		if m.entity != "" {
			m.person = true
		}
	}
	return m, j, mi
}

// stateSectors are the sectors of the state, among which a title in the text may move a known
// person; a rebel spokesman stays a rebel.
var stateSectors = map[string]bool{"GOV": true, "MIL": true, "SPY": true, "JUD": true, "LEG": true, "COP": true}

// isTitleCase reports a headline written in title case ("Iran Warns Israel Over Strikes"), where
// capitals say nothing of names.
func isTitleCase(ts *text.Tokens, from, to int) bool {
	words, caps := 0, 0
	for i := from; i < to; i++ {
		if ts.Toks[i].Kind == text.Word && len(ts.Norm(i)) > 3 {
			words++
			if ts.Toks[i].Cap {
				caps++
			}
		}
	}
	return words >= 3 && caps*10 >= words*7
}

// postings are diplomatic role nouns: "in" or "from" a place names where they serve.
var postings = map[string]bool{"ambassador": true, "ambassadors": true, "embassy": true, "embassies": true,
	"envoy": true, "envoys": true, "consulate": true, "consulates": true, "consul": true, "mission": true,
	"diplomat": true, "diplomats": true, "affaires": true, "attache": true, "attaché": true}

var determiners = map[string]bool{"the": true, "its": true, "their": true, "his": true, "her": true,
	"our": true, "a": true, "an": true, "this": true, "that": true, "whose": true}

// stopName words are capitalised but do not start or continue a name.
var stopName = map[string]bool{"the": true, "on": true, "in": true, "said": true, "and": true, "of": true,
	"who": true, "which": true, "has": true, "was": true, "is": true, "will": true, "for": true, "to": true}

// roleModifiers qualify a role noun without changing its sector.
var roleModifiers = map[string]bool{"deputy": true, "vice": true, "acting": true, "first": true, "senior": true,
	"top": true, "chief": true, "interim": true, "caretaker": true, "new": true, "outgoing": true,
	"incoming": true, "then": true, "powerful": true, "influential": true, "veteran": true, "special": true}

// titleWords reports whether tokens [from, to) are capitalised words that may be part of a title.
func titleWords(ts *text.Tokens, from, to int) bool {
	for k := from; k < to; k++ {
		if ts.Toks[k].Kind != text.Word || !ts.Toks[k].Cap || stopName[ts.Norm(k)] {
			return false
		}
	}
	return true
}

// skipModifiers returns the first token from i on that is no role modifier.
func skipModifiers(ts *text.Tokens, i, to int) int {
	for i < to && roleModifiers[ts.Norm(i)] {
		i++
	}
	return i
}

func isAgent(mt actors.Match) bool { return pick(mt.Entries).Ref == actors.RefAgent }

// plainWords reports whether tokens [from, to) are lower-case words that are not prepositions.
func plainWords(ts *text.Tokens, from, to int) bool {
	for k := from; k < to; k++ {
		w := ts.Text[ts.Toks[k].Start:ts.Toks[k].End]
		acronym := len(w) >= 2 && len(w) <= 5 && strings.ToUpper(w) == w // "Ukraine's SBU security service"
		if ts.Toks[k].Kind != text.Word || ts.Toks[k].Cap && !acronym || prepositions[ts.Norm(k)] || clauseWords[ts.Norm(k)] {
			return false
		}
	}
	return true
}

func isPlace(mt actors.Match) bool {
	for _, e := range mt.Entries {
		if e.Actor != nil && (e.Actor.Kind == dict.KindCountry || e.Ref == actors.RefCapital) {
			return true
		}
	}
	return false
}

// pick chooses among the meanings of one name, without a date.
func pick(es []actors.Entry) actors.Entry { return es[actors.Pick(es, model.Date{})] }

// mergeAppositions joins "A, B," where B describes A: a person's title and name, or a role noun
// in apposition ("his counterpart, Jeyhun Bayramov").
func mergeAppositions(ts *text.Tokens, ms []*mention, to int) []*mention {
	out := ms[:0]
	for k := 0; k < len(ms); k++ {
		m := ms[k]
		if k+1 < len(ms) {
			n := ms[k+1]
			// "Mazloum Abdi, the commander of the Syrian Democratic Forces,": a role noun after its
			// article; the title runs to the next comma.
			titled := n.start == m.end+2 && n.sector != "" && n.code == "" && (ts.Norm(m.end+1) == "the" || ts.Norm(m.end+1) == "a") && n.end < to && ts.Norm(n.end) == "of"
			if (n.start == m.end+1 || titled) && ts.Norm(m.end) == "," && m.pronoun == "" && n.pronoun == "" && compatible(m, n) {
				merged := *m
				merged.end = n.end
				// "Mark Rutte, NATO's secretary-general," and the titled case: the title runs to the
				// next comma, and the mentions inside it are part of it.
				reach := 0
				if titled {
					reach = 8
				} else if n.end < to && ts.Toks[n.end].Kind == text.Possessive {
					reach = 6
				}
				if reach > 0 {
					for c := n.end + 1; c < to && c <= n.end+reach; c++ {
						if ts.Norm(c) == "," {
							merged.end = c
							break
						}
					}
					if merged.end == n.end {
						out = append(out, m)
						continue
					}
					for k+2 < len(ms) && ms[k+2].start < merged.end {
						k++
					}
				}
				merged.entries = append(append([]string{}, m.entries...), n.entries...)
				if n.person || merged.code == "" || len(merged.code) < len(n.code) && n.code != "" {
					if n.code != "" {
						merged.code = n.code
					}
					if n.entity != "" {
						merged.entity = n.entity
					}
				}
				if merged.entity == "" {
					merged.entity = n.entity
				}
				merged.person = m.person || n.person
				// "Sudan's army chief, General Abdel Fattah al-Burhan": the title's sector wins.
				if !m.person && n.person && len(m.code) == 6 && len(merged.code) == 6 && m.code[:3] == merged.code[:3] && !strings.HasPrefix(merged.code, "IGO") {
					merged.code = m.code
				}
				if merged.sector == "" {
					merged.sector = n.sector
				}
				out = append(out, &merged)
				k++
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// compatible reports whether two mentions may be one actor: one of them is a person or a role,
// and their countries agree where both are known.
func compatible(a, b *mention) bool {
	if !(a.person || b.person || a.sector != "" || b.sector != "") {
		return false
	}
	if a.plural || b.plural {
		return false
	}
	ca, cb := actors.CountryOf(a.code), actors.CountryOf(b.code)
	return ca == "" || cb == "" || ca == cb
}
