package petrarch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dyad-events/dyad/internal/coding"
	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/dictdata"
	"github.com/dyad-events/dyad/internal/model"
)

func shipped(t *testing.T) *dict.Set {
	t.Helper()
	set, err := dict.LoadTrusted(dictdata.FS)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// Fixtures written in the PETRARCH formats for these tests.
const (
	actorsFile = `# actors
FREEDONIA_ [AZE]
+FREEDONIAN_GOVT_
	[AZEGOV]

RUFUS_T._FIREFLY_  # a leader
+FIREFLY_
	[AZEOPP 990101-030804]
	[AZEGOV 030804-101231]
	[AZEELI]
TRENTINO_(TRT)_ [XXXREB]
CHICOLINI_ [AZEGOV 2003017-20061201]
PINKY_ [---]
`
	agentsFile = `!PERSON! = MAN, WOMAN
HARBOUR_MASTER [~GOV]
FISHER!PERSON! [~AGR]
CLERIC {CLERICS CLERGY} [~MUSREB]
WIZARD [~XYZ]
`
	verbsFile = `# verbs
&WEAPON
+GUN
+RIFLE
+50-CALIBER
+ANTI_TANK_MISSILE

---  SMUGGLE   [---]  ---
SMUGGLE
TRAFFIC {TRAFFICS TRAFFICKED TRAFFICKING}
- * &WEAPON (TO {REBEL GROUPS})                 [1712]  # note
- * (INTO) +                                     [0874]
- * BACK                                          [---]
- * AGAIN                                         [:173]

---  PRAISE   [051]  ---
PRAISE
LAUD [052]
~ a (_ b ATTACK) WANT = a b 138
`
)

func convert(t *testing.T, inputs ...Input) *Result {
	t.Helper()
	return Convert(inputs, shipped(t))
}

func TestConvertActors(t *testing.T) {
	res := convert(t, Input{"x.actors", []byte(actorsFile)})
	got := string(res.Files["actors/petrarch-x.txt"])
	for _, want := range []string{
		"Rufus T. Firefly\n  kind     person\n  code     AZEELI\n  alias    Firefly\n  role     AZEOPP  1999-01-01..2003-08-03\n  role     AZEGOV  2003-08-04..2010-12-31\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("converted actors lack\n%s\ngot:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Trentino") || strings.Contains(got, "Chicolini") || strings.Contains(got, "Pinky") {
		t.Errorf("entries with no usable code were written:\n%s", got)
	}
	wantProbs := []string{
		"x.actors:4: second undated code AZEGOV (the first, AZE, is kept): not converted",
		"x.actors:11: code XXXREB: XXX is not a country dyad knows: not converted",
		"x.actors:11: entry \"TRENTINO_(TRT)_\" has no code dyad can use: not converted",
		"x.actors:12: date restriction \"2003017-20061201\": \"2003017\" is not YYMMDD or YYYYMMDD: not converted",
		"x.actors:12: entry \"CHICOLINI_\" has no code dyad can use: not converted",
		"x.actors:13: entry \"PINKY_\" has no code dyad can use: not converted",
	}
	checkProbs(t, res, wantProbs)
	// Freedonia claims the code of a country; it is written as a country.
	if !strings.Contains(got, "Freedonia\n  kind     country\n  code     AZE\n") {
		t.Errorf("country entry not written as a country:\n%s", got)
	}
}

func checkProbs(t *testing.T, res *Result, want []string) {
	t.Helper()
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestConvertAgentsAndVerbs(t *testing.T) {
	res := convert(t, Input{"a.txt", []byte(agentsFile)}, Input{"v.txt", []byte(verbsFile)})
	agents := string(res.Files["agents.txt"])
	for _, want := range []string{
		"GOV   harbour master | harbour masters\n",
		"AGR   fisherman | fishermen | fisherwoman | fisherwomen\n",
		"REL   cleric | clerics | clergy\n",
	} {
		if !strings.Contains(agents, want) {
			t.Errorf("agents lack %q:\n%s", want, agents)
		}
	}
	verbs := string(res.Files["verbs/petrarch-v.txt"])
	for _, want := range []string{
		"1712   {smuggle} _ gun|rifle _ to _ rebel groups _ +\n",
		"1712   {traffic/traffics/trafficked/trafficking} _ gun|rifle _ to _ rebel groups _ +\n",
		"0874   {smuggle} _ into _ +\n",
		"051   {praise} +\n",
		"052   {laud} +\n",
	} {
		if !strings.Contains(verbs, want) {
			t.Errorf("verbs lack %q:\n%s", want, verbs)
		}
	}
	checkProbs(t, res, []string{
		"a.txt:5: XYZ is not a sector dyad knows: not converted",
		"v.txt:13: pattern with no code ([---]): dyad has no patterns that stop coding: not converted",
		"v.txt:14: code :173: not a CAMEO code dyad knows: not converted",
		"v.txt:19: transformation rule: dyad has none (its coder handles such frames itself): not converted",
	})
}

// TestConvertedSetCodes writes a conversion out and codes a sentence with it over the shipped set.
func TestConvertedSetCodes(t *testing.T) {
	res := convert(t, Input{"x.actors", []byte(actorsFile)}, Input{"v.txt", []byte(verbsFile)})
	c := coderOver(t, res)
	d := model.Document{ID: "t", Text: "Rufus T. Firefly lauded Iran on Monday.", Date: model.Date{Year: 2005, Month: 3, Day: 9, Prec: model.PrecDay}}
	evs := c.Code(d)
	if len(evs) != 1 || evs[0].Source.Code != "AZEGOV" || evs[0].Target.Code != "IRN" || evs[0].Cameo != "052" {
		t.Errorf("events = %+v, want AZEGOV IRN 052", evs)
	}
}

// TestConvertPhoenix converts the Phoenix dictionaries and PETRARCH's verb file from ../shared,
// when they are there.
func TestConvertPhoenix(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "petrarch", "*.txt"))
	if len(files) == 0 {
		t.Skip("../shared/petrarch not found: skipping the conversion of the Phoenix dictionaries")
	}
	var inputs []Input
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, Input{filepath.Base(f), b})
	}
	res := convert(t, inputs...)
	k := res.Counts
	if k.Actors < 20000 || k.Roles < 20000 || k.Agents < 3000 || k.Patterns < 20000 {
		t.Errorf("converted too little: %+v", k)
	}
	// Everything that was not converted is reported against its input line.
	for _, p := range res.Problems {
		if p.Line < 1 || !strings.HasSuffix(p.File, ".txt") {
			t.Fatalf("problem without its input file:line: %v", p)
		}
	}
	if len(res.Problems) > len(inputs)*2000 {
		t.Errorf("%d problems: more than expected", len(res.Problems))
	}
	c := coderOver(t, res)
	d := model.Document{ID: "t", Text: "Russian troops shelled Kharkiv on Monday. President Barack Obama met Hamid Karzai in Washington on Tuesday.",
		Date: model.Date{Year: 2012, Month: 5, Day: 2, Prec: model.PrecDay}}
	var got []string
	for _, e := range c.Code(d) {
		got = append(got, e.Source.Code+" "+e.Target.Code+" "+e.Cameo)
	}
	if len(got) < 2 {
		t.Errorf("the imported set coded %v, want two events", got)
	}
}

// coderOver loads a conversion over the shipped set, checks it is clean and builds a coder.
func coderOver(t *testing.T, res *Result) *coding.Coder {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, b := range res.Files {
		fsys[n] = &fstest.MapFile{Data: b}
	}
	user, err := dict.LoadTrusted(fsys)
	if err != nil {
		t.Fatal(err)
	}
	set := dict.Overlay(shipped(t), user)
	if probs := set.Check(); len(probs) > 0 {
		t.Fatalf("converted set is not clean: %d problems, first %v", len(probs), probs[0])
	}
	c, err := coding.New(set)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
