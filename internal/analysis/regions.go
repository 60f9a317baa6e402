package analysis

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed regions.txt
var regionsText string

// Region is a named group of countries, for the network of actors.
type Region struct {
	Name      string
	Slug      string // the name in a URL: "caucasus-and-central-asia"
	Countries []string
}

// Regions gives the shipped regions in file order.
func Regions() []Region {
	rs, err := parseRegions(regionsText)
	if err != nil {
		panic(err) // the embedded file is checked by its test
	}
	return rs
}

// RegionBySlug finds a region by its slug.
func RegionBySlug(slug string) (Region, bool) {
	for _, r := range Regions() {
		if r.Slug == slug {
			return r, true
		}
	}
	return Region{}, false
}

func parseRegions(text string) ([]Region, error) {
	var out []Region
	for i, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case line[0] != ' ':
			out = append(out, Region{Name: t, Slug: slug(t)})
		case len(out) == 0:
			return nil, fmt.Errorf("regions.txt:%d: countries before any region", i+1)
		default:
			for _, c := range strings.Fields(t) {
				if len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
					return nil, fmt.Errorf("regions.txt:%d: %q is not a country code", i+1, c)
				}
				r := &out[len(out)-1]
				r.Countries = append(r.Countries, c)
			}
		}
	}
	return out, nil
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}
