package coding

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/cameo"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
)

// prepositions before a mention make it an object, not a subject.
var prepositions = map[string]bool{"of": true, "to": true, "for": true, "with": true, "in": true, "on": true,
	"at": true, "by": true, "from": true, "against": true, "about": true, "over": true, "between": true,
	"into": true, "toward": true, "towards": true, "among": true, "under": true, "after": true, "before": true,
	"during": true, "including": true, "like": true, "than": true, "via": true, "across": true, "within": true,
	"upon": true, "through": true, "amid": true, "despite": true, "near": true, "behind": true, "beyond": true}

// clauseWords start a clause of their own: the subject of a verb after them is found after them.
var clauseWords = map[string]bool{"that": true, "which": true, "whom": true, "whose": true, "because": true,
	"although": true, "though": true, "while": true, "whereas": true, "if": true, "unless": true, "but": true,
	"since": true, "when": true}

// subject finds the mentions that act as the subject of the pattern at h: the nearest mention to
// its left, in its clause, that is not the object of a preposition, with those coordinated with it.
// It also reports the token where the search stopped, for reported speech.
func subject(ts *text.Tokens, s *sentence, h *hit, objects map[*mention]bool) ([]*mention, int) {
	// A relative clause: "Baradar, who attended the summit" has Baradar as its subject.
	k := h.first - 1
	for k > s.TokStart && (strings.HasSuffix(ts.Norm(k), "ly") || ts.Norm(k) == "also" || ts.Norm(k) == "had" || ts.Norm(k) == "has" || ts.Norm(k) == "have") {
		k--
	}
	if k > s.TokStart && (ts.Norm(k) == "who" || ts.Norm(k) == "which") {
		end := k
		if ts.Norm(k-1) == "," {
			end = k - 1
		}
		for _, m := range s.mentions {
			if m.end == end {
				return []*mention{m}, k
			}
		}
	}
	stop := s.TokStart
	for k := h.first - 1; k >= s.TokStart; k-- {
		w := ts.Norm(k)
		if isBoundary(ts, k) || clauseWords[w] {
			stop = k
			break
		}
	}
	// "Israel struck Iran's consulate, killing a commander": a participle after a comma has the
	// subject of the main clause.
	participial := h.verb >= 0 && strings.HasSuffix(ts.Norm(h.verb), "ing") && h.verb > s.TokStart && ts.Norm(h.verb-1) == ","
	var best *mention
	for i := len(s.mentions) - 1; i >= 0; i-- {
		m := s.mentions[i]
		if m.end > h.first || m.start < stop || objects[m] || possessivePronoun[ts.Norm(m.start)] && m.end-m.start == 1 {
			// "its territory" is no subject: the pronoun is a determiner.
			continue
		}
		if participial {
			for _, o := range s.mentions {
				if o.end <= m.start && o.start >= stop && !objects[o] && !(o.start > s.TokStart && prepositions[ts.Norm(o.start-1)]) {
					m = o
					break
				}
			}
		}
		if m.start > s.TokStart && prepositions[ts.Norm(m.start-1)] && !memberOf(ts, s, m.start) {
			continue
		}
		// A possessor is not the subject of the clause: "Iran's minister" is, not "Iran".
		if m.end < len(ts.Toks) && ts.Toks[m.end].Kind == text.Possessive && m.end+1 < h.first {
			continue
		}
		best = m
		break
	}
	if best == nil {
		return nil, stop
	}
	// Coordinated subjects: "Iran and Azerbaijan agreed".
	ms := []*mention{best}
	for i := len(s.mentions) - 1; i >= 0; i-- {
		m := s.mentions[i]
		if m.end > best.start || m.start < stop || m == best {
			continue
		}
		if m.end > ms[0].start {
			break
		}
		if conjoined[strings.Join(strings.Fields(ts.Lower[ts.Toks[m.end].Start:ts.Toks[ms[0].start].Start]), " ")] {
			ms = append([]*mention{m}, ms...)
			continue
		}
		break
	}
	return ms, stop
}

// memberOf reports whether the mention at start is the group in "fighters of X", "members of X"
// at the head of its clause: the members act, and they are the group's.
func memberOf(ts *text.Tokens, s *sentence, start int) bool {
	if start < s.TokStart+2 || ts.Norm(start-1) != "of" || !memberNouns[ts.Norm(start-2)] {
		return false
	}
	k := start - 3
	for k >= s.TokStart && (ts.Norm(k) == "the" || ts.Toks[k].Kind == text.Number || quantityWords[ts.Norm(k)]) {
		k--
	}
	return k < s.TokStart || isBoundary(ts, k) || clauseWords[ts.Norm(k)]
}

var memberNouns = map[string]bool{"fighters": true, "members": true, "militants": true, "troops": true,
	"forces": true, "soldiers": true, "supporters": true, "gunmen": true, "units": true, "followers": true,
	"loyalists": true, "officials": true, "leaders": true, "commanders": true, "representatives": true}

var quantityWords = map[string]bool{"dozens": true, "hundreds": true, "thousands": true, "several": true,
	"some": true, "many": true, "two": true, "three": true, "four": true, "five": true}

