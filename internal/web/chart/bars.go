package chart

import (
	"html/template"
	"math"
	"strings"
)

// Layer is one stacked class of a bar chart, e.g. one QuadClass.
type Layer struct {
	Name  string // for the legend and tooltips, e.g. "verbal cooperation"
	Class string // CSS class put on its rects, e.g. "q1"
	Color string // default fill, e.g. "#6baed6"; used as the fill attribute so the SVG reads alone
}

// Column is one x position of a bar chart.
type Column struct {
	Label  string    // x label, e.g. "2026-01" or "2026-01-05"
	Values []float64 // one per Layer
	Title  string    // extra tooltip text for the whole column, may be empty
	Href   string    // link for every segment of the column, may be empty
}

// Bars is a stacked bar chart. When Down is set (same length as Up), it is a
// mirrored chart: Up is drawn above the axis and Down below it, each with its
// own label (UpLabel, DownLabel), e.g. "AZE → IRN" above and "IRN → AZE"
// below. The y scale is shared and symmetric.
//
// Missing values (a Column with fewer Values than Layers), NaN, infinite and
// negative values count as 0, and zero segments are not drawn. A Down slice
// whose length differs from Up is ignored: the chart is then not mirrored.
type Bars struct {
	Title              string // accessible name (aria-label) and heading text inside the SVG
	Width, Height      int    // viewBox size; 0 means 720 x 240
	Layers             []Layer
	Up                 []Column
	Down               []Column // optional
	UpLabel, DownLabel string
	YLabel             string // e.g. "events"
}

// barValue returns the cleaned value of layer i in column c: missing,
// non-finite and negative values are 0.
func barValue(c Column, i int) float64 {
	if i >= len(c.Values) {
		return 0
	}
	v := c.Values[i]
	if !finite(v) || v < 0 {
		return 0
	}
	return v
}

