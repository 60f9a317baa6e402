// Package model holds the plain values that flow through dyad: documents, sentences, tokens,
// actor mentions, dates and coded events. It imports only the standard library.
package model

import (
	"fmt"
	"time"
)

// Document is one article: its text and what is known of where and when it was published.
type Document struct {
	ID     string // input id or file name
	Text   string
	Title  string
	URL    string
	Outlet string
	Date   Date // publication date; zero when unknown
}

// Precision says how much of a Date is known.
type Precision uint8

// Date precisions, from none to a single day.
const (
	PrecNone Precision = iota
	PrecYear
	PrecMonth
	PrecWeek // the Monday that starts the week
	PrecDay
)

// String gives the precision's name as used in output.
func (p Precision) String() string {
	switch p {
	case PrecYear:
		return "year"
	case PrecMonth:
		return "month"
	case PrecWeek:
		return "week"
	case PrecDay:
		return "day"
	}
	return ""
}

// Date is a calendar date known to a precision. Fields below the precision are zero.
type Date struct {
	Year, Month, Day int
	Prec             Precision
}

// IsZero reports whether nothing is known of the date.
func (d Date) IsZero() bool { return d.Prec == PrecNone }

// String formats the date as YYYY-MM-DD, YYYY-MM or YYYY following its precision.
func (d Date) String() string {
	switch d.Prec {
	case PrecYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecWeek, PrecDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// Time returns the first day the date covers, in UTC.
func (d Date) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// DayDate builds a day-precision date from a time.
func DayDate(t time.Time) Date {
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Prec: PrecDay}
}

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	var d Date
	switch len(s) {
	case 4:
		if _, err := time.Parse("2006", s); err != nil {
			return d, fmt.Errorf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		fmt.Sscanf(s, "%d", &d.Year)
		d.Prec = PrecYear
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return d, fmt.Errorf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		d = Date{Year: t.Year(), Month: int(t.Month()), Prec: PrecMonth}
	case 10:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return d, fmt.Errorf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		d = DayDate(t)
	default:
		return d, fmt.Errorf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	return d, nil
}

// Mode says whether and how an event happened, as the text tells it.
type Mode string

// The modes an event can carry.
const (
	Asserted     Mode = "asserted"
	Negated      Mode = "negated"
	Intended     Mode = "intended"
	Hypothetical Mode = "hypothetical"
	Reported     Mode = "reported"
	Denied       Mode = "denied"
)

// ValidMode reports whether m is one of the known modes.
func ValidMode(m Mode) bool {
	switch m {
	case Asserted, Negated, Intended, Hypothetical, Reported, Denied:
		return true
	}
	return false
}

// Source points at one line of one dictionary file.
type Source struct {
	File string
	Line int
}

// String formats the source as file:line.
func (s Source) String() string { return fmt.Sprintf("%s:%d", s.File, s.Line) }

// Actor is a coded participant of an event.
type Actor struct {
	Code    string `json:"code"`
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
	Text    string `json:"text"`
	Entity  string `json:"entity,omitempty"`
}

// Evidence is where in the document an event is said.
type Evidence struct {
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Sentence string `json:"sentence"`
}

// Explanation tells why an event was coded as it was.
type Explanation struct {
	Rule    string   `json:"rule"`
	Entries []string `json:"entries"` // dictionary entries used, each "file:line what"
	Mode    string   `json:"mode"`    // why the mode was chosen
	Date    string   `json:"date"`    // where the date came from
}

// Event is one coded fact of one document: source did code to target at date in mode.
type Event struct {
	Doc           string       `json:"doc"`
	Sentence      int          `json:"sentence"`
	Source        Actor        `json:"source"`
	Target        Actor        `json:"target"`
	Cameo         string       `json:"cameo"`
	Root          string       `json:"root"`
	Quad          int          `json:"quad"`
	Goldstein     float64      `json:"goldstein"`
	Plover        string       `json:"plover"`
	PloverMode    string       `json:"plover_mode,omitempty"`
	PloverContext string       `json:"plover_context,omitempty"`
	Mode          Mode         `json:"mode"`
	Date          string       `json:"date"`
	DatePrecision string       `json:"date_precision"`
	Speaker       *Actor       `json:"speaker,omitempty"`
	Evidence      Evidence     `json:"evidence"`
	Mentions      []Evidence   `json:"mentions,omitempty"`
	Rule          string       `json:"rule"`
	Confidence    float64      `json:"confidence"`
	Outlet        string       `json:"outlet,omitempty"`
	URL           string       `json:"url,omitempty"`
	Explain       *Explanation `json:"explain,omitempty"`
}

// Span is a stretch of a document's text, in bytes: [Start, End).
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Mention is one actor named in a document, with the sentence it is in (an index into
// Analysis.Sentences) and its bytes.
type Mention struct {
	Sentence int   `json:"sentence"`
	Span     Span  `json:"span"`
	Actor    Actor `json:"actor"`
}

// Quote is one quotation of a document: the bytes between its marks and who says it, when the
// coder can tell.
type Quote struct {
	Sentence int    `json:"sentence"`
	Span     Span   `json:"span"`
	Speaker  *Actor `json:"speaker,omitempty"`
}

// Analysis is all the coder reads in one document: its sentences, the actors it names, its
// quotations and the events it tells.
type Analysis struct {
	Sentences []Span
	Mentions  []Mention
	Quotes    []Quote
	Events    []Event
}
