package chart

import (
	"html/template"
	"math"
	"strings"
)

// Series is one line of a line chart.
type Series struct {
	Name   string
	Class  string    // CSS class of its path and points, e.g. "fwd"
	Color  string    // default stroke / fill
	Values []float64 // one per label; math.NaN() means no value: the line breaks there, no point
	Titles []string  // tooltip per point, optional (len 0 or len(Values)); default "Name label: value"
	Hrefs  []string  // link per point, optional
}

// Lines is a line chart with points, e.g. mean Goldstein per month for both
// directions.
//
// Values beyond the last label are ignored, and infinite values are treated
// like NaN. With a fixed y range, points outside it are drawn on its edge
// (their tooltip still tells the real value).
type Lines struct {
	Title         string
	Width, Height int // 0 means 720 x 240
	Labels        []string
	Series        []Series
	YMin, YMax    float64 // fixed y range, e.g. -10 and 10; both 0 means fit the data with some margin
	ZeroLine      bool    // draw a clear horizontal line at y = 0
	YLabel        string
}

// lineValue returns value i of the series and whether it is present.
func lineValue(s Series, i int) (float64, bool) {
	if i >= len(s.Values) || !finite(s.Values[i]) {
		return 0, false
	}
	return s.Values[i], true
}

// pointTitle is the tooltip of point i of series s.
func pointTitle(s Series, label string, i int, v float64) string {
	if i < len(s.Titles) && s.Titles[i] != "" {
		return s.Titles[i]
	}
	head := strings.TrimSpace(s.Name + " " + label)
	if head == "" {
		return formatValue(v)
	}
	return head + ": " + formatValue(v)
}

// SVG renders the chart: one path per series, broken where values are
// missing, and one small circle per present value with a tooltip and, when
// given, a link.
func (l Lines) SVG() template.HTML {
	w, h := dims(l.Width, l.Height, 720, 240)
	n := len(l.Labels)
	dmin, dmax := math.Inf(1), math.Inf(-1)
	for _, s := range l.Series {
		for i := 0; i < n; i++ {
			if v, ok := lineValue(s, i); ok {
				dmin, dmax = math.Min(dmin, v), math.Max(dmax, v)
			}
		}
	}
	if n == 0 || dmin > dmax {
		return noData("lines", l.Title, w)
	}

	items := make([]legendItem, len(l.Series))
	colors := make([]string, len(l.Series))
	for i, s := range l.Series {
		colors[i] = safeColor(s.Color, paletteColor(i))
		name := s.Name
		if name == "" {
			name = "series " + formatValue(float64(i+1))
		}
		items[i] = legendItem{name: name, color: colors[i], class: safeClass(s.Class), line: true}
	}

	var s svg
	s.open("lines", l.Title, w, h)
	y := s.heading(l.Title)
	y += rowHeight * float64(s.legend(items, pad, y, float64(w)-pad))
	plotTop := y + 8
	plotBottom := float64(h) - fontSize - 10
	if plotBottom-plotTop < 20 {
		plotBottom = plotTop + 20
	}
	plotH := plotBottom - plotTop
	nt := max(int(plotH/36), 2)

	// Y range: fixed, or the data plus a margin, widened to round ticks.
	lo, hi := l.YMin, l.YMax
	fixed := (lo != 0 || hi != 0) && finite(lo) && finite(hi)
	var step float64
	if fixed {
		if lo > hi {
			lo, hi = hi, lo
		}
		if lo == hi {
			lo, hi = lo-1, hi+1
		}
		step = niceStep(hi-lo, nt)
	} else {
		if l.ZeroLine {
			dmin, dmax = math.Min(dmin, 0), math.Max(dmax, 0)
		}
		margin := (dmax - dmin) * 0.05
		if margin == 0 {
			margin = math.Max(math.Abs(dmax)*0.1, 1)
		}
		lo, hi = dmin-margin, dmax+margin
		step = niceStep(hi-lo, nt)
		lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	}
	scale := func(v float64) float64 {
		v = math.Min(math.Max(v, lo), hi)
		return plotTop + (hi-v)/(hi-lo)*plotH
	}
	ts := ticks(lo, hi, step)
	tickLabel := func(v float64) string { return formatTick(v, step) }

	left := pad + tickLabelWidth(ts, tickLabel) + 6
	if l.YLabel != "" {
		left += fontSize + 6
	}
	right := float64(w) - 12
	if right-left < 10 {
		right = left + 10
	}
	band := (right - left) / float64(n)
	xOf := func(i int) float64 { return left + (float64(i)+0.5)*band }

	s.yAxis(ts, left, right, scale, tickLabel)
	s.yLabel(l.YLabel, plotTop, plotBottom)
	s.line(left, plotBottom, right, plotBottom, axisColor, 1)
	if l.ZeroLine && lo <= 0 && hi >= 0 {
		s.printf(`<line class="zero" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555" stroke-width="1.5"/>`,
			num(left), num(scale(0)), num(right), num(scale(0)))
	}

	s.xLabels(l.Labels, band, xOf, plotBottom, w)

	// Paths first, then all points on top of them.
	r := 3.0
	if band < 8 {
		r = 2
	}
	s.WriteString(`<g class="marks">`)
	for si, ser := range l.Series {
		var d strings.Builder
		prev, segments := false, 0
		for i := 0; i < n; i++ {
			v, ok := lineValue(ser, i)
			if ok {
				cmd := "M"
				if prev {
					cmd = "L"
					segments++
				}
				d.WriteString(cmd + num(xOf(i)) + " " + num(scale(v)))
			}
			prev = ok
		}
		if segments > 0 { // isolated values only have their point
			s.printf(`<path%s d="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`,
				classAttr(ser.Class), d.String(), colors[si])
		}
	}
	for si, ser := range l.Series {
		for i := 0; i < n; i++ {
			v, ok := lineValue(ser, i)
			if !ok {
				continue
			}
			href := ""
			if i < len(ser.Hrefs) {
				href = ser.Hrefs[i]
			}
			start := `<circle` + classAttr(ser.Class) + ` cx="` + num(xOf(i)) + `" cy="` + num(scale(v)) +
				`" r="` + num(r) + `" fill="` + colors[si] + `" stroke="#ffffff" stroke-width="1"`
			s.mark(start, "circle", pointTitle(ser, l.Labels[i], i, v), href)
		}
	}
	s.WriteString(`</g>`)
	return s.close()
}
