package dict

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dyad-events/dyad/internal/model"
)

// mapFS builds an in-memory dictionary set from file names and contents.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

// baseCameo is a valid cameo.txt with three codes, on lines 2 to 4.
const baseCameo = "# code goldstein quad plover_type plover_mode plover_context name\n" +
	"040\t1.0\t1\tCONSULT\t-\t-\tConsult\n" +
	"042\t1.9\t1\tCONSULT\tvisit\t-\tMake a visit\n" +
	"043\t2.8\t1\tCONSULT\tvisit\t-\tHost a visit\n"

// cleanFiles is a small, valid set: every comment and blank line is there to move line numbers.
func cleanFiles() map[string]string {
	return map[string]string{
		"cameo.txt": baseCameo,
		"agents.txt": "# agents\n" +
			"GOV   president | presidents | president-elect\n" +
			"MIL   defence minister | defense minister\n",
		"modality.txt": "negation      not | n't | never\n" +
			"\n" +
			"reported      reportedly | according to\n",
		"actors/countries.txt": "# countries\n" +
			"Azerbaijan\n" +
			"  kind     country\n" +
			"  code     AZE\n" +
			"  alias    Azerbaijan | Republic of Azerbaijan   # the canonical name is not repeated\n" +
			"  demonym  Azerbaijani | Azeri\n" +
			"  capital  Baku\n" +
			"\n" +
			"Afghanistan\n" +
			"  kind     country\n" +
			"  code     AFG\n",
		"actors/groups.txt": "Taliban\n" +
			"  kind     group\n" +
			"  alias    Taleban | Islamic Emirate of Afghanistan\n" +
			"  role     AFGGOV  1996-09-27..2001-11-12   Islamic Emirate, first rule\n" +
			"  role     AFGREB  2001-11-13..2021-08-14   insurgency\n" +
			"  role     AFGGOV  ~2021-09..               de facto government \\#2\n",
		"verbs/04-consult.txt": "# consult\n" +
			"042   {visit} +\n" +
			"043   {host} +\n" +
			"040   {hold/held} talks with +\n",
	}
}

func findActor(t *testing.T, set *Set, name string) *Actor {
	t.Helper()
	a := set.Actor(name)
	if a == nil {
		t.Fatalf("actor %q not loaded", name)
	}
	return a
}

func src(file string, line int) model.Source { return model.Source{File: file, Line: line} }

