package chart

import (
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// elem is a generic XML element, for inspecting the charts.
type elem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []elem     `xml:",any"`
	Text     string     `xml:",chardata"`
}

// attr returns the value of the named attribute, or "".
func (e elem) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// num returns the named attribute as a number.
func (e elem) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(e.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", e.XMLName.Local, name, e.attr(name), err)
	}
	return v
}

// title returns the text of the element's <title> child, if any.
func (e elem) title() (string, bool) {
	for _, c := range e.Children {
		if c.XMLName.Local == "title" {
			return c.Text, true
		}
	}
	return "", false
}

// walk calls f for e and all its descendants, with the parent of each.
func (e *elem) walk(parent *elem, f func(e, parent *elem)) {
	f(e, parent)
	for i := range e.Children {
		e.Children[i].walk(e, f)
	}
}

// find returns all descendants (or e itself) with the given local name.
func (e *elem) find(name string) []*elem {
	var out []*elem
	e.walk(nil, func(x, _ *elem) {
		if x.XMLName.Local == name {
			out = append(out, x)
		}
	})
	return out
}

// parse checks that out is one well-formed <svg> element with the required
// root attributes and returns its tree.
func parse(t *testing.T, out template.HTML) *elem {
	t.Helper()
	s := string(out)
	dec := xml.NewDecoder(strings.NewReader(s))
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && strings.TrimSpace(string(tok)) != "" {
				t.Fatalf("text outside the root element: %q", tok)
			}
		}
	}
	if roots != 1 {
		t.Fatalf("want exactly one root element, got %d", roots)
	}
	var root elem
	if err := xml.Unmarshal([]byte(s), &root); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root is %v, want svg in the SVG namespace", root.XMLName)
	}
	if !regexp.MustCompile(`^0 0 \d+ \d+$`).MatchString(root.attr("viewBox")) {
		t.Errorf("viewBox = %q", root.attr("viewBox"))
	}
	if root.attr("role") != "img" || root.attr("aria-label") == "" || !strings.HasPrefix(root.attr("class"), "chart ") {
		t.Errorf("root attributes: role=%q aria-label=%q class=%q", root.attr("role"), root.attr("aria-label"), root.attr("class"))
	}
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(s, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	return &root
}

// marks returns the elements that carry a <title> child.
func marks(root *elem) []*elem {
	var out []*elem
	root.walk(nil, func(e, _ *elem) {
		if _, ok := e.title(); ok {
			out = append(out, e)
		}
	})
	return out
}

var quad = []Layer{
	{Name: "verbal cooperation", Class: "q1", Color: "#6baed6"},
	{Name: "material cooperation", Class: "q2", Color: "#2171b5"},
	{Name: "verbal conflict", Class: "q3", Color: "#fd8d3c"},
	{Name: "material conflict", Class: "q4", Color: "#cb181d"},
}

// columns makes n monthly columns with pseudo-random counts.
func columns(n int, seed uint64) []Column {
	r := rand.New(rand.NewPCG(seed, 1))
	cols := make([]Column, n)
	for i := range cols {
		label := fmt.Sprintf("%d-%02d", 2020+i/12, i%12+1)
		cols[i] = Column{Label: label, Href: "/events?month=" + label}
		for range quad {
			cols[i].Values = append(cols[i].Values, float64(r.IntN(6)))
		}
	}
	return cols
}

// network makes a connected pseudo-random network.
func network(nodes, edges int, seed uint64) Network {
	r := rand.New(rand.NewPCG(seed, 2))
	var n Network
	for i := 0; i < nodes; i++ {
		id := fmt.Sprintf("A%03d", i)
		n.Nodes = append(n.Nodes, Node{ID: id, Label: id, Href: "/actor/" + id, Size: r.ExpFloat64() * 100})
	}
	for i := 0; i < edges && nodes > 1; i++ {
		a, b := r.IntN(nodes), r.IntN(nodes)
		if i > 0 && i < nodes {
			a, b = i, r.IntN(i) // a spanning tree first
		}
		n.Edges = append(n.Edges, Edge{From: a, To: b, Volume: r.ExpFloat64() * 40, Mean: r.Float64()*20 - 10})
	}
	return n
}

