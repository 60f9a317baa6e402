// Package dates finds temporal expressions in news sentences and resolves them against the
// article's date, with the precision they carry: "on Friday" and "yesterday" to a day, "last week"
// to the Monday of that week, "in January" to a month, "in 2025" to a year, "in April and
// November 2025" to two months.
//
// News tells of the past: a weekday or a month without a year is the latest one on or before the
// article date, unless "next" or "coming" says otherwise.
package dates

import (
	"strconv"
	"time"

	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/text"
)

// Expr is one temporal expression: tokens [Start, End) and the dates it names.
type Expr struct {
	Start, End int
	Dates      []model.Date
	// Future holds the dates read forward instead, for expressions that leave the year or week
	// open ("on Monday", "in November"), when the event is still to come; nil otherwise.
	Future []model.Date
}

var months = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var numbers = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}

func isWeekday(w string) bool { _, ok := weekdays[w]; return ok }

// IsCalendarWord reports a month or weekday name written in full or abbreviated ("may" counts).
func IsCalendarWord(w string) bool {
	_, m := months[w]
	return m || isWeekday(w)
}

// yearCue words make a bare four-digit number a year.
var yearCue = map[string]bool{"in": true, "since": true, "by": true, "during": true, "until": true,
	"early": true, "late": true, "mid": true, "of": true, "throughout": true, "before": true, "after": true}