func TestLoadClean(t *testing.T) {
	set, err := Load(mapFS(cleanFiles()))
	if err != nil {
		t.Fatalf("Load: unexpected error:\n%v", err)
	}
	if got := len(set.Codes); got != 3 {
		t.Errorf("len(Codes) = %d, want 3", got)
	}
	if got := len(set.Agents); got != 2 {
		t.Errorf("len(Agents) = %d, want 2", got)
	}
	if got := len(set.Modals); got != 2 {
		t.Errorf("len(Modals) = %d, want 2", got)
	}
	if got := len(set.Patterns); got != 3 {
		t.Errorf("len(Patterns) = %d, want 3", got)
	}
	// actors/countries.txt sorts before actors/groups.txt.
	var names []string
	for _, a := range set.Actors {
		names = append(names, a.Name)
	}
	if want := []string{"Azerbaijan", "Afghanistan", "Taliban"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("actors = %q, want %q", names, want)
	}

	aze := findActor(t, set, "Azerbaijan")
	tal := findActor(t, set, "Taliban")

	t.Run("sources", func(t *testing.T) {
		cases := []struct {
			what string
			got  model.Source
			want model.Source
		}{
			{"actor Azerbaijan", aze.Src, src("actors/countries.txt", 2)},
			{"canonical alias", aze.Aliases[0].Src, src("actors/countries.txt", 2)},
			{"alias Republic of Azerbaijan", aze.Aliases[1].Src, src("actors/countries.txt", 5)},
			{"demonym Azeri", aze.Demonyms[1].Src, src("actors/countries.txt", 6)},
			{"capital Baku", aze.Capitals[0].Src, src("actors/countries.txt", 7)},
			{"actor Afghanistan", set.Actors[1].Src, src("actors/countries.txt", 9)},
			{"role AFGREB", tal.Roles[1].Src, src("actors/groups.txt", 5)},
			{"code 042", set.Codes[1].Src, src("cameo.txt", 3)},
			{"agent MIL", set.Agents[1].Src, src("agents.txt", 3)},
			{"modality reported", set.Modals[1].Src, src("modality.txt", 3)},
			{"pattern {host} +", set.Patterns[1].Src, src("verbs/04-consult.txt", 3)},
		}
		for _, c := range cases {
			t.Run(c.what, func(t *testing.T) {
				if c.got != c.want {
					t.Errorf("Src = %v, want %v", c.got, c.want)
				}
			})
		}
	})

	t.Run("values", func(t *testing.T) {
		var aliases []string
		for _, al := range aze.Aliases {
			aliases = append(aliases, al.Text)
		}
		if want := []string{"Azerbaijan", "Republic of Azerbaijan"}; !reflect.DeepEqual(aliases, want) {
			t.Errorf("Azerbaijan aliases = %q, want %q (canonical name once, comment stripped)", aliases, want)
		}
		if aze.Kind != KindCountry || aze.Code != "AZE" {
			t.Errorf("Azerbaijan kind, code = %q, %q; want country, AZE", aze.Kind, aze.Code)
		}
		r := tal.Roles[1]
		wantRole := Role{
			Code:  "AFGREB",
			From:  model.Date{Year: 2001, Month: 11, Day: 13, Prec: model.PrecDay},
			To:    model.Date{Year: 2021, Month: 8, Day: 14, Prec: model.PrecDay},
			Title: "insurgency",
			Src:   src("actors/groups.txt", 5),
		}
		if !reflect.DeepEqual(r, wantRole) {
			t.Errorf("Taliban role 2 = %+v, want %+v", r, wantRole)
		}
		if last := tal.Roles[2]; !last.Approx || !last.To.IsZero() || last.From != (model.Date{Year: 2021, Month: 9, Prec: model.PrecMonth}) {
			t.Errorf("Taliban role 3 = %+v, want approximate, from 2021-09, open end", last)
		}
		c := set.Codes[2]
		wantCode := Code{Code: "043", Goldstein: 2.8, Quad: 1, Plover: "CONSULT", PloverMode: "visit", Name: "Host a visit", Src: src("cameo.txt", 4)}
		if !reflect.DeepEqual(c, wantCode) {
			t.Errorf("code 043 = %+v, want %+v", c, wantCode)
		}
		if ag := set.Agents[0]; ag.Sector != "GOV" || !reflect.DeepEqual(ag.Words, []string{"president", "presidents", "president-elect"}) {
			t.Errorf("agent 1 = %+v, want GOV president | presidents | president-elect", ag)
		}
		// "\#" is a literal "#", not a comment.
		if title := tal.Roles[2].Title; title != "de facto government #2" {
			t.Errorf("Taliban role 3 title = %q, want %q", title, "de facto government #2")
		}
		if i, ok := set.Patterns[0].Verbal(); !ok || i != 0 || set.Patterns[0].Elems[1].Kind != ElemTarget {
			t.Errorf("pattern {visit} +: Verbal() = %d, %v; elems %+v", i, ok, set.Patterns[0].Elems)
		}
	})
}

type wantProblem struct {
	file string
	line int
	msg  string // a part of the message
}

func (w wantProblem) String() string { return fmt.Sprintf("%s:%d: ...%s...", w.file, w.line, w.msg) }

// checkProblems asserts that err is a Problems holding exactly want, in order.
func checkProblems(t *testing.T, err error, want []wantProblem) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("Load: unexpected error:\n%v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("Load: no error, want %v", want)
	}
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Load: error %T is not a dict.Problems: %v", err, err)
	}
	if len(probs) != len(want) {
		t.Fatalf("Load: %d problem(s), want %d:\n%v\nwant %v", len(probs), len(want), err, want)
	}
	for i, w := range want {
		p := probs[i]
		prefix := fmt.Sprintf("%s:%d: ", w.file, w.line)
		got := p.Error()
		if p.File != w.file || p.Line != w.line || !strings.HasPrefix(got, prefix) || !strings.Contains(got[len(prefix):], w.msg) {
			t.Errorf("problem %d = %q, want %v", i, got, w)
		}
	}
}

