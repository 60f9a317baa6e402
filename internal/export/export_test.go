package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/model"
)

var doc = model.Document{ID: "doc-1", Text: "Aliyev hosted Araghchi in Baku.", Outlet: "Trend", URL: "https://example.org/a"}

// events are two events of doc, built by hand: a visit hosted and its mirror.
func events() []model.Event {
	e := model.Event{
		Doc:           "doc-1",
		Sentence:      3,
		Source:        model.Actor{Code: "AZEGOV", Country: "AZE", Sector: "GOV", Text: "Aliyev", Entity: "Ilham Aliyev"},
		Target:        model.Actor{Code: "IRNGOV", Country: "IRN", Sector: "GOV", Text: "Araghchi"},
		Cameo:         "043",
		Root:          "04",
		Quad:          1,
		Goldstein:     2.8,
		Plover:        "CONSULT",
		PloverMode:    "visit",
		Mode:          model.Asserted,
		Date:          "2025-11-04",
		DatePrecision: "day",
		Evidence:      model.Evidence{Start: 0, End: 30, Sentence: "Aliyev hosted Araghchi in Baku"},
		Rule:          "verbs/04-consult.txt:12",
		Outlet:        "Trend",
		URL:           "https://example.org/a",
		Explain: &model.Explanation{
			Rule:    "pattern 043 {host} +",
			Entries: []string{"verbs/04-consult.txt:12 043 {host} +", "source: actors/people.txt:40 Ilham Aliyev"},
			Mode:    "no modal word",
			Date:    "the publication date",
		},
	}
	f := e
	f.Sentence, f.Cameo, f.Root, f.Goldstein, f.Plover, f.PloverMode = 4, "190", "19", -10, "", ""
	f.Quad, f.Mode, f.Rule = 4, model.Negated, "verbs/19-fight.txt:3"
	f.Source, f.Target = e.Target, e.Source
	f.Date, f.DatePrecision = "2025-11", "month"
	f.Explain = &model.Explanation{Rule: "pattern 190 {attack} +", Entries: []string{"verbs/19-fight.txt:3 190 {attack} +"}, Mode: "negated by \"not\"", Date: "\"in November\""}
	return []model.Event{e, f}
}