// conjoined are the words that join coordinated subjects: "Iran and the Taliban".
var conjoined = map[string]bool{"and": true, ",": true, ", and": true, "and the": true, ", and the": true, ", the": true}

// possessor finds the owner of a nominal pattern: "Baradar's visit", "his visits".
func possessor(ts *text.Tokens, s *sentence, h *hit) []*mention {
	k := h.first - 1
	for n := 0; n < 3 && k >= s.TokStart; n++ {
		w := ts.Norm(k)
		if ts.Toks[k].Kind == text.Possessive {
			for _, m := range s.mentions {
				if m.end == k {
					return []*mention{m}
				}
			}
			return nil
		}
		for _, m := range s.mentions {
			if m.start == k && m.end == k+1 && m.pronoun != "" && (w == "his" || w == "her" || w == "its" || w == "their" || w == "our") {
				return []*mention{m}
			}
		}
		if ts.Toks[k].Kind != text.Word || prepositions[w] || w == "the" {
			return nil
		}
		k--
	}
	return nil
}

// phraseIn reports the first modality phrase of a class that occurs within tokens [from, to).
// Words of a date ("threatened on Tuesday to ...") are skipped inside a phrase.
func (c *Coder) phraseIn(ts *text.Tokens, s *sentence, class string, from, to int) (phrase, int, bool) {
	byFirst := c.modals[class]
	for i := from; i < to; i++ {
		for _, p := range byFirst[actors.Key(ts, i)] {
			k, ok := i+1, true
			for _, w := range p.words[1:] {
				for k < to && s.timeTok(k) {
					k++
				}
				if k >= to || actors.Key(ts, k) != w {
					ok = false
					break
				}
				k++
			}
			if ok {
				return p, i, true
			}
		}
	}
	return phrase{}, 0, false
}

// frames turn the act they govern into another: a pledge, a threat, a refusal, a demand or an
// appeal. The maps give the new code by the act's root.
var frames = map[string]map[string]string{
	"pledge":  {"01": "030", "02": "030", "03": "030", "04": "036", "05": "032", "06": "031", "07": "033", "08": "035"},
	"threat":  {"01": "130", "04": "134", "05": "131", "06": "131", "07": "1311", "08": "130"},
	"refusal": {"01": "120", "02": "120", "03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124", "conflict": "0356"},
	"demand":  {"01": "100", "02": "100", "03": "100", "04": "106", "05": "102", "06": "101", "07": "103", "08": "105", "conflict": "105"},
	"appeal":  {"01": "020", "02": "020", "03": "020", "04": "026", "05": "022", "06": "021", "07": "023", "08": "025", "conflict": "025"},
}

// subCodes keep a sub-code through a frame where CAMEO has one.
var subCodes = func() map[string]map[string]string {
	// The acts of cooperation (06x), aid (07x) and yielding (08x) have sub-codes that every frame
	// keeps: military cooperation (062) becomes intent to cooperate militarily (0312), a demand for
	// military cooperation (1012) or its rejection (1212).
	acts := []string{"061", "062", "063", "064", "071", "072", "073", "074", "081", "082", "084", "085", "086", "087"}
	framesTo := map[string][]string{
		"pledge":  {"0311", "0312", "0313", "0314", "0331", "0332", "0333", "0334", "0351", "0352", "0353", "0354", "0355", "0356"},
		"demand":  {"1011", "1012", "1013", "1014", "1031", "1032", "1033", "1034", "1051", "1052", "1053", "1054", "1055", "1056"},
		"appeal":  {"0211", "0212", "0213", "0214", "0231", "0232", "0233", "0234", "0251", "0252", "0253", "0254", "0255", "0256"},
		"refusal": {"1211", "1212", "", "", "1221", "1222", "1223", "1224", "1241", "1242", "1243", "1244", "1245", "1246"},
	}
	out := make(map[string]map[string]string)
	for class, codes := range framesTo {
		out[class] = make(map[string]string)
		for k, act := range acts {
			if codes[k] != "" {
				out[class][act] = codes[k]
			}
		}
	}
	return out
}()

func framed(class, code string) string {
	if c := framedCode(class, code); c != "" {
		return c
	}
	// A frame with no entry for the act's root gives its class's general code.
	return map[string]string{"pledge": "030", "threat": "130", "refusal": "120", "demand": "100", "appeal": "020"}[class]
}

func framedCode(class, code string) string {
	if sc, ok := subCodes[class][code[:min(3, len(code))]]; ok {
		return sc
	}
	root := cameo.Root(code)
	if root >= "09" {
		if class == "pledge" || class == "threat" {
			switch root {
			case "17":
				return "137"
			case "16":
				return "131"
			case "14":
				return "133"
			case "18", "19", "20", "15":
				return "138"
			}
			return "130"
		}
		if root >= "14" {
			return frames[class]["conflict"]
		}
		return frames[class]["01"]
	}
	return frames[class][root]
}

type modeResult struct {
	mode   model.Mode
	why    string
	code   string // the code after a frame, or the pattern's
	frame  string
	object []*mention // the one urged or asked, for appeals and demands
}