// Find returns the temporal expressions in tokens [from, to), resolved against ref. With a zero
// ref only expressions that carry their own year are resolved.
func Find(ts *text.Tokens, from, to int, ref model.Date) []Expr {
	var out []Expr
	r := ref.Time()
	hasRef := !ref.IsZero()
	w := func(i int) string {
		if i < from || i >= to {
			return ""
		}
		return ts.Norm(i)
	}
	num := func(i int) (int, bool) {
		if i < from || i >= to || ts.Toks[i].Kind != text.Number {
			return 0, false
		}
		n, err := strconv.Atoi(stripOrdinal(ts.Norm(i)))
		return n, err == nil
	}
	for i := from; i < to; i++ {
		word := w(i)
		switch {
		case word == "yesterday" && hasRef:
			out = append(out, Expr{i, i + 1, []model.Date{model.DayDate(r.AddDate(0, 0, -1))}, nil})
		case word == "today" && hasRef:
			out = append(out, Expr{i, i + 1, []model.Date{ref}, nil})
		case word == "tomorrow" && hasRef:
			out = append(out, Expr{i, i + 1, []model.Date{model.DayDate(r.AddDate(0, 0, 1))}, nil})
		case (word == "last" || word == "this" || word == "next" || word == "past" || word == "coming") && hasRef:
			unit := w(i + 1)
			if (word == "this" || word == "last") && unit == "night" {
				out = append(out, Expr{i, i + 2, []model.Date{model.DayDate(r.AddDate(0, 0, -1))}, nil})
				i++
				continue
			}
			step := map[string]int{"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[word]
			switch unit {
			case "week":
				out = append(out, Expr{i, i + 2, []model.Date{week(r.AddDate(0, 0, 7*step))}, nil})
				i++
			case "month":
				t := time.Date(r.Year(), r.Month()+time.Month(step), 1, 0, 0, 0, 0, time.UTC)
				out = append(out, Expr{i, i + 2, []model.Date{{Year: t.Year(), Month: int(t.Month()), Prec: model.PrecMonth}}, nil})
				i++
			case "year":
				out = append(out, Expr{i, i + 2, []model.Date{{Year: r.Year() + step, Prec: model.PrecYear}}, nil})
				i++
			default:
				if wd, ok := weekdays[unit]; ok {
					var t time.Time
					if step > 0 {
						t = nextWeekday(r, wd)
					} else {
						t = lastWeekday(r.AddDate(0, 0, -1), wd)
					}
					out = append(out, Expr{i, i + 2, []model.Date{model.DayDate(t)}, nil})
					i++
				} else if m, ok := months[unit]; ok && (len(unit) > 3 || unit == "may") {
					// "last May" is the latest May before this month; "next May" the first after it.
					y := r.Year()
					switch {
					case step < 0 && m >= int(r.Month()):
						y--
					case step > 0 && m <= int(r.Month()):
						y++
					}
					out = append(out, Expr{i, i + 2, []model.Date{{Year: y, Month: m, Prec: model.PrecMonth}}, nil})
					i++
				}
			}
		case isWeekday(word):
			if !ts.Toks[i].Cap {
				continue
			}
			// "Thursday, July 4" is a full date: let the month case take it.
			if k := skipComma(ts, i+1, to); months[w(k)] != 0 && ts.Toks[k].Cap {
				continue
			}
			if !hasRef {
				continue
			}
			out = append(out, Expr{i, i + 1, []model.Date{model.DayDate(lastWeekday(r, weekdays[word]))}, []model.Date{model.DayDate(nextWeekday(r, weekdays[word]))}})
		case months[word] != 0 && ts.Toks[i].Cap:
			if word == "may" && !monthContext(ts, i, from, to) {
				continue
			}
			e, ok := monthExpr(ts, i, from, to, ref, w, num)
			if ok {
				out = append(out, e)
				i = e.End - 1
			}
		case ts.Toks[i].Kind == text.Number:
			n, _ := num(i)
			// "5 January 2025", "5 Jan"
			if m := months[w(i+1)]; m != 0 && n >= 1 && n <= 31 && ts.Toks[i+1].Cap {
				end := i + 2
				y, ok := yearAt(ts, i+2, to, num)
				var fut []model.Date
				if ok {
					end = i + 3
				} else if hasRef {
					y = pastYear(r, m, n)
					fy := futureYear(r, m, n)
					if valid(fy, m, n) {
						fut = []model.Date{{Year: fy, Month: m, Day: n, Prec: model.PrecDay}}
					}
				} else {
					continue
				}
				if valid(y, m, n) {
					out = append(out, Expr{i, end, []model.Date{{Year: y, Month: m, Day: n, Prec: model.PrecDay}}, fut})
					i = end - 1
				}
				continue
			}
			// "two days ago", "3 weeks ago"
			if hasRef && w(i+2) == "ago" {
				if e, ok := ago(i, n, w(i+1), r); ok {
					out = append(out, e)
					i += 2
				}
				continue
			}
			if n >= 1900 && n <= 2100 && len(ts.Norm(i)) == 4 && yearCue[w(i-1)] {
				out = append(out, Expr{i, i + 1, []model.Date{{Year: n, Prec: model.PrecYear}}, nil})
			}
		default:
			if n, ok := numbers[word]; ok && hasRef && w(i+2) == "ago" {
				if e, ok := ago(i, n, w(i+1), r); ok {
					out = append(out, e)
					i += 2
				}
			}
		}
	}
	return out
}

func ago(i, n int, unit string, r time.Time) (Expr, bool) {
	if n < 1 || n > 1000 {
		// "5000 years ago" is history, and larger numbers overflow the calendar.
		return Expr{}, false
	}
	switch unit {
	case "day", "days":
		return Expr{i, i + 3, []model.Date{model.DayDate(r.AddDate(0, 0, -n))}, nil}, true
	case "week", "weeks":
		return Expr{i, i + 3, []model.Date{week(r.AddDate(0, 0, -7*n))}, nil}, true
	case "month", "months":
		t := time.Date(r.Year(), r.Month()-time.Month(n), 1, 0, 0, 0, 0, time.UTC)
		return Expr{i, i + 3, []model.Date{{Year: t.Year(), Month: int(t.Month()), Prec: model.PrecMonth}}, nil}, true
	case "year", "years":
		return Expr{i, i + 3, []model.Date{{Year: r.Year() - n, Prec: model.PrecYear}}, nil}, true
	}
	return Expr{}, false
}

// monthExpr reads an expression that starts with a month name: "January", "Jan. 5", "July 4,
// 2024", "April 2025", "April and November 2025".
func monthExpr(ts *text.Tokens, i, from, to int, ref model.Date, w func(int) string, num func(int) (int, bool)) (Expr, bool) {
	r := ref.Time()
	hasRef := !ref.IsZero()
	m := months[w(i)]
	j := i + 1
	if w(j) == "." {
		j++
	}
	// A weekday just before belongs to the expression.
	start := i
	if k := i - 1; k >= from && w(k) == "," {
		k--
		if k >= from && isWeekday(w(k)) {
			start = k
		}
	} else if k >= from && isWeekday(w(k)) {
		start = k
	}
	if d, ok := num(j); ok && d >= 1 && d <= 31 {
		end := j + 1
		y, ok := yearAt(ts, skipComma(ts, end, to), to, num)
		var fut []model.Date
		if ok {
			end = skipComma(ts, end, to) + 1
		} else if hasRef {
			y = pastYear(r, m, d)
			if fy := futureYear(r, m, d); valid(fy, m, d) {
				fut = []model.Date{{Year: fy, Month: m, Day: d, Prec: model.PrecDay}}
			}
		} else {
			return Expr{}, false
		}
		if !valid(y, m, d) {
			return Expr{}, false
		}
		return Expr{start, end, []model.Date{{Year: y, Month: m, Day: d, Prec: model.PrecDay}}, fut}, true
	}
	// "April and November 2025": months joined by "and", sharing a year.
	ms := []int{m}
	end := j
	for (w(end) == "and" || w(end) == "," || w(end) == "or") && months[w(end+1)] != 0 && ts.Toks[end+1].Cap {
		ms = append(ms, months[w(end+1)])
		end += 2
	}
	y, ok := yearAt(ts, end, to, num)
	if ok {
		end++
	} else if hasRef {
		y = -1
	} else {
		return Expr{}, false
	}
	var out, fut []model.Date
	for _, mm := range ms {
		yy := y
		if yy < 0 {
			yy = pastYear(r, mm, 1)
			fut = append(fut, model.Date{Year: futureYear(r, mm, 0), Month: mm, Prec: model.PrecMonth})
		}
		out = append(out, model.Date{Year: yy, Month: mm, Prec: model.PrecMonth})
	}
	return Expr{start, end, out, fut}, true
}

// monthContext reports whether "May" at i is the month: after in/since/by/of/early/late/until, or
// before a day number or a year.
func monthContext(ts *text.Tokens, i, from, to int) bool {
	if i > from && yearCue[ts.Norm(i-1)] {
		return true
	}
	return i+1 < to && ts.Toks[i+1].Kind == text.Number
}

func yearAt(ts *text.Tokens, i, to int, num func(int) (int, bool)) (int, bool) {
	if i >= to {
		return 0, false
	}
	y, ok := num(i)
	if !ok || y < 1900 || y > 2100 || len(ts.Norm(i)) != 4 {
		return 0, false
	}
	return y, true
}

func skipComma(ts *text.Tokens, i, to int) int {
	if i < to && ts.Norm(i) == "," {
		return i + 1
	}
	return i
}

func stripOrdinal(s string) string {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if len(s) > 2 && s[len(s)-2:] == suf {
			return s[:len(s)-2]
		}
	}
	return s
}