func write(t *testing.T, format string, explain bool, batches ...[]model.Event) string {
	t.Helper()
	var b bytes.Buffer
	w := NewWriter(&b, format, explain)
	for _, evs := range batches {
		if err := w.Write(doc, evs); err != nil {
			t.Fatalf("Write: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return b.String()
}

// field walks a decoded JSON object along a dotted path.
func field(obj map[string]any, path string) (any, bool) {
	var cur any = obj
	for _, k := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// jsonField is a dotted path into a JSON object and the value expected there.
type jsonField struct {
	path string
	want any
}

func TestJSONL(t *testing.T) {
	for _, explain := range []bool{false, true} {
		name := "plain"
		if explain {
			name = "explain"
		}
		t.Run(name, func(t *testing.T) {
			out := write(t, "jsonl", explain, events())
			if !strings.HasSuffix(out, "\n") {
				t.Errorf("output does not end with a newline: %q", out)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != 2 {
				t.Fatalf("got %d lines, want 2:\n%s", len(lines), out)
			}
			var first map[string]any
			for i, line := range lines {
				var obj map[string]any
				if err := json.Unmarshal([]byte(line), &obj); err != nil {
					t.Fatalf("line %d is not a JSON object: %v\n%s", i+1, err, line)
				}
				if i == 0 {
					first = obj
				}
				if _, has := obj["explain"]; has != explain {
					t.Errorf("line %d: has explain = %v, want %v", i+1, has, explain)
				}
			}
			cases := []jsonField{
				{"doc", "doc-1"},
				{"sentence", 3.0},
				{"source.code", "AZEGOV"},
				{"source.entity", "Ilham Aliyev"},
				{"target.code", "IRNGOV"},
				{"cameo", "043"},
				{"root", "04"},
				{"quad", 1.0},
				{"goldstein", 2.8},
				{"plover", "CONSULT"},
				{"plover_mode", "visit"},
				{"mode", "asserted"},
				{"date", "2025-11-04"},
				{"date_precision", "day"},
				{"evidence.start", 0.0},
				{"evidence.end", 30.0},
				{"evidence.sentence", "Aliyev hosted Araghchi in Baku"},
				{"rule", "verbs/04-consult.txt:12"},
				{"outlet", "Trend"},
				{"url", "https://example.org/a"},
			}
			if explain {
				cases = append(cases,
					jsonField{"explain.rule", "pattern 043 {host} +"},
					jsonField{"explain.mode", "no modal word"},
					jsonField{"explain.date", "the publication date"},
					jsonField{"explain.entries", []any{"verbs/04-consult.txt:12 043 {host} +", "source: actors/people.txt:40 Ilham Aliyev"}})
			}
			for _, c := range cases {
				t.Run(c.path, func(t *testing.T) {
					got, ok := field(first, c.path)
					if !ok {
						t.Fatalf("no field %s in %s", c.path, lines[0])
					}
					if !reflect.DeepEqual(got, c.want) {
						t.Errorf("%s = %#v, want %#v", c.path, got, c.want)
					}
				})
			}
			// The cameo code is a JSON string, so its leading zero survives.
			if !strings.Contains(lines[0], `"cameo":"043"`) {
				t.Errorf("line 1 does not hold \"cameo\":\"043\": %s", lines[0])
			}
			// No HTML escaping of <, > and &.
			if strings.Contains(out, `\u0026`) {
				t.Errorf("output escapes HTML: %s", out)
			}
		})
	}
}

func TestJSONLKeepsCallerEvents(t *testing.T) {
	evs := events()
	write(t, "jsonl", false, evs)
	if evs[0].Explain == nil {
		t.Error("writing without explain cleared the caller's Explain")
	}
}

func TestCSV(t *testing.T) {
	explainCols := []string{"sentence_text", "explain_rule", "explain_entries", "explain_mode", "explain_date"}
	cases := []struct {
		name    string
		explain bool
		batches [][]model.Event
		rows    int
	}{
		{"one document", false, [][]model.Event{events()}, 2},
		{"two documents, header once", false, [][]model.Event{events(), events()[:1]}, 3},
		{"a document with no events first", false, [][]model.Event{nil, events()}, 2},
		{"explain", true, [][]model.Event{events(), events()[1:]}, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := write(t, "csv", c.explain, c.batches...)
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatalf("output is not CSV with rows of one length: %v\n%s", err, out)
			}
			if len(recs) != 1+c.rows {
				t.Fatalf("got %d records, want a header and %d rows:\n%s", len(recs), c.rows, out)
			}
			header := CSVHeader
			if c.explain {
				header = append(append([]string{}, CSVHeader...), explainCols...)
			}
			if !reflect.DeepEqual(recs[0], header) {
				t.Errorf("header = %q, want %q", recs[0], header)
			}
			for i, rec := range recs[1:] {
				if reflect.DeepEqual(rec, recs[0]) {
					t.Errorf("row %d repeats the header", i+1)
				}
			}
			col, col2 := map[string]string{}, map[string]string{}
			for i, h := range recs[0] {
				col[h], col2[h] = recs[1][i], recs[2][i]
			}
			want := map[string]string{
				"doc": "doc-1", "sentence": "3", "date": "2025-11-04", "date_precision": "day",
				"source_code": "AZEGOV", "source_country": "AZE", "source_sector": "GOV", "source_text": "Aliyev",
				"source_entity": "Ilham Aliyev", "target_code": "IRNGOV", "target_entity": "", "cameo": "043",
				"root": "04", "quad": "1", "goldstein": "2.8", "plover": "CONSULT", "plover_mode": "visit",
				"mode": "asserted", "speaker": "", "mentions": "0", "evidence_start": "0", "evidence_end": "30",
				"rule": "verbs/04-consult.txt:12", "outlet": "Trend", "url": "https://example.org/a",
			}
			if c.explain {
				want["sentence_text"] = "Aliyev hosted Araghchi in Baku"
				want["explain_rule"] = "pattern 043 {host} +"
				want["explain_entries"] = "verbs/04-consult.txt:12 043 {host} +; source: actors/people.txt:40 Ilham Aliyev"
				want["explain_mode"] = "no modal word"
				want["explain_date"] = "the publication date"
			}
			for k, v := range want {
				if col[k] != v {
					t.Errorf("row 1 %s = %q, want %q", k, col[k], v)
				}
			}
			if col2["cameo"] != "190" || col2["goldstein"] != "-10.0" || col2["mode"] != "negated" || col2["plover"] != "" {
				t.Errorf("row 2 cameo, goldstein, mode, plover = %q, %q, %q, %q; want 190, -10.0, negated and nothing",
					col2["cameo"], col2["goldstein"], col2["mode"], col2["plover"])
			}
		})
	}
}

func TestTable(t *testing.T) {
	cases := []struct {
		name    string
		explain bool
		want    []string // lines that must appear, in order
		absent  []string
	}{
		{
			name:    "plain",
			explain: false,
			want:    []string{"doc-1: 2 event(s)", "DATE", "AZEGOV (Ilham Aliyev)", "IRNGOV (Araghchi)"},
			absent:  []string{"sentence:", "rule:", "entry:", "mode:", "date:"},
		},
		{
			name:    "explain",
			explain: true,
			want: []string{
				"doc-1: 2 event(s)",
				"AZEGOV (Ilham Aliyev)",
				"      sentence: Aliyev hosted Araghchi in Baku",
				"      rule:     pattern 043 {host} + (verbs/04-consult.txt:12)",
				"      entry:    verbs/04-consult.txt:12 043 {host} +",
				"      entry:    source: actors/people.txt:40 Ilham Aliyev",
				"      mode:     asserted: no modal word",
				"      date:     2025-11-04 (day): the publication date",
				"IRNGOV (Araghchi)",
				"      rule:     pattern 190 {attack} + (verbs/19-fight.txt:3)",
				"      mode:     negated: negated by \"not\"",
				"      date:     2025-11 (month): \"in November\"",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := write(t, "table", c.explain, events())
			lines := strings.Split(out, "\n")
			if lines[0] != "doc-1: 2 event(s)" {
				t.Errorf("first line = %q, want the document's id and event count", lines[0])
			}
			at := 0
			for _, w := range c.want {
				found := false
				for ; at < len(lines) && !found; at++ {
					found = strings.Contains(lines[at], w)
				}
				if !found {
					t.Errorf("no line holding %q (in order) in:\n%s", w, out)
					break
				}
			}
			for _, a := range c.absent {
				if strings.Contains(out, a) {
					t.Errorf("output holds %q:\n%s", a, out)
				}
			}
		})
	}
}

func TestTableRowsAligned(t *testing.T) {
	cols := []string{"DATE", "SOURCE", "TARGET", "CAMEO", "QUAD", "GOLD", "PLOVER", "MODE", "SENT", "SAID BY"}
	wantCells := [][]string{
		{"2025-11-04", "AZEGOV (Ilham Aliyev)", "IRNGOV (Araghchi)", "043", "1", "+2.8", "CONSULT", "asserted", "3"},
		{"2025-11", "IRNGOV (Araghchi)", "AZEGOV (Ilham Aliyev)", "190", "4", "-10.0", "-", "negated", "4"},
	}
	cases := []struct {
		name    string
		explain bool
	}{
		{"plain", false},
		{"explain", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := write(t, "table", c.explain, events())
			// The header and the event rows; explanation lines are indented by six spaces.
			var lines []string
			for _, l := range strings.Split(out, "\n") {
				if l != "" && !strings.HasPrefix(l, "      ") {
					lines = append(lines, l)
				}
			}
			if len(lines) != 4 {
				t.Fatalf("got %d lines, want the count, the header and 2 rows:\n%s", len(lines), out)
			}
			header, rows := lines[1], lines[2:]
			for i, col := range cols {
				start := strings.Index(header, col)
				if start < 0 {
					t.Fatalf("header %q lacks %s", header, col)
				}
				if i == len(cols)-1 {
					break // the speaker column is empty
				}
				for r, row := range rows {
					if cell := wantCells[r][i]; len(row) < start || !strings.HasPrefix(row[start:], cell+" ") {
						t.Errorf("row %d: column %s does not start with %q at byte %d:\n%s\n%s", r+1, col, cell, start, header, row)
					}
				}
			}
		})
	}
}

func TestTableNoEvents(t *testing.T) {
	if got := write(t, "table", true, nil); got != "doc-1: no events\n\n" {
		t.Errorf("table of no events = %q", got)
	}
}

func TestTableLongNamesStayValidUTF8(t *testing.T) {
	evs := events()[:1]
	// 'é' takes two bytes: cutting the name at byte 25 splits one.
	evs[0].Source.Entity = "Ministère des Affaires étrangères"
	out := write(t, "table", false, evs)
	if !strings.Contains(out, "...") {
		t.Errorf("long name not shortened:\n%s", out)
	}
	if !utf8.ValidString(out) {
		t.Errorf("table holds invalid UTF-8:\n%q", out)
	}
}