// mode decides how the event at h is told: negated, intended, hypothetical, reported, denied or
// asserted, and whether a frame verb turns it into a pledge, threat, refusal, demand or appeal.
func (c *Coder) mode(ts *text.Tokens, s *sentence, h *hit, subjEnd int) modeResult {
	r := modeResult{mode: model.Asserted, code: h.pat.Code, why: "no negation, modal or hedge before the verb"}
	from := subjEnd
	if from < s.TokStart || from > h.first {
		from = max(s.TokStart, h.first-6)
	}
	to := h.first
	root := cameo.Root(h.pat.Code)
	// Frames, nearest first: "vowed to retaliate", "refused to meet", "urged Iran to negotiate".
	for _, class := range []string{"refusal", "threat", "pledge", "demand", "appeal"} {
		if p, at, ok := c.phraseIn(ts, s, class, max(from, h.first-8), to); ok {
			if class == "pledge" && (root == "03" || root == "13") {
				continue
			}
			if (class == "appeal" || class == "demand") && (root == "02" || root == "10") {
				continue
			}
			r.frame = class
			r.code = framed(class, h.pat.Code)
			r.why = fmt.Sprintf("%q (%s) governs the act: %s", strings.Join(p.words, " "), p.src, class)
			if class == "appeal" || class == "demand" {
				for _, m := range s.mentions {
					if m.start >= at+len(p.words) && m.end <= h.first {
						r.object = append(r.object, m)
					}
				}
			}
			from = max(from, at+len(p.words))
			break
		}
	}
	code := r.code
	root = cameo.Root(code)
	if p, _, ok := c.phraseIn(ts, s, "denial", s.TokStart, to); ok {
		r.mode, r.why = model.Denied, fmt.Sprintf("%q (%s): the source denies it", strings.Join(p.words, " "), p.src)
		return r
	}
	negatedPattern := strings.Contains(" "+h.pat.Text+" ", " not ") || strings.Contains(" "+h.pat.Text+" ", " never ")
	if p, _, ok := c.phraseIn(ts, s, "negation", from, to); ok && !negatedPattern && r.frame != "refusal" {
		neg := fmt.Sprintf("%q (%s)", strings.Join(p.words, " "), p.src)
		// "will not" is no report that something did not happen but a stance: a refusal of a
		// cooperative act ("Iran will not negotiate") or a pledge of restraint ("will not attack").
		if r.frame == "" && c.future(ts, s, from, to) {
			switch {
			case root >= "03" && root <= "08":
				r.frame, r.code, r.mode = "refusal", framed("refusal", code), model.Asserted
				r.why = neg + " with a future: refusing a cooperative act is a rejection (12x)"
				return r
			case root >= "15":
				r.code, r.mode = "0356", model.Intended
				r.why = neg + " with a future: renouncing force is an intent to de-escalate (0356)"
				return r
			}
		}
		r.mode, r.why = model.Negated, neg+" before the verb"
		return r
	}
	switch {
	case root == "03" || root == "13" || r.frame == "pledge" || r.frame == "threat":
		r.mode = model.Intended
		if r.frame == "" {
			r.why = "CAMEO " + root + " expresses an intent: " + h.pat.Code
			if negatedPattern {
				r.why = "a negated prohibition (" + h.pat.Src.String() + ") is a pledge"
			}
		}
		return r
	case r.frame == "refusal" || r.frame == "appeal" || r.frame == "demand":
		if p, _, ok := c.phraseIn(ts, s, "reported", s.TokStart, s.TokEnd); ok {
			r.mode, r.why = model.Reported, r.why+fmt.Sprintf("; %q (%s) in the sentence", strings.Join(p.words, " "), p.src)
		}
		return r
	}
	if h.verb >= 0 && presentForm(ts, h) && temporalClause(ts, s, h.first) {
		// "when he meets Xi Jinping this week": a present tense after "when" tells of the future.
		r.mode, r.why = model.Intended, "a present tense in a clause of time (\"when\", \"once\", \"until\"): a future"
		return r
	}
	if at, ok := condition(ts, s, h.first); ok {
		// "If the House votes to impeach ...": the act is conditional.
		r.mode, r.why = model.Hypothetical, fmt.Sprintf("%q opens the clause: a condition", ts.Norm(at))
		return r
	}
	if p, at, ok := c.phraseIn(ts, s, "hypothetical", from, to); ok {
		// In reported speech "would" is the future of the past: "Iran said it would sign".
		if _, _, said := c.phraseIn(ts, s, "speech", s.TokStart, at); said && p.words[0] == "would" {
			r.mode, r.why = model.Intended, fmt.Sprintf("%q (%s) after a verb of saying: a future told in reported speech", strings.Join(p.words, " "), p.src)
			return r
		}
		r.mode, r.why = model.Hypothetical, fmt.Sprintf("%q (%s) before the verb", strings.Join(p.words, " "), p.src)
		return r
	}
	if p, _, ok := c.phraseIn(ts, s, "intended", from, to); ok {
		r.mode, r.why = model.Intended, fmt.Sprintf("%q (%s) before the verb", strings.Join(p.words, " "), p.src)
		return r
	}
	if p, _, ok := c.phraseIn(ts, s, "reported", s.TokStart, s.TokEnd); ok {
		r.mode, r.why = model.Reported, fmt.Sprintf("%q (%s) in the sentence", strings.Join(p.words, " "), p.src)
	}
	return r
}

