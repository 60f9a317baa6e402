package petrarch

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
)

// agents converts a PETRARCH agents file: "NOUN {PLURALS} [~SECTORS]" lines, with substitution
// sets ("!PERSON! = MAN, MEN, WOMAN") expanded. A noun with no plural in braces gets the regular
// one; "{}" means it has none. A code of several sectors keeps its first: dyad's role nouns name
// one sector each. Religion codes become REL.
func (c *converter) agents(file, data string, o *out) {
	subst := map[string][]string{}
	for i, raw := range strings.Split(data, "\n") {
		src := model.Source{File: file, Line: i + 1}
		t := strings.TrimSpace(stripComment(raw))
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "!") && strings.Contains(t, "=") {
			k, v, ok := strings.Cut(t, "=")
			if !ok {
				c.fail(src, "substitution set without \"=\": not converted")
				continue
			}
			for _, w := range strings.Split(v, ",") {
				if w = strings.TrimSpace(w); w != "" {
					subst[strings.TrimSpace(k)] = append(subst[strings.TrimSpace(k)], w)
				}
			}
			continue
		}
		name, codes := splitCodes(t)
		if len(codes) != 1 || !strings.HasPrefix(strings.TrimSpace(codes[0]), "~") {
			c.fail(src, "want NOUN [~SECTOR]: not converted")
			continue
		}
		sector := strings.TrimPrefix(strings.TrimSpace(codes[0]), "~")
		if len(sector) < 3 {
			c.fail(src, "sector %q: not converted", sector)
			continue
		}
		sector = sector[:3]
		if religions[sector] {
			sector = "REL"
		}
		if _, ok := dict.Sectors[sector]; !ok {
			c.fail(src, "%s is not a sector dyad knows: not converted", sector)
			continue
		}
		noun, plurals, hasBraces := name, []string(nil), false
		if a := strings.IndexByte(name, '{'); a >= 0 {
			hasBraces = true
			noun = strings.TrimSpace(name[:a])
			inner := strings.Trim(strings.TrimSpace(name[a:]), "{}")
			plurals = strings.Fields(inner)
		}
		var words []string
		for _, n := range expand(noun, subst) {
			words = append(words, phrase(n))
			if !hasBraces && !strings.Contains(n, "!") {
				words = append(words, plural(phrase(n)))
			}
		}
		for _, p := range plurals {
			for _, n := range expand(p, subst) {
				words = append(words, phrase(n))
			}
		}
		words = uniq(words)
		if len(words) == 0 || words[0] == "" {
			c.fail(src, "no words: not converted")
			continue
		}
		o.add(src, "%s   %s", sector, strings.Join(words, " | "))
	}
}

// expand replaces the substitution sets in a noun ("FISHER!PERSON!") with each of their words.
func expand(noun string, subst map[string][]string) []string {
	a := strings.IndexByte(noun, '!')
	if a < 0 {
		return []string{noun}
	}
	b := strings.IndexByte(noun[a+1:], '!')
	if b < 0 {
		return []string{strings.ReplaceAll(noun, "!", "")}
	}
	key := noun[a : a+b+2]
	var out []string
	for _, w := range subst[key] {
		out = append(out, expand(noun[:a]+w+noun[a+b+2:], subst)...)
	}
	return out
}

// phrase turns "TENANT_FARMER_" into "tenant farmer".
func phrase(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "_", " ")), " "))
}

// plural gives the regular plural of a phrase's last word.
func plural(p string) string {
	switch {
	case strings.HasSuffix(p, "s") || strings.HasSuffix(p, "x") || strings.HasSuffix(p, "ch") || strings.HasSuffix(p, "sh"):
		return p + "es"
	case strings.HasSuffix(p, "y") && len(p) > 1 && !strings.ContainsRune("aeiou", rune(p[len(p)-2])):
		return p[:len(p)-1] + "ies"
	case strings.HasSuffix(p, "man"):
		return p[:len(p)-3] + "men"
	}
	return p + "s"
}