func TestWellFormed(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	daily := columns(400, 3)
	for i := range daily {
		daily[i].Label = fmt.Sprintf("2026-%02d-%02d", i/28%12+1, i%28+1)
	}
	selfLoops := network(5, 5, 4)
	selfLoops.Edges = append(selfLoops.Edges, Edge{From: 2, To: 2, Volume: 3}, Edge{From: -1, To: 2}, Edge{From: 0, To: 99}, Edge{From: 1, To: 3, Volume: nan, Mean: nan})
	same := Network{Nodes: []Node{{ID: "X"}, {ID: "X"}, {ID: "X"}}, Edges: []Edge{{From: 0, To: 1}, {From: 1, To: 2, Volume: inf, Mean: -inf}}}

	tests := []struct {
		name  string
		chart template.HTML
	}{
		{"bars", Bars{Title: "Events", Layers: quad, Up: columns(24, 1), YLabel: "events"}.SVG()},
		{"bars mirrored", Bars{Title: "AZE ↔ IRN", Layers: quad, Up: columns(24, 1), Down: columns(24, 2), UpLabel: "AZE → IRN", DownLabel: "IRN → AZE"}.SVG()},
		{"bars daily", Bars{Layers: quad, Up: daily, Down: daily}.SVG()},
		{"bars no columns", Bars{Title: "empty", Layers: quad}.SVG()},
		{"bars no layers", Bars{Up: columns(3, 1)}.SVG()},
		{"bars zero value", Bars{}.SVG()},
		{"bars all zero", Bars{Layers: quad, Up: []Column{{Label: "a"}, {Label: "b", Values: []float64{0, 0}}}}.SVG()},
		{"bars bad values", Bars{Layers: quad, Up: []Column{{Label: "a", Values: []float64{nan, inf, -inf, -3}}, {Values: []float64{1}}, {Values: []float64{1, 2, 3, 4, 5, 6}}}}.SVG()},
		{"bars huge values", Bars{Layers: quad, Up: []Column{{Values: []float64{math.MaxFloat64, math.MaxFloat64}}, {Values: []float64{1e-300}}}}.SVG()},
		{"bars fractional", Bars{Layers: quad[:1], Up: []Column{{Values: []float64{0.25}}, {Values: []float64{0.7}}}}.SVG()},
		{"bars down length mismatch", Bars{Layers: quad, Up: columns(5, 1), Down: columns(3, 2), DownLabel: "x"}.SVG()},
		{"bars one column", Bars{Layers: quad, Up: columns(1, 1)}.SVG()},
		{"bars tiny", Bars{Width: 10, Height: 5, Layers: quad, Up: columns(50, 1), YLabel: "events"}.SVG()},
		{"bars negative size", Bars{Width: -5, Height: -5, Layers: quad, Up: columns(3, 1)}.SVG()},
		{"lines", Lines{Title: "Goldstein", Labels: []string{"a", "b", "c", "d"}, Series: []Series{{Name: "fwd", Values: []float64{1, -2, nan, 3}}, {Name: "bwd", Values: []float64{nan, 4, 5, -6}}}, YMin: -10, YMax: 10, ZeroLine: true, YLabel: "mean"}.SVG()},
		{"lines fit", Lines{Labels: []string{"a", "b", "c"}, Series: []Series{{Values: []float64{0.1, 0.15, 0.12}}}, ZeroLine: true}.SVG()},
		{"lines empty", Lines{Title: "nothing"}.SVG()},
		{"lines no series", Lines{Labels: []string{"a"}}.SVG()},
		{"lines all NaN", Lines{Labels: []string{"a", "b"}, Series: []Series{{Values: []float64{nan, inf}}}}.SVG()},
		{"lines single value", Lines{Labels: []string{"a"}, Series: []Series{{Values: []float64{7}}}}.SVG()},
		{"lines ragged", Lines{Labels: []string{"a", "b", "c"}, Series: []Series{{Values: []float64{1}, Titles: []string{"x", "y", "z", "w"}, Hrefs: []string{"/a"}}, {Values: []float64{1, 2, 3, 4, 5}}}}.SVG()},
		{"lines outside fixed range", Lines{Labels: []string{"a", "b"}, Series: []Series{{Values: []float64{-50, 50}}}, YMin: -10, YMax: 10}.SVG()},
		{"lines reversed and equal range", Lines{Labels: []string{"a", "b"}, Series: []Series{{Values: []float64{1, 2}}}, YMin: 3, YMax: 3}.SVG()},
		{"lines constant", Lines{Labels: []string{"a", "b"}, Series: []Series{{Values: []float64{0, 0}}}}.SVG()},
		{"lines huge", Lines{Labels: []string{"a", "b"}, Series: []Series{{Values: []float64{-math.MaxFloat64, math.MaxFloat64}}}}.SVG()},
		{"lines many labels", Lines{Labels: make([]string, 1000), Series: []Series{{Values: make([]float64, 1000)}}}.SVG()},
		{"network", network(40, 80, 1).SVG()},
		{"network big", network(300, 3000, 2).SVG()},
		{"network empty", Network{Title: "none"}.SVG()},
		{"network one node", Network{Nodes: []Node{{ID: "AZE", Size: 5}}}.SVG()},
		{"network one node self-loop", Network{Nodes: []Node{{ID: "AZE"}}, Edges: []Edge{{From: 0, To: 0}}}.SVG()},
		{"network bad edges", selfLoops.SVG()},
		{"network same ids", same.SVG()},
		{"network only bad edges", Network{Edges: []Edge{{From: 0, To: 1}}}.SVG()},
		{"network tiny", Network{Width: 12, Height: 9, Nodes: network(10, 10, 1).Nodes}.SVG()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parse(t, tt.chart)
		})
	}
}

