package chart

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
)

// Node is one actor of a network.
type Node struct {
	ID    string // e.g. "AZE"
	Label string // shown next to the node
	Title string // tooltip
	Href  string
	Size  float64 // volume; the radius grows with its square root
}

// Edge links two nodes (indexes into Network.Nodes). It is undirected.
type Edge struct {
	From, To int
	Volume   float64 // e.g. number of events: the stroke width grows with it (sqrt scale), 1 to 10 px
	Mean     float64 // mean Goldstein, -10 to 10: the colour, on a diverging scale red (-10) – grey (0) – blue (+10)
	Title    string
	Href     string
}

// Network is a graph drawn with a deterministic force-directed layout.
//
// Edges whose ends are out of range, and self-loops, are skipped. Negative,
// NaN and infinite sizes and volumes count as 0; a NaN mean is drawn grey.
// When there are more than 60 nodes, only the 60 biggest get a visible label
// (all keep their tooltip).
type Network struct {
	Title         string
	Width, Height int // 0 means 720 x 520
	Nodes         []Node
	Edges         []Edge
}

// Layout constants of the network chart.
const (
	netLegendHeight = 34  // room for the colour scale at the bottom
	netMaxLabels    = 60  // at most this many node labels are drawn
	netMinRadius    = 3.5 // radius of a node of size 0
)

// netEdge is a drawable edge with its derived attributes.
type netEdge struct {
	index    int     // into Network.Edges
	from, to int     // node indexes, from != to
	pull     float64 // attraction weight of the layout, 0.5 to 2.5
	width    float64 // stroke width, 1 to 10
}

// netGeom is the geometry shared by Layout and SVG.
type netGeom struct {
	w, h           int
	x0, y0, x1, y1 float64 // area the nodes are laid out in
	radii          []float64
	edges          []netEdge
}

// positive returns v when it is a finite positive number, else 0.
func positive(v float64) float64 {
	if !finite(v) || v < 0 {
		return 0
	}
	return v
}

// geometry computes sizes, the layout area and the valid edges.
func (n Network) geometry() netGeom {
	g := netGeom{}
	g.w, g.h = dims(n.Width, n.Height, 720, 520)
	g.x0, g.x1 = pad, float64(g.w)-pad
	g.y0, g.y1 = pad, float64(g.h)-netLegendHeight
	if n.Title != "" {
		g.y0 = pad + titleSize + 8
	}
	if g.x1-g.x0 < 20 || g.y1-g.y0 < 20 { // too small for margins: use it all
		g.x0, g.y0, g.x1, g.y1 = 0, 0, float64(g.w), float64(g.h)
	}

	// Radii: from netMinRadius up to rMax, growing with sqrt(size); rMax
	// shrinks when many nodes have to share the area.
	count := len(n.Nodes)
	g.radii = make([]float64, count)
	maxSize := 0.0
	for _, nd := range n.Nodes {
		maxSize = math.Max(maxSize, positive(nd.Size))
	}
	rMax := 20.0
	if count > 0 {
		rMax = math.Min(math.Max(math.Sqrt((g.x1-g.x0)*(g.y1-g.y0)/float64(count))/3.2, 6), 20)
	}
	rMax = math.Min(rMax, math.Min(g.x1-g.x0, g.y1-g.y0)/2)
	rMin := math.Min(netMinRadius, rMax)
	for i, nd := range n.Nodes {
		r := (rMin + rMax) / 2
		if maxSize > 0 {
			r = rMin + (rMax-rMin)*math.Sqrt(positive(nd.Size)/maxSize)
		}
		g.radii[i] = r
	}

	// Valid edges, with width and pull from sqrt(volume).
	maxVol := 0.0
	for _, e := range n.Edges {
		maxVol = math.Max(maxVol, positive(e.Volume))
	}
	degree := make([]int, count)
	for i, e := range n.Edges {
		if e.From < 0 || e.To < 0 || e.From >= count || e.To >= count || e.From == e.To {
			continue
		}
		rel := 0.0
		if maxVol > 0 {
			rel = math.Sqrt(positive(e.Volume) / maxVol)
		}
		degree[e.From]++
		degree[e.To]++
		g.edges = append(g.edges, netEdge{index: i, from: e.From, to: e.To, pull: 0.5 + 2*rel, width: 1 + 9*rel})
	}
	// Like d3-force, weaken the pull of edges between busy nodes so that dense
	// graphs do not collapse into a ball.
	for i := range g.edges {
		e := &g.edges[i]
		e.pull /= float64(min(degree[e.from], degree[e.to]))
	}
	return g
}