func uniq(ws []string) []string {
	seen := map[string]bool{}
	out := ws[:0]
	for _, w := range ws {
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// verbBlock is one "--- VERB [CODE] ---" block of the verb file.
type verbBlock struct {
	src   model.Source
	code  string
	verbs []string // dyad verb elements: "{hurry/hurries/hurrying/hurried}"
	codes []string // the code of each verb alone, when it has its own
	srcs  []model.Source
	pats  []verbPat
}

type verbPat struct {
	src  model.Source
	text string // "- * AID" without the leading "- "
	code string
}

// verbs converts a PETRARCH verb file: synonym sets ("&FOOD" then "+WORD" lines), verb blocks
// ("--- VERB [CODE] ---", then the verbs with their irregular forms in braces, then "- ... * ...
// [CODE]" patterns). Each pattern is written once for each verb of its block, with "*" the verb.
// Words apart in a pattern may have words between them in the text ("_" in dyad); words joined
// by "_" or inside braces must be adjacent. A pattern that names no target gets one at its end.
func (c *converter) verbs(file, data string, o *out) {
	syn := map[string][]string{}
	var blocks []*verbBlock
	var cur *verbBlock
	var set string
	for i, raw := range strings.Split(data, "\n") {
		src := model.Source{File: file, Line: i + 1}
		t := strings.TrimSpace(stripComment(raw))
		if t == "" {
			continue
		}
		switch {
		case strings.HasPrefix(t, "&"):
			set, cur = strings.TrimSuffix(strings.Fields(t)[0], "_"), nil
		case strings.HasPrefix(t, "+") && set != "":
			syn[set] = append(syn[set], phrase(strings.TrimPrefix(t, "+")))
		case strings.HasPrefix(t, "---"):
			set = ""
			_, codes := splitCodes(t)
			cur = &verbBlock{src: src}
			if len(codes) == 1 {
				cur.code = strings.TrimSpace(codes[0])
			}
			blocks = append(blocks, cur)
		case strings.HasPrefix(t, "~"):
			c.fail(src, "transformation rule: dyad has none (its coder handles such frames itself): not converted")
		case strings.HasPrefix(t, "-"):
			if cur == nil {
				c.fail(src, "pattern outside a verb block: not converted")
				continue
			}
			body, codes := splitCodes(strings.TrimSpace(strings.TrimPrefix(t, "-")))
			if len(codes) != 1 {
				c.fail(src, "want one [CODE] after the pattern: not converted")
				continue
			}
			cur.pats = append(cur.pats, verbPat{src, body, strings.TrimSpace(codes[0])})
		case cur != nil:
			t, codes := splitCodes(t)
			verbCode := ""
			if len(codes) == 1 {
				verbCode = strings.TrimSpace(codes[0])
			}
			f := strings.Fields(strings.NewReplacer("{", " { ", "}", " } ").Replace(t))
			if len(f) == 0 {
				continue
			}
			forms := []string{strings.ToLower(f[0])}
			for _, w := range f[1:] {
				if w != "{" && w != "}" {
					forms = append(forms, strings.ToLower(w))
				}
			}
			if strings.ContainsAny(forms[0], "_+") {
				c.fail(src, "verb %q of several words: not converted", f[0])
				continue
			}
			cur.verbs = append(cur.verbs, "{"+strings.Join(forms, "/")+"}")
			cur.codes = append(cur.codes, verbCode)
			cur.srcs = append(cur.srcs, src)
		default:
			set = ""
		}
	}
	written := map[string]bool{}
	for _, b := range blocks {
		if len(b.verbs) == 0 {
			if len(b.pats) > 0 {
				c.fail(b.src, "verb block with no verb: %d patterns not converted", len(b.pats))
			}
			continue
		}
		for i, v := range b.verbs {
			code, src := b.code, b.src
			if b.codes[i] != "" {
				code, src = b.codes[i], b.srcs[i]
			}
			if code, ok := c.eventCode(code); ok && !written[code+" "+v+" +"] {
				written[code+" "+v+" +"] = true
				o.add(src, "%s   %s +", code, v)
			}
		}
		for _, p := range b.pats {
			code, ok := c.eventCode(p.code)
			if !ok {
				if strings.Trim(p.code, "-") == "" {
					c.fail(p.src, "pattern with no code ([---]): dyad has no patterns that stop coding: not converted")
				} else {
					c.fail(p.src, "code %s: not a CAMEO code dyad knows: not converted", p.code)
				}
				continue
			}
			for _, v := range b.verbs {
				text, why := patternText(p.text, v, syn)
				if why != "" {
					c.fail(p.src, "%s: not converted", why)
					break
				}
				if key := code + " " + text; !written[key] { // the same pattern twice says nothing new
					written[key] = true
					o.add(p.src, "%s   %s", code, text)
				}
			}
		}
	}
}

// eventCode gives the event code of a "[CODE]" or "[CODE:CODE]", when dyad knows it.
func (c *converter) eventCode(s string) (string, bool) {
	s, _, _ = strings.Cut(s, ":")
	s = strings.TrimSpace(s)
	return s, c.codes[s]
}

// patternText writes one PETRARCH pattern for one verb in dyad's syntax.
func patternText(p, verb string, syn map[string][]string) (string, string) {
	p = strings.NewReplacer("(", " ", ")", " ", "{", " { ", "}", " } ").Replace(p)
	var elems []string
	target, inBraces := false, false
	gap := func() {
		if len(elems) > 0 && elems[len(elems)-1] != "_" && !inBraces {
			elems = append(elems, "_")
		}
	}
	for _, tok := range strings.Fields(p) {
		switch {
		case tok == "{":
			gap()
			inBraces = true
		case tok == "}":
			inBraces = false
		case tok == "*":
			gap()
			elems = append(elems, verb)
		case tok == "+" || tok == "$":
			gap()
			elems = append(elems, tok)
			target = target || tok == "+"
		case tok == "^" || tok == "%":
			gap()
		case strings.HasPrefix(tok, "&"):
			var alts []string
			for _, w := range syn[strings.TrimSuffix(tok, "_")] {
				if !strings.Contains(w, " ") && w != "" && dict.OneToken(w) {
					alts = append(alts, w)
				}
			}
			if len(alts) == 0 {
				return "", fmt.Sprintf("synonym set %s is unknown or has no one-word member", tok)
			}
			sort.Strings(alts)
			gap()
			elems = append(elems, strings.Join(uniq(alts), "|"))
		default:
			w := strings.ToLower(strings.Trim(tok, "_"))
			if w == "" {
				continue
			}
			if strings.ContainsAny(w, "!/.") {
				return "", fmt.Sprintf("word %q", tok)
			}
			gap()
			for _, part := range strings.Split(w, "_") {
				if part == "" {
					continue
				}
				if dict.OneToken(part) {
					elems = append(elems, part)
					continue
				}
				// "50-caliber", "re-open": the tokens the text will have, adjacent.
				ts := text.Tokenize(part)
				for k := range ts.Toks {
					elems = append(elems, ts.Norm(k))
				}
			}
		}
	}
	// "$ * ...": the source before the verb is its subject, which is what dyad takes anyway.
	for len(elems) > 0 && (elems[0] == "_" || elems[0] == "$") {
		elems = elems[1:]
	}
	for len(elems) > 0 && elems[len(elems)-1] == "_" {
		elems = elems[:len(elems)-1]
	}
	if len(elems) == 0 {
		return "", "empty pattern"
	}
	if !target {
		if elems[len(elems)-1] == verb {
			elems = append(elems, "+")
		} else {
			elems = append(elems, "_", "+")
		}
	}
	return strings.Join(elems, " "), ""
}
