package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind classifies a token.
type Kind uint8

// Token kinds.
const (
	Word       Kind = iota // letters, possibly with inner hyphens' parts, dots (U.S.) or apostrophes
	Number                 // digits, with inner , or .
	Possessive             // 's or ' after a noun
	Negation               // n't
	Quote                  // " “ ” ‘ ’ used as quotation marks
	Punct                  // any other symbol
)

// Token is one word or symbol, as byte offsets into the text it came from.
type Token struct {
	Start, End int
	Kind       Kind
	// Cap is true when the token starts with an upper-case letter.
	Cap bool
	// Space is true when white space separates the token from the one before it.
	Space bool
	// Newlines counts the line breaks in the white space before the token.
	Newlines uint8
}

// Tokens is a tokenized text: the text, its length-preserving lower-case copy and the tokens.
type Tokens struct {
	Text  string
	Lower string
	Toks  []Token
}

// Str returns the original text of token i.
func (t *Tokens) Str(i int) string { return t.Text[t.Toks[i].Start:t.Toks[i].End] }

// Norm returns the lower-case text of token i.
func (t *Tokens) Norm(i int) string { return t.Lower[t.Toks[i].Start:t.Toks[i].End] }

// Lower returns a copy of s in lower case with every byte offset unchanged: runes whose lower-case
// form has another UTF-8 length are kept as they are.
func Lower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError {
			if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == size {
				b.WriteRune(l)
				i += size
				continue
			}
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// Tokenize splits s into tokens. Hyphens are tokens of their own, so that "Tehran-Baku" holds two
// names; dotted initialisms ("U.S.", "U.N.") stay whole; "'s" and "n't" are split off.
func Tokenize(s string) Tokens {
	ts := Tokens{Text: s, Lower: Lower(s), Toks: make([]Token, 0, len(s)/5+1)}
	var space bool
	var nl uint8
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = true
			if r == '\n' && nl < 255 {
				nl++
			}
			i += size
			continue
		}
		start := i
		tok := Token{Start: start, Space: space || start == 0, Newlines: nl}
		space, nl = false, 0
		switch {
		case unicode.IsDigit(r):
			j := i + size
			for j < len(s) {
				c := s[j]
				if c >= '0' && c <= '9' {
					j++
					continue
				}
				if (c == ',' || c == '.') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
					j += 2
					continue
				}
				break
			}
			// Ordinals and units glued to the number ("5th", "10km") stay one token.
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += sz
			}
			tok.End, tok.Kind = j, Number
		case isWordRune(r):
			tok.End, tok.Kind = scanWord(s, i), Word
			tok.Cap = unicode.IsUpper(r)
			// "don't" -> "do" + "n't"
			if e := tok.End; e-start > 3 && (s[e-3:e] == "n't" || strings.HasSuffix(s[start:e], "n’t")) {
				cut := e - 3
				if s[e-3:e] != "n't" {
					cut = e - len("n’t")
				}
				if cut > start {
					ts.Toks = append(ts.Toks, Token{Start: start, End: cut, Kind: Word, Cap: tok.Cap, Space: tok.Space, Newlines: tok.Newlines})
					tok = Token{Start: cut, End: e, Kind: Negation}
				}
			}
		case isApostrophe(r):
			j := i + size
			// 's after a word: possessive or contraction of "is"/"has".
			if len(ts.Toks) > 0 && !tok.Space && j < len(s) && (s[j] == 's' || s[j] == 'S') && (j+1 == len(s) || !isWordByte(s, j+1)) {
				tok.End, tok.Kind = j+1, Possessive
				break
			}
			// plural possessive: "states' interests"
			if len(ts.Toks) > 0 && !tok.Space && ts.Toks[len(ts.Toks)-1].Kind == Word && strings.HasSuffix(ts.Lower[ts.Toks[len(ts.Toks)-1].Start:ts.Toks[len(ts.Toks)-1].End], "s") && (j == len(s) || s[j] == ' ') && r == '\'' {
				tok.End, tok.Kind = j, Possessive
				break
			}
			tok.End, tok.Kind = j, Quote
		case r == '"' || r == '“' || r == '”' || r == '‘' || r == '«' || r == '»' || r == '„':
			tok.End, tok.Kind = i+size, Quote
		default:
			tok.End, tok.Kind = i+size, Punct
		}
		ts.Toks = append(ts.Toks, tok)
		i = tok.End
	}
	return ts
}

func isWordByte(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// scanWord returns the end of the word that starts at i. A word keeps inner dots when it is a
// dotted initialism (U.S., U.N., a.m.), with its final dot, and inner apostrophes followed by
// letters other than a lone "s" (O'Brien, Shi'ite); hyphens end it.
func scanWord(s string, i int) int {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			j += size
			continue
		}
		if r == '.' {
			w := s[i:j]
			// Only a short run can be an initialism: this keeps the scan linear on "a.a.a.a...".
			if len(w) > 12 || !singleLetters(w) {
				return j
			}
			if j+1 < len(s) {
				r2, sz2 := utf8.DecodeRuneInString(s[j+1:])
				if unicode.IsLetter(r2) && j+1+sz2 < len(s) && s[j+1+sz2] == '.' {
					j += 1 + sz2
					continue
				}
			}
			if strings.IndexByte(w, '.') >= 0 {
				return j + 1 // the final dot of "U.S."
			}
			return j
		}
		if isApostrophe(r) && j+size < len(s) {
			r2, sz2 := utf8.DecodeRuneInString(s[j+size:])
			if unicode.IsLetter(r2) {
				k := j + size + sz2
				lone := (r2 == 's' || r2 == 'S') && (k >= len(s) || !isWordByte(s, k))
				if !lone {
					j = k
					continue
				}
			}
		}
		break
	}
	return j
}

// singleLetters reports whether w is one letter, or single letters joined by dots ("U", "U.S").
func singleLetters(w string) bool {
	if w == "" {
		return false
	}
	want := true // a letter is expected
	for _, r := range w {
		if want {
			if !unicode.IsLetter(r) {
				return false
			}
		} else if r != '.' {
			return false
		}
		want = !want
	}
	return !want
}
