package dates

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
)

func TestFind(t *testing.T) {
	ref := model.Date{Year: 2026, Month: 2, Day: 7, Prec: model.PrecDay} // a Saturday
	cases := []struct {
		in   string
		want string
	}{
		{"The assurance was delivered on Friday during a reception.", "2026-02-06"},
		{"He called his counterpart on Monday.", "2026-02-02"},
		{"Araghchi traveled to Baku in January to meet Aliyev.", "2026-01"},
		{"his visits to Azerbaijan in April and November 2025", "2025-04 2025-11"},
		{"The ministers met last week.", "2026-01-26"},
		{"Officials met yesterday.", "2026-02-06"},
		{"In a detailed article published on Thursday, July 4, the agency", "2025-07-04"},
		{"The deal was signed on Jan. 5, 2024.", "2024-01-05"},
		{"The summit is held in 2025 in Baku.", "2025"},
		{"Talks ended three days ago.", "2026-02-04"},
		{"Leaders will meet next Tuesday.", "2026-02-10"},
		{"They met on 12 December.", "2025-12-12"},
		{"Officials may meet soon.", ""},
		{"The city was founded 5000 years ago.", ""},
		{"It happened 999999999999999999 days ago.", ""},
		{"He said the plan was last month's idea.", "2026-01"},
		{"The talks began last May.", "2025-05"},
		{"The talks began last January.", "2026-01"},
		{"The talks resume next March.", "2026-03"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			ts := text.Tokenize(c.in)
			var got []string
			for _, e := range Find(&ts, 0, len(ts.Toks), ref) {
				for _, d := range e.Dates {
					got = append(got, d.String())
				}
			}
			if g := strings.Join(got, " "); g != c.want {
				t.Errorf("Find(%q) = %q, want %q", c.in, g, c.want)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"on Friday, July 4, 2024", "in April and November", "May 5", "3 ago", "last"} {
		f.Add(s)
	}
	ref := model.Date{Year: 2024, Month: 7, Day: 5, Prec: model.PrecDay}
	f.Fuzz(func(t *testing.T, s string) {
		ts := text.Tokenize(s)
		for _, e := range Find(&ts, 0, len(ts.Toks), ref) {
			if e.Start < 0 || e.End > len(ts.Toks) || e.Start >= e.End {
				t.Fatalf("bad expression span %+v", e)
			}
		}
	})
}

func TestFuture(t *testing.T) {
	ref := model.Date{Year: 2025, Month: 9, Day: 10, Prec: model.PrecDay} // a Wednesday
	cases := []struct{ in, past, future string }{
		{"Pezeshkian will visit Baku in November.", "2024-11", "2025-11"},
		{"The leaders will meet on Monday.", "2025-09-08", "2025-09-15"},
		{"Talks resume on 3 October.", "2024-10-03", "2025-10-03"},
		{"The vote is in September.", "2025-09", "2025-09"},
		{"The deal was signed in May 2024.", "2024-05", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			ts := text.Tokenize(c.in)
			es := Find(&ts, 0, len(ts.Toks), ref)
			if len(es) != 1 {
				t.Fatalf("got %d expressions", len(es))
			}
			if got := es[0].Dates[0].String(); got != c.past {
				t.Errorf("past reading %s, want %s", got, c.past)
			}
			got := ""
			if es[0].Future != nil {
				got = es[0].Future[0].String()
			}
			if got != c.future {
				t.Errorf("future reading %q, want %q", got, c.future)
			}
		})
	}
}