// SVG renders the chart. Each non-zero segment is a <rect> with a tooltip
// such as "2026-01 · AZE → IRN · verbal conflict: 3" (followed on a new line
// by the column's Title, if any); the segments of a column with a valid Href
// are wrapped in one link.
func (b Bars) SVG() template.HTML {
	w, h := dims(b.Width, b.Height, 720, 240)
	if len(b.Layers) == 0 || len(b.Up) == 0 {
		return noData("bars", b.Title, w)
	}
	n := len(b.Up)
	mirrored := len(b.Down) == n

	// Layer styles and the data extent.
	colors := make([]string, len(b.Layers))
	classes := make([]string, len(b.Layers))
	names := make([]string, len(b.Layers))
	items := make([]legendItem, len(b.Layers))
	for i, l := range b.Layers {
		colors[i] = safeColor(l.Color, paletteColor(i))
		classes[i] = classAttr(l.Class)
		names[i] = l.Name
		if names[i] == "" {
			names[i] = "layer " + formatValue(float64(i+1))
		}
		items[i] = legendItem{name: names[i], color: colors[i], class: safeClass(l.Class)}
	}
	top, integral := 0.0, true
	extent := func(cols []Column) {
		for _, c := range cols {
			sum := 0.0
			for i := range b.Layers {
				v := barValue(c, i)
				sum += v
				integral = integral && v == math.Trunc(v)
			}
			top = math.Max(top, sum)
		}
	}
	extent(b.Up)
	if mirrored {
		extent(b.Down)
	}
	if !finite(top) {
		top = math.MaxFloat64
	}
	if top == 0 {
		top = 1
	}

	var s svg
	s.open("bars", b.Title, w, h)
	y := s.heading(b.Title)
	y += rowHeight * float64(s.legend(items, pad, y, float64(w)-pad))
	plotTop := y + 10
	plotBottom := float64(h) - fontSize - 10
	if plotBottom-plotTop < 20 {
		plotBottom = plotTop + 20
	}
	plotH := plotBottom - plotTop

	// Y scale: [0, M], or [-M, M] when mirrored, M being a round tick.
	half := plotH
	if mirrored {
		half = plotH / 2
	}
	step := niceStep(top, max(int(half/36), 1))
	if integral && step < 1 {
		step = 1
	}
	hi := math.Ceil(top/step-1e-9) * step
	lo := 0.0
	if mirrored {
		lo = -hi
	}
	scale := func(v float64) float64 { return plotTop + (hi-v)/(hi-lo)*plotH }
	ts := ticks(lo, hi, step)
	tickLabel := func(v float64) string { return formatTick(math.Abs(v), step) }

	left := pad + tickLabelWidth(ts, tickLabel) + 6
	if b.YLabel != "" {
		left += fontSize + 6
	}
	right := float64(w) - 12
	if right-left < 10 {
		right = left + 10
	}
	band := (right - left) / float64(n)
	gap := 0.0
	if band >= 5 {
		gap = math.Min(band*0.2, 12)
	}
	barW := math.Max(band-gap, 1)

	s.yAxis(ts, left, right, scale, tickLabel)
	s.yLabel(b.YLabel, plotTop, plotBottom)

	// Segments, stacked outwards from the axis in layer order. Wide bars get
	// sharp edges; thin bars are left anti-aliased, as rounding them to whole
	// pixels would leave uneven gaps between them.
	if gap > 0 {
		s.WriteString(`<g class="marks" shape-rendering="crispEdges">`)
	} else {
		s.WriteString(`<g class="marks">`)
	}
	draw := func(cols []Column, dir string, down bool) {
		for ci, c := range cols {
			x := left + float64(ci)*band + gap/2
			// One link wraps all the segments of the column.
			href, linked := safeHref(c.Href), false
			cum := 0.0
			for li := range b.Layers {
				v := barValue(c, li)
				if v == 0 {
					continue
				}
				y0, y1 := scale(cum+v), scale(cum)
				if down {
					y0, y1 = scale(-cum), scale(-(cum + v))
				}
				cum += v
				if href != "" && !linked {
					s.printf(`<a href="%s">`, esc(href))
					linked = true
				}
				start := `<rect` + classes[li] + ` x="` + num(x) + `" y="` + num(y0) + `" width="` + num(barW) +
					`" height="` + num(math.Max(y1-y0, 0)) + `" fill="` + colors[li] + `"`
				s.mark(start, "rect", segmentTitle(c, dir, names[li], v), "")
			}
			if linked {
				s.WriteString(`</a>`)
			}
		}
	}
	draw(b.Up, b.UpLabel, false)
	if mirrored {
		draw(b.Down, b.DownLabel, true)
	}
	s.WriteString(`</g>`)
	s.line(left, scale(0), right, scale(0), axisColor, 1)

	// X labels, thinned so that they never overlap.
	labels := make([]string, n)
	for i, c := range b.Up {
		labels[i] = c.Label
		if labels[i] == "" && mirrored {
			labels[i] = b.Down[i].Label
		}
	}
	s.xLabels(labels, band, func(i int) float64 { return left + (float64(i)+0.5)*band }, plotBottom, w)

	// Direction labels in the corners of the mirrored halves.
	if mirrored {
		halo := `font-weight="bold" fill="#444444" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`
		if b.UpLabel != "" {
			s.text(left+6, plotTop+fontSize+1, "start", `class="direction" `+halo, "▲ "+b.UpLabel)
		}
		if b.DownLabel != "" {
			s.text(left+6, plotBottom-5, "start", `class="direction" `+halo, "▼ "+b.DownLabel)
		}
	}
	return s.close()
}

// segmentTitle builds the tooltip of one bar segment.
func segmentTitle(c Column, dir, layer string, v float64) string {
	parts := make([]string, 0, 3)
	if c.Label != "" {
		parts = append(parts, c.Label)
	}
	if dir != "" {
		parts = append(parts, dir)
	}
	parts = append(parts, layer+": "+formatValue(v))
	t := strings.Join(parts, " · ")
	if c.Title != "" {
		t += "\n" + c.Title
	}
	return t
}
