package text

// QuoteSpan is a quotation: the tokens strictly between its marks, [TokStart, TokEnd), and the
// indexes of the opening and closing marks (Close is -1 when the quotation runs to the end of its
// paragraph without closing, as news does for quotes that go on in the next paragraph).
type QuoteSpan struct {
	Open, Close      int
	TokStart, TokEnd int
}

// Quotes finds quotations marked with straight double quotes, curly double quotes, guillemets and
// curly single quotes. Straight quotes pair up within a paragraph; a single curly quote counts
// only where it cannot be an apostrophe.
func Quotes(ts *Tokens) []QuoteSpan {
	var out []QuoteSpan
	open := -1
	var want string // the closing mark we wait for
	for i, t := range ts.Toks {
		if t.Newlines >= 2 && open >= 0 {
			out = append(out, QuoteSpan{Open: open, Close: -1, TokStart: open + 1, TokEnd: i})
			open = -1
		}
		if t.Kind != Quote {
			continue
		}
		m := ts.Text[t.Start:t.End]
		if open >= 0 {
			if m == want || (want == "\"" && m == "”") || (want == "”" && m == "\"") {
				out = append(out, QuoteSpan{Open: open, Close: i, TokStart: open + 1, TokEnd: i})
				open = -1
			}
			continue
		}
		switch m {
		case "\"", "“", "„":
			open, want = i, "”"
			if m == "\"" {
				want = "\""
			}
		case "«":
			open, want = i, "»"
		case "‘":
			open, want = i, "’"
		case "'":
			if t.Space {
				open, want = i, "'"
			}
		}
	}
	if open >= 0 {
		out = append(out, QuoteSpan{Open: open, Close: -1, TokStart: open + 1, TokEnd: len(ts.Toks)})
	}
	return out
}
