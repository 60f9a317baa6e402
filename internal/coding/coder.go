package coding

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/cameo"
	"github.com/dyad-events/dyad/internal/dates"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
)

// Coder codes documents into events. It is immutable once built and safe for concurrent use.
type Coder struct {
	actors   *actors.Matcher
	codes    *cameo.Table
	patterns []dict.Pattern
	anchors  map[string][]anchor
	modals   map[string]map[string][]phrase // by class, then by first word
	// verbs holds every word the dictionaries know as a verb or an auxiliary: after a lone role
	// noun, a lower-case word that is none of them is a noun, and the role noun an adjective
	// ("an official reception").
	verbs map[string]bool
}

type phrase struct {
	words []string
	src   model.Source
}

// New compiles a coder from a loaded dictionary set.
func New(set *dict.Set) (*Coder, error) { return NewWithMatcher(set, nil) }

// NewWithMatcher is New with the actor matcher already compiled from set (nil: compile it).
func NewWithMatcher(set *dict.Set, m *actors.Matcher) (*Coder, error) {
	codes, err := cameo.New(set.Codes)
	if err != nil {
		return nil, fmt.Errorf("coding: %w", err)
	}
	c := &Coder{codes: codes, patterns: set.Patterns,
		anchors: make(map[string][]anchor), modals: make(map[string]map[string][]phrase), verbs: make(map[string]bool)}
	for _, w := range auxiliaries {
		c.verbs[w] = true
	}
	// The actor trie and the pattern index are built side by side.
	compiled := make(chan *actors.Matcher, 1)
	if m != nil {
		compiled <- m
	} else {
		go func() { compiled <- actors.Compile(set) }()
	}
	for pi := range c.patterns {
		p := &c.patterns[pi]
		if _, ok := codes.Lookup(p.Code); !ok {
			return nil, fmt.Errorf("coding: %s: code %s is not in the code table", p.Src, p.Code)
		}
		for ei, e := range p.Elems {
			if e.Kind == dict.ElemWord && e.Optional {
				continue
			}
			var keys []string
			switch e.Kind {
			case dict.ElemWord:
				keys = e.Alts
			case dict.ElemVerb:
				for _, f := range e.Forms {
					keys = append(keys, f.Word)
					c.verbs[f.Word] = true
				}
			}
			for _, k := range keys {
				c.anchors[k] = append(c.anchors[k], anchor{pi, ei})
			}
			break
		}
	}
	for _, m := range set.Modals {
		for _, ph := range m.Phrases {
			ts := text.Tokenize(ph)
			words := make([]string, len(ts.Toks))
			for i := range ts.Toks {
				words[i] = actors.Key(&ts, i)
			}
			if c.modals[m.Class] == nil {
				c.modals[m.Class] = make(map[string][]phrase)
			}
			c.modals[m.Class][words[0]] = append(c.modals[m.Class][words[0]], phrase{words, m.Src})
			if m.Class != "aerial" && m.Class != "reported" {
				c.verbs[words[0]] = true
			}
		}
	}
	c.actors = <-compiled
	return c, nil
}

// sentence is what the coder knows of one sentence after the first pass.
type sentence struct {
	text.Sentence
	idx      int
	mentions []*mention
	exprs    []dates.Expr
	date     model.Date // the date in force when the sentence is read
	dated    bool       // the sentence, or one before it, set a date of its own
	time     []bool     // per token of the sentence: part of a date ("on Tuesday")
}

// timeTok reports whether token i is part of a date expression, or the preposition before one.
func (s *sentence) timeTok(i int) bool {
	k := i - s.TokStart
	return k >= 0 && k < len(s.time) && s.time[k]
}

