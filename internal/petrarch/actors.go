package petrarch

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/model"
)

// entry is one actor of a PETRARCH actor file: a name, its "+" synonyms and its codes.
type entry struct {
	src     model.Source
	name    string
	aliases []alias
	codes   []codeSpec
}

type alias struct {
	text string
	src  model.Source
}

// codeSpec is one "[CODE]" or "[CODE FROM-TO]" of an entry.
type codeSpec struct {
	code     string
	from, to time.Time // zero: open
	dated    bool
	src      model.Source
}

// actors converts a PETRARCH actor file: entries that start in column 0, synonyms on "+" lines,
// codes in brackets on the same or the following indented lines, with TABARI date restrictions
// (YYMMDD or YYYYMMDD; "A-B", ">A" from A, "<B" until B).
func (c *converter) actors(file, data string, o *out) {
	var entries []*entry
	var cur *entry
	for i, raw := range strings.Split(data, "\n") {
		src := model.Source{File: file, Line: i + 1}
		s := stripComment(raw)
		t := strings.TrimSpace(s)
		if t == "" {
			continue
		}
		name, codes := splitCodes(t)
		switch {
		case strings.HasPrefix(t, "+"):
			if cur == nil {
				c.fail(src, "synonym before any entry: not converted")
				continue
			}
			if n := strings.TrimSpace(strings.TrimPrefix(name, "+")); n != "" {
				cur.aliases = append(cur.aliases, alias{n, src})
			}
		case s[0] == ' ' || s[0] == '\t':
			if cur == nil {
				c.fail(src, "codes before any entry: not converted")
				continue
			}
			if name != "" {
				c.fail(src, "text %q beside the codes: not converted", name)
			}
		default:
			cur = &entry{src: src, name: name}
			entries = append(entries, cur)
		}
		if cur != nil {
			for _, cs := range codes {
				spec, err := parseCodeSpec(cs, src)
				if err != "" {
					c.fail(src, "%s: not converted", err)
					continue
				}
				if spec.code != "" {
					cur.codes = append(cur.codes, spec)
				}
			}
		}
	}
	military := strings.Contains(strings.ToLower(file), "milnonstate")
	for _, e := range entries {
		c.writeEntry(e, military, o)
	}
}

// splitCodes cuts a line into the text before its first "[" and the contents of its brackets.
func splitCodes(t string) (string, []string) {
	i := strings.IndexByte(t, '[')
	if i < 0 {
		return strings.TrimSpace(t), nil
	}
	name := strings.TrimSpace(t[:i])
	var codes []string
	rest := t[i:]
	for {
		a := strings.IndexByte(rest, '[')
		if a < 0 {
			break
		}
		b := strings.IndexByte(rest[a:], ']')
		if b < 0 {
			codes = append(codes, rest[a+1:]) // unclosed: parseCodeSpec reports it
			break
		}
		codes = append(codes, rest[a+1:a+b])
		rest = rest[a+b+1:]
	}
	return name, codes
}

func parseCodeSpec(s string, src model.Source) (codeSpec, string) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return codeSpec{}, "empty code"
	}
	spec := codeSpec{code: f[0], src: src}
	if strings.Trim(spec.code, "-") == "" {
		return codeSpec{}, "" // [---]: no code
	}
	if len(f) == 1 {
		return spec, ""
	}
	when := strings.Join(f[1:], "")
	spec.dated = true
	var err error
	switch {
	case strings.HasPrefix(when, ">"):
		spec.from, err = tabariDate(when[1:])
	case strings.HasPrefix(when, "<"):
		spec.to, err = tabariDate(when[1:])
	default:
		a, b, ok := strings.Cut(when, "-")
		if !ok {
			return spec, fmt.Sprintf("date restriction %q: want A-B, >A or <B", when)
		}
		if spec.from, err = tabariDate(a); err == nil {
			spec.to, err = tabariDate(b)
		}
		if err == nil && spec.to.Before(spec.from) {
			return spec, fmt.Sprintf("date restriction %q ends before it starts", when)
		}
	}
	if err != nil {
		return spec, fmt.Sprintf("date restriction %q: %v", when, err)
	}
	return spec, ""
}

// tabariDate reads YYMMDD (years below 30 are 20xx, the others 19xx) or YYYYMMDD.
func tabariDate(s string) (time.Time, error) {
	if _, err := strconv.Atoi(s); err != nil || len(s) != 6 && len(s) != 8 {
		return time.Time{}, fmt.Errorf("%q is not YYMMDD or YYYYMMDD", s)
	}
	if len(s) == 6 {
		if yy, _ := strconv.Atoi(s[:2]); yy < 30 {
			s = "20" + s
		} else {
			s = "19" + s
		}
	}
	t, err := time.Parse("20060102", s)
	if err != nil {
		return t, fmt.Errorf("%q is not a date", s)
	}
	return t, nil
}

// role is a dated code ready to be written.
type role struct {
	code     string
	from, to time.Time
	src      model.Source
}

