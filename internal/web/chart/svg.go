// Package chart renders small charts as inline SVG for the server-rendered
// dyad dashboard: stacked (optionally mirrored) bar charts, line charts and
// force-directed actor networks.
//
// Every chart is a single, self-contained, well-formed <svg> element that
// needs neither JavaScript nor an external style sheet: colours are set as
// presentation attributes (so a page's CSS can still override them through
// the caller-provided classes), every mark carries an SVG <title> child as its
// tooltip, and marks with a link are wrapped in an <a href="..."> element.
//
// All caller text is escaped; links are restricted to relative and http(s)
// URLs, colours to #rgb / #rrggbb and classes to a safe alphabet, so the
// result can be returned as template.HTML without further checks.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Shared look of all charts.
const (
	fontSize  = 11.0 // body text size, in viewBox units
	titleSize = 13.0 // heading size, in viewBox units
	glyphEm   = 0.6  // estimated average glyph advance, in ems
	pad       = 8.0  // outer padding of the charts
	rowHeight = 16.0 // height of a legend row
	gridColor = "#e8e8e8"
	axisColor = "#777777"
	textColor = "#333333"
	mutedText = "#666666"
	greyColor = "#999999" // fallback colour of marks
)

// paletteColor gives the default colour of the i-th layer or series when the
// caller did not provide a valid one. The first four follow the QuadClass
// order: verbal cooperation, material cooperation, verbal conflict, material
// conflict.
func paletteColor(i int) string {
	p := [...]string{
		"#6baed6", "#2171b5", "#fd8d3c", "#cb181d",
		"#74c476", "#9e9ac8", "#8c6d31", "#969696",
	}
	if i < 0 {
		i = -i
	}
	return p[i%len(p)]
}

// svg accumulates the markup of one chart.
type svg struct {
	strings.Builder
}

// printf appends formatted markup. Callers escape text themselves.
func (s *svg) printf(format string, args ...any) {
	fmt.Fprintf(s, format, args...)
}

// open writes the root element. kind is the chart kind used as CSS class
// ("bars", "lines", "network") and as accessible name when title is empty.
func (s *svg) open(kind, title string, w, h int) {
	label := title
	if label == "" {
		label = kind + " chart"
	}
	s.printf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" `+
		`style="height:auto;max-width:100%%;display:block" role="img" aria-label="%s" class="chart %s" `+
		`font-family="sans-serif" font-size="%s" fill="%s">`,
		w, h, esc(label), kind, num(fontSize), textColor)
}