func TestNoData(t *testing.T) {
	for name, out := range map[string]template.HTML{
		"bars":    Bars{Title: "t"}.SVG(),
		"lines":   Lines{Labels: []string{"a"}, Series: []Series{{Values: []float64{math.NaN()}}}}.SVG(),
		"network": Network{}.SVG(),
	} {
		root := parse(t, out)
		texts := root.find("text")
		if len(texts) == 0 || texts[len(texts)-1].Text != "no data" {
			t.Errorf("%s: no \"no data\" text in %s", name, out)
		}
		if n := len(marks(root)); n != 0 {
			t.Errorf("%s: %d marks in an empty chart", name, n)
		}
	}
}

func TestEscaping(t *testing.T) {
	const script = `<script>alert(1)</script>`
	const attr = `" onmouseover="x`
	for _, p := range []string{script, attr, script + attr + "'&\x00\x1b\xff"} {
		href := "/a" + p
		layers := []Layer{{Name: p, Class: p, Color: p}, {Name: p, Class: "ok " + p, Color: "#abc" + p}}
		col := Column{Label: p, Values: []float64{1, 2}, Title: p, Href: href}
		ser := Series{Name: p, Class: p, Color: p, Values: []float64{1, 2}, Titles: []string{p, ""}, Hrefs: []string{href, p}}
		charts := map[string]template.HTML{
			"bars": Bars{Title: p, Layers: layers, Up: []Column{col, col}, Down: []Column{col, col},
				UpLabel: p, DownLabel: p, YLabel: p}.SVG(),
			"lines": Lines{Title: p, Labels: []string{p, p}, Series: []Series{ser}, YLabel: p}.SVG(),
			"network": Network{Title: p,
				Nodes: []Node{{ID: p, Label: p, Title: p, Href: href, Size: 1}, {ID: p, Title: "", Href: p}},
				Edges: []Edge{{From: 0, To: 1, Volume: 1, Title: p, Href: href}, {From: 1, To: 0, Href: p}},
			}.SVG(),
			"empty": Bars{Title: p}.SVG(),
		}
		for name, out := range charts {
			s := string(out)
			if strings.Contains(s, "<script") || strings.Contains(s, `" onmouseover`) || strings.Contains(s, "\x00") {
				t.Errorf("%s: unescaped payload in %s", name, s)
			}
			root := parse(t, out)
			found := false
			root.walk(nil, func(e, _ *elem) {
				if e.XMLName.Local == "script" {
					t.Errorf("%s: script element", name)
				}
				for _, a := range e.Attrs {
					if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
						t.Errorf("%s: event handler attribute %s", name, a.Name.Local)
					}
				}
				switch e.XMLName.Local {
				case "rect", "circle", "line", "path":
					if f := e.attr("fill"); f != "" && f != "none" && !regexp.MustCompile(`^#([0-9a-fA-F]{3}){1,2}$`).MatchString(f) {
						t.Errorf("%s: fill %q", name, f)
					}
					if c := e.attr("class"); c != "" && !regexp.MustCompile(`^[A-Za-z0-9_ -]+$`).MatchString(c) {
						t.Errorf("%s: class %q", name, c)
					}
				case "a":
					if h := e.attr("href"); h != href && h != strings.ReplaceAll(href, "\xff", "\ufffd") {
						t.Errorf("%s: href %q", name, h)
					}
				}
				if strings.Contains(e.Text, "<script>") || strings.Contains(e.attr("aria-label"), "<script>") {
					found = true // the payload survived as text, escaped in the markup
				}
			})
			if strings.Contains(p, script) && !found {
				t.Errorf("%s: payload text lost", name)
			}
		}
	}
}

