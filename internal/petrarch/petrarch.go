// Package petrarch converts dictionaries in the PETRARCH/TABARI formats (actors, agents and the
// CAMEO verb file) into dyad's dictionary format, and says, line by line, what it could not
// convert and why.
//
// The conversion is made in two steps. The first reads each input and writes dyad's format, one
// name or pattern per line, remembering the input line behind each output line. The second loads
// what it wrote over the base set with dyad's own loader and checks, drops every line they find
// a problem with, and repeats until the set is clean; each dropped line is reported against its
// input file:line. What Convert returns therefore always passes "dyad dict check".
package petrarch

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"testing/fstest"

	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/model"
)

// Input is one dictionary file to convert.
type Input struct {
	Name string // as reported in problems
	Data []byte
}

// Result is the converted set: dyad dictionary files by path, and what could not be converted.
type Result struct {
	Files    map[string][]byte
	Problems dict.Problems
	Counts   Counts
}

// Counts says how much was converted.
type Counts struct {
	Actors, Names, Roles, Agents, Patterns int
}

// Kinds of input file.
const (
	kindActors = "actors"
	kindAgents = "agents"
	kindVerbs  = "verbs"
	kindOther  = "other"
)

// sniff tells an input's kind from its content.
func sniff(data string) string {
	switch {
	case strings.Contains(data, "\n--- ") || strings.Contains(data, "\n---  "):
		return kindVerbs
	case strings.Contains(data, "[~"):
		return kindAgents
	case strings.Contains(data, "<ISSUE"):
		return kindOther
	}
	for _, l := range strings.Split(data, "\n") {
		l = stripComment(l)
		if i := strings.IndexByte(l, '['); i >= 0 && strings.IndexByte(l[i:], ']') > 0 {
			return kindActors
		}
	}
	return kindOther
}

// out is a dyad file being written, with the input line behind each of its lines.
type out struct {
	name  string
	lines []string
	from  []model.Source // zero for lines no input line stands behind (comments, blanks)
}

func (o *out) add(src model.Source, format string, args ...any) {
	o.lines = append(o.lines, fmt.Sprintf(format, args...))
	o.from = append(o.from, src)
}

func (o *out) text() []byte {
	return []byte(strings.Join(o.lines, "\n") + "\n")
}