func TestLoadProblems(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string // added to a valid cameo.txt
		want  []wantProblem     // empty: no problem
	}{
		{
			name:  "unknown key",
			files: map[string]string{"actors/a.txt": "Iran\n  kind country\n  code IRN\n  colour green\n"},
			want:  []wantProblem{{"actors/a.txt", 4, `unknown key "colour"`}},
		},
		{
			name:  "unknown kind",
			files: map[string]string{"actors/a.txt": "# x\nIran\n  kind nation\n  code IRN\n"},
			// The kind is left empty, which validation reports on the actor's line as well.
			want: []wantProblem{{"actors/a.txt", 3, `unknown kind "nation"`}, {"actors/a.txt", 2, `actor "Iran" has no kind`}},
		},
		{
			name:  "invalid actor code, too short",
			files: map[string]string{"actors/a.txt": "Iran\n  kind country\n  code IR\n"},
			want:  []wantProblem{{"actors/a.txt", 3, `invalid actor code "IR"`}},
		},
		{
			name:  "invalid actor code, lower case",
			files: map[string]string{"actors/a.txt": "Iran\n  kind country\n  code irngov\n"},
			want:  []wantProblem{{"actors/a.txt", 3, `invalid actor code "irngov"`}},
		},
		{
			name:  "invalid actor code, not groups of three",
			files: map[string]string{"actors/a.txt": "Iran\n  kind country\n  code IRNGO\n"},
			want:  []wantProblem{{"actors/a.txt", 3, `invalid actor code "IRNGO"`}},
		},
		{
			name:  "invalid role code",
			files: map[string]string{"actors/a.txt": "Iran\n  kind country\n  code IRN\n  role irngov 2020..\n"},
			want:  []wantProblem{{"actors/a.txt", 4, "role: invalid actor code irngov"}},
		},
		{
			name:  "bad role date, month 13",
			files: map[string]string{"actors/a.txt": "X\n  kind person\n  code AZE\n  role AZEGOV 2021-13-01.. President\n"},
			want:  []wantProblem{{"actors/a.txt", 4, `invalid date "2021-13-01"`}},
		},
		{
			name:  "bad role date, end",
			files: map[string]string{"actors/a.txt": "X\n  kind person\n  code AZE\n  role AZEGOV 2021..21-05 President\n"},
			want:  []wantProblem{{"actors/a.txt", 4, `invalid date "21-05"`}},
		},
		{
			name:  "bad role dates, no range",
			files: map[string]string{"actors/a.txt": "X\n  kind person\n  code AZE\n  role AZEGOV 2021-05-01 President\n"},
			want:  []wantProblem{{"actors/a.txt", 4, "FROM..TO"}},
		},
		{
			name:  "role range ends before it starts",
			files: map[string]string{"actors/a.txt": "X\n  kind person\n  code AZE\n\n  role AZEGOV 2021-08-15..2021-08-01 President\n"},
			want:  []wantProblem{{"actors/a.txt", 5, "the range ends before it starts"}},
		},
		{
			name:  "role range ends the day before it starts",
			files: map[string]string{"actors/a.txt": "X\n  kind person\n  code AZE\n  role AZEGOV 2021-08-15..2021-08-14 President\n"},
			want:  []wantProblem{{"actors/a.txt", 4, "the range ends before it starts"}},
		},
		{
			name:  "role range ends the year before it starts",
			files: map[string]string{"actors/a.txt": "X\n  kind person\n  code AZE\n  role AZEGOV 2021..2020 President\n"},
			want:  []wantProblem{{"actors/a.txt", 4, "the range ends before it starts"}},
		},
		{
			name: "overlapping roles with different codes",
			files: map[string]string{"actors/a.txt": "Taliban\n  kind group\n" +
				"  role AFGGOV 1996-09-27..2001-12\n" +
				"  role AFGREB 2001-11-13..2021-08-14\n"},
			want: []wantProblem{{"actors/a.txt", 4, "role AFGREB overlaps role AFGGOV at actors/a.txt:3"}},
		},
		{
			name: "overlapping open roles with different codes",
			files: map[string]string{"actors/a.txt": "Taliban\n  kind group\n" +
				"  role AFGREB 2001-11-13..\n" +
				"  role AFGGOV 2021-08-15..\n"},
			want: []wantProblem{{"actors/a.txt", 4, "role AFGGOV overlaps role AFGREB at actors/a.txt:3"}},
		},
		{
			name: "adjacent roles and overlapping roles with the same code are fine",
			files: map[string]string{"actors/a.txt": "Taliban\n  kind group\n" +
				"  role AFGGOV 1996-09-27..2001-11-12\n" +
				"  role AFGREB 2001-11-13..2021-08-14\n" +
				"  role AFGGOV 2021-08-15..\n" +
				"Ilham Aliyev\n  kind person\n" +
				"  role AZEGOV 2003-10-31..\n" +
				"  role AZEGOV 2003-08-04..2003-10-31\n"},
		},
		{
			name: "name claimed by two actors with different codes",
			files: map[string]string{
				"actors/a.txt": "Georgia\n  kind country\n  code GEO\nUnited States\n  kind country\n  code USA\n",
				"actors/b.txt": "# US state\nGeorgia State\n  kind org\n  code USA\n  alias Peach State | georgia\n",
			},
			want: []wantProblem{{"actors/b.txt", 5, `name "georgia" is also claimed by "Georgia" at actors/a.txt:1: GEO there, USA here, at every date`}},
		},
		{
			name: "name claimed twice with the same code is fine",
			files: map[string]string{
				"actors/a.txt": "Iran\n  kind country\n  code IRN\n",
				"actors/b.txt": "Persia\n  kind country\n  code IRN\n  alias Iran\n",
			},
		},
		{
			name: "code of an unknown country, and an unknown sector",
			files: map[string]string{
				"actors/a.txt": "Romania\n  kind country\n  code ROM\n",
				"actors/b.txt": "X\n  kind person\n  role ROUGOV 2014..2019 President\n  role ROMXYZ 2020.. Envoy\n" +
					"UN\n  kind igo\n  code IGOUNO\n",
			},
			want: []wantProblem{
				{"actors/b.txt", 3, "code ROUGOV: ROU is not the code of a country in actors/"},
				{"actors/b.txt", 4, "code ROMXYZ: XYZ is not a sector"},
			},
		},
		{
			name: "a surname shared by two people in office one after the other is fine",
			files: map[string]string{"actors/a.txt": "Nawaz Sharif\n  kind person\n  alias Sharif\n  role PAKGOV 2013-06-05..2017-07-28 PM\n" +
				"Shehbaz Sharif\n  kind person\n  alias Sharif\n  role PAKGOV 2022-04-11.. PM\n"},
		},
		{
			name: "a surname claimed by two people with different codes at the same date",
			files: map[string]string{"actors/a.txt": "Nawaz Sharif\n  kind person\n  alias Sharif\n  role PAKGOV 2013-06-05..2017-07-28 PM\n" +
				"Raheel Sharif\n  kind person\n  alias Raheel | Sharif\n  role PAKMIL 2013-11-29..2016-11-29 army chief\n"},
			want: []wantProblem{{"actors/a.txt", 7, `name "Sharif" is also claimed by "Nawaz Sharif" at actors/a.txt:3: PAKGOV there, PAKMIL here, from 2013-11-29 to 2016-11-29`}},
		},
		{
			name:  "pattern word the tokenizer splits",
			files: map[string]string{"verbs/v.txt": "042 {visit} +\n043 {host} summit,talks +\n"},
			want:  []wantProblem{{"verbs/v.txt", 2, `pattern "{host} summit,talks +" can never match: "summit,talks" is read as 3 tokens`}},
		},
		{
			name:  "role noun in two sectors",
			files: map[string]string{"agents.txt": "GOV minister | ministers\n\nMIL general | minister\n"},
			want:  []wantProblem{{"agents.txt", 3, `role noun "minister" is also GOV at agents.txt:1: this line's meaning can never be used`}},
		},
		{
			name:  "unknown sector in agents.txt",
			files: map[string]string{"agents.txt": "GOV president\nXYZ wizard | wizards\n"},
			want:  []wantProblem{{"agents.txt", 2, `unknown sector "XYZ"`}},
		},
		{
			name:  "agent with no words",
			files: map[string]string{"agents.txt": "\n\nGOV\n"},
			want:  []wantProblem{{"agents.txt", 3, "no words"}},
		},
		{
			name:  "unknown modality class",
			files: map[string]string{"modality.txt": "negation not\n# x\nmaybe perhaps | possibly\n"},
			want:  []wantProblem{{"modality.txt", 3, `unknown modality class "maybe"`}},
		},
		{
			name:  "cameo.txt line with spaces instead of tabs",
			files: map[string]string{"cameo.txt": baseCameo + "051  3.4  1  CONSULT  -  -  Praise\n"},
			want:  []wantProblem{{"cameo.txt", 5, "want 7 tab-separated fields"}},
		},
		{
			name:  "cameo.txt line with six fields",
			files: map[string]string{"cameo.txt": baseCameo + "051\t3.4\t1\tCONSULT\t-\tPraise\n"},
			want:  []wantProblem{{"cameo.txt", 5, "got 6"}},
		},
		{
			name:  "cameo.txt goldstein above 10",
			files: map[string]string{"cameo.txt": baseCameo + "051\t10.5\t1\tCONSULT\t-\t-\tPraise\n"},
			want:  []wantProblem{{"cameo.txt", 5, `goldstein "10.5": want a number from -10 to 10`}},
		},
		{
			name:  "cameo.txt goldstein not a number",
			files: map[string]string{"cameo.txt": baseCameo + "051\thigh\t1\tCONSULT\t-\t-\tPraise\n"},
			want:  []wantProblem{{"cameo.txt", 5, `goldstein "high"`}},
		},
		{
			name:  "cameo.txt wrong quad",
			files: map[string]string{"cameo.txt": baseCameo + "190\t-10.0\t3\tASSAULT\t-\t-\tUse conventional military force\n"},
			want:  []wantProblem{{"cameo.txt", 5, `quad "3": code 190 is in QuadClass 4`}},
		},
		{
			name:  "cameo.txt invalid code",
			files: map[string]string{"cameo.txt": baseCameo + "210\t1.0\t4\tASSAULT\t-\t-\tNo such root\n"},
			want:  []wantProblem{{"cameo.txt", 5, `invalid CAMEO event code "210"`}},
		},
		{
			name:  "cameo.txt code defined twice",
			files: map[string]string{"cameo.txt": baseCameo + "042\t1.9\t1\tCONSULT\tvisit\t-\tMake a visit\n"},
			want:  []wantProblem{{"cameo.txt", 5, "code 042 already defined at cameo.txt:3"}},
		},
		{
			name:  "pattern with a code absent from cameo.txt",
			files: map[string]string{"verbs/v.txt": "042 {visit} +\n051 {praise} +\n"},
			want:  []wantProblem{{"verbs/v.txt", 2, "code 051 is not in cameo.txt"}},
		},
		{
			name:  "pattern with two verbs",
			files: map[string]string{"verbs/v.txt": "# x\n042 {visit} {meet/met} +\n"},
			want:  []wantProblem{{"verbs/v.txt", 2, "one {verb} at most"}},
		},
		{
			name:  "pattern with an unclosed brace",
			files: map[string]string{"verbs/v.txt": "042 {visit +\n"},
			want:  []wantProblem{{"verbs/v.txt", 1, "unbalanced braces in {visit"}},
		},
		{
			name:  "pattern with an unopened brace",
			files: map[string]string{"verbs/v.txt": "042 {visit} +\n043 host} +\n"},
			want:  []wantProblem{{"verbs/v.txt", 2, "unbalanced braces in host}"}},
		},
		{
			name:  "pattern starting with _",
			files: map[string]string{"verbs/v.txt": "042 _ {visit} +\n"},
			want:  []wantProblem{{"verbs/v.txt", 1, "may not start with _"}},
		},
		{
			name:  "pattern ending with _",
			files: map[string]string{"verbs/v.txt": "042 {visit} + _\n"},
			want:  []wantProblem{{"verbs/v.txt", 1, "may not end with _"}},
		},
		{
			name:  "pattern with no word",
			files: map[string]string{"verbs/v.txt": "042 $ +\n"},
			want:  []wantProblem{{"verbs/v.txt", 1, "no word to match"}},
		},
		{
			name:  "same pattern under two codes",
			files: map[string]string{"verbs/v.txt": "042 {visit} +\n\n043 {visit} +\n"},
			want:  []wantProblem{{"verbs/v.txt", 3, `pattern "{visit} +" is also at verbs/v.txt:1 with code 042: the later line can never match`}},
		},
		{
			name: "same pattern under two codes, in two files and cases",
			files: map[string]string{
				"verbs/b.txt": "043   {Visit}   +\n",
				"verbs/a.txt": "040 talks\n042 {visit} +\n",
			},
			want: []wantProblem{{"verbs/b.txt", 1, "is also at verbs/a.txt:2 with code 042: the later line can never match"}},
		},
		{
			name:  "same pattern twice under one code",
			files: map[string]string{"verbs/v.txt": "042 {visit} +\n042 {visit} +\n"},
			want:  []wantProblem{{"verbs/v.txt", 2, `pattern "{visit} +" repeats verbs/v.txt:1`}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"cameo.txt": baseCameo}
			for k, v := range c.files {
				files[k] = v
			}
			_, err := Load(mapFS(files))
			checkProblems(t, err, c.want)
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	files := map[string]string{
		"cameo.txt":    baseCameo + "190\t-10.0\t3\tASSAULT\t-\t-\tUse conventional military force\n",
		"agents.txt":   "GOV president\nXYZ wizard\n",
		"modality.txt": "maybe perhaps\n",
		// actors/b.txt sorts after actors/a.txt whatever the map order.
		"actors/b.txt": "Afghanistan\n  kind country\n  code AFG\n  colour green\n",
		"actors/a.txt": "Taliban\n  kind group\n  role AFGREB 2001-11-13..\n  role AFGGOV 2021-08-15..\n",
		"verbs/v.txt":  "042 {visit} {meet} +\n190 {attack} +\n",
	}
	_, err := Load(mapFS(files))
	// Problems of each file come in the order cameo, agents, modality, actors/*, verbs/*; the
	// problems that span entries come last.
	want := []wantProblem{
		{"cameo.txt", 5, "QuadClass 4"},
		{"agents.txt", 2, `unknown sector "XYZ"`},
		{"modality.txt", 1, `unknown modality class "maybe"`},
		{"actors/b.txt", 4, `unknown key "colour"`},
		{"verbs/v.txt", 1, "one {verb} at most"},
		{"verbs/v.txt", 2, "code 190 is not in cameo.txt"},
		{"actors/a.txt", 4, "role AFGGOV overlaps role AFGREB at actors/a.txt:3"},
	}
	checkProblems(t, err, want)
	if err != nil {
		if lines := strings.Split(err.Error(), "\n"); len(lines) != len(want) || lines[1] != `agents.txt:2: unknown sector "XYZ" (see docs/dictionaries.md)` {
			t.Errorf("Error() = %q, want one problem per line", err.Error())
		}
	}
}

func TestLoadDeterministic(t *testing.T) {
	files := cleanFiles()
	// Many small files, read in parallel.
	for i := 0; i < 24; i++ {
		files[fmt.Sprintf("actors/p%02d.txt", i)] = fmt.Sprintf("Person %d\n  kind person\n  alias P%d | Mr P%d\n  role AZEGOV 20%02d..\n", i, i, i, i)
		files[fmt.Sprintf("verbs/v%02d.txt", i)] = fmt.Sprintf("042 {visit} word%d +\n043 {host} word%d +\n", i, i)
	}
	fsys := mapFS(files)
	first, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for i := 0; i < 10; i++ {
		again, err := Load(fsys)
		if err != nil {
			t.Fatalf("Load %d: %v", i, err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("Load %d gave another set than the first load", i)
		}
	}
	if got := first.Actors[len(first.Actors)-1].Name; got != "Person 23" {
		t.Errorf("last actor = %q, want Person 23 (actor files in name order)", got)
	}
	if got := first.Patterns[len(first.Patterns)-1].Src; got != src("verbs/v23.txt", 2) {
		t.Errorf("last pattern at %v, want verbs/v23.txt:2 (verb files in name order)", got)
	}

	// Problems too come in the same order every time.
	files["agents.txt"] = "XYZ wizard\n"
	files["actors/p05.txt"] = "Person 5\n  kind persona\n  role AZEGOV 2005..\n"
	files["verbs/v07.txt"] = "042 _ {visit} +\n"
	fsys = mapFS(files)
	_, err1 := Load(fsys)
	for i := 0; i < 10; i++ {
		if _, err2 := Load(fsys); !reflect.DeepEqual(err1, err2) {
			t.Fatalf("Load %d reported\n%v\nthe first load reported\n%v", i, err2, err1)
		}
	}
}

func TestInflect(t *testing.T) {
	f := func(w string) VerbForm { return VerbForm{Word: w} }
	p := func(w string) VerbForm { return VerbForm{Word: w, Participle: true} }
	cases := []struct {
		lemma string
		extra []string
		want  []VerbForm
		exact bool // false: want must be among the forms, others may be there too
	}{
		{"visit", nil, []VerbForm{f("visit"), f("visits"), p("visited"), f("visiting")}, true},
		{"agree", nil, []VerbForm{f("agree"), f("agrees"), p("agreed"), f("agreeing")}, true},
		{"deny", nil, []VerbForm{f("deny"), f("denies"), p("denied"), f("denying")}, true},
		{"host", nil, []VerbForm{f("host"), f("hosts"), p("hosted"), f("hosting")}, true},
		{"praise", nil, []VerbForm{f("praise"), f("praises"), p("praised"), f("praising")}, true},
		{"stay", nil, []VerbForm{f("stay"), f("stays"), p("stayed"), f("staying")}, true},
		{"reach", nil, []VerbForm{f("reach"), f("reaches"), p("reached"), f("reaching")}, true},
		{"discuss", nil, []VerbForm{f("discuss"), f("discusses"), p("discussed"), f("discussing")}, true},
		{"veto", nil, []VerbForm{f("veto"), f("vetoes"), p("vetoed"), f("vetoing")}, true},
		{"tie", nil, []VerbForm{f("tie"), f("ties"), p("tied"), f("tying")}, true},
		{"meet", []string{"met"}, []VerbForm{f("meet"), f("meets"), p("met"), f("meeting")}, false},
		{"pay", []string{"paid"}, []VerbForm{f("pay"), f("pays"), p("paid"), f("paying")}, false},
		{"ship", []string{"shipped", "shipping"}, []VerbForm{f("ship"), f("ships"), p("shipped"), f("shipping")}, false},
		{"travel", []string{"travelled", "travelling"}, []VerbForm{f("travel"), f("travels"), p("travelled"), p("traveled"), f("travelling")}, false},
	}
	for _, c := range cases {
		name := c.lemma
		if len(c.extra) > 0 {
			name += "/" + strings.Join(c.extra, "/")
		}
		t.Run(name, func(t *testing.T) {
			got := Inflect(c.lemma, c.extra)
			if c.exact {
				if !reflect.DeepEqual(got, c.want) {
					t.Errorf("Inflect(%q) = %+v, want %+v", c.lemma, got, c.want)
				}
				return
			}
			if len(got) == 0 || got[0] != f(c.lemma) {
				t.Errorf("Inflect(%q, %q) = %+v, want the lemma first", c.lemma, c.extra, got)
			}
			seen := map[string]int{}
			for _, g := range got {
				seen[g.Word]++
				if seen[g.Word] > 1 {
					t.Errorf("Inflect(%q, %q): %q given twice", c.lemma, c.extra, g.Word)
				}
			}
			for _, w := range c.want {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("Inflect(%q, %q) = %+v, lacks %+v", c.lemma, c.extra, got, w)
				}
			}
			// An -ing form given in the extras replaces the regular one.
			for _, g := range got {
				if strings.HasSuffix(g.Word, "ing") && len(c.extra) > 0 && strings.HasSuffix(c.extra[len(c.extra)-1], "ing") && g.Word != c.extra[len(c.extra)-1] {
					t.Errorf("Inflect(%q, %q) adds the -ing form %q", c.lemma, c.extra, g.Word)
				}
			}
		})
	}
}

func TestPatternVerbForms(t *testing.T) {
	set, err := Load(mapFS(map[string]string{"verbs/v.txt": "042 {Meet/Met} with? +\n"}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	e := set.Patterns[0].Elems
	if len(e) != 3 || e[0].Kind != ElemVerb || e[0].Lemma != "meet" || e[1].Kind != ElemWord || !e[1].Optional || e[2].Kind != ElemTarget {
		t.Fatalf("elems = %+v, want verb meet, optional word, target", e)
	}
	if !reflect.DeepEqual(e[0].Forms, Inflect("meet", []string{"met"})) {
		t.Errorf("forms = %+v, want Inflect(meet, [met])", e[0].Forms)
	}
	if got := set.Patterns[0].Words(); got != 1 {
		t.Errorf("Words() = %d, want 1 (the optional word does not count)", got)
	}
}

func TestRoleActive(t *testing.T) {
	cases := []struct {
		role string
		day  string
		want bool
	}{
		{"AFGGOV 2021-08-15..", "2021-08-15", true},
		{"AFGGOV 2021-08-15..", "2021-08-14", false},
		{"AFGGOV 2021-08-15..", "2099-01-01", true},
		{"AFGREB ..2021-08", "2021-08-31", true},
		{"AFGREB ..2021-08", "2021-09-01", false},
		{"AFGREB ..2021-08", "1900-01-01", true},
		{"AFGREB 2001-11-13..2021-08-14", "2001-11-12", false},
		{"AFGREB 2001-11-13..2021-08-14", "2001-11-13", true},
		{"AFGREB 2001-11-13..2021-08-14", "2021-08-14", true},
		{"AFGREB 2001-11-13..2021-08-14", "2021-08-15", false},
		{"AZEGOV 2003..2003", "2003-01-01", true},
		{"AZEGOV 2003..2003", "2003-12-31", true},
		{"AZEGOV 2003..2003", "2004-01-01", false},
		{"AZEGOV 2003..2003", "2002-12-31", false},
		{"AZEGOV 2024-02..2024-02", "2024-02-29", true},
		{"AZEGOV 2024-02..2024-02", "2024-03-01", false},
		{"AZEGOV ~2021-09..", "2021-09-01", true},
		{"AZEGOV ~2021-09..", "2021-08-31", false},
		{"AZEGOV ..", "1066-10-14", true},
	}
	for _, c := range cases {
		t.Run(c.role+" on "+c.day, func(t *testing.T) {
			r, msg := parseRole(c.role)
			if msg != "" {
				t.Fatalf("parseRole(%q): %s", c.role, msg)
			}
			d, err := model.ParseDate(c.day)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Active(d); got != c.want {
				t.Errorf("Role{%s}.Active(%s) = %v, want %v", c.role, c.day, got, c.want)
			}
		})
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	set, err := Load(mapFS(cleanFiles()))
	if err != nil {
		t.Fatal(err)
	}
	bin, err := set.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalBinary(string(bin))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, set) {
		t.Errorf("round trip:\n%+v\nwant\n%+v", got, set)
	}
	// Every cut of the data is an error, never a panic or a partial set.
	for n := 0; n < len(bin); n++ {
		if s, err := UnmarshalBinary(string(bin[:n])); err == nil || s != nil {
			t.Fatalf("UnmarshalBinary of %d of %d bytes: %v, %v; want an error", n, len(bin), s, err)
		}
	}
}

func FuzzUnmarshalBinary(f *testing.F) {
	set, err := Load(mapFS(cleanFiles()))
	if err != nil {
		f.Fatal(err)
	}
	bin, _ := set.MarshalBinary()
	f.Add(string(bin))
	f.Add("dyad-dict\x01")
	f.Fuzz(func(t *testing.T, data string) {
		UnmarshalBinary(data) // must not panic
	})
}
