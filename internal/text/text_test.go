package text

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func words(ts Tokens) []string {
	out := make([]string, len(ts.Toks))
	for i := range ts.Toks {
		out[i] = ts.Str(i)
	}
	return out
}

func TestTokenize(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Iran’s Minister of Defense", []string{"Iran", "’s", "Minister", "of", "Defense"}},
		{"U.S. officials don't agree.", []string{"U.S.", "officials", "do", "n't", "agree", "."}},
		{"Tehran-Baku relations", []string{"Tehran", "-", "Baku", "relations"}},
		{"the states' interests", []string{"the", "states", "'", "interests"}},
		{"O'Brien said 1,000.5 people", []string{"O'Brien", "said", "1,000.5", "people"}},
		{"“cordial and brotherly”", []string{"“", "cordial", "and", "brotherly", "”"}},
		{"Brig. Gen. Aziz", []string{"Brig", ".", "Gen", ".", "Aziz"}},
		{"John F. Kennedy", []string{"John", "F", ".", "Kennedy"}},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got := words(Tokenize(c.in))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
	ts := Tokenize("Iran’s x")
	if ts.Toks[1].Kind != Possessive {
		t.Errorf("’s kind = %v, want Possessive", ts.Toks[1].Kind)
	}
}

func sentences(s string) []string {
	ts := Tokenize(s)
	var out []string
	for _, sn := range Segment(&ts) {
		out = append(out, s[sn.Start:sn.End])
	}
	return out
}

func TestSegment(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"ranks", "Brig. Gen. Aziz Nasirzadeh arrived. He met Aliyev.",
			[]string{"Brig. Gen. Aziz Nasirzadeh arrived.", "He met Aliyev."}},
		{"initialism mid sentence", "U.S. officials met U.N. envoys in Geneva.",
			[]string{"U.S. officials met U.N. envoys in Geneva."}},
		{"initialism at end", "The talks were held in the U.S. The next round is in May.",
			[]string{"The talks were held in the U.S.", "The next round is in May."}},
		{"month abbreviation and day", "The vote is on Jan. 5. The result follows.",
			[]string{"The vote is on Jan. 5.", "The result follows."}},
		{"quote closes sentence", "“We agree,” he said. “We will sign.” The deal followed.",
			[]string{"“We agree,” he said.", "“We will sign.”", "The deal followed."}},
		{"title line", "Aliyev vows support\nTEHRAN — Azerbaijani President Ilham Aliyev spoke.",
			[]string{"Aliyev vows support", "TEHRAN — Azerbaijani President Ilham Aliyev spoke."}},
		{"wrapped paragraph", strings.Repeat("The minister of foreign affairs travelled to the capital and\nmet the president of the republic for long talks on trade\n", 2),
			[]string{strings.TrimSpace(strings.Repeat("The minister of foreign affairs travelled to the capital and\nmet the president of the republic for long talks on trade\n", 2))}},
		{"question", "Will Iran respond? Officials declined to say.",
			[]string{"Will Iran respond?", "Officials declined to say."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := sentences(c.in)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Segment:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestQuotes(t *testing.T) {
	in := `He said: "We will never permit it." Then ‘a quote’ and the states' view. “Open`
	ts := Tokenize(in)
	qs := Quotes(&ts)
	if len(qs) != 3 {
		t.Fatalf("got %d quotes, want 3: %+v", len(qs), qs)
	}
	first := in[ts.Toks[qs[0].TokStart].Start:ts.Toks[qs[0].TokEnd-1].End]
	if first != "We will never permit it." {
		t.Errorf("first quote = %q", first)
	}
	if qs[2].Close != -1 {
		t.Errorf("unclosed quote should have Close -1, got %d", qs[2].Close)
	}
}

func TestLowerKeepsOffsets(t *testing.T) {
	for _, s := range []string{"İstanbul ĞÜŞ", "Erdoğan", "ÀÉÎ Straße", "\xff\xfeBAD"} {
		if l := Lower(s); len(l) != len(s) {
			t.Errorf("Lower(%q) changed length %d -> %d", s, len(s), len(l))
		}
	}
}

// TestSeeds checks the segmenter on the two seed articles, when they are present.
func TestSeeds(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/seeds/*.txt")
	if len(files) == 0 {
		t.Skip("../shared/seeds not found: skipping the seed articles")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got := sentences(string(b))
		for _, s := range got {
			if strings.HasPrefix(s, "Gen.") || strings.HasSuffix(s, "Brig.") {
				t.Errorf("%s: bad split: %q", f, s)
			}
		}
		if len(got) < 10 {
			t.Errorf("%s: only %d sentences", f, len(got))
		}
	}
}

func FuzzTokenizeSegment(f *testing.F) {
	for _, s := range []string{"", "U.S. and Iran’s “talks”.", "a.b.c. \"x", "\xff\xfe\x00", "Jan. 5. The", "''''", "n't", "'s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts := Tokenize(s)
		last := 0
		for i, tok := range ts.Toks {
			if tok.Start < last || tok.End <= tok.Start || tok.End > len(s) {
				t.Fatalf("token %d has bad span %d-%d (prev end %d, len %d)", i, tok.Start, tok.End, last, len(s))
			}
			last = tok.End
		}
		if utf8.ValidString(s) && len(ts.Lower) != len(s) {
			t.Fatalf("lower changed length")
		}
		ss := Segment(&ts)
		next := 0
		for _, sn := range ss {
			if sn.TokStart != next || sn.TokEnd <= sn.TokStart {
				t.Fatalf("sentences do not tile the tokens: %+v", ss)
			}
			next = sn.TokEnd
		}
		for _, sn := range ss {
			if sn.TokEnd-sn.TokStart > MaxTokens {
				t.Fatalf("sentence of %d tokens, more than MaxTokens", sn.TokEnd-sn.TokStart)
			}
		}
		if next != len(ts.Toks) {
			t.Fatalf("sentences cover %d of %d tokens", next, len(ts.Toks))
		}
		for _, q := range Quotes(&ts) {
			if q.TokStart > q.TokEnd || q.TokEnd > len(ts.Toks) {
				t.Fatalf("bad quote %+v", q)
			}
		}
	})
}
