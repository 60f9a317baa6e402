package actors

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
)

// testFS is a small dictionary set written for these tests.
var testFS = fstest.MapFS{
	"agents.txt": {Data: []byte("" +
		"GOV   president | presidents\n" +
		"MIL   defence minister | defense minister\n")},
	"actors/countries.txt": {Data: []byte("" +
		"Iran\n" +
		"  kind     country\n" +
		"  code     IRN\n" +
		"  alias    Islamic Republic of Iran\n" +
		"  demonym  Iranian\n" +
		"  capital  Tehran\n" +
		"\n" +
		"Turkey\n" +
		"  kind     country\n" +
		"  code     TUR\n" +
		"  alias    Türkiye\n" +
		"\n" +
		"United States\n" +
		"  kind     country\n" +
		"  code     USA\n" +
		"  alias    US | U.S.\n" +
		"\n" +
		"Côte d'Ivoire\n" +
		"  kind     country\n" +
		"  code     CIV\n" +
		"  alias    Ivory Coast\n" +
		"\n" +
		"Afghanistan\n" +
		"  kind     country\n" +
		"  code     AFG\n" +
		"\n" +
		"Azerbaijan\n" +
		"  kind     country\n" +
		"  code     AZE\n" +
		"  seat     Presidential Palace\n" +
		"\n" +
		"France\n  kind country\n  code FRA\n" +
		"Germany\n  kind country\n  code DEU\n")},
	"actors/groups.txt": {Data: []byte("" +
		"Taliban\n" +
		"  kind     group\n" +
		"  alias    Taleban\n" +
		"  role     AFGGOV  1996-09-27..2001-11-12   Islamic Emirate, first rule\n" +
		"  role     AFGREB  2001-11-13..2021-08-14   insurgency\n" +
		"  role     AFGGOV  2021-08-15..             de facto government\n")},
	"actors/people.txt": {Data: []byte("" +
		"Jane Roe\n" +
		"  kind     person\n" +
		"  alias    Roe\n" +
		"  role     AZEGOV  2024-01-01..   Prime Minister of Azerbaijan\n" +
		"\n" +
		"Richard Roe\n" +
		"  kind     person\n" +
		"  alias    Roe\n" +
		"  role     AZEMIL  2010-01-01..2015-12-31   Chief of the General Staff\n" +
		"\n" +
		"John Doe\n" +
		"  kind     person\n" +
		"  role     FRAGOV  2010-01-01..2012-12-31   Minister in France\n" +
		"  role     DEUGOV  2020-01-01..             Minister in Germany\n" +
		"\n" +
		"IRNA\n" +
		"  kind     outlet\n" +
		"  code     IRNMED\n" +
		"  alias    Islamic Republic News Agency\n" +
		"  state    yes\n")},
}

func load(t *testing.T) (*dict.Set, *Matcher) {
	t.Helper()
	set, err := dict.Load(testFS)
	if err != nil {
		t.Fatalf("dict.Load: %v", err)
	}
	return set, Compile(set)
}

func actor(t *testing.T, set *dict.Set, name string) *dict.Actor {
	t.Helper()
	a := set.Actor(name)
	if a == nil {
		t.Fatalf("no actor %q", name)
	}
	return a
}

// describe renders the matches of s as "text=what(ref)", what being the actor's name or the
// agent's sector.
func describe(m *Matcher, s string) string {
	ts := text.Tokenize(s)
	var out []string
	for _, mt := range m.Find(&ts, 0, len(ts.Toks), nil) {
		span := ts.Text[ts.Toks[mt.Start].Start:ts.Toks[mt.End-1].End]
		e := mt.Entries[0]
		what := ""
		if e.Actor != nil {
			what = e.Actor.Name
		} else if e.Agent != nil {
			what = e.Agent.Sector
		}
		out = append(out, span+"="+what+"("+e.Ref+")")
	}
	return strings.Join(out, "; ")
}