// aerial reports whether a mention is named by an air weapon ("Russian drones").
func (c *Coder) aerial(ts *text.Tokens, m *mention) bool {
	if m.start >= m.end {
		return false
	}
	for i := m.start; i < m.end; i++ {
		for _, p := range c.modals["aerial"][actors.Key(ts, i)] {
			if len(p.words) == 1 || i+len(p.words) <= m.end {
				return true
			}
		}
	}
	return false
}

// proposed reports whether the nominal act at h is the object of a verb of asking, offering or
// refusing, within four words before it ("demanded a face-to-face meeting with").
func (c *Coder) proposed(ts *text.Tokens, s *sentence, h *hit) bool {
	for k := h.first - 1; k >= s.TokStart && k >= h.first-5; k-- {
		if _, _, ok := c.phraseIn(ts, s, "proposal", k, h.first); ok {
			return true
		}
		if w := ts.Norm(k); w == "," || w == ";" || prepositions[w] && w != "for" {
			return false
		}
	}
	return false
}

// accused reports whether the act at h is what someone is accused or blamed of: a verb of
// accusing before it in the sentence, with "of" or "for" between.
func (c *Coder) accused(ts *text.Tokens, s *sentence, h *hit) bool {
	if r := cameo.Root(h.pat.Code); r == "11" || r == "12" {
		return false
	}
	_, at, ok := c.phraseIn(ts, s, "accusation", s.TokStart, h.first)
	if !ok {
		return false
	}
	for k := at + 1; k < h.first; k++ {
		w := ts.Norm(k)
		if w == ";" || w == "," && k+1 < h.first && (ts.Norm(k+1) == "and" || ts.Norm(k+1) == "but") || w == "and" && k+1 < h.first && c.verbs[ts.Norm(k+1)] {
			// "blamed Israel for the attack, and vowed revenge": the second act is the source's own.
			return false
		}
		if w == "of" || w == "for" {
			return true
		}
	}
	return false
}

// presentForm reports a verb in the present: its lemma or its -s form.
func presentForm(ts *text.Tokens, h *hit) bool {
	vi, _ := h.pat.Verbal()
	w, lemma := ts.Norm(h.verb), h.pat.Elems[vi].Lemma
	return w == lemma || w == lemma+"s" || w == lemma+"es" || strings.HasSuffix(lemma, "y") && w == lemma[:len(lemma)-1]+"ies"
}

// temporalClause reports "when", "once" or "until" opening the clause of the act at first.
func temporalClause(ts *text.Tokens, s *sentence, first int) bool {
	for k := first - 1; k >= s.TokStart && k >= first-8; k-- {
		switch ts.Norm(k) {
		case "when", "once", "until":
			return true
		case ",", ";", ":", "that", "and", "but":
			return false
		}
	}
	return false
}

// condition finds "if" or "unless" opening the clause of the act at first: before it, with no
// comma between (the comma closes the condition: "If Israel attacks, we will strike back").
func condition(ts *text.Tokens, s *sentence, first int) (int, bool) {
	for k := first - 1; k >= s.TokStart; k-- {
		switch ts.Norm(k) {
		case "if", "unless":
			return k, true
		case ",", ";", ":":
			return 0, false
		}
		if ts.Toks[k].Kind == text.Quote {
			return 0, false
		}
	}
	return 0, false
}

// future reports a future before the verb: "will", "shall", "'ll", or "would" in reported speech.
func (c *Coder) future(ts *text.Tokens, s *sentence, from, to int) bool {
	if p, _, ok := c.phraseIn(ts, s, "intended", from, to); ok && (p.words[0] == "will" || p.words[0] == "shall" || p.words[0] == "'ll") {
		return true
	}
	if p, at, ok := c.phraseIn(ts, s, "hypothetical", from, to); ok && p.words[0] == "would" {
		_, _, said := c.phraseIn(ts, s, "speech", s.TokStart, at)
		return said
	}
	return false
}

// speakers finds who speaks each quotation: a mention next to a verb of saying just after the
// closing mark (`," Aliyev declared`) or just before the opening one (`Aliyev declared: "`). A
// quotation with no speaker of its own continues the previous one's.
func (c *Coder) speakers(ts *text.Tokens, quotes []text.QuoteSpan, ss []*sentence) []*mention {
	out := make([]*mention, len(quotes))
	sentOf := func(i int) *sentence {
		k := sort.Search(len(ss), func(k int) bool { return ss[k].TokEnd > i })
		if k < len(ss) && i >= ss[k].TokStart {
			return ss[k]
		}
		return nil
	}
	near := func(s *sentence, from, to int) *mention {
		if s == nil {
			return nil
		}
		if _, _, ok := c.phraseIn(ts, s, "speech", max(from, s.TokStart), min(to, s.TokEnd)); !ok {
			return nil
		}
		for _, m := range s.mentions {
			if m.start >= from && m.end <= to && (m.code != "" || len(m.members) > 0) {
				return m
			}
		}
		return nil
	}
	for qi, q := range quotes {
		if q.Close >= 0 && q.Close+1 < len(ts.Toks) {
			out[qi] = near(sentOf(q.Close+1), q.Close+1, q.Close+8)
		}
		if out[qi] == nil && q.Open > 0 {
			out[qi] = near(sentOf(q.Open-1), q.Open-10, q.Open)
		}
		if out[qi] == nil && qi > 0 && out[qi-1] != nil && q.Open-quotes[qi-1].TokEnd < 40 {
			out[qi] = out[qi-1]
		}
	}
	return out
}

