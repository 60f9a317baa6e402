package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/dictdata"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/petrarch"
)

type dictCmd struct {
	Check  dictCheckCmd  `cmd:"" help:"Load the dictionaries with every check and list each problem as file:line: message."`
	Lookup dictLookupCmd `cmd:"" help:"Show what dyad knows of a name at a date, and the dictionary lines it comes from."`
	Stats  dictStatsCmd  `cmd:"" help:"Count the entries of the dictionaries."`
	Export dictExportCmd `cmd:"" help:"Write the shipped dictionaries to a directory, to read or to start your own from."`
	Import dictImportCmd `cmd:"" name:"import-petrarch" help:"Convert PETRARCH/TABARI dictionaries (actors, agents, verbs) into a dyad dictionary directory."`
}

type dictCheckCmd struct {
	dictFlags
}

func (c *dictCheckCmd) Run(e *env) error {
	set, err := c.loadAll()
	if err != nil {
		return err
	}
	st := set.Stats()
	fmt.Fprintf(e.stdout, "dictionaries are clean: %d actors, %d role nouns, %d patterns, %d codes\n",
		st.Countries+st.IGOs+st.Orgs+st.Groups+st.Outlets+st.People, st.Agents, st.Patterns, st.Codes)
	return nil
}

// loadAll loads the dictionaries the flags name with every check, the shipped set's included.
func (f dictFlags) loadAll() (*dict.Set, error) {
	if f.DictDir == "" && !f.DictReplace {
		set, err := dict.Load(dictdata.FS)
		if err != nil {
			return nil, fmt.Errorf("shipped dictionaries:\n%w", err)
		}
		return set, nil
	}
	return f.set()
}

type dictLookupCmd struct {
	dictFlags
	Name string `arg:"" help:"A name as the dictionaries write it, in any case: \"Taliban\", \"Aziz Nasirzadeh\", \"the Kremlin\", \"defence minister\"."`
	Date string `help:"The date to resolve dated roles at (YYYY, YYYY-MM or YYYY-MM-DD); today by default."`
	JSON bool   `name:"json" help:"Print JSON instead of text."`
}

// meaning is one thing a looked-up name refers to.
type meaning struct {
	Name    string     `json:"name"`
	Kind    string     `json:"kind"`
	Ref     string     `json:"ref"`
	Code    string     `json:"code"`
	Country string     `json:"country,omitempty"`
	Sector  string     `json:"sector,omitempty"`
	Why     string     `json:"why"`
	Entry   string     `json:"entry"`
	NameAt  string     `json:"name_line"`
	Chosen  bool       `json:"chosen"`
	Roles   []roleJSON `json:"roles,omitempty"`
	State   *bool      `json:"state_run,omitempty"`
}

