package report

import (
	"html/template"
	"io"
)

var page = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
td.n { text-align: right; }
svg.chart { display: block; margin: 1em 0; background: #fafafa; }
p.params { color: #666; font-size: 12px; }
</style></head><body>
<h1>{{.Title}}</h1>
{{with .AsOf}}<p class="params">As of {{.}}</p>{{end}}
{{range .Sections}}<section class="report" id="{{.Name}}">
<h2>{{.Title}}</h2>
<p>{{.Description}}</p>
{{.Chart}}
<table><thead><tr>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range .}}<td{{if .Num}} class="n"{{end}}>{{.Text}}</td>{{end}}</tr>
{{end}}</tbody></table>
{{if .More}}<p>… and {{.More}} more rows (see the CSV or JSON output).</p>{{end}}
</section>
{{end}}</body></html>
`))

// maxHTMLRows is how many rows of each report the HTML page lists.
const maxHTMLRows = 200

type htmlCell struct {
	Text string
	Num  bool
}

type htmlSection struct {
	Name, Title, Description string
	Chart                    template.HTML
	Columns                  []string
	Rows                     [][]htmlCell
	More                     int
}

// WriteHTML writes one self-contained HTML page with every result: its
// chart (inline SVG: bars per team or person, lines for trends) and its
// table (at most 200 rows each). Everything from the organization is
// escaped; the page loads nothing and runs no script.
func WriteHTML(w io.Writer, title string, results []*Result) error {
	data := struct {
		Title, AsOf string
		Sections    []htmlSection
	}{Title: title}
	for _, r := range results {
		if data.AsOf == "" {
			data.AsOf = r.Params["as_of"]
		}
		s := htmlSection{Name: r.Report.Name, Title: r.Report.Title, Description: r.Report.Description,
			Chart: r.svg(), Columns: r.Columns}
		for j, row := range r.Rows {
			if j == maxHTMLRows {
				s.More = len(r.Rows) - j
				break
			}
			cells := make([]htmlCell, len(row))
			for i, v := range row {
				_, isNum := v.(int64)
				_, isFloat := v.(float64)
				cells[i] = htmlCell{Text: cell(v), Num: isNum || isFloat}
			}
			s.Rows = append(s.Rows, cells)
		}
		data.Sections = append(data.Sections, s)
	}
	return page.Execute(w, data)
}