// Convert converts the inputs into dyad's format, to be used over base (the shipped set): codes
// are checked against base's countries, CAMEO codes and sectors.
func Convert(inputs []Input, base *dict.Set) *Result {
	res := &Result{Files: map[string][]byte{}}
	var outs []*out
	c := newConverter(base, &res.Problems)
	var agents *out
	for _, in := range inputs {
		data := strings.ReplaceAll(string(in.Data), "\r\n", "\n")
		stem := strings.TrimSuffix(path.Base(strings.ReplaceAll(in.Name, "\\", "/")), path.Ext(in.Name))
		stem = strings.ToLower(strings.NewReplacer(" ", "-", ".", "-").Replace(stem))
		switch sniff(data) {
		case kindActors:
			o := &out{name: "actors/petrarch-" + stem + ".txt"}
			o.add(model.Source{}, "# Converted by dyad dict import-petrarch from %s.", path.Base(in.Name))
			c.actors(in.Name, data, o)
			outs = append(outs, o)
		case kindAgents:
			if agents == nil {
				agents = &out{name: "agents.txt"}
				agents.add(model.Source{}, "# Converted by dyad dict import-petrarch.")
				outs = append(outs, agents)
			}
			agents.add(model.Source{}, "# from %s", path.Base(in.Name))
			c.agents(in.Name, data, agents)
		case kindVerbs:
			o := &out{name: "verbs/petrarch-" + stem + ".txt"}
			o.add(model.Source{}, "# Converted by dyad dict import-petrarch from %s.", path.Base(in.Name))
			c.verbs(in.Name, data, o)
			outs = append(outs, o)
		default:
			n := 0
			for _, l := range strings.Split(data, "\n") {
				if strings.TrimSpace(stripComment(l)) != "" {
					n++
				}
			}
			c.fail(model.Source{File: in.Name, Line: 1}, "not converted: %d entries of a kind dyad has no dictionary for (discards, issues or prepositions: dyad needs none of them)", n)
		}
	}
	clean(outs, base, &res.Problems)
	for _, o := range outs {
		res.Files[o.name] = o.text()
		for i, l := range o.lines {
			if o.from[i].File == "" {
				continue
			}
			k, v, _ := strings.Cut(strings.TrimSpace(l), " ")
			switch {
			case o.name == "agents.txt":
				res.Counts.Agents += len(strings.Split(v, "|"))
			case strings.HasPrefix(o.name, "verbs/"):
				res.Counts.Patterns++
			case !strings.HasPrefix(l, " "):
				res.Counts.Actors++
			case k == "alias":
				res.Counts.Names++
			case k == "role":
				res.Counts.Roles++
			}
		}
	}
	sort.SliceStable(res.Problems, func(i, j int) bool {
		a, b := res.Problems[i], res.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return res
}

// clean loads the converted files over base with dyad's checks and drops each line they object
// to (a whole block when the problem is on an actor's first line), until nothing is left to drop.
func clean(outs []*out, base *dict.Set, probs *dict.Problems) {
	for round := 0; round < 50; round++ {
		fsys := fstest.MapFS{}
		byName := map[string]*out{}
		for _, o := range outs {
			fsys[o.name] = &fstest.MapFile{Data: o.text()}
			byName[o.name] = o
		}
		user, err := dict.LoadTrusted(fsys)
		var found dict.Problems
		if err != nil {
			if ps, ok := err.(dict.Problems); ok {
				found = append(found, ps...)
			}
		}
		if user != nil {
			found = append(found, dict.Overlay(base, user).Check()...)
		}
		drop := map[string]map[int]string{}
		for _, p := range found {
			o := byName[p.File]
			if o == nil || p.Line < 1 || p.Line > len(o.lines) {
				continue // a problem of base: not the importer's to solve
			}
			if drop[p.File] == nil {
				drop[p.File] = map[int]string{}
			}
			if _, seen := drop[p.File][p.Line-1]; !seen {
				drop[p.File][p.Line-1] = p.Msg
			}
		}
		if len(drop) == 0 {
			return
		}
		for _, o := range outs {
			d := drop[o.name]
			if len(d) == 0 {
				continue
			}
			var lines []string
			var from []model.Source
			for i := 0; i < len(o.lines); i++ {
				msg, bad := d[i]
				if !bad {
					lines, from = append(lines, o.lines[i]), append(from, o.from[i])
					continue
				}
				src := o.from[i]
				if src.File == "" {
					src = model.Source{File: o.name, Line: i + 1}
				}
				what := "line"
				if strings.HasPrefix(o.name, "actors/") && !strings.HasPrefix(o.lines[i], " ") {
					what = "entry"
					for i+1 < len(o.lines) && strings.HasPrefix(o.lines[i+1], " ") {
						i++
					}
				}
				*probs = append(*probs, dict.Problem{Source: src, Msg: fmt.Sprintf("%s dropped: %s", what, strings.ReplaceAll(msg, o.name+":", "output line "))})
			}
			o.lines, o.from = lines, from
		}
	}
}

// converter holds what conversion checks codes against.
type converter struct {
	countries map[string]bool
	codes     map[string]bool
	probs     *dict.Problems
}

func newConverter(base *dict.Set, probs *dict.Problems) *converter {
	c := &converter{countries: map[string]bool{}, codes: map[string]bool{}, probs: probs}
	for i := range base.Actors {
		if a := &base.Actors[i]; a.Kind == dict.KindCountry && len(a.Code) >= 3 {
			c.countries[a.Code[:3]] = true
		}
	}
	for _, cd := range base.Codes {
		c.codes[cd.Code] = true
	}
	return c
}

func (c *converter) fail(src model.Source, format string, args ...any) {
	*c.probs = append(*c.probs, dict.Problem{Source: src, Msg: fmt.Sprintf(format, args...)})
}

// religions are CAMEO's religion codes, which dyad folds into its one REL sector.
var religions = map[string]bool{"MUS": true, "SHI": true, "SUN": true, "CHR": true, "CTH": true,
	"ORT": true, "PRO": true, "BUD": true, "HIN": true, "JEW": true, "JAN": true, "SIK": true,
	"ATH": true, "BAH": true, "CON": true, "DOX": true, "ITH": true, "MOS": true, "TAO": true,
	"ZRO": true, "SHN": true, "ALE": true, "DRZ": true, "SFI": true, "WAH": true, "HSD": true}

// actorCode turns a CAMEO actor code into dyad's, or says why it cannot.
func (c *converter) actorCode(code string) (string, string) {
	if len(code) < 3 || len(code)%3 != 0 {
		return "", fmt.Sprintf("code %s: not made of three-letter parts", code)
	}
	head := code[:3]
	if _, ok := dict.Transnational[head]; ok {
		return code, ""
	}
	if !c.countries[head] {
		if _, ok := dict.Sectors[head]; ok {
			return "", fmt.Sprintf("code %s names a sector but no country", code)
		}
		return "", fmt.Sprintf("code %s: %s is not a country dyad knows", code, head)
	}
	var b strings.Builder
	b.WriteString(head)
	seen := map[string]bool{}
	for k := 3; k+3 <= len(code); k += 3 {
		s := code[k : k+3]
		if religions[s] {
			s = "REL"
		}
		if _, ok := dict.Sectors[s]; !ok {
			return "", fmt.Sprintf("code %s: %s is not a sector dyad knows", code, code[k:k+3])
		}
		if !seen[s] {
			seen[s] = true
			b.WriteString(s)
		}
	}
	return b.String(), ""
}

func stripComment(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return s[:i]
	}
	return s
}