// reportedSpeaker finds "X said (that) ..." before token at in the sentence: the mention that
// says it.
func (c *Coder) reportedSpeaker(ts *text.Tokens, s *sentence, at int) *mention {
	_, k, ok := c.phraseIn(ts, s, "speech", s.TokStart, at)
	if !ok {
		_, k, ok = c.phraseIn(ts, s, "denial", s.TokStart, at)
	}
	if !ok {
		if _, k2, ok2 := c.phraseIn(ts, s, "reported", s.TokStart, at); ok2 && ts.Norm(k2) == "according" {
			for _, m := range s.mentions {
				if m.start > k2 && m.start <= k2+4 && m.code != "" {
					return m
				}
			}
		}
		return nil
	}
	for i := len(s.mentions) - 1; i >= 0; i-- {
		m := s.mentions[i]
		if m.end <= k && (m.code != "" || len(m.members) > 0) {
			return m
		}
	}
	return nil
}

// trailingSpeaker finds the attribution that closes a sentence: "..., the ministry said on
// Tuesday." or "..., said Araghchi.": the mention next to the verb of saying after the last comma.
func (c *Coder) trailingSpeaker(ts *text.Tokens, s *sentence, after int) *mention {
	comma := -1
	for k := s.TokEnd - 1; k > after; k-- {
		if ts.Norm(k) == "," {
			comma = k
			break
		}
	}
	if comma < 0 || s.TokEnd-comma > 14 {
		return nil
	}
	_, at, ok := c.phraseIn(ts, s, "speech", comma+1, s.TokEnd)
	if !ok {
		return nil
	}
	for _, m := range s.mentions {
		if m.start > comma && (m.end <= at || m.start > at && m.start <= at+2) && (m.code != "" || len(m.members) > 0) {
			return m
		}
	}
	return nil
}

// expand gives the coded actors a mention stands for: itself, or the members of a pair.
func expand(ms []*mention) []*mention {
	var out []*mention
	for _, m := range ms {
		if len(m.members) > 0 {
			// Each member keeps its code but speaks through the words of the pair ("the two
			// nations").
			for _, mem := range m.members {
				c := *mem
				c.start, c.end = m.start, m.end
				c.entries = append(append([]string{}, mem.entries...), m.entries...)
				out = append(out, &c)
			}
		} else if m.code != "" {
			out = append(out, m)
		}
	}
	return out
}

// symmetric codes describe acts that two actors do together: meeting, negotiating, agreeing,
// cooperating, fighting.
func symmetric(code string) bool {
	switch cameo.Root(code) {
	case "03", "05", "06":
		return true
	case "04":
		return code != "041" && code != "042" && code != "043"
	}
	switch code {
	case "0871", "0872", "0873", "0874", "087", "190", "193", "194":
		return true
	}
	return false
}