// markSubject marks the first mention of a sentence that no preposition or participle governs.
func markSubject(ts *text.Tokens, s *sentence) {
	for _, m := range s.mentions {
		governed := false
		for k := m.start - 1; k >= s.TokStart && k >= m.start-2; k-- {
			w := ts.Norm(k)
			if prepositions[w] || strings.HasSuffix(w, "ing") && ts.Toks[k].Kind == text.Word && !ts.Toks[k].Cap {
				governed = true
			}
		}
		// "TEHRAN — Azerbaijani President ...": a dateline is no subject.
		if m.end < s.TokEnd && (ts.Norm(m.end) == "—" || ts.Norm(m.end) == "–" || ts.Norm(m.end) == ":") {
			governed = true
		}
		if !governed && m.pronoun == "" {
			m.subj = true
			return
		}
	}
}

var auxiliaries = []string{"is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
	"do", "does", "did", "and", "or", "who", "which", "that", "of", "in", "on", "to", "for", "with", "from",
	"at", "by", "also", "later", "then", "said", "says", "told"}

var timePreps = map[string]bool{"on": true, "in": true, "at": true, "since": true, "early": true, "late": true}

// Code returns the events of one document, in the order they are first told.
func (c *Coder) Code(doc model.Document) []model.Event {
	ts := text.Tokenize(doc.Text)
	evs, _, _, _ := c.code(&ts, doc)
	return evs
}

// Analyze codes one document and also returns what the events rest on: its sentences, the
// actors it names and its quotations with their speakers, for the store.
func (c *Coder) Analyze(doc model.Document) model.Analysis {
	ts := text.Tokenize(doc.Text)
	evs, ss, quotes, speakers := c.code(&ts, doc)
	a := model.Analysis{Events: evs, Sentences: make([]model.Span, len(ss))}
	for k, s := range ss {
		a.Sentences[k] = model.Span{Start: s.Start, End: s.End}
		for _, m := range s.mentions {
			if m.code == "" {
				continue
			}
			a.Mentions = append(a.Mentions, model.Mention{Sentence: k, Span: model.Span{Start: ts.Toks[m.start].Start, End: ts.Toks[m.end-1].End}, Actor: m.actor(&ts)})
		}
	}
	for qi, q := range quotes {
		if q.TokEnd <= q.TokStart {
			continue
		}
		first := ts.Toks[q.TokStart].Start
		k := sort.Search(len(ss), func(k int) bool { return ss[k].End > first })
		mq := model.Quote{Sentence: min(k, len(ss)-1), Span: model.Span{Start: first, End: ts.Toks[q.TokEnd-1].End}}
		if sp := speakers[qi]; sp != nil && sp.code != "" {
			act := sp.actor(&ts)
			mq.Speaker = &act
		}
		a.Quotes = append(a.Quotes, mq)
	}
	return a
}

// code runs the coder's passes over a tokenized document.
func (c *Coder) code(ts *text.Tokens, doc model.Document) ([]model.Event, []*sentence, []text.QuoteSpan, []*mention) {
	ss := c.read(ts, doc)
	// Pass 2: who speaks each quotation.
	quotes := text.Quotes(ts)
	qOf := make([]int, len(ts.Toks))
	for i := range qOf {
		qOf[i] = -1
	}
	for qi, q := range quotes {
		for i := q.TokStart; i < q.TokEnd; i++ {
			qOf[i] = qi
		}
	}
	speakers := c.speakers(ts, quotes, ss)
	// Pass 3: events.
	var events []model.Event
	var weak []bool // the event's date is only the article's
	index := make(map[string]int)
	var last *model.Event
	var topic *mention // the subject of the sentence before
	for _, s := range ss {
		for _, m := range s.mentions {
			if m.pronoun == "proposal" && last != nil {
				m.code, m.entity = last.Source.Code, last.Source.Entity
				m.entries = append(m.entries, "(coreference) the proposer in the event before: "+last.Source.Code)
			}
		}
		objects := make(map[*mention]bool)
		for _, h := range c.hits(ts, s) {
			for _, ev := range c.events(ts, doc, s, h, qOf, speakers, objects, events, topic) {
				last = &ev
				key := ev.Source.Code + "|" + ev.Target.Code + "|" + ev.Cameo + "|" + string(ev.Mode) + "|" + ev.Date
				if at, ok := index[key]; ok {
					events[at].Mentions = append(events[at].Mentions, ev.Evidence)
					continue
				}
				ev.Mentions = []model.Evidence{ev.Evidence}
				index[key] = len(events)
				events = append(events, ev)
				weak = append(weak, !s.dated && ev.Date == doc.Date.String())
			}
		}
		for _, m := range s.mentions {
			if m.subj && m.code != "" {
				topic = m
				break
			}
		}
	}
	return mergeRestated(events, weak), ss, quotes, speakers
}

