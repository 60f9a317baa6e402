package coding

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dyad-events/dyad/internal/dict"
	"github.com/dyad-events/dyad/internal/model"
)

const fixtureActors = `
Iran
  kind     country
  code     IRN
  alias    Islamic Republic of Iran | the Islamic Republic
  demonym  Iranian | Iranians
  capital  Tehran
Azerbaijan
  kind     country
  code     AZE
  demonym  Azerbaijani | Azeri
  capital  Baku
Afghanistan
  kind     country
  code     AFG
  demonym  Afghan
  capital  Kabul
Israel
  kind     country
  code     ISR
  demonym  Israeli
  capital  Jerusalem
  seat     Tel Aviv
Russia
  kind     country
  code     RUS
  capital  Moscow
  seat     the Kremlin
Ukraine
  kind     country
  code     UKR
  capital  Kyiv
Ilham Aliyev
  kind     person
  alias    Aliyev
  role     AZEGOV  2003-10-31..  President
Aziz Nasirzadeh
  kind     person
  alias    Nasirzadeh | Nasirzada
  role     IRNMIL  2024-08-21..  Minister of Defence
Zakir Hasanov
  kind     person
  alias    Hasanov
  role     AZEMIL  2013-10-22..  Minister of Defence
Abbas Araghchi
  kind     person
  alias    Araghchi | Araqchi
  role     IRNGOV  2024-08-21..  Foreign Minister
Jeyhun Bayramov
  kind     person
  alias    Bayramov
  role     AZEGOV  2020-07-16..  Foreign Minister
Masoud Pezeshkian
  kind     person
  alias    Pezeshkian
  role     IRNGOV  2024-07-28..  President
Taliban
  kind     group
  role     AFGREB  2001-11-13..2021-08-14  insurgency
  role     AFGGOV  2021-08-15..            government
`

const fixtureAgents = `
GOV  president | presidents
GOV  foreign minister | minister of foreign affairs
GOV  officials
MIL  defence minister | defense minister | minister of defence | minister of defense
MIL  brigadier general | general | colonel general | commander | commanders
MED  news agency
`

const fixtureVerbs = `
040   {meet/met} with +
040   {hold/held} talks with +
041   phone conversation with +
042   {visit} +
042   {travel/travelled/traveled/travelling/traveling} to +
042   visit|visits to +
043   {host} +
043   reception for +
0312  not {allow} _ _ against +
0312  never {permit} _ _ against +
051   {praise} +
111   {condemn} +
190   {attack} +
`

func fixture(t testing.TB) *Coder {
	t.Helper()
	cameo, err := os.ReadFile("../dictdata/cameo.txt")
	if err != nil {
		t.Fatal(err)
	}
	modality, err := os.ReadFile("../dictdata/modality.txt")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"cameo.txt":       {Data: cameo},
		"modality.txt":    {Data: modality},
		"agents.txt":      {Data: []byte(fixtureAgents)},
		"actors/test.txt": {Data: []byte(fixtureActors)},
		"verbs/test.txt":  {Data: []byte(fixtureVerbs)},
	}
	set, err := dict.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(set)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// brief is the part of an event a test compares.
func brief(e model.Event) string {
	s := e.Source.Code + " " + e.Target.Code + " " + e.Cameo + " " + string(e.Mode) + " " + e.Date
	if e.Speaker != nil {
		s += " said-by:" + e.Speaker.Code
	}
	return s
}