func TestSafeHref(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"/actors/AZE", "/actors/AZE"},
		{"?month=2026-01", "?month=2026-01"},
		{"#top", "#top"},
		{"  /trimmed ", "/trimmed"},
		{"http://example.org/x", "http://example.org/x"},
		{"HTTPS://example.org/x?a=1&b=2", "HTTPS://example.org/x?a=1&b=2"},
		{"", ""},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{" javascript:alert(1)", ""},
		{"java\tscript:alert(1)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"vbscript:msgbox", ""},
		{"mailto:a@b.c", ""},
		{"ftp://example.org", ""},
		{"http:/no-host", ""},
		{"relative/path", ""},
		{"/\\evil.example", ""},
		{"/a\nb", ""},
		{"/\xff", ""},
	}
	for _, tt := range tests {
		if got := safeHref(tt.in); got != tt.want {
			t.Errorf("safeHref(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBadHrefDropped(t *testing.T) {
	for _, bad := range []string{"javascript:alert(1)", "data:text/html,x", "  JAVASCRIPT:x"} {
		charts := []template.HTML{
			Bars{Layers: quad, Up: []Column{{Label: "a", Values: []float64{1}, Href: bad}}}.SVG(),
			Lines{Labels: []string{"a"}, Series: []Series{{Values: []float64{1}, Hrefs: []string{bad}}}}.SVG(),
			Network{Nodes: []Node{{ID: "A", Href: bad}, {ID: "B"}}, Edges: []Edge{{From: 0, To: 1, Href: bad}}}.SVG(),
		}
		for i, out := range charts {
			root := parse(t, out)
			if n := len(root.find("a")); n != 0 {
				t.Errorf("chart %d, href %q: %d links", i, bad, n)
			}
			if n := len(marks(root)); n == 0 {
				t.Errorf("chart %d: the mark itself was dropped", i)
			}
		}
	}
	// A good link wraps the marks: all the segments of a bar column.
	root := parse(t, Bars{Layers: quad, Up: []Column{
		{Values: []float64{1, 0, 2}, Href: "/x?a=1&b=2"},
		{Values: []float64{0, 0}, Href: "/empty"},
		{Values: []float64{4}},
	}}.SVG())
	links := root.find("a")
	if len(links) != 1 || links[0].attr("href") != "/x?a=1&b=2" || len(links[0].Children) != 2 {
		t.Fatalf("want one link around two rects, got %+v", links)
	}
	for _, c := range links[0].Children {
		if _, ok := c.title(); c.XMLName.Local != "rect" || !ok {
			t.Errorf("link wraps <%s>, want a rect with a title", c.XMLName.Local)
		}
	}
	root = parse(t, Lines{Labels: []string{"a", "b"}, Series: []Series{{Values: []float64{1, 2}, Hrefs: []string{"", "https://example.org/b"}}}}.SVG())
	links = root.find("a")
	if len(links) != 1 || links[0].attr("href") != "https://example.org/b" || len(links[0].Children) != 1 || links[0].Children[0].XMLName.Local != "circle" {
		t.Errorf("want one link around the second point, got %+v", links)
	}
}

func TestSafeColorAndClass(t *testing.T) {
	colors := map[string]string{
		"#abc": "#abc", "#A0B1C2": "#A0B1C2", "": "def", "red": "def", "#abcd": "def",
		"#ggg": "def", `#abc" x="`: "def", "url(#x)": "def", "#12345": "def",
	}
	for in, want := range colors {
		if got := safeColor(in, "def"); got != want {
			t.Errorf("safeColor(%q) = %q, want %q", in, got, want)
		}
	}
	classes := map[string]string{
		"q1": "q1", "fwd bwd": "fwd bwd", "  a   b ": "a b", "a_b-c": "a_b-c",
		"": "", "a>b": "", `a" onclick="x`: "", "é": "", "a\tb": "",
	}
	for in, want := range classes {
		if got := safeClass(in); got != want {
			t.Errorf("safeClass(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEsc(t *testing.T) {
	tests := map[string]string{
		"plain AZE → IRN": "plain AZE → IRN",
		`<a href="x">&'`:  "&lt;a href=&quot;x&quot;&gt;&amp;&#39;",
		"a\nb":            "a&#10;b",
		"nul\x00\x1f":     "nul\ufffd\ufffd",
		"bad\xff":         "bad\ufffd",
	}
	for in, want := range tests {
		if got := esc(in); got != want {
			t.Errorf("esc(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTicks(t *testing.T) {
	steps := []struct {
		span float64
		n    int
		want float64
	}{
		{10, 5, 2}, {100, 4, 50}, {1, 5, 0.2}, {7, 7, 1}, {3, 1, 5}, {20, 4, 5}, {0, 5, 1}, {-3, 5, 1}, {math.Inf(1), 5, 1},
	}
	for _, tt := range steps {
		if got := niceStep(tt.span, tt.n); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("niceStep(%v, %d) = %v, want %v", tt.span, tt.n, got, tt.want)
		}
	}
	got := ticks(-10, 10, 5)
	want := []float64{-10, -5, 0, 5, 10}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ticks(-10, 10, 5) = %v, want %v", got, want)
	}
	if got := ticks(0.1, 0.95, 0.2); len(got) != 4 || math.Abs(got[0]-0.2) > 1e-9 || math.Abs(got[3]-0.8) > 1e-9 {
		t.Errorf("ticks(0.1, 0.95, 0.2) = %v", got)
	}
	for _, tt := range []struct {
		v, step float64
		want    string
	}{{0.6000000000000001, 0.2, "0.6"}, {math.Copysign(0, -1), 1, "0"}, {-1e-17, 0.5, "0.0"}, {25, 5, "25"}, {0.05, 0.05, "0.05"}, {-2.5, 0.5, "-2.5"}} {
		if got := formatTick(tt.v, tt.step); got != tt.want {
			t.Errorf("formatTick(%v, %v) = %q, want %q", tt.v, tt.step, got, tt.want)
		}
	}
}

func TestGoldsteinColor(t *testing.T) {
	tests := []struct {
		g    float64
		want string
	}{
		{-10, "#b2182b"}, {0, "#b0b0b0"}, {10, "#2166ac"},
		{-25, "#b2182b"}, {25, "#2166ac"}, {math.Inf(-1), "#b2182b"}, {math.Inf(1), "#2166ac"}, {math.NaN(), "#b0b0b0"},
		{-5, "#b1646e"}, {5, "#698bae"},
	}
	for _, tt := range tests {
		if got := GoldsteinColor(tt.g); got != tt.want {
			t.Errorf("GoldsteinColor(%v) = %q, want %q", tt.g, got, tt.want)
		}
	}
	// Monotone: the higher the score, the more blue outweighs red.
	prev := math.MinInt
	for g := -10.0; g <= 10; g += 0.5 {
		c := GoldsteinColor(g)
		r, _ := strconv.ParseInt(c[1:3], 16, 0)
		b, _ := strconv.ParseInt(c[5:7], 16, 0)
		if int(b-r) <= prev {
			t.Errorf("GoldsteinColor(%v) = %s is not monotone", g, c)
		}
		prev = int(b - r)
	}
}

func TestBarsMirrored(t *testing.T) {
	up, down := columns(12, 1), columns(12, 2)
	root := parse(t, Bars{Layers: quad, Up: up, Down: down, UpLabel: "AZE → IRN", DownLabel: "IRN → AZE"}.SVG())
	var ups, downs []*elem
	for _, r := range root.find("rect") {
		title, ok := r.title()
		switch {
		case !ok: // legend swatch
		case strings.Contains(title, "AZE → IRN"):
			ups = append(ups, r)
		case strings.Contains(title, "IRN → AZE"):
			downs = append(downs, r)
		default:
			t.Errorf("segment without direction: %q", title)
		}
	}
	if len(ups) == 0 || len(downs) == 0 {
		t.Fatalf("%d up and %d down segments", len(ups), len(downs))
	}
	axis := math.Inf(-1) // the lowest bottom of the Up segments
	for _, r := range ups {
		axis = math.Max(axis, r.num(t, "y")+r.num(t, "height"))
	}
	top := math.Inf(1) // the highest top of the Down segments
	for _, r := range downs {
		top = math.Min(top, r.num(t, "y"))
	}
	if math.Abs(axis-top) > 0.02 {
		t.Errorf("Up segments end at %v but Down segments start at %v", axis, top)
	}
	for _, r := range ups {
		if y := r.num(t, "y"); y >= axis {
			t.Errorf("Up segment at y=%v is not above the axis %v", y, axis)
		}
	}
	for _, r := range downs {
		if y, h := r.num(t, "y"), r.num(t, "height"); y < axis-0.02 || h <= 0 {
			t.Errorf("Down segment at y=%v height %v is not below the axis %v", y, h, axis)
		}
	}
	// Symmetric scale: the same stack goes as far up as down.
	same := Bars{Layers: quad, Up: up, Down: up, UpLabel: "u", DownLabel: "d"}.SVG()
	r := parse(t, same)
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, m := range r.find("rect") {
		if _, ok := m.title(); ok {
			minY = math.Min(minY, m.num(t, "y"))
			maxY = math.Max(maxY, m.num(t, "y")+m.num(t, "height"))
		}
	}
	var axisY float64
	for _, m := range r.find("rect") {
		if title, _ := m.title(); strings.Contains(title, " · u · ") {
			axisY = math.Max(axisY, m.num(t, "y")+m.num(t, "height"))
		}
	}
	if math.Abs((axisY-minY)-(maxY-axisY)) > 0.05 {
		t.Errorf("not symmetric: %v above, %v below", axisY-minY, maxY-axisY)
	}
}

func TestMarksCount(t *testing.T) {
	nan := math.NaN()
	bars := Bars{Layers: quad, Up: []Column{
		{Values: []float64{1, 0, 2, nan}},   // 2
		{Values: []float64{-1, 3}},          // 1
		{Values: []float64{1, 1, 1, 1, 1}},  // 4 (the fifth has no layer)
		{Values: []float64{math.Inf(1), 0}}, // 0
	}, Down: []Column{{Values: []float64{1}}, {}, {Values: []float64{0, 0, 5}}, {Values: []float64{2, 2}}}} // 1+0+1+2
	lines := Lines{Labels: []string{"a", "b", "c"}, Series: []Series{
		{Values: []float64{1, nan, 3, 4}},    // 2 (the fourth has no label)
		{Values: []float64{nan, 5}},          // 1
		{Values: []float64{math.Inf(-1), 0}}, // 1
	}}
	net := Network{
		Nodes: []Node{{ID: "A"}, {ID: "B"}, {ID: "C"}},
		Edges: []Edge{{From: 0, To: 1}, {From: 1, To: 2}, {From: 2, To: 2}, {From: 0, To: 3}, {From: -1, To: 0}},
	} // 3 nodes + 2 edges
	big := network(50, 120, 7)
	bigMarks := len(big.Nodes)
	for _, e := range big.Edges {
		if e.From != e.To {
			bigMarks++
		}
	}
	tests := []struct {
		name string
		out  template.HTML
		want int
	}{
		{"bars", bars.SVG(), 11},
		{"lines", lines.SVG(), 4},
		{"network", net.SVG(), 5},
		{"network big", big.SVG(), bigMarks},
	}
	for _, tt := range tests {
		root := parse(t, tt.out)
		if n := strings.Count(string(tt.out), "<title>"); n != tt.want {
			t.Errorf("%s: %d <title> elements, want %d", tt.name, n, tt.want)
		}
		for _, m := range marks(root) {
			if title, _ := m.title(); strings.TrimSpace(title) == "" {
				t.Errorf("%s: empty tooltip on <%s>", tt.name, m.XMLName.Local)
			}
		}
	}
}

func TestBarsTooltipsAndWidths(t *testing.T) {
	b := Bars{Layers: quad, UpLabel: "AZE → IRN", Up: []Column{
		{Label: "2026-01", Values: []float64{0, 0, 3}},
		{Label: "2026-02", Values: []float64{0, 0, 2.5}, Title: "12 events in all"},
	}}
	var got []string
	for _, m := range marks(parse(t, b.SVG())) {
		title, _ := m.title()
		got = append(got, title)
	}
	want := []string{"2026-01 · AZE → IRN · verbal conflict: 3", "2026-02 · AZE → IRN · verbal conflict: 2.5\n12 events in all"}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("tooltips %q, want %q", got, want)
	}

	// 400 daily columns: bars at least 1 unit wide, inside the viewBox, few labels.
	cols := columns(400, 5)
	root := parse(t, Bars{Layers: quad, Up: cols}.SVG())
	for _, m := range marks(root) {
		if w, x := m.num(t, "width"), m.num(t, "x"); w < 1 || x < 0 || x+w > 720.01 {
			t.Fatalf("bar x=%v width=%v", x, w)
		}
	}
	for _, g := range root.find("g") {
		if g.attr("class") != "x-ticks" {
			continue
		}
		labels := g.find("text")
		if len(labels) < 2 || len(labels) > 720/60 {
			t.Errorf("%d x labels for 400 columns", len(labels))
		}
		for i := 1; i < len(labels); i++ {
			gap := labels[i].num(t, "x") - labels[i-1].num(t, "x")
			if gap < textWidth(labels[i].Text, fontSize) {
				t.Errorf("x labels %q and %q overlap", labels[i-1].Text, labels[i].Text)
			}
		}
	}
}

func TestLines(t *testing.T) {
	nan := math.NaN()
	l := Lines{
		Labels: []string{"a", "b", "c", "d", "e", "f", "g"},
		Series: []Series{
			{Name: "fwd", Class: "fwd", Values: []float64{1, 2, nan, 3, 4, nan, nan}, Hrefs: []string{"/p1"}},
			{Name: "bwd", Values: []float64{nan, nan, 5, nan, nan, nan, nan}, Titles: []string{"", "", "custom"}},
		},
		YMin: -10, YMax: 10, ZeroLine: true,
	}
	root := parse(t, l.SVG())
	paths := root.find("path")
	if len(paths) != 1 { // the isolated value of bwd has no line
		t.Fatalf("%d paths, want 1", len(paths))
	}
	if d := paths[0].attr("d"); strings.Count(d, "M") != 2 || strings.Count(d, "L") != 2 || paths[0].attr("class") != "fwd" {
		t.Errorf("fwd path d=%q class=%q: want two pieces", d, paths[0].attr("class"))
	}
	var titles []string
	for _, m := range marks(root) {
		title, _ := m.title()
		titles = append(titles, title)
	}
	want := []string{"fwd a: 1", "fwd b: 2", "fwd d: 3", "fwd e: 4", "custom"}
	if fmt.Sprintf("%q", titles) != fmt.Sprintf("%q", want) {
		t.Errorf("titles %q, want %q", titles, want)
	}
	if links := root.find("a"); len(links) != 1 || links[0].attr("href") != "/p1" {
		t.Errorf("want one link to /p1, got %d", len(links))
	}
	// The fixed range maps -10..10 onto the plot: 0 is in the middle and the
	// zero line sits there.
	var zero *elem
	for _, ln := range root.find("line") {
		if ln.attr("class") == "zero" {
			zero = ln
		}
	}
	if zero == nil {
		t.Fatal("no zero line")
	}
	circles := root.find("circle")
	y1, y2 := circles[0].num(t, "cy"), circles[1].num(t, "cy") // values 1 and 2
	if z := zero.num(t, "y1"); !(y2 < y1 && y1 < z) || math.Abs((z-y1)-(y1-y2)) > 0.02 {
		t.Errorf("zero line at %v, points at %v and %v: scale not linear", z, y1, y2)
	}
}

func TestNetworkDeterministic(t *testing.T) {
	n := network(60, 150, 3)
	a, b := n.SVG(), n.SVG()
	if a != b {
		t.Fatal("two renderings of the same network differ")
	}
	c := network(60, 150, 3).SVG()
	if a != c {
		t.Fatal("rendering an equal network gives a different SVG")
	}
	// A different network must lay out differently.
	if network(60, 150, 4).SVG() == a {
		t.Fatal("different networks give the same SVG")
	}
}

func TestLayoutInBounds(t *testing.T) {
	tests := []struct {
		name string
		n    Network
	}{
		{"small", network(5, 6, 1)},
		{"medium", network(40, 80, 2)},
		{"large", network(300, 3000, 3)},
		{"one", Network{Nodes: []Node{{ID: "A", Size: 100}}}},
		{"two", Network{Nodes: []Node{{ID: "A", Size: 100}, {ID: "B", Size: 1}}, Edges: []Edge{{From: 0, To: 1, Volume: 5}}}},
		{"disconnected", network(30, 0, 4)},
		{"titled small box", func() Network { n := network(20, 30, 5); n.Title = "T"; n.Width, n.Height = 200, 120; return n }()},
		{"tiny box", func() Network { n := network(20, 30, 6); n.Width, n.Height = 15, 12; return n }()},
		{"equal ids", Network{Nodes: []Node{{ID: "X"}, {ID: "X"}, {ID: "X"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.n.geometry()
			pos := tt.n.Layout()
			if len(pos) != len(tt.n.Nodes) {
				t.Fatalf("%d positions for %d nodes", len(pos), len(tt.n.Nodes))
			}
			for i, p := range pos {
				r := g.radii[i]
				if !finite(p[0]) || !finite(p[1]) || r <= 0 {
					t.Fatalf("node %d at %v radius %v", i, p, r)
				}
				if 2*r <= float64(g.w) && (p[0] < r-1e-9 || p[0] > float64(g.w)-r+1e-9) ||
					2*r <= float64(g.h) && (p[1] < r-1e-9 || p[1] > float64(g.h)-r+1e-9) {
					t.Errorf("node %d at %v (radius %v) outside %dx%d", i, p, r, g.w, g.h)
				}
			}
			// Nodes are spread out: in bigger boxes no two centres coincide.
			if g.w >= 200 && len(pos) > 1 && len(pos) <= 60 {
				for i := range pos {
					for j := i + 1; j < len(pos); j++ {
						if d := math.Hypot(pos[i][0]-pos[j][0], pos[i][1]-pos[j][1]); d < 3 {
							t.Errorf("nodes %d and %d only %.2f apart", i, j, d)
						}
					}
				}
			}
		})
	}
	// Radius grows with the square root of the size.
	g := Network{Nodes: []Node{{Size: 0}, {Size: 25}, {Size: 100}}}.geometry()
	if !(g.radii[0] < g.radii[1] && g.radii[1] < g.radii[2]) ||
		math.Abs((g.radii[1]-g.radii[0])*2-(g.radii[2]-g.radii[0])) > 1e-9 {
		t.Errorf("radii %v do not grow with sqrt(size)", g.radii)
	}
}

func TestNetworkEdges(t *testing.T) {
	n := Network{
		Nodes: []Node{{ID: "AZE", Size: 10}, {ID: "IRN", Size: 40}, {ID: "TUR", Size: 20}},
		Edges: []Edge{
			{From: 0, To: 1, Volume: 100, Mean: -10, Href: "/dyad/AZE/IRN"},
			{From: 1, To: 2, Volume: 1, Mean: 10},
			{From: 0, To: 2, Volume: 0, Mean: 0, Title: "quiet"},
		},
	}
	root := parse(t, n.SVG())
	lines := map[string]*elem{}
	var order []string
	for _, ln := range root.find("line") {
		if title, ok := ln.title(); ok {
			lines[title] = ln
			order = append(order, title)
		}
	}
	heavy := lines["AZE – IRN · volume 100 · mean Goldstein -10"]
	light := lines["IRN – TUR · volume 1 · mean Goldstein 10"]
	quiet := lines["quiet"]
	if heavy == nil || light == nil || quiet == nil {
		t.Fatalf("edge tooltips: %q", order)
	}
	if heavy.num(t, "stroke-width") != 10 || quiet.num(t, "stroke-width") != 1 || light.num(t, "stroke-width") != 1.9 {
		t.Errorf("stroke widths %v %v %v, want 10 1.9 1", heavy.attr("stroke-width"), light.attr("stroke-width"), quiet.attr("stroke-width"))
	}
	if heavy.attr("stroke") != GoldsteinColor(-10) || light.attr("stroke") != GoldsteinColor(10) {
		t.Errorf("edge colours %s %s", heavy.attr("stroke"), light.attr("stroke"))
	}
	if order[len(order)-1] != "AZE – IRN · volume 100 · mean Goldstein -10" {
		t.Errorf("the heaviest edge should be drawn last, order %q", order)
	}
	// Nodes come after edges, the biggest last.
	circles := root.find("circle")
	var sizes []float64
	for _, c := range circles {
		sizes = append(sizes, c.num(t, "r"))
	}
	if len(sizes) != 3 || !(sizes[0] <= sizes[1] && sizes[1] <= sizes[2]) {
		t.Errorf("node radii in drawing order %v", sizes)
	}
	if s := string(n.SVG()); strings.Index(s, "<circle") < strings.LastIndex(s, `<line class="edge"`) {
		t.Error("edges drawn above nodes")
	}
}

func BenchmarkNetworkLayout200(b *testing.B) {
	n := network(200, 1000, 1)
	for b.Loop() {
		n.Layout()
	}
}

func BenchmarkNetworkSVG200(b *testing.B) {
	n := network(200, 1000, 1)
	for b.Loop() {
		n.SVG()
	}
}

func BenchmarkBarsDaily(b *testing.B) {
	bars := Bars{Layers: quad, Up: columns(400, 1), Down: columns(400, 2), UpLabel: "AZE → IRN", DownLabel: "IRN → AZE"}
	for b.Loop() {
		bars.SVG()
	}
}