// covers reports whether actor code specific is code general or a sector of it: AZEGOV covers AZE.
func covers(specific, general string) bool {
	return specific == general || len(general) == 3 && strings.HasPrefix(specific, general)
}

// mergeRestated folds into one event the tellings of one fact that differ only in what they
// leave vague: a headline dated only by the article ("Aliyev vows ...") and the dated sentence
// that tells it; the root's general code ("struck", 190) and a sub-code of the same act ("air
// strikes on", 195).
func mergeRestated(events []model.Event, weak []bool) []model.Event {
	gone := make([]bool, len(events))
	// Material conflict, appeals, demands, rejections and threats have a general code that names
	// the same act as their sub-codes ("attacked" and "air strikes on", "urged" and "urged to
	// negotiate"); "met" and "visited" are two facts.
	general := func(e model.Event) bool {
		return e.Cameo == e.Root+"0" && (e.Root >= "15" || e.Root == "02" || e.Root == "10" || e.Root == "12" || e.Root == "13")
	}
	// Only events of one mode between the same two countries can be one fact: compare within
	// such groups, which keeps long documents linear.
	groups := make(map[string][]int)
	for i, e := range events {
		k := string(e.Mode) + "|" + actors.CountryOf(e.Source.Code) + "|" + actors.CountryOf(e.Target.Code)
		groups[k] = append(groups[k], i)
	}
	for _, g := range sortedGroups(groups) {
		// Rule two: a general code folds into a sub-code of the same dyad, date and root, found
		// through an index, so that a group of many distinct events stays linear.
		specific := make(map[string]int)
		for _, j := range g {
			if e := events[j]; !general(e) {
				specific[e.Source.Code+"|"+e.Target.Code+"|"+e.Date+"|"+e.Root] = j
			}
		}
		for _, ii := range g {
			a := &events[ii]
			if general(*a) {
				if j, ok := specific[a.Source.Code+"|"+a.Target.Code+"|"+a.Date+"|"+a.Root]; ok && !gone[j] {
					events[j].Mentions = append(events[j].Mentions, a.Mentions...)
					gone[ii] = true
					continue
				}
			}
			if !weak[ii] {
				continue
			}
			// Rule one: a headline names "Azerbaijan" where the story names its president; weak
			// events carry the article's date, and there are few of them.
			for _, j := range g {
				b := &events[j]
				if ii != j && !gone[j] && !weak[j] && a.Cameo == b.Cameo && covers(b.Source.Code, a.Source.Code) && covers(b.Target.Code, a.Target.Code) {
					b.Mentions = append(b.Mentions, a.Mentions...)
					gone[ii] = true
					break
				}
			}
		}
	}
	out := events[:0]
	for i, e := range events {
		if !gone[i] {
			out = append(out, e)
		}
	}
	return out
}

// sortedGroups gives the groups in the order of their first event, so that merging does not
// depend on map order.
func sortedGroups(groups map[string][]int) [][]int {
	out := make([][]int, 0, len(groups))
	for _, g := range groups {
		out = append(out, g)
	}
	sort.Slice(out, func(a, b int) bool { return out[a][0] < out[b][0] })
	return out
}

