package coding

import (
	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/text"
)

// anchor is where a pattern is looked up: the first element that must match a word.
type anchor struct {
	pat  int // index into Coder.patterns
	elem int
}

// hit is one pattern matched in a sentence.
type hit struct {
	pat         *dict.Pattern
	first, last int // tokens of the pattern's own words
	verb        int // token of the verb, -1 for nominal patterns
	target      []*mention
	source      []*mention
	passive     bool
}

// matcher tries patterns against one sentence.
type matcher struct {
	ts       *text.Tokens
	from, to int
	at       func(i int) *mention
}

func isBoundary(ts *text.Tokens, i int) bool {
	switch ts.Norm(i) {
	case ";", ":", "(", ")", "—", "–", "!", "?":
		return true
	}
	return ts.Toks[i].Kind == text.Quote
}

// gapStop reports tokens a gap may not cross: clause punctuation. Brackets and quotation marks
// around a name or a phrase ("the “cordial” nature", "the ECO (Economic ...) summit") may be crossed.
func gapStop(ts *text.Tokens, i int) bool {
	switch ts.Norm(i) {
	case ";", ":", "—", "–", "!", "?", ".":
		return true
	}
	return false
}

// run matches the elements of p from element e at token i. It fills h and reports success.
func (mt *matcher) run(p *dict.Pattern, e, i int, h *hit) bool {
	if e == len(p.Elems) {
		return true
	}
	el := &p.Elems[e]
	switch el.Kind {
	case dict.ElemWord:
		if i < mt.to && inAlts(el.Alts, mt.ts.Norm(i)) {
			save := h.last
			h.last = i
			if mt.run(p, e+1, i+1, h) {
				return true
			}
			h.last = save
		}
		return el.Optional && mt.run(p, e+1, i, h)
	case dict.ElemVerb:
		if i < mt.to && isForm(el.Forms, mt.ts.Norm(i)) {
			save := h.last
			h.verb, h.last = i, i
			if mt.run(p, e+1, i+1, h) {
				return true
			}
			h.last = save
			h.verb = -1
		}
		return false
	case dict.ElemGap:
		for k := 0; k <= 4 && i+k <= mt.to; k++ {
			if k > 0 && gapStop(mt.ts, i+k-1) {
				break
			}
			if mt.run(p, e+1, i+k, h) {
				return true
			}
		}
		return false
	case dict.ElemOther, dict.ElemBack, dict.ElemParties:
		return mt.run(p, e+1, i, h)
	case dict.ElemTarget, dict.ElemSource:
		// After a gap, "in Doha" or "at Baghdad airport" is a place, not the one acted upon.
		if e > 0 && p.Elems[e-1].Kind == dict.ElemGap && i > mt.from && placePreps[mt.ts.Norm(i-1)] {
			return false
		}
		ms, next := mt.actorAt(i)
		if ms == nil {
			// In the passive the target is the subject: "Iran was attacked by ...".
			if el.Kind == dict.ElemTarget && h.verb >= 0 && e == len(p.Elems)-1 && p.Elems[e-1].Kind != dict.ElemGap {
				h.passive = true
				return true
			}
			return false
		}
		if el.Kind == dict.ElemTarget {
			h.target = ms
		} else {
			h.source = ms
		}
		if mt.run(p, e+1, next, h) {
			return true
		}
		if len(ms) > 1 && e+1 < len(p.Elems) && p.Elems[e+1].Kind == dict.ElemWord {
			// "talks between $ and +": the list was the pattern's own "and"; take its first actor.
			if el.Kind == dict.ElemTarget {
				h.target = ms[:1]
			} else {
				h.source = ms[:1]
			}
			if mt.run(p, e+1, ms[0].end, h) {
				return true
			}
		}
		if el.Kind == dict.ElemTarget {
			h.target = nil
		} else {
			h.source = nil
		}
		return false
	}
	return false
}

// skippable words may stand between a pattern and its actor: determiners and modifiers.
var skippable = map[string]bool{"the": true, "a": true, "an": true, "its": true, "their": true, "his": true,
	"her": true, "our": true, "fellow": true, "neighbouring": true, "neighboring": true, "rival": true,
	"both": true, "several": true, "some": true, "all": true, "two": true, "three": true, "many": true,
	"pro": true, "-": true}