// close finishes the root element and returns the markup.
func (s *svg) close() template.HTML {
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// heading draws the chart title in the top-left corner. It returns the y
// coordinate below it, where the rest of the chart may start.
func (s *svg) heading(title string) float64 {
	if title == "" {
		return pad
	}
	s.printf(`<text class="chart-title" x="%s" y="%s" font-size="%s" font-weight="bold" fill="#222222">%s</text>`,
		num(pad), num(pad+titleSize-1), num(titleSize), esc(title))
	return pad + titleSize + 6
}

// text draws a single line of text. anchor is "start", "middle" or "end";
// extra holds further (already safe) attributes and may be empty.
func (s *svg) text(x, y float64, anchor, extra, content string) {
	if extra != "" {
		extra = " " + extra
	}
	if anchor != "start" { // the default
		extra = ` text-anchor="` + anchor + `"` + extra
	}
	s.printf(`<text x="%s" y="%s"%s>%s</text>`, num(x), num(y), extra, esc(content))
}

// line draws a straight line.
func (s *svg) line(x1, y1, x2, y2 float64, color string, width float64) {
	s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`,
		num(x1), num(y1), num(x2), num(y2), color, num(width))
}

// mark writes one data mark: start is the opening tag with its attributes but
// without the closing ">" (e.g. `<rect x="1" y="2" ...`), tag its element
// name. The mark gets a <title> child with the tooltip and, when href is a
// safe URL, is wrapped in a link.
func (s *svg) mark(start, tag, title, href string) {
	href = safeHref(href)
	if href != "" {
		s.printf(`<a href="%s">`, esc(href))
	}
	s.printf(`%s><title>%s</title></%s>`, start, esc(title), tag)
	if href != "" {
		s.WriteString(`</a>`)
	}
}

// yLabel draws a rotated axis caption centred on the vertical span [y0, y1].
func (s *svg) yLabel(label string, y0, y1 float64) {
	if label == "" {
		return
	}
	s.printf(`<text class="axis-label" transform="translate(%s %s) rotate(-90)" text-anchor="middle" fill="%s">%s</text>`,
		num(pad+fontSize-2), num((y0+y1)/2), mutedText, esc(label))
}

// noData returns a small chart that only says "no data".
func noData(kind, title string, w int) template.HTML {
	h := 40
	if title != "" {
		h = 60
	}
	var s svg
	s.open(kind, title, w, h)
	top := s.heading(title)
	s.text(float64(w)/2, (top+float64(h))/2+4, "middle", `class="no-data" fill="`+mutedText+`"`, "no data")
	return s.close()
}

// legendItem is one entry of a legend.
type legendItem struct {
	name  string
	color string // safe colour
	class string // safe class, may be empty
	line  bool   // draw a line swatch (series) instead of a square (layer)
}

// legendItemWidth is the horizontal room an entry takes, gap included.
func legendItemWidth(it legendItem) float64 {
	return 14 + textWidth(it.name, fontSize)*0.95 + 12
}

// legend draws the items left to right starting at (x0, y0), the top of the
// first row, wrapping at maxX. It returns the number of rows drawn.
func (s *svg) legend(items []legendItem, x0, y0, maxX float64) int {
	if len(items) == 0 {
		return 0
	}
	s.WriteString(`<g class="legend">`)
	rows, x, y := 1, x0, y0
	for _, it := range items {
		iw := legendItemWidth(it)
		if x > x0 && x+iw-12 > maxX {
			rows++
			x = x0
			y += rowHeight
		}
		class := ""
		if it.class != "" {
			class = ` class="` + esc(it.class) + `"`
		}
		if it.line {
			s.printf(`<line%s x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"/>`,
				class, num(x), num(y+6), num(x+10), num(y+6), it.color)
		} else {
			s.printf(`<rect%s x="%s" y="%s" width="10" height="10" rx="2" fill="%s"/>`,
				class, num(x), num(y+1), it.color)
		}
		s.text(x+14, y+10, "start", "", it.name)
		x += iw
	}
	s.WriteString(`</g>`)
	return rows
}

// esc escapes text for use in XML character data and attribute values.
// Characters that XML 1.0 does not allow, and invalid UTF-8, become U+FFFD.
func esc(text string) string {
	clean := true
	for _, r := range text {
		if r == utf8.RuneError || !xmlChar(r) || strings.ContainsRune("&<>\"'\t\n\r", r) {
			clean = false
			break
		}
	}
	if clean {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 16)
	for _, r := range text {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		case '\t':
			b.WriteString("&#9;")
		case '\n':
			b.WriteString("&#10;")
		case '\r':
			b.WriteString("&#13;")
		default:
			if !xmlChar(r) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

// safeHref returns href if it is a relative URL (starting with "/", "?" or
// "#") or an absolute http or https URL, and "" otherwise. URLs holding
// control characters, backslashes or invalid UTF-8 are refused as well,
// since browsers interpret those in surprising ways.
func safeHref(href string) string {
	href = strings.TrimSpace(href)
	if href == "" || !utf8.ValidString(href) {
		return ""
	}
	for _, r := range href {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return ""
		}
	}
	switch href[0] {
	case '/', '?', '#':
		return href
	}
	u, err := url.Parse(href)
	if err != nil || u.Host == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return href
	}
	return ""
}

// safeColor returns c if it is "#" followed by 3 or 6 hexadecimal digits,
// and def otherwise.
func safeColor(c, def string) string {
	if (len(c) != 4 && len(c) != 7) || c[0] != '#' {
		return def
	}
	for i := 1; i < len(c); i++ {
		switch ch := c[i]; {
		case ch >= '0' && ch <= '9', ch >= 'a' && ch <= 'f', ch >= 'A' && ch <= 'F':
		default:
			return def
		}
	}
	return c
}

// safeClass returns the class list c with runs of spaces collapsed if it only
// holds ASCII letters, digits, '_', '-' and spaces, and "" otherwise.
func safeClass(c string) string {
	for i := 0; i < len(c); i++ {
		switch ch := c[i]; {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9',
			ch == '_', ch == '-', ch == ' ':
		default:
			return ""
		}
	}
	return strings.Join(strings.Fields(c), " ")
}