func TestFind(t *testing.T) {
	_, m := load(t)
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"longest wins", "The Islamic Republic of Iran said so.", "Islamic Republic of Iran=Iran(name)"},
		{"short name alone", "Iran said so.", "Iran=Iran(name)"},
		{"longest then short", "the Islamic Republic of Iran and Iran", "Islamic Republic of Iran=Iran(name); Iran=Iran(name)"},
		{"prefix of a longer name", "the Islamic Republic of Pakistan", ""},
		{"name case-insensitive on lower-case dictionary words", "ISLAMIC REPUBLIC OF IRAN", "ISLAMIC REPUBLIC OF IRAN=Iran(name)"},
		{"longest agent", "the defence minister met", "defence minister=MIL(agent)"},
		{"demonym and agent", "Iranian defence minister", "Iranian=Iran(demonym); defence minister=MIL(agent)"},
		{"capital", "Tehran rejected it", "Tehran=Iran(capital)"},
		{"seat", "the Presidential Palace said", "Presidential Palace=Azerbaijan(seat)"},
		{"capitalised name", "Turkey and Türkiye", "Turkey=Turkey(name); Türkiye=Turkey(name)"},
		{"capitalised name vs lower-case word", "they ate roast turkey", ""},
		{"short capitals name", "US officials", "US=United States(name)"},
		{"short capitals name vs lower case", "let us talk", ""},
		{"short capitals name vs capitalised word", "Us and them", ""},
		{"dotted initialism", "U.S. officials", "U.S.=United States(name)"},
		{"lower-case agent, capitalised", "President Aliyev", "President=GOV(agent)"},
		{"lower-case agent, lower case", "the president said", "president=GOV(agent)"},
		{"lower-case agent, plural", "two presidents met", "presidents=GOV(agent)"},
		{"straight apostrophe", "Côte d'Ivoire signed", "Côte d'Ivoire=Côte d'Ivoire(name)"},
		{"curly apostrophe", "Côte d’Ivoire signed", "Côte d’Ivoire=Côte d'Ivoire(name)"},
		{"curly apostrophe, capitals", "CÔTE D’IVOIRE signed", "CÔTE D’IVOIRE=Côte d'Ivoire(name)"},
		{"possessive after name", "Iran’s president", "Iran=Iran(name); president=GOV(agent)"},
		{"outlet", "the Islamic Republic News Agency reported", "Islamic Republic News Agency=IRNA(name)"},
		{"group alias", "the Taleban", "Taleban=Taliban(name)"},
		{"whole words only", "Iranians and Turkeys", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := describe(m, c.in); got != c.want {
				t.Errorf("Find(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestFindBounds(t *testing.T) {
	_, m := load(t)
	ts := text.Tokenize("Islamic Republic of Iran and Turkey")
	// Tokens 0-2 hold no whole name; "Iran" (3) is outside, "Turkey" (5) inside.
	got := m.Find(&ts, 0, 3, nil)
	if len(got) != 0 {
		t.Errorf("Find in [0,3) = %+v, want no match", got)
	}
	got = m.Find(&ts, 3, 6, nil)
	if len(got) != 2 || got[0].Start != 3 || got[0].End != 4 || got[1].Start != 5 || got[1].End != 6 {
		t.Errorf("Find in [3,6) = %+v, want [3,4) and [5,6)", got)
	}
}

func TestMatchEntrySource(t *testing.T) {
	_, m := load(t)
	ts := text.Tokenize("Tehran")
	got := m.Find(&ts, 0, len(ts.Toks), nil)
	if len(got) != 1 || len(got[0].Entries) != 1 {
		t.Fatalf("Find(Tehran) = %+v, want one match with one entry", got)
	}
	e := got[0].Entries[0]
	if want := (model.Source{File: "actors/countries.txt", Line: 6}); e.Src != want || e.Phrase != "Tehran" || e.Ref != RefCapital {
		t.Errorf("entry = %+v, want capital Tehran at %v", e, want)
	}
	if c := m.Country("IRN"); c == nil || c.Name != "Iran" {
		t.Errorf("Country(IRN) = %v, want Iran", c)
	}
}

func TestResolve(t *testing.T) {
	set, _ := load(t)
	cases := []struct {
		actor string
		date  string // "" for an unknown date
		code  string
		title string // the role's title; "" when no role applies
	}{
		{"Taliban", "1998-05-01", "AFGGOV", "Islamic Emirate, first rule"},
		{"Taliban", "2020-06-01", "AFGREB", "insurgency"},
		{"Taliban", "2021-08-14", "AFGREB", "insurgency"},
		{"Taliban", "2021-08-15", "AFGGOV", "de facto government"},
		{"Taliban", "2024-07-04", "AFGGOV", "de facto government"},
		{"Taliban", "2024-07", "AFGGOV", "de facto government"},
		{"Taliban", "", "AFGGOV", "de facto government"},
		{"Jane Roe", "2023-12-31", "AZE", ""},
		{"Jane Roe", "2024-01-01", "AZEGOV", "Prime Minister of Azerbaijan"},
		{"Jane Roe", "2025-03-10", "AZEGOV", "Prime Minister of Azerbaijan"},
		{"John Doe", "2030-01-01", "DEUGOV", "Minister in Germany"},
		{"John Doe", "2005-01-01", "FRA", ""},
		{"Iran", "2024-07-04", "IRN", ""},
		{"Iran", "", "IRN", ""},
		{"IRNA", "2024-07-04", "IRNMED", ""},
	}
	for _, c := range cases {
		name := c.date
		if name == "" {
			name = "unknown date"
		}
		t.Run(c.actor+" on "+name, func(t *testing.T) {
			var d model.Date
			if c.date != "" {
				var err error
				if d, err = model.ParseDate(c.date); err != nil {
					t.Fatal(err)
				}
			}
			code, role := Resolve(actor(t, set, c.actor), d)
			title := ""
			if role != nil {
				title = role.Title
			}
			if code != c.code || title != c.title {
				t.Errorf("Resolve = %q, role %q; want %q, role %q", code, title, c.code, c.title)
			}
		})
	}
}

func TestCodeParts(t *testing.T) {
	cases := []struct {
		code, country, sector string
	}{
		{"IRNGOV", "IRN", "GOV"},
		{"AZE", "AZE", ""},
		{"IGOUNOIAE", "IGOUNOIAE", ""},
		{"AFGREB", "AFG", "REB"},
		{"IRNGOVMIL", "IRN", "GOV"},
		{"NGOHRIAMN", "NGOHRIAMN", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			if got := CountryOf(c.code); got != c.country {
				t.Errorf("CountryOf(%q) = %q, want %q", c.code, got, c.country)
			}
			if got := SectorOf(c.code); got != c.sector {
				t.Errorf("SectorOf(%q) = %q, want %q", c.code, got, c.sector)
			}
		})
	}
}

func TestLookupAndPick(t *testing.T) {
	_, m := load(t)
	if es := m.Lookup("taliban"); len(es) != 1 || es[0].Actor.Name != "Taliban" {
		t.Errorf("Lookup(taliban) = %v, want the Taliban, whatever the case", es)
	}
	if es := m.Lookup("Taliban fighters"); len(es) != 0 {
		t.Errorf("Lookup(Taliban fighters) = %v, want nothing: only whole names", es)
	}
	if es := m.Lookup("defence minister"); len(es) != 1 || es[0].Agent == nil || es[0].Agent.Sector != "MIL" {
		t.Errorf("Lookup(defence minister) = %v, want the MIL role noun", es)
	}
	roes := m.Lookup("Roe")
	if len(roes) != 2 {
		t.Fatalf("Lookup(Roe) = %v, want two people", roes)
	}
	for _, c := range []struct {
		date string
		want string
	}{
		{"2012-06-01", "Richard Roe"}, // only Richard holds a role
		{"2025-01-01", "Jane Roe"},    // only Jane does
		{"2018-01-01", "Jane Roe"},    // neither: file order
		{"", "Jane Roe"},              // no date: file order
	} {
		var d model.Date
		if c.date != "" {
			var err error
			if d, err = model.ParseDate(c.date); err != nil {
				t.Fatal(err)
			}
		}
		if got := roes[Pick(roes, d)].Actor.Name; got != c.want {
			t.Errorf("Pick(Roe, %q) = %s, want %s", c.date, got, c.want)
		}
	}
}

func TestMatcherRoundTrip(t *testing.T) {
	set, m := load(t)
	bin, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(set, string(bin))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Error("the matcher read back differs from the one written")
	}
	for n := 0; n < len(bin); n++ {
		if _, err := Load(set, string(bin[:n])); err == nil {
			t.Fatalf("Load of %d of %d bytes: no error", n, len(bin))
		}
	}
}

// FuzzLoad feeds corrupt compiled matchers to Load: an error, never a panic, and a matcher that
// loads can be searched.
func FuzzLoad(f *testing.F) {
	set, err := dict.Load(testFS)
	if err != nil {
		f.Fatal(err)
	}
	bin, _ := Compile(set).MarshalBinary()
	f.Add(bin)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(set, string(data))
		if err != nil {
			return
		}
		ts := text.Tokenize("The Taliban met Iranian defence minister Jane Roe in Tehran.")
		m.Find(&ts, 0, len(ts.Toks), nil)
		m.Lookup("Roe")
	})
}