type roleJSON struct {
	Code   string `json:"code"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	Approx bool   `json:"approx,omitempty"`
	Title  string `json:"title,omitempty"`
	Line   string `json:"line"`
	Active bool   `json:"active"`
}

func (c *dictLookupCmd) Run(e *env) error {
	d := model.DayDate(time.Now())
	if c.Date != "" {
		var err error
		if d, err = model.ParseDate(c.Date); err != nil {
			return fmt.Errorf("--date: %w", err)
		}
	}
	set, m, err := c.load()
	if err != nil {
		return err
	}
	if m == nil {
		m = actors.Compile(set)
	}
	entries := m.Lookup(c.Name)
	if len(entries) == 0 {
		msg := fmt.Sprintf("no dictionary entry is named %q", c.Name)
		if near := nearNames(set, c.Name, 12); len(near) > 0 {
			msg += "; names that contain it: " + strings.Join(near, ", ")
		}
		return fmt.Errorf("%s", msg)
	}
	// The meaning coding takes at the date comes first.
	chosen := actors.Pick(entries, d)
	out := []meaning{describe(m, entries[chosen], d)}
	out[0].Chosen = true
	for i, en := range entries {
		if i != chosen {
			out = append(out, describe(m, en, d))
		}
	}
	if c.JSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Name     string    `json:"name"`
			Date     string    `json:"date"`
			Meanings []meaning `json:"meanings"`
		}{c.Name, d.String(), out})
	}
	writeMeanings(e.stdout, c.Name, d, out)
	return nil
}

func describe(m *actors.Matcher, en actors.Entry, d model.Date) meaning {
	if en.Agent != nil {
		return meaning{Name: en.Phrase, Kind: "role noun", Ref: en.Ref, Code: en.Agent.Sector,
			Sector: en.Agent.Sector + " " + dict.Sectors[en.Agent.Sector], Entry: en.Src.String(), NameAt: en.Src.String(),
			Why: "a role noun: it takes the country next to it (\"Iran's " + en.Phrase + "\" is IRN" + en.Agent.Sector + ")"}
	}
	a := en.Actor
	mn := meaning{Name: a.Name, Kind: a.Kind, Ref: en.Ref, Entry: a.Src.String(), NameAt: en.Src.String()}
	code, role := actors.Resolve(a, d)
	switch en.Ref {
	case actors.RefCapital, actors.RefSeat:
		code = a.Code + "GOV"
		mn.Why = "a seat of power: it stands for the government of " + a.Name
	case actors.RefDemonym:
		mn.Why = "a demonym: it gives the country of the actor it qualifies"
	default:
		switch {
		case role != nil:
			mn.Why = fmt.Sprintf("role at %s: %s %s", d, role.Code, rangeOf(*role))
			if role.Title != "" {
				mn.Why += " " + role.Title
			}
			mn.Why += " (" + role.Src.String() + ")"
		case len(a.Roles) > 0 && a.Code == "":
			mn.Why = fmt.Sprintf("no role at %s: the country of the role nearest in time", d)
		default:
			mn.Why = "its code (" + a.Src.String() + ")"
		}
	}
	mn.Code = code
	if c := m.Country(actors.CountryOf(code)); c != nil {
		mn.Country = c.Name
	}
	if s := actors.SectorOf(code); s != "" {
		mn.Sector = s + " " + dict.Sectors[s]
	}
	if a.Kind == dict.KindOutlet {
		st := a.State
		mn.State = &st
	}
	for _, r := range a.Roles {
		rj := roleJSON{Code: r.Code, Approx: r.Approx, Title: r.Title, Line: r.Src.String(), Active: r.Active(d) && role != nil}
		if !r.From.IsZero() {
			rj.From = r.From.String()
		}
		if !r.To.IsZero() {
			rj.To = r.To.String()
		}
		mn.Roles = append(mn.Roles, rj)
	}
	return mn
}

func rangeOf(r dict.Role) string {
	s := ""
	if !r.From.IsZero() {
		s = r.From.String()
	}
	s += ".."
	if !r.To.IsZero() {
		s += r.To.String()
	}
	if r.Approx {
		s = "~" + s
	}
	return s
}

func writeMeanings(w io.Writer, name string, d model.Date, ms []meaning) {
	if len(ms) > 1 {
		fmt.Fprintf(w, "%q has %d meanings; at %s coding takes the first one below.\n\n", name, len(ms), d)
	}
	for i, mn := range ms {
		if i > 0 {
			fmt.Fprintln(w)
		}
		what := mn.Code
		var parts []string
		if mn.Country != "" {
			parts = append(parts, mn.Country)
		}
		if mn.Sector != "" {
			parts = append(parts, mn.Sector)
		}
		if len(parts) > 0 {
			what += " (" + strings.Join(parts, ", ") + ")"
		}
		fmt.Fprintf(w, "%s at %s: %s\n", name, d, what)
		fmt.Fprintf(w, "  %s %q, %s\n", mn.Kind, mn.Name, mn.Entry)
		fmt.Fprintf(w, "  named by %s: %s\n", mn.Ref, mn.NameAt)
		fmt.Fprintf(w, "  %s\n", mn.Why)
		if mn.State != nil {
			fmt.Fprintf(w, "  state-run: %v\n", *mn.State)
		}
		if len(mn.Roles) > 0 {
			fmt.Fprintln(w, "  roles:")
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			for _, r := range mn.Roles {
				mark := " "
				if r.Active {
					mark = "*"
				}
				span := r.From + ".." + r.To
				if r.Approx {
					span = "~" + span
				}
				fmt.Fprintf(tw, "  %s %s\t%s\t%s\t%s\n", mark, r.Code, span, r.Title, r.Line)
			}
			tw.Flush()
		}
	}
}

// nearNames gives up to n canonical names of actors with a name that contains name.
func nearNames(set *dict.Set, name string, n int) []string {
	q := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if len(q) < 3 {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for i := range set.Actors {
		a := &set.Actors[i]
		for _, al := range a.Aliases {
			if strings.Contains(strings.ToLower(al.Text), q) && !seen[a.Name] {
				seen[a.Name] = true
				out = append(out, a.Name)
				break
			}
		}
		if len(out) == n {
			break
		}
	}
	return out
}

type dictStatsCmd struct {
	dictFlags
	Missing bool `help:"Also list the CAMEO codes that no pattern gives."`
}

func (c *dictStatsCmd) Run(e *env) error {
	set, err := c.set()
	if err != nil {
		return err
	}
	st := set.Stats()
	w := e.stdout
	row := func(n int, what string) { fmt.Fprintf(w, "  %7d  %s\n", n, what) }
	fmt.Fprintln(w, "actors")
	row(st.Countries, "countries and territories")
	row(st.IGOs, "international organisations")
	row(st.Orgs, "other organisations")
	row(st.Groups, fmt.Sprintf("armed groups, movements and parties (%d with dated status)", st.GroupsDated))
	row(st.Outlets, fmt.Sprintf("news outlets and agencies (%d state-run)", st.OutletsState))
	row(st.People, fmt.Sprintf("people, with %d dated roles (%d approximate)", st.PeopleRoles, st.RolesApprox))
	row(st.Names, "names, demonyms, capitals and seats in all")
	fmt.Fprintln(w, "words")
	row(st.Agents, fmt.Sprintf("role nouns for %d sectors", st.AgentSectors))
	row(st.Patterns, fmt.Sprintf("verb patterns, for %d of %d CAMEO codes (%d have none: see --missing)", st.CodesCovered, st.Codes, len(st.CodesUncovered)))
	row(st.ModalPhrases, "modality and frame phrases")
	if c.Missing && len(st.CodesUncovered) > 0 {
		fmt.Fprintf(e.stdout, "\ncodes no pattern gives: %s\n", strings.Join(st.CodesUncovered, " "))
	}
	return nil
}

type dictExportCmd struct {
	Out   string `arg:"" name:"DIR" help:"Directory to write the shipped dictionaries into; it must not exist or be empty."`
	Force bool   `help:"Write into a directory that is not empty, overwriting files of the same names."`
}

func (c *dictExportCmd) Run(e *env) error {
	if ents, err := os.ReadDir(c.Out); err == nil && len(ents) > 0 && !c.Force {
		return fmt.Errorf("%s is not empty (use --force to overwrite)", c.Out)
	}
	var names []string
	err := fs.WalkDir(dictdata.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(dictdata.FS, n)
		if err != nil {
			return err
		}
		dst := filepath.Join(c.Out, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "wrote %d dictionary files to %s\n", len(names), c.Out)
	return nil
}

type dictImportCmd struct {
	Files []string `arg:"" name:"FILE" type:"existingfile" help:"PETRARCH or TABARI dictionary files: .actors, agents and verb files; their kind is told from their content."`
	Out   string   `required:"" placeholder:"DIR" help:"Directory to write the converted dictionaries into, to be used with --dict-dir."`
	Force bool     `help:"Write into a directory that is not empty, overwriting files of the same names."`
}

func (c *dictImportCmd) Run(e *env) error {
	if ents, err := os.ReadDir(c.Out); err == nil && len(ents) > 0 && !c.Force {
		return fmt.Errorf("%s is not empty (use --force to overwrite)", c.Out)
	}
	var inputs []petrarch.Input
	for _, f := range c.Files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		inputs = append(inputs, petrarch.Input{Name: f, Data: b})
	}
	base, _, err := dictdata.Shipped()
	if err != nil {
		return fmt.Errorf("shipped dictionaries:\n%w", err)
	}
	res := petrarch.Convert(inputs, base)
	names := make([]string, 0, len(res.Files))
	for n := range res.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		dst := filepath.Join(c.Out, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, res.Files[n], 0o644); err != nil {
			return err
		}
	}
	bw := bufio.NewWriter(e.stderr)
	for _, p := range res.Problems {
		fmt.Fprintln(bw, p)
	}
	bw.Flush()
	k := res.Counts
	fmt.Fprintf(e.stdout, "converted %d actors (%d more names, %d dated roles), %d role nouns and %d patterns into %s\n",
		k.Actors, k.Names, k.Roles, k.Agents, k.Patterns, c.Out)
	if len(res.Problems) > 0 {
		fmt.Fprintf(e.stdout, "%d input lines or entries could not be converted; each is listed on standard error as file:line: reason\n", len(res.Problems))
	}
	fmt.Fprintf(e.stdout, "use them with: dyad code --dict-dir %s ...   (over the shipped set; add --dict-replace to use them alone)\n", c.Out)
	return nil
}