// classAttr returns ` class="c"` for a safe, non-empty class list, else "".
func classAttr(c string) string {
	if c = safeClass(c); c == "" {
		return ""
	}
	return ` class="` + c + `"`
}

// num formats a coordinate with at most two decimals.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// formatValue formats a data value for tooltips: integers without decimals,
// other values rounded to two decimals.
func formatValue(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "–"
	case math.Abs(v) >= 1e15:
		return strconv.FormatFloat(v, 'g', 4, 64)
	case v == math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}

// textWidth estimates the width of text set in the given font size.
func textWidth(text string, size float64) float64 {
	return float64(utf8.RuneCountInString(text)) * size * glyphEm
}

// dims applies the default size to zero (or negative) dimensions.
func dims(w, h, defW, defH int) (int, int) {
	if w <= 0 {
		w = defW
	}
	if h <= 0 {
		h = defH
	}
	return w, h
}

// niceStep returns a round step (1, 2 or 5 × 10^k) that cuts span into at
// most about n intervals.
func niceStep(span float64, n int) float64 {
	if n < 1 {
		n = 1
	}
	if !(span > 0) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / mag; {
	case f <= 1+1e-9:
		return mag
	case f <= 2+1e-9:
		return 2 * mag
	case f <= 5+1e-9:
		return 5 * mag
	default:
		return 10 * mag
	}
}

// ticks returns the multiples of step that lie within [lo, hi].
func ticks(lo, hi, step float64) []float64 {
	if !(step > 0) || !finite(lo) || !finite(hi) || hi < lo {
		return nil
	}
	first := math.Ceil(lo/step - 1e-9)
	last := math.Floor(hi/step + 1e-9)
	if last-first > 1000 {
		return nil
	}
	var out []float64
	for i := first; i <= last; i++ {
		out = append(out, i*step)
	}
	return out
}

// formatTick formats a tick value with just the decimals its step needs.
func formatTick(v, step float64) string {
	dec := 0
	if step > 0 && step < 1 {
		dec = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	out := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Trim(out, "-0.") == "" {
		out = strings.TrimPrefix(out, "-")
	}
	return out
}

// xLabels draws the x-axis labels under the plot, with a small tick each,
// thinned so that there is at most about one label per 60 units and labels
// never overlap: every step-th label is a candidate, and a candidate that
// would touch the previous label (near the right border, where labels are
// pulled inside the viewBox) is skipped. xOf gives the centre of column i and
// y is the top of the label area.
func (s *svg) xLabels(labels []string, band float64, xOf func(int) float64, y float64, w int) {
	widest := 0.0
	for _, l := range labels {
		widest = math.Max(widest, textWidth(l, fontSize))
	}
	step := len(labels)
	if band > 0 {
		step = int(math.Ceil(math.Max(60, widest+10)/band - 1e-9))
	}
	step = max(step, 1)
	s.WriteString(`<g class="x-ticks">`)
	prevRight := math.Inf(-1)
	for i := 0; i < len(labels); i += step {
		half := textWidth(labels[i], fontSize) / 2
		cx := math.Min(math.Max(xOf(i), half+2), float64(w)-half-2)
		if cx-half < prevRight+6 {
			continue
		}
		prevRight = cx + half
		s.line(xOf(i), y, xOf(i), y+3, axisColor, 1)
		s.text(cx, y+fontSize+4, "middle", `fill="`+mutedText+`"`, labels[i])
	}
	s.WriteString(`</g>`)
}

// yAxis draws horizontal gridlines and labels for the ticks between the plot's
// left and right edges; scale maps a value to its y coordinate and label
// formats a tick.
func (s *svg) yAxis(ts []float64, left, right float64, scale func(float64) float64, label func(float64) string) {
	s.WriteString(`<g class="grid">`)
	for _, t := range ts {
		s.line(left, scale(t), right, scale(t), gridColor, 1)
	}
	s.WriteString(`</g><g class="y-ticks" fill="` + mutedText + `">`)
	for _, t := range ts {
		s.text(left-6, scale(t)+4, "end", "", label(t))
	}
	s.WriteString(`</g>`)
}

// tickLabelWidth is the width of the widest tick label.
func tickLabelWidth(ts []float64, label func(float64) string) float64 {
	w := 0.0
	for _, t := range ts {
		w = math.Max(w, textWidth(label(t), fontSize))
	}
	return w
}
