package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/model"
)

func TestDictCheckShippedIsClean(t *testing.T) {
	code, out, errs := run(t, "", "dict", "check")
	if code != 0 || !strings.Contains(out, "dictionaries are clean") {
		t.Fatalf("dict check on the shipped set: exit %d\n%s%s", code, out, errs)
	}
}

// TestDictCheckBroken runs the check on a set with one problem of each kind and wants each of
// them, as file:line: message, and nothing else.
func TestDictCheckBroken(t *testing.T) {
	dir := filepath.Join("testdata", "dict-broken")
	want := []string{
		"cameo.txt:3: goldstein \"12\"",
		"agents.txt:3: unknown sector \"XYZ\"",
		"actors/people.txt:4: role: the range ends before it starts",
		"actors/people.txt:27: role: invalid date \"2021-13-01\"",
		"verbs/v.txt:5: a pattern may not start with _",
		"cameo.txt:4: code 042 already defined at ",
		"verbs/v.txt:2: code 051 is not in cameo.txt",
		"verbs/v.txt:3: code 017 is not in cameo.txt",
		"verbs/v.txt:4: code 043 is not in cameo.txt",
		"verbs/v.txt:3: pattern \"{observe} _ minute's silence for +\" can never match: \"minute's\" is read as 2 tokens",
		"verbs/v.txt:4: pattern \"{visit} +\" is also at ",
		"agents.txt:2: role noun \"minister\" is also GOV at ",
		"actors/people.txt:2: actor \"Inverted Range\" has neither a code nor a role",
		"actors/people.txt:9: role IRNMIL overlaps role IRNGOV at ",
		"actors/people.txt:13: code ROUGOV: ROU is not the code of a country in actors/",
		"actors/people.txt:25: actor \"Bad Date\" has neither a code nor a role",
		"actors/people.txt:22: name \"Roe\" is also claimed by \"Jane Roe\" at ",
	}
	code, out, errs := run(t, "", "dict", "check", "--dict-dir", dir, "--dict-replace")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and nothing", code, out)
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(lines) != len(want)+1 || !strings.Contains(lines[0], "17 problem(s)") {
		t.Fatalf("got %d lines, want a header and %d problems:\n%s", len(lines), len(want), errs)
	}
	for i, w := range want {
		prefix := filepath.Join(dir, filepath.FromSlash(w[:strings.Index(w, ":")])) + w[strings.Index(w, ":"):]
		if !strings.HasPrefix(lines[i+1], prefix) {
			t.Errorf("problem %d = %q, want it to start with %q", i+1, lines[i+1], prefix)
		}
	}
	// The same set over the shipped one: the codes it lacks come from the shipped cameo.txt.
	code, _, errs = run(t, "", "dict", "check", "--dict-dir", dir)
	if code != 1 || !strings.Contains(errs, "14 problem(s)") || strings.Contains(errs, "code 043 is not in cameo.txt") {
		t.Errorf("over the shipped set: exit %d\n%s", code, errs)
	}
	// Coding refuses a broken set.
	code, _, errs = run(t, "Iran and Azerbaijan held talks.", "code", "--dict-dir", dir, "-")
	if code != 1 || !strings.Contains(errs, "problem(s)") {
		t.Errorf("code with a broken set: exit %d\n%s", code, errs)
	}
}

func TestDictDirErrors(t *testing.T) {
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"dict", "check", "--dict-dir", filepath.Join(empty, "nope")}, "no such file or directory"},
		{[]string{"dict", "check", "--dict-dir", empty}, "holds no dictionary file"},
		{[]string{"dict", "check", "--dict-replace"}, "--dict-replace needs --dict-dir"},
	} {
		code, _, errs := run(t, "", c.args...)
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want 1 and %q", c.args, code, errs, c.want)
		}
	}
}

type lookupOut struct {
	Meanings []struct {
		Name, Kind, Ref, Code, Country, Sector, Entry string
		Chosen                                        bool
	}
}