// read is the first pass over a document: sentences, dates, actor mentions and coreference, in
// reading order.
func (c *Coder) read(ts *text.Tokens, doc model.Document) []*sentence {
	sents := text.Segment(ts)
	st := &docState{narrative: doc.Date}
	ss := make([]*sentence, len(sents))
	// Pass 1: actors, coreference and dates, in reading order.
	for k, sn := range sents {
		s := &sentence{Sentence: sn, idx: k}
		s.exprs = dates.Find(ts, sn.TokStart, sn.TokEnd, doc.Date)
		if len(s.exprs) > 0 {
			s.time = make([]bool, sn.TokEnd-sn.TokStart)
			for _, e := range s.exprs {
				from := e.Start
				if from > sn.TokStart && timePreps[ts.Norm(from-1)] {
					from--
				}
				for i := from; i < e.End; i++ {
					s.time[i-sn.TokStart] = true
				}
			}
		}
		s.date = st.narrative
		s.dated = len(s.exprs) > 0 || st.dated
		evDate := st.narrative
		if len(s.exprs) > 0 && len(s.exprs[0].Dates) > 0 {
			evDate = s.exprs[0].Dates[0]
		}
		s.mentions = c.mentions(ts, sn.TokStart, sn.TokEnd, evDate, st)
		markSubject(ts, s)
		for mi, m := range s.mentions {
			st.resolve(m, s.mentions[:mi])
		}
		for _, m := range s.mentions {
			if m.code != "" && m.pronoun == "" {
				st.remember(m)
			}
		}
		if n := len(s.exprs); n > 0 {
			ds := s.exprs[n-1].Dates
			st.narrative, st.dated = ds[len(ds)-1], true
		}
		ss[k] = s
	}
	return ss
}

// Trace tells, sentence by sentence, what the coder saw: the actors it found and the patterns
// that matched, with their dictionary lines. It is for people who edit dictionaries and ask why a
// sentence gave no event.
func (c *Coder) Trace(doc model.Document) []string {
	ts := text.Tokenize(doc.Text)
	var out []string
	for _, s := range c.read(&ts, doc) {
		out = append(out, fmt.Sprintf("sentence %d: %s", s.idx, strings.Join(strings.Fields(doc.Text[s.Start:s.End]), " ")))
		for _, m := range s.mentions {
			code := m.code
			if len(m.members) > 0 {
				for _, mem := range m.members {
					code += mem.code + " "
				}
			}
			if code == "" {
				code = "?" + m.sector
			}
			out = append(out, fmt.Sprintf("  actor   %-12s %q %s", strings.TrimSpace(code), ts.Text[ts.Toks[m.start].Start:ts.Toks[m.end-1].End], strings.Join(m.entries, "; ")))
		}
		for _, e := range s.exprs {
			var ds []string
			for _, d := range e.Dates {
				ds = append(ds, d.String())
			}
			out = append(out, fmt.Sprintf("  date    %-12s %q", strings.Join(ds, ","), ts.Text[ts.Toks[e.Start].Start:ts.Toks[e.End-1].End]))
		}
		for _, h := range c.hits(&ts, s) {
			out = append(out, fmt.Sprintf("  pattern %-12s %q %s (%s)", h.pat.Code, ts.Text[ts.Toks[h.first].Start:ts.Toks[h.last].End], h.pat.Text, h.pat.Src))
		}
	}
	return out
}

