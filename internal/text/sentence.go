package text

import (
	"strings"
	"unicode/utf8"
)

// Sentence is a run of tokens [TokStart, TokEnd) and the bytes [Start, End) they cover.
type Sentence struct {
	TokStart, TokEnd int
	Start, End       int
}

// abbreviations are words that end with a dot that does not end a sentence when a capitalised
// word follows: titles, ranks, months and company suffixes. Single capital letters (initials) and
// dotted initialisms are handled apart.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"gen": true, "brig": true, "col": true, "lt": true, "maj": true, "capt": true, "cpt": true, "sgt": true,
	"adm": true, "cmdr": true, "cdr": true, "gov": true, "sen": true, "rep": true, "reps": true, "sens": true,
	"amb": true, "pres": true, "rev": true, "hon": true, "insp": true, "supt": true, "cpl": true, "pvt": true,
	"jan": true, "feb": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "no": true, "nos": true, "vs": true, "v": true, "approx": true,
	"inc": true, "corp": true, "ltd": true, "co": true, "bros": true, "dept": true, "univ": true, "est": true,
	"fig": true, "mt": true, "ft": true, "ave": true, "blvd": true, "op": true, "vol": true, "ed": true,
}

// starters are words that begin a new sentence even after an initialism such as "U.S.".
var starters = map[string]bool{
	"the": true, "he": true, "she": true, "it": true, "they": true, "we": true, "i": true, "but": true,
	"this": true, "that": true, "these": true, "those": true, "in": true, "on": true, "a": true, "an": true,
	"his": true, "her": true, "their": true, "its": true, "there": true, "meanwhile": true, "however": true,
	"officials": true, "according": true, "after": true, "as": true, "at": true, "last": true,
}

// MaxTokens bounds the length of a sentence. Prose never comes near it; a longer run (a table, a
// list with no full stop, a file of one line) is cut at its last comma or semicolon, so that
// everything after segmentation works on bounded sentences.
const MaxTokens = 200

// cutPoint chooses where to cut an over-long sentence that runs from start to i: after the last
// comma or semicolon of its second half, or at i.
func cutPoint(ts *Tokens, start, i int) int {
	for k := i - 1; k > start+MaxTokens/2; k-- {
		if w := ts.Text[ts.Toks[k].Start:ts.Toks[k].End]; w == "," || w == ";" {
			return k + 1
		}
	}
	return i
}

// Segment splits tokens into sentences. It breaks at sentence punctuation followed by a new
// sentence, at blank lines, and at line ends that close a title or a paragraph.
func Segment(ts *Tokens) []Sentence {
	toks := ts.Toks
	if len(toks) == 0 {
		return nil
	}
	wrapped := hardWrapped(ts.Text)
	out := make([]Sentence, 0, len(toks)/20+1)
	start := 0
	emit := func(end int) {
		if end > start {
			out = append(out, Sentence{TokStart: start, TokEnd: end, Start: toks[start].Start, End: toks[end-1].End})
		}
		start = end
	}
	for i := 0; i < len(toks); i++ {
		if i > start && toks[i].Newlines > 0 && lineBreaks(ts, i, wrapped) {
			emit(i)
		}
		if i-start >= MaxTokens {
			emit(cutPoint(ts, start, i))
		}
		if !terminal(ts, i) {
			continue
		}
		// Closing quotes and brackets that follow the punctuation belong to this sentence.
		j := i + 1
		for j < len(toks) && !toks[j].Space && (toks[j].Kind == Quote || ts.Text[toks[j].Start] == ')') {
			j++
		}
		if j >= len(toks) {
			emit(len(toks))
			break
		}
		next := toks[j]
		if !next.Space {
			continue
		}
		if !(next.Cap || next.Kind == Quote || next.Kind == Number || next.Newlines > 0 || ts.Text[next.Start] == '(') {
			continue
		}
		emit(j)
		i = j - 1
	}
	emit(len(toks))
	return out
}

// terminal reports whether token i ends a sentence if a new one follows it.
func terminal(ts *Tokens, i int) bool {
	t := ts.Toks[i]
	w := ts.Text[t.Start:t.End]
	switch w {
	case "!", "?", "…":
		return true
	case ".":
	default:
		// A dotted initialism carries its own final dot ("U.S."): it ends a sentence only before a
		// word that usually starts one.
		if t.Kind == Word && strings.HasSuffix(w, ".") && i+1 < len(ts.Toks) {
			n := ts.Toks[i+1]
			return n.Space && n.Cap && starters[ts.Norm(i+1)]
		}
		return false
	}
	if i == 0 {
		return false
	}
	p := ts.Toks[i-1]
	if p.End != t.Start || p.Kind != Word {
		return true
	}
	pw := ts.Lower[p.Start:p.End]
	if abbreviations[pw] {
		return false
	}
	// A single capital letter is an initial ("John F. Kennedy").
	if len(pw) == 1 && p.Cap {
		return false
	}
	return true
}

// lineBreaks reports whether the line break before token i ends a sentence.
func lineBreaks(ts *Tokens, i int, wrapped bool) bool {
	t := ts.Toks[i]
	if t.Newlines >= 2 {
		return true
	}
	prev := ts.Toks[i-1]
	pw := ts.Text[prev.Start:prev.End]
	switch pw {
	case ".", "!", "?", ":", "…", "\"", "”", "’":
		return true
	}
	if wrapped {
		return false
	}
	// A line with no closing punctuation is a title, a dateline or a list item when the next line
	// starts like a sentence.
	return t.Cap || t.Kind == Quote || t.Kind == Number || !isLowerStart(ts.Text[t.Start:t.End])
}

func isLowerStart(w string) bool { return w != "" && w[0] >= 'a' && w[0] <= 'z' }

// hardWrapped reports whether the text looks wrapped at a fixed width, so that a single line break
// is only white space.
func hardWrapped(s string) bool {
	var lines, open int
	for len(s) > 0 {
		k := strings.IndexByte(s, '\n')
		line := s
		if k >= 0 {
			line, s = s[:k], s[k+1:]
		} else {
			s = ""
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		lines++
		last, _ := utf8.DecodeLastRuneInString(line)
		if n := len(line); n >= 40 && n <= 100 && !strings.ContainsRune(".!?:\"”’", last) {
			open++
		}
	}
	return open >= 3 && open*2 >= lines
}