func lookup(t *testing.T, args ...string) lookupOut {
	t.Helper()
	code, out, errs := run(t, "", append([]string{"dict", "lookup", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("lookup %v: exit %d: %s", args, code, errs)
	}
	var lo lookupOut
	if err := json.Unmarshal([]byte(out), &lo); err != nil || len(lo.Meanings) == 0 {
		t.Fatalf("lookup %v: %v\n%s", args, err, out)
	}
	return lo
}

func TestDictLookup(t *testing.T) {
	for _, c := range []struct {
		name, date, code, sector string
	}{
		{"Taliban", "2020-06-01", "AFGREB", "REB rebels"},
		{"Taliban", "2024-07-04", "AFGGOV", "GOV government"},
		{"Hayat Tahrir al-Sham", "2020-01-01", "SYRREB", "REB rebels"},
		{"Hayat Tahrir al-Sham", "2025-01-01", "SYRGOV", "GOV government"},
		{"Aziz Nasirzadeh", "2026-02-06", "IRNMIL", "MIL military"},
		{"Nasirzada", "2026-02-06", "IRNMIL", "MIL military"},
		{"Hassan Rouhani", "2016-01-01", "IRNGOV", "GOV government"},
		{"the Kremlin", "2025-01-01", "RUSGOV", "GOV government"},
		{"defence minister", "2025-01-01", "MIL", "MIL military"},
	} {
		lo := lookup(t, c.name, "--date", c.date)
		m := lo.Meanings[0]
		if m.Code != c.code || m.Sector != c.sector || !m.Chosen || !strings.Contains(m.Entry, ".txt:") {
			t.Errorf("lookup %q at %s = %+v, want %s (%s) with its file:line", c.name, c.date, m, c.code, c.sector)
		}
	}
	code, out, _ := run(t, "", "dict", "lookup", "Aziz Nasirzadeh", "--date", "2026-02-06")
	for _, w := range []string{"IRNMIL (Iran, MIL military)", "Minister of Defence", "actors/people.txt:"} {
		if code != 0 || !strings.Contains(out, w) {
			t.Errorf("text lookup: exit %d, want %q in:\n%s", code, w, out)
		}
	}
	code, _, errs := run(t, "", "dict", "lookup", "Nasir")
	if code != 1 || !strings.Contains(errs, "no dictionary entry is named \"Nasir\"") || !strings.Contains(errs, "Aziz Nasirzadeh") {
		t.Errorf("unknown name: exit %d, %q; want a suggestion", code, errs)
	}
	if code, _, errs := run(t, "", "dict", "lookup", "Taliban", "--date", "2020-13-01"); code != 1 || !strings.Contains(errs, "--date") {
		t.Errorf("bad date: exit %d, %q", code, errs)
	}
}

// TestDictOverlay checks the rules of a user's dictionary directory (docs/dictionaries.md): new
// entries are added, an actor or pattern of the same name replaces the shipped one, and a name
// a user actor claims is taken from the shipped entries.
func TestDictOverlay(t *testing.T) {
	dir := filepath.Join("testdata", "dict-user")
	if code, out, errs := run(t, "", "dict", "check", "--dict-dir", dir); code != 0 {
		t.Fatalf("check: exit %d\n%s%s", code, out, errs)
	}
	for _, c := range []struct{ name, code, entry string }{
		{"Jane Roe", "AZEGOV", "local.txt"},            // added
		{"IRNA", "IRNGOV", "local.txt"},                // replaced
		{"Kremlin", "RUSGOV", "local.txt"},             // name taken from a shipped entry
		{"Islamic Republic News Agency", "IRNGOV", ""}, // the replacement's own alias
		{"Press TV", "IRNMED", "actors/outlets.txt"},   // the shipped set is still there
	} {
		lo := lookup(t, c.name, "--dict-dir", dir, "--date", "2025-01-01")
		if len(lo.Meanings) != 1 || lo.Meanings[0].Code != c.code || !strings.Contains(lo.Meanings[0].Entry, c.entry) {
			t.Errorf("lookup %q = %+v, want one meaning, %s from %s", c.name, lo.Meanings, c.code, c.entry)
		}
	}
	text := "Jane Roe countersigned an accord with Iran on Monday. Roe visited Tehran on Tuesday."
	code, out, errs := run(t, text, "code", "--dict-dir", dir, "--date", "2026-03-04", "--format", "jsonl", "--explain", "-")
	if code != 0 {
		t.Fatalf("code: exit %d: %s", code, errs)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev model.Event
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatal(err)
		}
		got = append(got, ev.Source.Code+" "+ev.Target.Code+" "+ev.Cameo+" "+strings.Fields(ev.Explain.Entries[0])[0])
	}
	want := []string{
		"AZEGOV IRN 057 " + filepath.Join(dir, "verbs", "local.txt") + ":2",
		"AZEGOV IRNGOV 043 " + filepath.Join(dir, "verbs", "local.txt") + ":4",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The same directory named by the setting instead of the flag.
	t.Setenv("DYAD_DICT_DIR", dir)
	if lo := lookup(t, "IRNA"); lo.Meanings[0].Code != "IRNGOV" {
		t.Errorf("DYAD_DICT_DIR: IRNA = %+v, want IRNGOV", lo.Meanings[0])
	}
}

func TestDictStatsAndExport(t *testing.T) {
	code, out, errs := run(t, "", "dict", "stats", "--missing")
	if code != 0 || !strings.Contains(out, "countries and territories") || !strings.Contains(out, "verb patterns") {
		t.Fatalf("stats: exit %d\n%s%s", code, out, errs)
	}
	dir := filepath.Join(t.TempDir(), "dict")
	if code, _, errs := run(t, "", "dict", "export", dir); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "actors", "people.txt")); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "", "dict", "export", dir); code != 1 || !strings.Contains(errs, "not empty") {
		t.Errorf("export into a full directory: exit %d, %q", code, errs)
	}
	// The exported set, used alone, is the shipped set: clean, with the same counts.
	code, out2, errs := run(t, "", "dict", "stats", "--dict-dir", dir, "--dict-replace", "--missing")
	if code != 0 || out2 != out {
		t.Errorf("stats of the exported set differ: exit %d %s\n%s\nwant\n%s", code, errs, out2, out)
	}
}