// pastYear gives the year in which month m, day d last fell on or before r (a week's grace after
// r, for events reported in advance).
func pastYear(r time.Time, m, d int) int {
	if d == 0 {
		d = 1
	}
	t := time.Date(r.Year(), time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.After(r.AddDate(0, 0, 7)) {
		return r.Year() - 1
	}
	return r.Year()
}

// futureYear gives the year in which month m, day d (0: the whole month) next falls on or after r.
func futureYear(r time.Time, m, d int) int {
	if m > int(r.Month()) || m == int(r.Month()) && (d == 0 || d >= r.Day()) {
		return r.Year()
	}
	return r.Year() + 1
}

func valid(y, m, d int) bool {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

// lastWeekday gives the latest day on or before r that falls on wd.
func lastWeekday(r time.Time, wd time.Weekday) time.Time {
	back := (int(r.Weekday()) - int(wd) + 7) % 7
	return r.AddDate(0, 0, -back)
}

// nextWeekday gives the first day after r that falls on wd.
func nextWeekday(r time.Time, wd time.Weekday) time.Time {
	fwd := (int(wd) - int(r.Weekday()) + 7) % 7
	if fwd == 0 {
		fwd = 7
	}
	return r.AddDate(0, 0, fwd)
}

// week gives the Monday of the week of t, at week precision.
func week(t time.Time) model.Date {
	back := (int(t.Weekday()) + 6) % 7
	d := model.DayDate(t.AddDate(0, 0, -back))
	d.Prec = model.PrecWeek
	return d
}
