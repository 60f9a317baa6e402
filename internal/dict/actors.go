package dict

import (
	"strings"

	"github.com/dyad-events/dyad/internal/model"
)

func readActors(lr *lineReader) []Actor {
	var out []Actor
	var cur *Actor
	for {
		s, ok := lr.next()
		if !ok {
			return out
		}
		if s[0] != ' ' && s[0] != '\t' {
			out = append(out, Actor{Name: strings.TrimSpace(s), Src: lr.src()})
			cur = &out[len(out)-1]
			cur.Aliases = append(cur.Aliases, Alias{cur.Name, lr.src()})
			continue
		}
		if cur == nil {
			lr.fail("indented line before any actor name")
			continue
		}
		key, val, _ := cutField(s)
		val = strings.TrimSpace(val)
		if val == "" {
			lr.fail("key %q has no value", key)
			continue
		}
		switch key {
		case "kind":
			switch val {
			case KindCountry, KindIGO, KindOrg, KindGroup, KindPerson, KindOutlet:
				cur.Kind = val
			default:
				lr.fail("unknown kind %q (want country, igo, org, group, person or outlet)", val)
			}
		case "code":
			if !validActorCode(val) {
				lr.fail("invalid actor code %q: want upper-case letters in groups of three", val)
			}
			cur.Code = val
		case "country":
			cur.Country = val
		case "state":
			cur.State = val == "yes"
			if val != "yes" && val != "no" {
				lr.fail("state %q: want yes or no", val)
			}
		case "alias", "demonym", "capital", "seat":
			for _, a := range splitAlts(val) {
				al := Alias{a, lr.src()}
				switch key {
				case "alias":
					if !strings.EqualFold(a, cur.Name) {
						cur.Aliases = append(cur.Aliases, al)
					}
				case "demonym":
					cur.Demonyms = append(cur.Demonyms, al)
				case "capital":
					cur.Capitals = append(cur.Capitals, al)
				default:
					cur.Seats = append(cur.Seats, al)
				}
			}
		case "role":
			if r, err := parseRole(val); err != "" {
				lr.fail("%s", err)
			} else {
				r.Src = lr.src()
				cur.Roles = append(cur.Roles, r)
			}
		default:
			lr.fail("unknown key %q (want kind, code, country, alias, demonym, capital, seat, role or state)", key)
		}
	}
}

// parseRole reads "CODE FROM..TO  title".
func parseRole(s string) (Role, string) {
	f := strings.Fields(s)
	if len(f) < 2 {
		return Role{}, "role: want CODE FROM..TO [title]"
	}
	r := Role{Code: f[0], Title: strings.Join(f[2:], " ")}
	if !validActorCode(r.Code) {
		return r, "role: invalid actor code " + r.Code
	}
	from, to, ok := strings.Cut(f[1], "..")
	if !ok {
		return r, "role: dates must be written FROM..TO (either end may be empty)"
	}
	var err error
	if from != "" {
		if strings.HasPrefix(from, "~") {
			r.Approx, from = true, from[1:]
		}
		if r.From, err = model.ParseDate(from); err != nil {
			return r, "role: " + err.Error()
		}
	}
	if to != "" {
		if strings.HasPrefix(to, "~") {
			r.Approx, to = true, to[1:]
		}
		if r.To, err = model.ParseDate(to); err != nil {
			return r, "role: " + err.Error()
		}
	}
	if !r.From.IsZero() && !r.To.IsZero() && !End(r.To).After(r.From.Time()) {
		return r, "role: the range ends before it starts"
	}
	return r, ""
}

// validActorCode reports whether s is made of upper-case letters and digits in groups of three.
func validActorCode(s string) bool {
	if len(s) < 3 || len(s)%3 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Active reports whether the role holds on day d. Open ends are unbounded; a range end given to
// the month or year covers the whole month or year.
func (r Role) Active(d model.Date) bool {
	t := d.Time()
	if !r.From.IsZero() && t.Before(r.From.Time()) {
		return false
	}
	if !r.To.IsZero() && !t.Before(End(r.To)) {
		return false
	}
	return true
}
