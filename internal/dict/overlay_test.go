package dict

import (
	"strings"
	"testing"
)

func TestOverlay(t *testing.T) {
	base, err := Load(mapFS(cleanFiles()))
	if err != nil {
		t.Fatal(err)
	}
	user, err := LoadTrusted(mapFS(map[string]string{
		"cameo.txt":  "042\t2.5\t1\tCONSULT\tvisit\t-\tMake a visit (our score)\n",
		"agents.txt": "MIL president\nSPY spymaster\n",
		"actors/mine.txt": "Taliban\n  kind group\n  code AFGREB\n" +
			"Baku Office\n  kind org\n  code AZEGOV\n  alias Baku\n",
		"verbs/mine.txt": "043 {visit} +\n040 {confer} with +\n",
		"modality.txt":   "negation nowise\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	set := Overlay(base, user)
	if probs := set.Check(); len(probs) > 0 {
		t.Fatalf("overlay is not clean:\n%v", probs)
	}
	codes := map[string]Code{}
	for _, c := range set.Codes {
		codes[c.Code] = c
	}
	if len(set.Codes) != 3 || codes["042"].Goldstein != 2.5 || codes["043"].Goldstein != 2.8 {
		t.Errorf("codes = %+v, want 3 with 042 replaced", set.Codes)
	}
	if tal := set.Actor("Taliban"); tal == nil || tal.Code != "AFGREB" || len(tal.Roles) != 0 {
		t.Errorf("Taliban = %+v, want the user's block in place of the shipped one", tal)
	}
	if n := 0; true {
		for _, a := range set.Actors {
			if a.Name == "Taliban" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d Taliban blocks, want 1", n)
		}
	}
	if aze := set.Actor("Azerbaijan"); len(aze.Capitals) != 0 || len(aze.Aliases) != 2 {
		t.Errorf("Azerbaijan = %+v, want its capital taken by the user's Baku Office and its names kept", aze)
	}
	if set.Actors[0].Name != "Taliban" || set.Actors[1].Name != "Baku Office" {
		t.Errorf("user actors must come first, got %s, %s", set.Actors[0].Name, set.Actors[1].Name)
	}
	var gov []string
	for _, ag := range set.Agents {
		if ag.Sector == "GOV" {
			gov = ag.Words
		}
	}
	if strings.Join(gov, ",") != "presidents,president-elect" || set.Agents[0].Sector != "MIL" {
		t.Errorf("agents = %+v, want president taken from GOV by the user's MIL line", set.Agents)
	}
	var pats []string
	for _, p := range set.Patterns {
		pats = append(pats, p.Code+" "+p.Text)
	}
	if got := strings.Join(pats, "|"); got != "043 {visit} +|040 {confer} with +|043 {host} +|040 {hold/held} talks with +" {
		t.Errorf("patterns = %s", got)
	}
	if len(set.Modals) != 3 || set.Modals[2].Phrases[0] != "nowise" {
		t.Errorf("modals = %+v, want the user's line added", set.Modals)
	}
	// Neither input changed.
	if len(base.Codes) != 3 || base.Actor("Azerbaijan").Capitals[0].Text != "Baku" || len(base.Patterns) != 3 {
		t.Error("Overlay changed the base set")
	}
}