func (c *converter) writeEntry(e *entry, military bool, o *out) {
	name, extra := dyadName(e.name)
	if name == "" {
		c.fail(e.src, "entry with no name: not converted")
		return
	}
	var plain string
	var roles []role
	for _, cs := range e.codes {
		code, why := c.actorCode(cs.code)
		if why != "" {
			c.fail(cs.src, "%s: not converted", why)
			continue
		}
		if !cs.dated {
			if plain == "" {
				plain = code
			} else if code != plain {
				c.fail(cs.src, "second undated code %s (the first, %s, is kept): not converted", code, plain)
			}
			continue
		}
		roles = append(roles, role{code, cs.from, cs.to, cs.src})
	}
	roles = c.untangle(roles)
	if plain == "" && len(roles) == 0 {
		c.fail(e.src, "entry %q has no code dyad can use: not converted", e.name)
		return
	}
	country := len(plain) == 3
	for _, r := range roles {
		if len(r.code) == 3 {
			country = true
			if plain == "" {
				plain = r.code // dyad knows a country by its plain code
			}
		}
	}
	kind := "org"
	switch {
	case country:
		kind = "country"
	case military:
		kind = "group"
	case len(roles) > 0:
		kind = "person"
	case strings.HasPrefix(plain, "IGO"):
		kind = "igo"
	}
	o.add(model.Source{}, "")
	o.add(e.src, "%s", name)
	o.add(e.src, "  kind     %s", kind)
	if plain != "" {
		o.add(e.src, "  code     %s", plain)
	}
	seen := map[string]bool{strings.ToLower(name): true}
	addAlias := func(text string, src model.Source) {
		if text == "" || seen[strings.ToLower(text)] {
			return
		}
		seen[strings.ToLower(text)] = true
		o.add(src, "  alias    %s", text)
	}
	for _, x := range extra {
		addAlias(x, e.src)
	}
	for _, al := range e.aliases {
		n, more := dyadName(al.text)
		addAlias(n, al.src)
		for _, x := range more {
			addAlias(x, al.src)
		}
	}
	for _, r := range roles {
		span := ""
		if !r.from.IsZero() {
			span = r.from.Format("2006-01-02")
		}
		span += ".."
		if !r.to.IsZero() {
			span += r.to.Format("2006-01-02")
		}
		o.add(r.src, "  role     %s  %s", r.code, span)
	}
}

// untangle orders roles by start and trims a role that runs into the next one with another code
// (TABARI ranges often share their boundary day); a role left empty is dropped and reported.
func (c *converter) untangle(roles []role) []role {
	sort.SliceStable(roles, func(i, j int) bool { return roles[i].from.Before(roles[j].from) })
	var out []role
	for i, r := range roles {
		for j := i + 1; j < len(roles); j++ {
			n := roles[j]
			if n.code == r.code || n.from.IsZero() {
				continue
			}
			if r.to.IsZero() || !r.to.Before(n.from) {
				r.to = n.from.AddDate(0, 0, -1)
			}
		}
		if !r.from.IsZero() && !r.to.IsZero() && r.to.Before(r.from) {
			c.fail(r.src, "role %s is covered by a later role with another code: not converted", r.code)
			continue
		}
		out = append(out, r)
	}
	return out
}

// small words stay in lower case inside names: dyad matches capitalised dictionary words only
// with capitalised words of the text.
var small = map[string]bool{"of": true, "the": true, "and": true, "for": true, "de": true, "del": true,
	"la": true, "le": true, "des": true, "du": true, "da": true, "do": true, "dos": true, "van": true,
	"von": true, "der": true, "in": true, "on": true, "to": true, "bin": true, "ibn": true, "bint": true,
	"e": true, "y": true, "al": false}

// dyadName turns a TABARI name (upper case, words joined by "_", a trailing "_", acronyms in
// parentheses) into a dyad name in title case, and gives the acronyms as extra names.
func dyadName(s string) (string, []string) {
	s = strings.ReplaceAll(s, "_", " ")
	var extra []string
	for {
		a := strings.IndexByte(s, '(')
		if a < 0 {
			break
		}
		b := strings.IndexByte(s[a:], ')')
		if b < 0 {
			s = s[:a] + s[a+1:]
			continue
		}
		if acr := strings.TrimSpace(s[a+1 : a+b]); acr != "" {
			extra = append(extra, acr)
		}
		s = s[:a] + " " + s[a+b+1:]
	}
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = titleWord(w, i == 0)
	}
	return strings.Join(words, " "), extra
}

func titleWord(w string, first bool) string {
	lw := strings.ToLower(w)
	if !first && small[lw] {
		return lw
	}
	// Title case each part of a hyphenated or dotted word: "AL-QAEDA" is "Al-Qaeda".
	b := []byte(lw)
	up := true
	for i, ch := range b {
		if up && ch >= 'a' && ch <= 'z' {
			b[i] = ch - 'a' + 'A'
		}
		up = ch == '-' || ch == '.' || ch == '/'
	}
	return string(b)
}
