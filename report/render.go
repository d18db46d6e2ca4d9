package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// cell formats one value for text and CSV output.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

// safeText keeps a value from the organization from acting on a
// terminal: control characters become spaces.
func safeText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}

// WriteTable writes the result as an aligned text table with a title
// line.
func (r *Result) WriteTable(w io.Writer) error {
	width := make([]int, len(r.Columns))
	for i, c := range r.Columns {
		width[i] = utf8.RuneCountInString(c)
	}
	cells := make([][]string, len(r.Rows))
	for j, row := range r.Rows {
		cells[j] = make([]string, len(row))
		for i, v := range row {
			s := safeText(cell(v))
			if n := utf8.RuneCountInString(s); n > 60 {
				s = string([]rune(s)[:59]) + "…"
			}
			cells[j][i] = s
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s (%d rows)\n", r.Report.Title, len(r.Rows))
	line := func(vals []string) {
		for i, v := range vals {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := width[i] - utf8.RuneCountInString(v)
			if i == len(vals)-1 {
				pad = 0
			}
			b.WriteString(v + strings.Repeat(" ", pad))
		}
		b.WriteString("\n")
	}
	line(r.Columns)
	seps := make([]string, len(width))
	for i, n := range width {
		seps[i] = strings.Repeat("-", n)
	}
	line(seps)
	for _, c := range cells {
		line(c)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteCSV writes the result as CSV with a header row. A value that a
// spreadsheet would run as a formula (starting with =, +, - or @ and
// not a number) is prefixed with a quote.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(r.Columns); err != nil {
		return err
	}
	for _, row := range r.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			s := cell(v)
			if _, isStr := v.(string); isStr && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
				if _, err := strconv.ParseFloat(s, 64); err != nil {
					s = "'" + s
				}
			}
			rec[i] = s
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the result as one JSON object: the report's name,
// its parameters and its rows as objects keyed by column, in column
// order.
func (r *Result) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	name, _ := json.Marshal(r.Report.Name)
	params, err := json.Marshal(r.Params)
	if err != nil {
		return err
	}
	fmt.Fprintf(&b, "{\"report\":%s,\"params\":%s,\"rows\":[", name, params)
	for j, row := range r.Rows {
		if j > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n{")
		for i, v := range row {
			if i > 0 {
				b.WriteString(",")
			}
			k, _ := json.Marshal(r.Columns[i])
			val, err := json.Marshal(v)
			if err != nil {
				return err
			}
			b.Write(k)
			b.WriteString(":")
			b.Write(val)
		}
		b.WriteString("}")
	}
	b.WriteString("\n]}\n")
	_, err = w.Write(b.Bytes())
	return err
}