// events turns one hit into events: one per source and target, with mode, date and evidence.
func (c *Coder) events(ts *text.Tokens, doc model.Document, s *sentence, h *hit, qOf []int, speakers []*mention, objects map[*mention]bool, prior []model.Event, topic *mention) []model.Event {
	var src []*mention
	subjStop := s.TokStart
	subjEnd := -1
	if h.source != nil {
		src = h.source
	} else if h.verb < 0 {
		src = possessor(ts, s, h)
	}
	if src == nil && h.source == nil {
		var stop int
		src, stop = subject(ts, s, h, objects)
		subjStop = stop
		if len(src) > 0 {
			subjEnd = src[len(src)-1].end
		}
	}
	srcWhy := ""
	if len(src) == 0 && h.verb < 0 && topic != nil && qOf[h.first] < 0 {
		// "The assurance was delivered during a reception for Iran's minister": a nominal act with
		// no owner in its sentence belongs to the subject of the sentence before.
		src, srcWhy = []*mention{topic}, "source is the subject of the sentence before"
	}
	tgt := h.target
	if h.passive {
		// "Iran was attacked by Israel": the subject is the target; the agent after "by" the source.
		tgt = src
		src = nil
		for k, m := range s.mentions {
			if m.start > h.last && m.start <= h.last+8 && byBefore(ts, h.last, m.start) {
				// "by his Egyptian counterpart": the pronoun is a determiner.
				if possessivePronoun[ts.Norm(m.start)] && k+1 < len(s.mentions) && s.mentions[k+1].start == m.end {
					m = s.mentions[k+1]
				}
				src = []*mention{m}
				break
			}
		}
	}
	if h.verb < 0 && len(src) == 1 && src[0].end <= h.first && src[0].start > s.TokStart && subjEnd < 0 {
		// "Hezbollah did not take part in Iran's missile attack": the negation is not the attack's.
		subjEnd = src[0].start
	}
	if h.verb < 0 && c.proposed(ts, s, h) {
		// "demanded a face-to-face meeting with Putin": the meeting is asked for, not held; the
		// demand is coded by its own pattern.
		return nil
	}
	if c.accused(ts, s, h) {
		// "Russia accused Ukraine of launching drones": the accusation is the event, not the act.
		return nil
	}
	mr := c.mode(ts, s, h, subjEnd)
	if len(mr.object) > 0 && (mr.frame == "appeal" || mr.frame == "demand") {
		tgt = mr.object
	}
	// Quotations and reported speech: the speaker is the source of what is said when the
	// sentence names no other, and the bare country of an official speaking is the official.
	var speaker *mention
	if q := qOf[h.first]; q >= 0 && q < len(speakers) {
		speaker = speakers[q]
	} else if sp := c.reportedSpeaker(ts, s, min(h.first, subjStop+1)); sp != nil {
		speaker = sp
	} else if sp := c.trailingSpeaker(ts, s, h.last); sp != nil {
		speaker = sp
	}
	if speaker != nil && mr.mode == model.Negated && len(src) == 1 && actors.CountryOf(src[0].code) == actors.CountryOf(speaker.code) {
		// "Iran has never supplied weapons to the Houthis, Iran's mission said": a denial.
		mr.mode, mr.why = model.Denied, mr.why+", said by the source's own side: a denial"
	}
	if speaker != nil {
		switch {
		case len(src) == 0:
			src, srcWhy = []*mention{speaker}, "source is the speaker"
		case len(src) == 1 && src[0].pronoun == "we":
			src, srcWhy = []*mention{speaker}, "source is the speaker (\"we\")"
		case len(src) == 1 && len(src[0].code) == 3 && speaker.code == "" && speaker.sector != "":
			c := *src[0]
			c.code += speaker.sector
			src, srcWhy = []*mention{&c}, "source is the speaker: a country named by its own "+strings.ToLower(dict.Sectors[speaker.sector])
		case len(src) == 1 && len(src[0].code) == 3 && strings.HasPrefix(speaker.code, src[0].code) && len(speaker.code) > 3:
			src, srcWhy = []*mention{{start: src[0].start, end: src[0].end, code: speaker.code, entity: src[0].entity, entries: src[0].entries}}, "source is the speaker: a country named by its own official"
		}
	}
	for _, m := range tgt {
		objects[m] = true
	}
	// "each other": the coordinated subjects act on one another.
	if len(tgt) == 0 && len(src) >= 2 && h.last+2 < s.TokEnd && eachOther(ts, h.last+1, min(h.last+4, s.TokEnd)) {
		tgt = src
	}
	src, tgt = situate(ts, s, src, tgt), situate(ts, s, tgt, src)
	if r := cameo.Root(mr.code); mr.mode == model.Intended && mr.frame == "" && (r == "18" || r == "19" || r == "20") && speaker != nil &&
		len(src) == 1 && actors.CountryOf(src[0].code) == actors.CountryOf(speaker.code) {
		// "We will crush Hamas," Netanyahu said: violence announced by its own side is a threat.
		mr.code, mr.why = "138", mr.why+"; announced by the source's own side: a threat of force (138)"
	}
	if mr.code == "190" && len(src) == 1 && c.aerial(ts, src[0]) {
		// "Russian missiles struck", "Israeli warplanes hit": an attack from the air.
		mr.code, mr.why = "195", mr.why+"; the source is named by an air weapon: aerial attack (195)"
	}
	srcs, tgts := expand(src), expand(tgt)
	special := hasElem(h.pat, dict.ElemBack) || hasElem(h.pat, dict.ElemParties) || hasElem(h.pat, dict.ElemOther)
	if len(tgts) == 0 && len(srcs) >= 2 && symmetric(mr.code) && !special {
		// "Iran and Oman held joint drills": each acts on the other.
		tgts = srcs
	}
	if len(tgts) == 0 && len(srcs) > 0 && hasElem(h.pat, dict.ElemBack) {
		// "<": a reply goes to whoever acted on the source last ("Islamabad vowed to retaliate").
		for k := len(prior) - 1; k >= 0; k-- {
			if actors.CountryOf(prior[k].Target.Code) == actors.CountryOf(srcs[0].code) && actors.CountryOf(prior[k].Source.Code) != actors.CountryOf(srcs[0].code) {
				a := prior[k].Source
				tgts = []*mention{{code: a.Code, country: a.Country, entity: a.Entity, start: h.first, end: h.last + 1,
					entries: []string{"(reply) to " + a.Code + ", who acted on " + srcs[0].code + " before"}}}
				srcWhy = strings.TrimPrefix(srcWhy+"; target is the one replied to", "; ")
				break
			}
		}
	}
	if len(tgts) == 0 && len(srcs) > 0 && hasElem(h.pat, dict.ElemParties) {
		// "&": a mediator acts on the parties, the subject of the clause ("Pakistan and
		// Afghanistan agreed to a ceasefire, in a deal mediated by Qatar").
		if parties, _ := subject(ts, s, h, nil); len(parties) > 0 {
			tgts = expand(parties)
			srcWhy = strings.TrimPrefix(srcWhy+"; targets are the parties, the subject of the clause", "; ")
		}
	}
	if len(tgts) == 0 && len(srcs) > 0 && hasElem(h.pat, dict.ElemOther) {
		// "@": the partner is named elsewhere in the sentence, nearest first ("Addressing the
		// Iranian commander, Aliyev stressed the brotherly nature of the ties").
		if o := other(s, srcs, h); o != nil {
			tgts = expand([]*mention{o})
			srcWhy = strings.TrimPrefix(srcWhy+"; target is the other actor of the sentence", "; ")
		}
	}
	if len(srcs) == 0 || len(tgts) == 0 {
		return nil
	}
	dateList, dateWhy := eventDates(ts, doc, s, h, mr)
	code, ok := c.codes.Lookup(mr.code)
	if !ok {
		return nil
	}
	ev := model.Event{
		Doc: doc.ID, Sentence: s.idx, Cameo: code.Code, Root: cameo.Root(code.Code), Quad: code.Quad,
		Goldstein: code.Goldstein, Plover: code.Plover, PloverMode: code.PloverMode, PloverContext: code.PloverContext,
		Mode: mr.mode, Rule: h.pat.Src.String(), Outlet: doc.Outlet, URL: doc.URL,
	}
	ev.Evidence = model.Evidence{Start: ts.Toks[s.TokStart].Start, End: ts.Toks[s.TokEnd-1].End}
	ev.Evidence.Sentence = doc.Text[ev.Evidence.Start:ev.Evidence.End]
	if speaker != nil && len(expand([]*mention{speaker})) > 0 {
		a := expand([]*mention{speaker})[0].actor(ts)
		ev.Speaker = &a
	}
	var out []model.Event
	for _, d := range dateList {
		for _, sm := range srcs {
			for _, tm := range tgts {
				if sm == tm || covers(sm.code, tm.code) || covers(tm.code, sm.code) {
					// No actor acts on itself, nor on the country it is part of.
					continue
				}
				e := ev
				e.Source, e.Target = sm.actor(ts), tm.actor(ts)
				e.Date, e.DatePrecision = d.String(), d.Prec.String()
				var entries []string
				entries = append(entries, h.pat.Src.String()+" "+h.pat.Code+" "+h.pat.Text)
				entries = append(entries, prefixed("source: ", sm.entries)...)
				entries = append(entries, prefixed("target: ", tm.entries)...)
				ruleWhy := "pattern " + h.pat.Code + " " + h.pat.Text
				if h.passive {
					ruleWhy += " (passive: the agent after \"by\" is the source)"
				}
				if srcWhy != "" {
					ruleWhy += "; " + srcWhy
				}
				if mr.frame != "" {
					ruleWhy += "; " + mr.frame + " frame turns " + h.pat.Code + " into " + mr.code
				}
				e.Explain = &model.Explanation{Rule: ruleWhy, Entries: entries, Mode: mr.why, Date: dateWhy}
				e.Confidence = confidence(s, h, srcWhy, mr.mode, sm, tm)
				out = append(out, e)
			}
		}
	}
	return out
}

