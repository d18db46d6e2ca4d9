package report

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"
)

// Palette is the colors of the charts' series, in order.
var Palette = []string{"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"}

// Chart geometry, in SVG user units.
const (
	chartW, chartH         = 760, 280
	padL, padR, padT, padB = 48, 16, 28, 72
	maxBars                = 30
)

var esc = template.HTMLEscapeString

// number reads a cell as a number (nil and text are 0).
func number(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// svg draws the result's chart as inline SVG, or returns "" when it has
// none or no rows.
func (r *Result) svg() template.HTML {
	c := r.Report.Chart
	if c.Kind == NoChart || len(r.Rows) == 0 || r.Column(c.Label) < 0 {
		return ""
	}
	for _, v := range c.Values {
		if r.Column(v) < 0 {
			return ""
		}
	}
	if c.Kind == Lines {
		return r.lines()
	}
	return r.bars()
}

// bars sums the value columns per label and draws grouped bars.
func (r *Result) bars() template.HTML {
	c := r.Report.Chart
	li := r.Column(c.Label)
	var labels []string
	sums := map[string][]float64{}
	for _, row := range r.Rows {
		l := safeText(cell(row[li]))
		if l == "" {
			l = "(none)"
		}
		if _, ok := sums[l]; !ok {
			labels = append(labels, l)
			sums[l] = make([]float64, len(c.Values))
		}
		for i, v := range c.Values {
			sums[l][i] += number(row[r.Column(v)])
		}
	}
	if len(labels) > maxBars {
		sort.SliceStable(labels, func(i, j int) bool { return sums[labels[i]][0] > sums[labels[j]][0] })
		labels = labels[:maxBars]
	}
	top := 0.0
	for _, l := range labels {
		for _, v := range sums[l] {
			top = max(top, v)
		}
	}
	top = niceMax(top)
	var b strings.Builder
	r.open(&b, "bars")
	plotW, plotH := float64(chartW-padL-padR), float64(chartH-padT-padB)
	slot := plotW / float64(len(labels))
	barW := slot * 0.8 / float64(len(c.Values))
	for i, l := range labels {
		x0 := float64(padL) + slot*float64(i) + slot*0.1
		for k, v := range sums[l] {
			h := plotH * max(v, 0) / top
			fmt.Fprintf(&b, `<rect class="bar" data-series="%s" data-label="%s" data-value="%g" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s, %s: %g</title></rect>`,
				esc(c.Values[k]), esc(l), v, x0+barW*float64(k), float64(padT)+plotH-h, barW, h, Palette[k%len(Palette)], esc(l), esc(c.Values[k]), v)
		}
		lx, ly := x0+slot*0.4, float64(chartH-padB+12)
		fmt.Fprintf(&b, `<text class="label" x="%.1f" y="%.1f" transform="rotate(35 %.1f %.1f)" font-size="10">%s</text>`,
			lx, ly, lx, ly, esc(shorten(l, 22)))
	}
	r.axis(&b, top)
	r.legend(&b, c.Values)
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// lines draws one line per series over the sorted labels.
func (r *Result) lines() template.HTML {
	c := r.Report.Chart
	li, si, vi := r.Column(c.Label), r.Column(c.Series), r.Column(c.Values[0])
	if si < 0 {
		return ""
	}
	xs := map[string]bool{}
	var series []string
	vals := map[string]map[string]float64{}
	for _, row := range r.Rows {
		x, s := cell(row[li]), safeText(cell(row[si]))
		if s == "" {
			s = "(none)"
		}
		xs[x] = true
		if vals[s] == nil {
			vals[s] = map[string]float64{}
			series = append(series, s)
		}
		vals[s][x] += number(row[vi])
	}
	if c.Weekly {
		for _, w := range r.weeks() {
			xs[w] = true
		}
	}
	xl := make([]string, 0, len(xs))
	for x := range xs {
		xl = append(xl, x)
	}
	sort.Strings(xl)
	top := 0.0
	for _, m := range vals {
		for _, v := range m {
			top = max(top, v)
		}
	}
	top = niceMax(top)
	var b strings.Builder
	r.open(&b, "lines")
	plotW, plotH := float64(chartW-padL-padR), float64(chartH-padT-padB)
	step := plotW
	if len(xl) > 1 {
		step = plotW / float64(len(xl)-1)
	}
	xAt := func(i int) float64 {
		if len(xl) == 1 {
			return float64(padL) + plotW/2
		}
		return float64(padL) + step*float64(i)
	}
	for k, s := range series {
		color := Palette[k%len(Palette)]
		var pts []string
		var dots strings.Builder
		for i, x := range xl {
			v := vals[s][x]
			y := float64(padT) + plotH - plotH*v/top
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", xAt(i), y))
			fmt.Fprintf(&dots, `<circle class="point" data-series="%s" data-label="%s" data-value="%g" cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s, %s: %g</title></circle>`,
				esc(s), esc(x), v, xAt(i), y, color, esc(s), esc(x), v)
		}
		fmt.Fprintf(&b, `<polyline class="line" data-series="%s" points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`,
			esc(s), strings.Join(pts, " "), color)
		b.WriteString(dots.String())
	}
	for i, x := range xl {
		lx, ly := xAt(i), float64(chartH-padB+12)
		fmt.Fprintf(&b, `<text class="label" x="%.1f" y="%.1f" transform="rotate(35 %.1f %.1f)" font-size="10">%s</text>`,
			lx, ly, lx, ly, esc(shorten(x, 22)))
	}
	r.axis(&b, top)
	r.legend(&b, series)
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// weeks returns the Mondays from the weeks_since to the week_start
// parameter, or none if they are not dates.
func (r *Result) weeks() []string {
	from, err1 := time.Parse(time.DateOnly, r.Params["weeks_since"])
	to, err2 := time.Parse(time.DateOnly, r.Params["week_start"])
	var out []string
	for w := from; err1 == nil && err2 == nil && !w.After(to) && len(out) < 520; w = w.AddDate(0, 0, 7) {
		out = append(out, w.Format(time.DateOnly))
	}
	return out
}

func (r *Result) open(b *strings.Builder, kind string) {
	fmt.Fprintf(b, `<svg class="chart %s" data-report="%s" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		kind, esc(r.Report.Name), chartW, chartH, chartW, chartH, esc(r.Report.Title))
}

// axis draws the y axis with its top value and the x axis line.
func (r *Result) axis(b *strings.Builder, top float64) {
	y0 := chartH - padB
	fmt.Fprintf(b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555"/>`, padL, y0, chartW-padR, y0)
	fmt.Fprintf(b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555"/>`, padL, padT, padL, y0)
	for _, f := range []float64{0, 0.5, 1} {
		y := float64(y0) - f*float64(y0-padT)
		fmt.Fprintf(b, `<text class="tick" x="%d" y="%.1f" font-size="10" text-anchor="end">%g</text>`, padL-4, y+3, top*f)
	}
}

// legend names the series along the top.
func (r *Result) legend(b *strings.Builder, names []string) {
	x := padL
	for k, n := range names {
		if k >= len(Palette) {
			break
		}
		fmt.Fprintf(b, `<rect class="key" x="%d" y="8" width="10" height="10" fill="%s"/><text x="%d" y="17" font-size="11">%s</text>`,
			x, Palette[k], x+14, esc(shorten(n, 24)))
		x += 24 + 7*len([]rune(shorten(n, 24)))
	}
}

// niceMax rounds a chart's top value up to 1, 2 or 5 times a power of
// ten (at least 1).
func niceMax(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := 1.0
	for p*10 <= v {
		p *= 10
	}
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
