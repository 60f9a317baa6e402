package dict

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dyad-events/dyad/internal/model"
)

// Problem is one error found in a dictionary file.
type Problem struct {
	model.Source
	Msg string
}

// Error formats the problem as file:line: message.
func (p Problem) Error() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// Problems is every problem found while loading a dictionary set.
type Problems []Problem

// Error lists the problems, one per line.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Alias is a name, with the line that gave it.
type Alias struct {
	Text string
	Src  model.Source
}

// Role is a code an actor carries between two dates, both included. A zero From or To is open.
type Role struct {
	Code     string
	From, To model.Date
	Approx   bool
	Title    string
	Src      model.Source
}

// Actor kinds.
const (
	KindCountry = "country"
	KindIGO     = "igo"
	KindOrg     = "org"
	KindGroup   = "group"
	KindPerson  = "person"
	KindOutlet  = "outlet"
)

// Actor is one entry of an actor file.
type Actor struct {
	Name     string
	Kind     string
	Code     string
	Country  string
	State    bool
	Aliases  []Alias
	Demonyms []Alias
	Capitals []Alias
	Seats    []Alias
	Roles    []Role
	Src      model.Source
}

// Agent is a role noun: words naming a sector ("defence minister" -> MIL).
type Agent struct {
	Sector string
	Words  []string
	Src    model.Source
}

// Modal is one line of the modality file: a class and the phrases that signal it.
type Modal struct {
	Class   string
	Phrases []string
	Src     model.Source
}

// Code is one CAMEO event code with its scores.
type Code struct {
	Code          string
	Goldstein     float64
	Quad          int
	Plover        string
	PloverMode    string
	PloverContext string
	Name          string
	Src           model.Source
}

// Set is a whole dictionary set, as read from files.
type Set struct {
	Actors   []Actor
	Agents   []Agent
	Patterns []Pattern
	Modals   []Modal
	Codes    []Code
}

// Actor returns the actor whose canonical name is name, or nil.
func (s *Set) Actor(name string) *Actor {
	for i := range s.Actors {
		if s.Actors[i].Name == name {
			return &s.Actors[i]
		}
	}
	return nil
}

// Sectors are the sector codes an agent line may use.
var Sectors = map[string]string{
	"GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary", "LEG": "legislature",
	"SPY": "intelligence", "OPP": "opposition", "REB": "rebels", "INS": "insurgents", "SEP": "separatists",
	"PTY": "party", "REF": "refugees", "CVL": "civilians", "MED": "media", "BUS": "business",
	"EDU": "education", "HLH": "health", "HRI": "human rights", "NGO": "non-governmental organisation",
	"IGO": "intergovernmental", "LAB": "labour", "AGR": "agriculture", "ELI": "elites", "CRM": "criminals",
	"UAF": "unaligned armed forces", "REL": "religious", "ENV": "environment", "DEV": "development",
	"SET": "settlers", "MOD": "moderates", "RAD": "radicals",
}

// ModalClasses are the classes a modality line may use.
var ModalClasses = map[string]string{
	"negation":     "turns the event into a negated one",
	"intended":     "the event is planned, scheduled or will happen",
	"hypothetical": "the event could, might or would happen",
	"reported":     "the writer attributes the event to hearsay",
	"denial":       "verbs of denial: the source denies the event",
	"speech":       "verbs of saying, that introduce quotes and reported speech",
	"pledge":       "verbs that turn a cooperative act into an expressed intent (03x)",
	"threat":       "verbs that turn a hostile act into a threat (13x)",
	"refusal":      "verbs that turn an act into its rejection (12x)",
	"demand":       "verbs that turn an act into a demand (10x)",
	"appeal":       "verbs that turn an act into an appeal (02x)",
	"accusation":   "words of accusing: the act a source is accused of is not coded as done",
	"aerial":       "air weapons: an attack (190) by a source they name is an aerial attack (195)",
	"proposal":     "verbs whose object names an act not done: \"demanded a meeting with\" is no meeting",
}

// Load reads a dictionary set from fsys: cameo.txt, agents.txt, modality.txt, actors/*.txt and
// verbs/*.txt. Missing optional parts are allowed; every problem found is returned together.
func Load(fsys fs.FS) (*Set, error) { return load(fsys, true) }