// confidence scores how likely an event is right, from 0 to 1, by what it rests on: an actor
// that is the clause's own subject and object in a short sentence scores highest; one found by
// coreference, by a fallback for the target, in a passive or a long sentence, lower.
func confidence(s *sentence, h *hit, srcWhy string, mode model.Mode, sm, tm *mention) float64 {
	c := 0.9
	if srcWhy != "" {
		c -= 0.15
	}
	for _, m := range []*mention{sm, tm} {
		if m.pronoun != "" {
			c -= 0.1
		}
	}
	if h.passive {
		c -= 0.05
	}
	if mode == model.Hypothetical || mode == model.Reported {
		c -= 0.05
	}
	if n := s.TokEnd - s.TokStart; n > 45 {
		c -= 0.1
	} else if n > 30 {
		c -= 0.05
	}
	return math.Round(max(c, 0.3)*100) / 100
}

// byBefore reports "by" among the four tokens before the mention at m, after the verb, with no
// preposition between ("by anti-corruption prosecutors", not "by hurricanes according to CNN").
func byBefore(ts *text.Tokens, verb, m int) bool {
	for k := m - 1; k > verb && k >= m-4; k-- {
		w := ts.Norm(k)
		if w == "by" {
			return true
		}
		if prepositions[w] || w == "according" || w == "," {
			return false
		}
	}
	return false
}

func eachOther(ts *text.Tokens, from, to int) bool {
	for k := from; k+1 < to; k++ {
		if w := ts.Norm(k); (w == "each" && ts.Norm(k+1) == "other") || (w == "one" && ts.Norm(k+1) == "another") {
			return true
		}
	}
	return false
}

// locatives introduce the place where something happens.
var locatives = map[string]bool{"in": true, "at": true, "across": true, "inside": true, "near": true, "throughout": true, "within": true}