// Layout gives the node positions the SVG uses (inside the viewBox, away from
// the edges by at least the node radius), for tests and for callers. The
// result has one [x, y] pair per node, in the order of n.Nodes.
func (n Network) Layout() [][2]float64 {
	return n.geometry().layout(n.Nodes)
}

// layout runs a Fruchterman-Reingold force simulation: all nodes repel each
// other (with an extra push when their discs overlap), edges pull their ends
// together in proportion to their volume weight, a gravity towards the centre
// keeps components together and off the borders, and the moves are capped by
// a temperature that cools linearly over a fixed number of iterations. Nodes
// start on an ellipse in the order of their IDs, and nothing is random, so the
// result only depends on the input. The layout is finally stretched to fill
// the area.
func (g netGeom) layout(nodes []Node) [][2]float64 {
	count := len(nodes)
	pos := make([][2]float64, count)
	if count == 0 {
		return pos
	}
	cx, cy := (g.x0+g.x1)/2, (g.y0+g.y1)/2
	bw, bh := g.x1-g.x0, g.y1-g.y0
	if count == 1 {
		pos[0] = [2]float64{cx, cy}
		g.clamp(pos, 0)
		return pos
	}

	// Start on a circle (an ellipse filling the area), sorted by ID.
	order := make([]int, count)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(nodes[a].ID, nodes[b].ID) })
	for rank, i := range order {
		a := 2*math.Pi*float64(rank)/float64(count) - math.Pi/2
		pos[i] = [2]float64{cx + bw*0.4*math.Cos(a), cy + bh*0.4*math.Sin(a)}
		g.clamp(pos, i)
	}

	k := 0.5 * math.Sqrt(bw*bh/float64(count)) // ideal edge length
	// A fixed number of iterations for a given node count: 300 for small
	// graphs, fewer for big ones so that the pairwise repulsion stays at
	// about 1.25 million pair interactions (but at least 40 iterations).
	iters := min(max(2_500_000/(count*count), 40), 300)
	t0 := math.Max(bw, bh) / 10
	gravity := 2.0
	dx := make([]float64, count)
	dy := make([]float64, count)
	xs := make([]float64, count)
	ys := make([]float64, count)
	for it := 0; it < iters; it++ {
		for i := range pos {
			xs[i], ys[i] = pos[i][0], pos[i][1]
			dx[i], dy[i] = 0, 0
		}
		// Repulsion between every pair; once the layout has settled, discs
		// that overlap are also pushed apart.
		repel(xs, ys, g.radii, dx, dy, k, it >= iters/2)
		// Attraction along edges: d²/k, weighted by volume.
		for _, e := range g.edges {
			ddx, ddy := xs[e.from]-xs[e.to], ys[e.from]-ys[e.to]
			f := math.Sqrt(ddx*ddx+ddy*ddy) / k * e.pull
			dx[e.from] -= ddx * f
			dy[e.from] -= ddy * f
			dx[e.to] += ddx * f
			dy[e.to] += ddy * f
		}
		// Move, capped by the temperature, and stay inside the area.
		t := t0*(1-float64(it)/float64(iters)) + t0/200
		for i := range pos {
			mx := dx[i] + (cx-xs[i])*gravity
			my := dy[i] + (cy-ys[i])*gravity
			if l := math.Hypot(mx, my); l > t {
				mx, my = mx*t/l, my*t/l
			}
			pos[i] = [2]float64{xs[i] + mx, ys[i] + my}
			g.clamp(pos, i)
		}
	}
	g.fit(pos)
	return pos
}