// LoadTrusted is Load for a set already known to be clean, such as the shipped one, whose tests
// load it with every check: it reads and parses strictly but skips the checks across entries
// (names claimed twice, overlapping roles, unknown codes), which cost start-up time.
func LoadTrusted(fsys fs.FS) (*Set, error) { return load(fsys, false) }

func load(fsys fs.FS, validate bool) (*Set, error) {
	return loadNamed(fsys, validate, func(name string) string { return name })
}

// loadNamed is load with the file names that entries and problems carry given by label.
func loadNamed(fsys fs.FS, validate bool, label func(string) string) (*Set, error) {
	// Every file is read on its own, in parallel, into a part of its own; the parts are then
	// joined in a fixed order (cameo, agents, modality, actors/*, verbs/* sorted by name), so the
	// set is the same whatever the scheduling.
	type part struct {
		name  string
		read  func(*lineReader, *Set)
		set   Set
		probs Problems
	}
	parts := []*part{
		{name: "cameo.txt", read: func(lr *lineReader, s *Set) { s.Codes = readCodes(lr) }},
		{name: "agents.txt", read: func(lr *lineReader, s *Set) { s.Agents = readAgents(lr) }},
		{name: "modality.txt", read: func(lr *lineReader, s *Set) { s.Modals = readModals(lr) }},
	}
	for _, dir := range []string{"actors", "verbs"} {
		names, err := fs.Glob(fsys, dir+"/*.txt")
		if err != nil {
			return nil, fmt.Errorf("dict: %w", err)
		}
		sort.Strings(names)
		for _, n := range names {
			if dir == "actors" {
				parts = append(parts, &part{name: n, read: func(lr *lineReader, s *Set) { s.Actors = readActors(lr) }})
			} else {
				parts = append(parts, &part{name: n, read: func(lr *lineReader, s *Set) { s.Patterns = readPatterns(lr) }})
			}
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, p := range parts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			p.probs = readFile(fsys, p.name, label(p.name), func(lr *lineReader) { p.read(lr, &p.set) })
		}()
	}
	wg.Wait()
	var set Set
	var probs Problems
	var nc, na, nm, nac, np int
	for _, p := range parts {
		nc, na, nm, nac, np = nc+len(p.set.Codes), na+len(p.set.Agents), nm+len(p.set.Modals), nac+len(p.set.Actors), np+len(p.set.Patterns)
	}
	set.Codes, set.Agents, set.Modals = make([]Code, 0, nc), make([]Agent, 0, na), make([]Modal, 0, nm)
	set.Actors, set.Patterns = make([]Actor, 0, nac), make([]Pattern, 0, np)
	for _, p := range parts {
		set.Codes = append(set.Codes, p.set.Codes...)
		set.Agents = append(set.Agents, p.set.Agents...)
		set.Modals = append(set.Modals, p.set.Modals...)
		set.Actors = append(set.Actors, p.set.Actors...)
		set.Patterns = append(set.Patterns, p.set.Patterns...)
		probs = append(probs, p.probs...)
	}
	if validate {
		probs = append(probs, set.validate()...)
	}
	if len(probs) > 0 {
		return &set, probs
	}
	return &set, nil
}

// readFile runs fn over the lines of one file and returns the problems found. A file that does
// not exist is no problem: every part of a set is optional.
func readFile(fsys fs.FS, name, label string, fn func(*lineReader)) Problems {
	f, err := fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return Problems{{model.Source{File: label}, err.Error()}}
	}
	defer f.Close()
	lr := &lineReader{sc: bufio.NewScanner(f), file: label}
	lr.sc.Buffer(make([]byte, 64*1024), 1<<20)
	fn(lr)
	if err := lr.sc.Err(); err != nil {
		lr.fail("%v", err)
	}
	return lr.probs
}

// lineReader walks a file line by line, with comments stripped, and collects problems.
type lineReader struct {
	sc    *bufio.Scanner
	file  string
	line  int
	raw   string
	probs Problems
}