// situate gives a country to role nouns that name none ("rebels", "civilians", "protesters"):
// the country of a place named in the sentence ("in Idlib, Syria"), else that of the other side
// of the event, as domestic events are the common case.
func situate(ts *text.Tokens, s *sentence, ms, others []*mention) []*mention {
	var out []*mention
	for _, m := range ms {
		if m.code != "" || m.sector == "" || len(m.members) > 0 {
			out = append(out, m)
			continue
		}
		country, why := "", ""
		for _, p := range s.mentions {
			if p.place || p.code != "" && len(p.code) == 3 && p.start-1 > s.TokStart && ts.Norm(p.start-1) == "the" && locatives[ts.Norm(p.start-2)] {
				c := actors.CountryOf(p.code)
				if c == "" {
					c = p.country
				}
				if c != "" {
					country, why = c, "the place named in the sentence"
					break
				}
			}
		}
		if country == "" {
			for _, o := range others {
				if o.code != "" && !strings.HasPrefix(o.code, "IGO") && !strings.HasPrefix(o.code, "NGO") && !strings.HasPrefix(o.code, "IMG") {
					country, why = actors.CountryOf(o.code), "the country of the other side"
					break
				}
			}
		}
		if country == "" {
			out = append(out, m)
			continue
		}
		c := *m
		c.code = country + m.sector
		c.entries = append(append([]string{}, m.entries...), "(context) country "+country+" from "+why)
		out = append(out, &c)
	}
	return out
}

// isIntent reports codes that are statements of intent (03x) or threats (13x): they are dated
// when they are said, not when what they announce would happen.
func isIntent(code string) bool { r := cameo.Root(code); return r == "03" || r == "13" }

var listJoint = map[string]bool{"and": true, "or": true, ",": true}

// clauseJoints are the tokens that often join two clauses, each with its own date: "travelled to
// Baku in January and spoke with Bayramov on Monday".
var clauseJoints = map[string]bool{",": true, ";": true, "and": true, "but": true, "while": true, "after": true, "before": true}

// inMention reports whether token i lies inside a mention, as the commas of an apposition do.
func inMention(s *sentence, i int) bool {
	for _, m := range s.mentions {
		if i >= m.start && i < m.end {
			return true
		}
	}
	return false
}

func hasElem(p *dict.Pattern, k dict.ElemKind) bool {
	for _, e := range p.Elems {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// other finds the actor of the sentence nearest to the pattern that is none of the sources.
func other(s *sentence, srcs []*mention, h *hit) *mention {
	var best *mention
	bestDist := 1 << 30
	for _, m := range s.mentions {
		if m.code == "" && len(m.members) == 0 || m.pronoun == "it" || m.pronoun == "they" {
			continue
		}
		same := false
		for _, sm := range srcs {
			if sm == m || sm.code == m.code {
				same = true
			}
		}
		if same {
			continue
		}
		d := m.start - h.last
		if m.end <= h.first {
			d = h.first - m.end
		}
		if d < 0 {
			d = -d
		}
		if d < bestDist {
			best, bestDist = m, d
		}
	}
	return best
}

func prefixed(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

// eventDates gives the dates of the act at h and why: the nearest temporal expression of its
// sentence (with those joined to it by "and"), else the date the article last set, else none.
func eventDates(ts *text.Tokens, doc model.Document, s *sentence, h *hit, mr modeResult) ([]model.Date, string) {
	if len(s.exprs) == 0 {
		if s.date.IsZero() {
			return []model.Date{s.date}, "no date in the article"
		}
		return []model.Date{s.date}, "no date in the sentence: the date last set in the article"
	}
	best, bestDist := 0, 1<<30
	for k, e := range s.exprs {
		// After the verb, the distance runs from the end of the target: "spoke with Jeyhun
		// Bayramov on Monday".
		end := h.last
		for _, m := range s.mentions {
			if m.start == h.last+1 && m.end <= e.Start {
				end = m.end - 1
			}
		}
		d := e.Start - end
		lo, hi := end, e.Start
		if e.End <= h.first {
			d = h.first - e.End + 2 // a little more weight to dates after the verb
			lo, hi = e.End, h.first
		}
		if d < 0 {
			d = -d
		}
		// A date across a comma belongs more often to another clause.
		for i := max(lo, s.TokStart); i < hi && i < s.TokEnd; i++ {
			if clauseJoints[ts.Norm(i)] && !inMention(s, i) {
				d += 4
			}
		}
		if d < bestDist {
			best, bestDist = k, d
		}
	}
	e := s.exprs[best]
	dates := e.Dates
	// "in October 2023 and April 2025": dates joined by "and" are one list.
	for k := best; k+1 < len(s.exprs) && s.exprs[k+1].Start == s.exprs[k].End+1 && listJoint[ts.Norm(s.exprs[k].End)]; k++ {
		dates = append(append([]model.Date{}, dates...), s.exprs[k+1].Dates...)
	}
	for k := best; k > 0 && s.exprs[k-1].End+1 == s.exprs[k].Start && listJoint[ts.Norm(s.exprs[k-1].End)]; k-- {
		dates = append(append([]model.Date{}, s.exprs[k-1].Dates...), dates...)
	}
	if mr.mode == model.Intended && e.Future != nil && mr.frame == "" && !isIntent(mr.code) && e.Start > h.first {
		// "will visit Baku in November": the next November, not the last.
		dates = e.Future
	}
	return dates, fmt.Sprintf("%q in the sentence, resolved against the article date %s", ts.Text[ts.Toks[e.Start].Start:ts.Toks[e.End-1].End], doc.Date)
}