// repel adds the Fruchterman-Reingold repulsion k²/d between every pair of
// nodes to their displacements dx, dy. With separate set, nodes whose discs
// (plus a small gap) overlap get an extra push that grows with the overlap.
// Coincident nodes are pushed apart along a direction fixed by their indexes.
func repel(xs, ys, radii, dx, dy []float64, k float64, separate bool) {
	count := len(xs)
	ys, radii, dx, dy = ys[:count], radii[:count], dx[:count], dy[:count] // for bounds-check elimination
	k2 := k * k
	for i := 0; i < count; i++ {
		xi, yi, ri := xs[i], ys[i], radii[i]
		fxi, fyi := 0.0, 0.0
		for j := i + 1; j < count; j++ {
			ddx, ddy := xi-xs[j], yi-ys[j]
			d2 := ddx*ddx + ddy*ddy
			if d2 < 1e-4 {
				a := float64(i*31 + j*17)
				ddx, ddy, d2 = 0.01*math.Cos(a), 0.01*math.Sin(a), 1e-4
			}
			f := k2 / d2
			if separate {
				if minD := ri + radii[j] + 4; d2 < minD*minD {
					d := math.Sqrt(d2)
					f += k * (minD - d) / d
				}
			}
			fxi += ddx * f
			fyi += ddy * f
			dx[j] -= ddx * f
			dy[j] -= ddy * f
		}
		dx[i] += fxi
		dy[i] += fyi
	}
}

// clamp moves node i back inside the layout area, at least its radius away
// from the borders; a node that cannot fit is centred.
func (g netGeom) clamp(pos [][2]float64, i int) {
	r := g.radii[i]
	for d := 0; d < 2; d++ {
		lo, hi := g.x0+r, g.x1-r
		if d == 1 {
			lo, hi = g.y0+r, g.y1-r
		}
		switch {
		case lo > hi || !finite(pos[i][d]):
			pos[i][d] = (lo + hi) / 2
		case pos[i][d] < lo:
			pos[i][d] = lo
		case pos[i][d] > hi:
			pos[i][d] = hi
		}
	}
}

// fit stretches the layout about the centre of the area so that the discs
// fill it: each axis is scaled by at most 3, and one by at most 1.5 times the
// other so that shapes stay recognisable.
func (g netGeom) fit(pos [][2]float64) {
	lo := [2]float64{math.Inf(1), math.Inf(1)}
	hi := [2]float64{math.Inf(-1), math.Inf(-1)}
	for i, p := range pos {
		for d := range 2 {
			lo[d] = math.Min(lo[d], p[d]-g.radii[i])
			hi[d] = math.Max(hi[d], p[d]+g.radii[i])
		}
	}
	areaLo := [2]float64{g.x0, g.y0}
	areaHi := [2]float64{g.x1, g.y1}
	var mid, centre, scale [2]float64
	for d := range 2 {
		mid[d] = (lo[d] + hi[d]) / 2
		centre[d] = (areaLo[d] + areaHi[d]) / 2
		// Largest s keeping every disc inside: centre + (p-mid)*s ± r.
		scale[d] = 3
		for i, p := range pos {
			r := g.radii[i]
			switch off := p[d] - mid[d]; {
			case off > 1e-9:
				scale[d] = math.Min(scale[d], (areaHi[d]-r-centre[d])/off)
			case off < -1e-9:
				scale[d] = math.Min(scale[d], (areaLo[d]+r-centre[d])/off)
			}
		}
		scale[d] = math.Max(scale[d], 1)
	}
	scale[0] = math.Min(scale[0], 1.5*scale[1])
	scale[1] = math.Min(scale[1], 1.5*scale[0])
	for i, p := range pos {
		for d := range 2 {
			pos[i][d] = centre[d] + (p[d]-mid[d])*scale[d]
		}
		g.clamp(pos, i)
	}
}

// GoldsteinColor gives the diverging colour of a mean Goldstein score, as
// "#rrggbb": red at -10, grey at 0 and blue at +10, interpolated linearly in
// between. Scores beyond ±10 are clamped, and NaN gives the neutral grey.
func GoldsteinColor(g float64) string {
	const (
		red  uint32 = 0xb2182b
		grey uint32 = 0xb0b0b0
		blue uint32 = 0x2166ac
	)
	if math.IsNaN(g) {
		g = 0
	}
	g = math.Max(-10, math.Min(10, g))
	end := blue
	if g < 0 {
		end = red
	}
	t := math.Abs(g) / 10
	mix := func(shift uint) int {
		a, b := float64(grey>>shift&0xff), float64(end>>shift&0xff)
		return int(math.Round(a + (b-a)*t))
	}
	return fmt.Sprintf("#%02x%02x%02x", mix(16), mix(8), mix(0))
}