// next advances to the next line that is not blank once comments are stripped. It returns the
// line without its comment and trailing space.
func (lr *lineReader) next() (string, bool) {
	for lr.sc.Scan() {
		lr.line++
		lr.raw = lr.sc.Text()
		s := stripComment(lr.raw)
		if strings.TrimSpace(s) == "" {
			continue
		}
		return strings.TrimRight(s, " \t\r"), true
	}
	return "", false
}

func (lr *lineReader) src() model.Source { return model.Source{File: lr.file, Line: lr.line} }

func (lr *lineReader) fail(format string, args ...any) {
	lr.probs = append(lr.probs, Problem{lr.src(), fmt.Sprintf(format, args...)})
}

func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] != '\\') {
			s = s[:i]
			break
		}
	}
	return strings.ReplaceAll(s, `\#`, "#")
}

// splitAlts splits "a | b | c" into its trimmed, non-empty parts.
func splitAlts(s string) []string {
	parts := strings.Split(s, "|")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func readCodes(lr *lineReader) []Code {
	var out []Code
	for {
		s, ok := lr.next()
		if !ok {
			return out
		}
		f := strings.Split(s, "\t")
		if len(f) != 7 {
			lr.fail("want 7 tab-separated fields (code goldstein quad plover_type plover_mode plover_context name), got %d", len(f))
			continue
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
			if f[i] == "-" {
				f[i] = ""
			}
		}
		c := Code{Code: f[0], Plover: f[3], PloverMode: f[4], PloverContext: f[5], Name: f[6], Src: lr.src()}
		if !validEventCode(c.Code) {
			lr.fail("invalid CAMEO event code %q", c.Code)
			continue
		}
		g, err := strconv.ParseFloat(f[1], 64)
		if err != nil || g < -10 || g > 10 {
			lr.fail("goldstein %q: want a number from -10 to 10", f[1])
			continue
		}
		c.Goldstein = g
		q, err := strconv.Atoi(f[2])
		if err != nil || q != QuadOf(c.Code) {
			lr.fail("quad %q: code %s is in QuadClass %d", f[2], c.Code, QuadOf(c.Code))
			continue
		}
		c.Quad = q
		out = append(out, c)
	}
}

// validEventCode reports whether s looks like a CAMEO event code: two to four digits, root 01-20.
func validEventCode(s string) bool {
	if len(s) < 2 || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	r, _ := strconv.Atoi(s[:2])
	return r >= 1 && r <= 20
}

// QuadOf gives GDELT's QuadClass of an event code from its root.
func QuadOf(code string) int {
	r, _ := strconv.Atoi(code[:2])
	switch {
	case r <= 5:
		return 1
	case r <= 8:
		return 2
	case r <= 13:
		return 3
	}
	return 4
}

func readAgents(lr *lineReader) []Agent {
	var out []Agent
	for _, l := range readClassLines(lr, Sectors, "sector") {
		out = append(out, Agent{Sector: l.class, Words: l.words, Src: l.src})
	}
	return out
}

func readModals(lr *lineReader) []Modal {
	var out []Modal
	for _, l := range readClassLines(lr, ModalClasses, "modality class") {
		out = append(out, Modal{Class: l.class, Phrases: l.words, Src: l.src})
	}
	return out
}

type classLine struct {
	class string
	words []string
	src   model.Source
}

// readClassLines reads lines of "CLASS word | word ...", where CLASS is a key of known.
func readClassLines(lr *lineReader, known map[string]string, what string) []classLine {
	var out []classLine
	for {
		s, ok := lr.next()
		if !ok {
			return out
		}
		class, rest, _ := cutField(s)
		if _, ok := known[class]; !ok {
			lr.fail("unknown %s %q (see docs/dictionaries.md)", what, class)
			continue
		}
		words := splitAlts(rest)
		if len(words) == 0 {
			lr.fail("the line names a %s but no words", what)
			continue
		}
		out = append(out, classLine{class, words, lr.src()})
	}
}

// cutField splits a line into its first word and the rest, at the first space or tab.
func cutField(s string) (string, string, bool) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, "", false
	}
	return s[:i], strings.TrimSpace(s[i+1:]), true
}
