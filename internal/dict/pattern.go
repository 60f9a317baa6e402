package dict

import (
	"strings"

	"github.com/dyad-events/dyad/internal/model"
)

// ElemKind is the kind of one element of a verb pattern.
type ElemKind uint8

// Pattern element kinds.
const (
	ElemWord    ElemKind = iota // one of Alts
	ElemVerb                    // a verb in any of Forms
	ElemGap                     // zero to four words
	ElemTarget                  // "+": the target actor
	ElemSource                  // "$": the source actor
	ElemOther                   // "@": the target is the other actor named in the sentence
	ElemBack                    // "<": the target is the last actor who acted on the source
	ElemParties                 // "&": the targets are the subject of the clause ("the parties")
)

// VerbForm is one inflected form of a pattern verb.
type VerbForm struct {
	Word string
	// Participle is true for forms that can follow "was"/"were"/"been" in a passive.
	Participle bool
}

// Elem is one element of a verb pattern.
type Elem struct {
	Kind     ElemKind
	Alts     []string // ElemWord: lower-case alternatives
	Optional bool     // ElemWord: may be absent
	Lemma    string   // ElemVerb
	Forms    []VerbForm
}

// Pattern is one line of a verb file: a CAMEO code and the words that express it.
type Pattern struct {
	Code  string
	Text  string
	Elems []Elem
	Src   model.Source
}

// Verbal reports whether the pattern has a verb element, and its index.
func (p *Pattern) Verbal() (int, bool) {
	for i, e := range p.Elems {
		if e.Kind == ElemVerb {
			return i, true
		}
	}
	return -1, false
}

// Words counts the elements that must match words of the text.
func (p *Pattern) Words() int {
	n := 0
	for _, e := range p.Elems {
		if e.Kind == ElemWord && !e.Optional || e.Kind == ElemVerb {
			n++
		}
	}
	return n
}

// symbols are the pattern elements written as one character.
var symbols = map[string]ElemKind{"_": ElemGap, "+": ElemTarget, "$": ElemSource, "@": ElemOther, "<": ElemBack, "&": ElemParties}

func readPatterns(lr *lineReader) []Pattern {
	var out []Pattern
	for {
		s, ok := lr.next()
		if !ok {
			return out
		}
		f := strings.Fields(s)
		if len(f) < 2 {
			lr.fail("want CODE PATTERN")
			continue
		}
		if !validEventCode(f[0]) {
			lr.fail("invalid CAMEO event code %q", f[0])
			continue
		}
		p := Pattern{Code: f[0], Text: strings.Join(f[1:], " "), Src: lr.src()}
		if msg := parseElems(&p, f[1:]); msg != "" {
			lr.fail("%s", msg)
			continue
		}
		out = append(out, p)
	}
}

func parseElems(p *Pattern, f []string) string {
	verbs, words := 0, 0
	p.Elems = make([]Elem, 0, len(f))
	for _, w := range f {
		if k, ok := symbols[w]; ok {
			p.Elems = append(p.Elems, Elem{Kind: k})
			continue
		}
		switch {
		case strings.HasPrefix(w, "{"):
			if !strings.HasSuffix(w, "}") || len(w) < 3 {
				return "unbalanced braces in " + w
			}
			parts := strings.Split(strings.ToLower(w[1:len(w)-1]), "/")
			if parts[0] == "" {
				return "empty verb in " + w
			}
			verbs++
			p.Elems = append(p.Elems, Elem{Kind: ElemVerb, Lemma: parts[0], Forms: Inflect(parts[0], parts[1:])})
		default:
			if strings.ContainsAny(w, "{}") {
				return "unbalanced braces in " + w
			}
			e := Elem{Kind: ElemWord}
			if strings.HasSuffix(w, "?") && len(w) > 1 {
				e.Optional, w = true, w[:len(w)-1]
			}
			for _, a := range strings.Split(strings.ToLower(w), "|") {
				if a == "" {
					return "empty alternative in " + w
				}
				e.Alts = append(e.Alts, a)
			}
			if !e.Optional {
				words++
			}
			p.Elems = append(p.Elems, e)
		}
	}
	if verbs > 1 {
		return "a pattern may have one {verb} at most"
	}
	if verbs+words == 0 {
		return "the pattern has no word to match"
	}
	switch p.Elems[0].Kind {
	case ElemGap:
		return "a pattern may not start with _"
	case ElemTarget, ElemSource, ElemOther, ElemBack, ElemParties:
		return "a pattern must start with a word or a {verb}: it is found by its first word"
	}
	if p.Elems[0].Optional {
		return "a pattern may not start with an optional word: it is found by its first word"
	}
	if last := p.Elems[len(p.Elems)-1].Kind; last == ElemGap {
		return "a pattern may not end with _"
	}
	return ""
}

// Inflect gives the forms of a verb: the lemma, its third person, past and -ing forms made by
// the regular rules, and the extra forms listed, which are taken as past forms and participles
// unless they end in -ing.
func Inflect(lemma string, extra []string) []VerbForm {
	forms := make([]VerbForm, 1, 6+len(extra))
	forms[0] = VerbForm{Word: lemma}
	add := func(w string, part bool) {
		for _, f := range forms {
			if f.Word == w {
				return
			}
		}
		forms = append(forms, VerbForm{Word: w, Participle: part})
	}
	n := len(lemma)
	last := lemma[n-1]
	consonantY := last == 'y' && n > 1 && !strings.ContainsRune("aeiou", rune(lemma[n-2]))
	switch {
	case consonantY:
		add(lemma[:n-1]+"ies", false)
	case strings.HasSuffix(lemma, "s") || strings.HasSuffix(lemma, "x") || strings.HasSuffix(lemma, "z") ||
		strings.HasSuffix(lemma, "ch") || strings.HasSuffix(lemma, "sh") || strings.HasSuffix(lemma, "o"):
		add(lemma+"es", false)
	default:
		add(lemma+"s", false)
	}
	for _, e := range extra {
		add(e, !strings.HasSuffix(e, "ing"))
	}
	hasIng := false
	for _, e := range extra {
		hasIng = hasIng || strings.HasSuffix(e, "ing")
	}
	// The regular past is always added: it is harmless for irregular verbs and right for verbs
	// with two spellings (traveled, travelled).
	switch {
	case last == 'e':
		add(lemma+"d", true)
	case consonantY:
		add(lemma[:n-1]+"ied", true)
	default:
		add(lemma+"ed", true)
	}
	if !hasIng {
		switch {
		case strings.HasSuffix(lemma, "ie"):
			add(lemma[:n-2]+"ying", false)
		case last == 'e' && !strings.HasSuffix(lemma, "ee") && !strings.HasSuffix(lemma, "ye") && !strings.HasSuffix(lemma, "oe") && n > 2:
			add(lemma[:n-1]+"ing", false)
		default:
			add(lemma+"ing", false)
		}
	}
	return forms
}
