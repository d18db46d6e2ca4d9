package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// hostile is a result whose text comes from a hostile organization.
func hostile() *Result {
	return &Result{
		Report:  Report{Name: "workload", Title: "Workload", Chart: Chart{Kind: Bars, Label: "assignee", Values: []string{"open_tasks"}}},
		Params:  map[string]string{"today": "2026-01-05"},
		Columns: []string{"assignee", "open_tasks", "ratio", "note"},
		Rows: [][]any{
			{`<script>alert(1)</script>`, int64(3), 0.5, "=HYPERLINK(\"http://x\")"},
			{"Ana\x1b[31m", int64(-2), nil, "-12.5"},
		},
	}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := hostile().WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		row, col int
		want     string
	}{
		{0, 0, "assignee"},
		{1, 1, "3"},
		{1, 2, "0.5"},
		{1, 3, `'=HYPERLINK("http://x")`}, // a formula is defused
		{2, 1, "-2"},                      // numbers are not
		{2, 2, ""},
		{2, 3, "-12.5"},
	}
	for _, tt := range tests {
		if got := recs[tt.row][tt.col]; got != tt.want {
			t.Errorf("row %d col %d: %q, want %q", tt.row, tt.col, got, tt.want)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := hostile().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Report string
		Params map[string]string
		Rows   []map[string]any
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatalf("%v\n%s", err, b.Bytes())
	}
	if out.Report != "workload" || out.Params["today"] != "2026-01-05" || len(out.Rows) != 2 ||
		out.Rows[0]["open_tasks"] != 3.0 || out.Rows[1]["ratio"] != nil || out.Rows[0]["assignee"] != `<script>alert(1)</script>` {
		t.Errorf("%+v", out)
	}
	// Columns keep their order.
	if i, j := bytes.Index(b.Bytes(), []byte(`"assignee"`)), bytes.Index(b.Bytes(), []byte(`"open_tasks"`)); i < 0 || i > j {
		t.Errorf("column order lost: %s", b.Bytes())
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	if err := hostile().WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if strings.Contains(s, "\x1b") {
		t.Error("a control character reached the terminal")
	}
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "Workload (2 rows)") || !strings.HasPrefix(lines[3], "<script>") {
		t.Errorf("table:\n%s", s)
	}
}

func TestWriteHTMLEscapes(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, "Report <b>", []*Result{hostile()}); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, bad := range []string{"<script>", "<b>"} {
		if strings.Contains(s, bad) {
			t.Errorf("HTML holds %q unescaped", bad)
		}
	}
	if n := strings.Count(s, `<rect class="bar" `); n != 2 {
		t.Errorf("%d bars, want 2", n)
	}
}

func TestNiceMax(t *testing.T) {
	for _, tt := range []struct{ in, want float64 }{{0, 1}, {1, 1}, {3, 5}, {7, 10}, {10, 10}, {11, 20}, {180, 200}, {501, 1000}} {
		if got := niceMax(tt.in); got != tt.want {
			t.Errorf("niceMax(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSortRows(t *testing.T) {
	r := &Result{Report: Report{OrderBy: "n DESC, s"}, Columns: []string{"s", "n"},
		Rows: [][]any{{"b", int64(1)}, {nil, int64(2)}, {"a", int64(1)}, {"Z", nil}, {"é", int64(2)}}}
	r.sort()
	var got []string
	for _, row := range r.Rows {
		got = append(got, cell(row[0]))
	}
	if want := []string{"", "é", "a", "b", "Z"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sorted %q, want %q", got, want)
	}
}