// SVG renders the network: edges below nodes, coloured by mean Goldstein and
// as wide as their volume, then the nodes from the smallest to the biggest,
// then the labels with a white halo, and a legend of the colour scale.
func (n Network) SVG() template.HTML {
	g := n.geometry()
	if len(n.Nodes) == 0 {
		return noData("network", n.Title, g.w)
	}
	pos := g.layout(n.Nodes)
	name := func(i int) string {
		if n.Nodes[i].Label != "" {
			return n.Nodes[i].Label
		}
		return n.Nodes[i].ID
	}

	var s svg
	s.open("network", n.Title, g.w, g.h)
	s.heading(n.Title)

	// Edges, the widest last so that they stay visible.
	edges := slices.Clone(g.edges)
	slices.SortStableFunc(edges, func(a, b netEdge) int { return cmp.Compare(a.width, b.width) })
	s.WriteString(`<g class="edges" stroke-linecap="round">`)
	for _, ge := range edges {
		e := n.Edges[ge.index]
		title := e.Title
		if title == "" {
			title = fmt.Sprintf("%s – %s · volume %s · mean Goldstein %s",
				name(ge.from), name(ge.to), formatValue(positive(e.Volume)), formatValue(e.Mean))
		}
		a, b := pos[ge.from], pos[ge.to]
		start := `<line class="edge" x1="` + num(a[0]) + `" y1="` + num(a[1]) + `" x2="` + num(b[0]) + `" y2="` + num(b[1]) +
			`" stroke="` + GoldsteinColor(e.Mean) + `" stroke-width="` + num(ge.width) + `" stroke-opacity="0.75"`
		s.mark(start, "line", title, e.Href)
	}
	s.WriteString(`</g>`)

	// Nodes, the biggest on top.
	order := make([]int, len(n.Nodes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(g.radii[a], g.radii[b]) })
	s.WriteString(`<g class="nodes">`)
	for _, i := range order {
		nd := n.Nodes[i]
		title := nd.Title
		if title == "" {
			title = name(i)
			if nd.ID != "" && nd.ID != title {
				title += " (" + nd.ID + ")"
			}
			title += " · volume " + formatValue(positive(nd.Size))
		}
		start := `<circle class="node" cx="` + num(pos[i][0]) + `" cy="` + num(pos[i][1]) + `" r="` + num(g.radii[i]) +
			`" fill="#3f4d63" stroke="#ffffff" stroke-width="1.5"`
		s.mark(start, "circle", title, nd.Href)
	}
	s.WriteString(`</g>`)

	// Labels beside the nodes, facing the centre, for the biggest nodes.
	labelled := order
	if len(labelled) > netMaxLabels {
		labelled = labelled[len(labelled)-netMaxLabels:]
	}
	cx := (g.x0 + g.x1) / 2
	s.WriteString(`<g class="labels" pointer-events="none" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">`)
	for _, i := range labelled {
		label := name(i)
		if strings.TrimSpace(label) == "" {
			continue
		}
		x, y, r := pos[i][0], pos[i][1], g.radii[i]
		if x <= cx {
			s.text(x+r+3, y+4, "start", "", label)
		} else {
			s.text(x-r-3, y+4, "end", "", label)
		}
	}
	s.WriteString(`</g>`)

	s.goldsteinLegend(pad, float64(g.h)-netLegendHeight+8)
	return s.close()
}

// goldsteinLegend draws the diverging colour scale with its end points, as
// discrete swatches so that the SVG needs no element IDs.
func (s *svg) goldsteinLegend(x, y float64) {
	const steps, sw = 21, 10.0
	s.WriteString(`<g class="legend">`)
	s.text(x, y+9, "start", "", "mean Goldstein")
	x0 := x + textWidth("mean Goldstein", fontSize) + 8
	for i := 0; i < steps; i++ {
		v := -10 + 20*float64(i)/float64(steps-1)
		s.printf(`<rect x="%s" y="%s" width="%s" height="10" fill="%s"/>`,
			num(x0+float64(i)*sw), num(y), num(sw+0.3), GoldsteinColor(v))
	}
	muted := `fill="` + mutedText + `" font-size="10"`
	s.text(x0, y+21, "start", muted, "-10 conflict")
	s.text(x0+steps*sw/2, y+21, "middle", muted, "0")
	s.text(x0+steps*sw, y+21, "end", muted, "cooperation +10")
	s.text(x0+steps*sw+16, y+9, "start", `fill="`+mutedText+`"`, "line width and node size: volume")
	s.WriteString(`</g>`)
}