// hits finds the patterns that match a sentence and keeps, where they overlap, the one with more
// words (then the one first in file order).
func (c *Coder) hits(ts *text.Tokens, s *sentence) []*hit {
	byStart := make(map[int]*mention, len(s.mentions))
	for _, m := range s.mentions {
		byStart[m.start] = m
	}
	mt := &matcher{ts: ts, from: s.TokStart, to: s.TokEnd, at: func(i int) *mention { return byStart[i] }}
	var found []*hit
	var present map[string]bool // the sentence's words, made when a word anchors several patterns
	for i := s.TokStart; i < s.TokEnd; i++ {
		if m := byStart[i]; m != nil && m.end > i+1 {
			// Words inside an actor's name are not verbs ("Minister of Defense").
			i = m.end - 1
			continue
		}
		cands := c.anchors[ts.Norm(i)]
		if len(cands) > 1 && present == nil {
			present = make(map[string]bool, s.TokEnd-s.TokStart)
			for k := s.TokStart; k < s.TokEnd; k++ {
				present[ts.Norm(k)] = true
			}
		}
		for _, a := range cands {
			p := &c.patterns[a.pat]
			if present != nil && !wordsPresent(p, a.elem, present) {
				// A word the pattern needs is nowhere in the sentence.
				continue
			}
			h := &hit{pat: p, first: i, verb: -1, last: i}
			if el := c.patterns[a.pat].Elems[a.elem]; el.Kind == dict.ElemVerb && i > s.TokStart && adjectival(ts, i, el) {
				continue
			}
			if mt.run(p, a.elem, i, h) {
				if h.passive && (h.verb < 0 || !passiveAt(ts, s, h.verb, p)) {
					continue
				}
				found = append(found, h)
			}
		}
	}
	sort.SliceStable(found, func(a, b int) bool {
		wa, wb := found[a].pat.Words(), found[b].pat.Words()
		if wa != wb {
			return wa > wb
		}
		return found[a].pat.Src.File < found[b].pat.Src.File || found[a].pat.Src.File == found[b].pat.Src.File && found[a].pat.Src.Line < found[b].pat.Src.Line
	})
	var kept []*hit
	for _, h := range found {
		clash := false
		for _, k := range kept {
			if h.first <= k.last && k.first <= h.last {
				clash = true
				break
			}
		}
		if !clash {
			kept = append(kept, h)
		}
	}
	sort.Slice(kept, func(a, b int) bool { return kept[a].first < kept[b].first })
	return kept
}

// adjectival reports a verb form used as an adjective before a noun: glued by a hyphen
// ("Iran-backed militants"), or a participle after an article, a preposition or an -ing form
// ("guarding captured ISIS fighters", "the detained journalists").
func adjectival(ts *text.Tokens, i int, el dict.Elem) bool {
	prev := ts.Norm(i - 1)
	if prev == "-" && !ts.Toks[i].Space {
		return true
	}
	before := prev == "the" || prev == "a" || prev == "an" || ts.Toks[i-1].Kind == text.Number ||
		strings.HasSuffix(prev, "ing") && ts.Toks[i-1].Kind == text.Word && !ts.Toks[i-1].Cap && prev != "being"
	return before && participle(el.Forms, ts.Norm(i))
}

// wordsPresent reports whether every word the pattern needs after its anchor occurs somewhere in
// the sentence: a cheap test that spares most patterns of a common verb their full match.
func wordsPresent(p *dict.Pattern, anchor int, present map[string]bool) bool {
	for _, e := range p.Elems[anchor+1:] {
		if e.Kind != dict.ElemWord || e.Optional {
			continue
		}
		found := false
		for _, a := range e.Alts {
			if present[a] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

var beForms = map[string]bool{"was": true, "were": true, "is": true, "are": true, "been": true, "be": true, "being": true, "'s": true, "get": true, "got": true}

// passiveAt reports whether the verb at v is a participle after a form of "be".
func passiveAt(ts *text.Tokens, s *sentence, v int, p *dict.Pattern) bool {
	vi, _ := p.Verbal()
	// "were hit": the lemma itself is the participle of verbs like hit, cut, shut, set.
	if !participle(p.Elems[vi].Forms, ts.Norm(v)) && ts.Norm(v) != p.Elems[vi].Lemma {
		return false
	}
	for k := v - 1; k >= s.TokStart && k >= v-3; k-- {
		w := ts.Norm(k)
		if beForms[w] {
			return true
		}
		if w != "not" && w != "never" && w != "reportedly" && w != "also" && !strings.HasSuffix(w, "ly") {
			return false
		}
	}
	return false
}

// Matcher gives the actor matcher the coder uses.
func (c *Coder) Matcher() *actors.Matcher { return c.actors }