func TestCode(t *testing.T) {
	c := fixture(t)
	cases := []struct {
		name, date, text string
		want             []string
	}{
		{"host with apposition and title", "2026-02-07",
			"Azerbaijani President Ilham Aliyev hosted Iran's defence minister, Brigadier General Aziz Nasirzadeh, on Friday.",
			[]string{"AZEGOV IRNMIL 043 asserted 2026-02-06"}},
		{"passive", "2026-02-07", "Iran was attacked by Israel on Monday.",
			[]string{"ISR IRN 190 asserted 2026-02-02"}},
		{"compound subject of a symmetric act", "2026-02-07", "Iran and Azerbaijan held talks with Russia.",
			[]string{"IRN RUS 040 asserted 2026-02-07", "AZE RUS 040 asserted 2026-02-07"}},
		{"negated prohibition in a quote", "2026-02-07",
			"“Azerbaijan will not allow any threat from its territory against Iran,” Aliyev declared.",
			[]string{"AZEGOV IRN 0312 intended 2026-02-07 said-by:AZEGOV"}},
		{"negation", "2024-03-01", "Russia did not attack Ukraine.", []string{"RUS UKR 190 negated 2024-03-01"}},
		{"hypothetical", "2024-03-01", "Russia could attack Ukraine.", []string{"RUS UKR 190 hypothetical 2024-03-01"}},
		{"intended", "2024-03-01", "Russia plans to attack Ukraine.", []string{"RUS UKR 190 intended 2024-03-01"}},
		{"reported", "2024-03-01", "Russia reportedly attacked Ukraine.", []string{"RUS UKR 190 reported 2024-03-01"}},
		{"denied", "2024-03-01", "Russia denied attacking Ukraine.", []string{"RUS UKR 190 denied 2024-03-01"}},
		{"vow turns an attack into a threat", "2024-03-01", "Iran vowed to attack Israel.", []string{"IRN ISR 138 intended 2024-03-01"}},
		{"refusal to meet", "2024-03-01", "Iran refused to meet with Azerbaijan.", []string{"IRN AZE 125 asserted 2024-03-01"}},
		{"pronoun", "2026-02-07", "Araghchi traveled to Baku in January. He met with Bayramov on Monday.",
			[]string{"IRNGOV AZEGOV 042 asserted 2026-01", "IRNGOV AZEGOV 040 asserted 2026-02-02"}},
		{"two months", "2026-02-07", "Pezeshkian made two visits to Azerbaijan in April and November 2025.",
			[]string{"IRNGOV AZE 042 asserted 2025-04", "IRNGOV AZE 042 asserted 2025-11"}},
		{"actor typed by context", "2024-07-05",
			"The Iranian news agency IRAF condemned Azerbaijan. IRAF also condemned the Taliban.",
			[]string{"IRNMED AZE 111 asserted 2024-07-05", "IRNMED AFGGOV 111 asserted 2024-07-05"}},
		{"Taliban before 2021", "2019-05-01", "The Taliban attacked Kabul.", []string{"AFGREB AFGGOV 190 asserted 2019-05-01"}},
		{"one fact told twice", "2024-03-01", "Iran condemned Israel. Tehran condemned Israel.",
			[]string{"IRN ISR 111 asserted 2024-03-01", "IRNGOV ISR 111 asserted 2024-03-01"}},
		{"the two nations", "2026-02-07", "Iran praised Azerbaijan. The two nations held talks with Russia.",
			[]string{"IRN AZE 051 asserted 2026-02-07", "IRN RUS 040 asserted 2026-02-07", "AZE RUS 040 asserted 2026-02-07"}},
		{"counterpart by apposition", "2026-02-07",
			"Nasirzadeh held talks with his Azeri counterpart, Colonel General Zakir Hasanov.",
			[]string{"IRNMIL AZEMIL 040 asserted 2026-02-07"}},
		{"no event", "2026-02-07", "Iran and Azerbaijan share a long border.", nil},
		{"list cut at the end of the text", "2024-03-01", "Iran attacked Israel, Russia,", []string{"IRN ISR 190 asserted 2024-03-01"}},
		{"list cut before a space and comma", "2024-03-01", "Russia attacked Ukraine, Iran ,", []string{"RUS UKR 190 asserted 2024-03-01"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := model.ParseDate(tc.date)
			evs := c.Code(model.Document{ID: "t", Text: tc.text, Date: d})
			var got []string
			for _, e := range evs {
				got = append(got, brief(e))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s\n got  %q\n want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestOneFactOneEvent(t *testing.T) {
	c := fixture(t)
	d, _ := model.ParseDate("2024-03-01")
	evs := c.Code(model.Document{Text: "Iran condemned Israel. Iran again condemned Israel. Iran condemned Israel.", Date: d})
	if len(evs) != 1 {
		t.Fatalf("got %d events, want 1: %v", len(evs), evs)
	}
	if n := len(evs[0].Mentions); n != 3 {
		t.Errorf("got %d mentions, want 3", n)
	}
}

func TestExplain(t *testing.T) {
	c := fixture(t)
	d, _ := model.ParseDate("2026-02-07")
	evs := c.Code(model.Document{Text: "Azerbaijani President Ilham Aliyev hosted Nasirzadeh on Friday.", Date: d})
	if len(evs) != 1 {
		t.Fatalf("got %d events", len(evs))
	}
	x := evs[0].Explain
	if x == nil || !strings.HasPrefix(evs[0].Rule, "verbs/test.txt:") {
		t.Fatalf("rule %q, explain %+v", evs[0].Rule, x)
	}
	joined := strings.Join(x.Entries, "\n")
	for _, want := range []string{"actors/test.txt:", "agents.txt:", "role AZEGOV", "role IRNMIL"} {
		if !strings.Contains(joined, want) {
			t.Errorf("explanation lacks %q:\n%s", want, joined)
		}
	}
	if x.Mode == "" || x.Date == "" {
		t.Errorf("explanation lacks mode or date reason: %+v", x)
	}
}

func TestDeterministic(t *testing.T) {
	c := fixture(t)
	doc := model.Document{Text: "Iran and Azerbaijan held talks with Russia. Russia could attack Ukraine. The Taliban attacked Kabul.", Date: model.Date{Year: 2024, Month: 1, Day: 1, Prec: model.PrecDay}}
	a, b := c.Code(doc), c.Code(doc)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("coding the same document twice gave different events")
	}
}

func FuzzCode(f *testing.F) {
	c := fixture(f)
	for _, s := range []string{"", "Iran attacked", "“Iran", "Iran and and Azerbaijan held talks with", "'s 's", "the two nations met with", "Iran attacked Israel, Russia,", "Russia met with Iran, Israel ,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range c.Code(model.Document{Text: s, Date: model.Date{Year: 2024, Month: 1, Day: 1, Prec: model.PrecDay}}) {
			if e.Evidence.Start < 0 || e.Evidence.End > len(s) || e.Evidence.Start > e.Evidence.End {
				t.Fatalf("evidence out of range: %+v", e.Evidence)
			}
		}
	})
}