var possessivePronoun = map[string]bool{"his": true, "her": true, "its": true, "their": true, "our": true}

// actorAt finds the actor that starts at token i, after at most four determiners, modifiers or
// words of quantity,
// with the actors coordinated with it ("Iran and Azerbaijan", "Russia, China and Iran").
func (mt *matcher) actorAt(i int) ([]*mention, int) {
	quantity := false
	for k := 0; k <= 4 && i+k < mt.to; k++ {
		if m := mt.at(i + k); m != nil {
			if possessivePronoun[mt.ts.Norm(m.start)] && mt.at(m.end) != nil {
				// "his Azeri counterpart": the pronoun is a determiner of the actor that follows.
				continue
			}
			if m.pronoun == "it" || m.pronoun == "they" {
				// "describing it as", "condemned them": too often not an actor at all.
				return nil, i
			}
			ms, j := mt.coordinated(m)
			return ms, j
		}
		w := mt.ts.Norm(i + k)
		// "detained 15 Palestinians", "freed at least 13 Israeli hostages", "dozens of protesters"
		next := ""
		if i+k+1 < mt.to {
			next = mt.ts.Norm(i + k + 1)
		}
		if mt.ts.Toks[i+k].Kind == text.Number || quantifiers[w] || w == "at" && next == "least" || (w == "up" || w == "over") && (next == "to" || i+k+1 < mt.to && mt.ts.Toks[i+k+1].Kind == text.Number) || w == "to" && quantity {
			quantity = true
			continue
		}
		if w == "of" && quantity {
			continue
		}
		if prepositions[w] || !skippable[w] && (mt.ts.Toks[i+k].Kind != text.Word || mt.ts.Toks[i+k].Cap) {
			return nil, i
		}
	}
	return nil, i
}

// placePreps, after a gap, introduce a place or a time, not the one acted upon.
var placePreps = map[string]bool{"in": true, "at": true, "near": true, "inside": true, "over": true,
	"within": true, "throughout": true, "during": true, "outside": true}

var quantifiers = map[string]bool{"least": true, "more": true, "than": true, "nearly": true,
	"almost": true, "about": true, "around": true, "dozens": true, "hundreds": true, "thousands": true,
	"scores": true}

// coordinated gives m and the actors joined to it by "and" or "or": "Iran and Azerbaijan",
// "Britain, France and Germany". A comma alone does not join: in "against Russia, Prime Minister X
// said", X is not a second target.
func (mt *matcher) coordinated(m *mention) ([]*mention, int) {
	ms := []*mention{m}
	j := m.end
	for j+1 < mt.to {
		w := mt.ts.Norm(j)
		if w != "and" && w != "," && w != "or" {
			break
		}
		n := mt.at(j + 1)
		if n == nil && j+2 < mt.to && (mt.ts.Norm(j+1) == "and" || mt.ts.Norm(j+1) == "or") {
			n = mt.at(j + 2)
		}
		if n == nil {
			break
		}
		if w == "," && !mt.listGoesOn(n) {
			break
		}
		if m.joined && len(m.code) == 6 && len(n.code) == 3 {
			// "officials from Britain, France and Germany": each country's officials.
			c := *n
			c.code += actors.SectorOf(m.code)
			n = &c
		}
		ms = append(ms, n)
		j = n.end
	}
	return ms, j
}

// listGoesOn reports whether the actor n, after a comma, is followed by more of a list that ends
// with "and" or "or".
func (mt *matcher) listGoesOn(n *mention) bool {
	for j := n.end; j < mt.to; {
		w := mt.ts.Norm(j)
		if w == "and" || w == "or" {
			return true
		}
		if w != "," {
			return false
		}
		if j+1 >= mt.to {
			return false
		}
		if next := mt.at(j + 1); next != nil {
			j = next.end
			continue
		}
		return mt.ts.Norm(j+1) == "and" || mt.ts.Norm(j+1) == "or"
	}
	return false
}

func inAlts(alts []string, w string) bool {
	for _, a := range alts {
		if a == w {
			return true
		}
	}
	return false
}

func isForm(forms []dict.VerbForm, w string) bool {
	for _, f := range forms {
		if f.Word == w {
			return true
		}
	}
	return false
}

func participle(forms []dict.VerbForm, w string) bool {
	for _, f := range forms {
		if f.Word == w {
			return f.Participle
		}
	}
	return false
}
