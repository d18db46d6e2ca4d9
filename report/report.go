package report

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/asanakit/asana-go/export/sqlload"
)

// ChartKind is how the HTML report draws a report.
type ChartKind int

const (
	// NoChart draws no chart, only the table.
	NoChart ChartKind = iota
	// Bars draws a bar per row (or per Group, summed), one bar per value
	// column side by side.
	Bars
	// Lines draws one line per Series value over the Label column.
	Lines
)

// Chart says how to draw a report in HTML.
type Chart struct {
	Kind ChartKind
	// Label is the column of the bars' labels (or the lines' x axis).
	Label string
	// Values are the columns drawn (bars), or the one column plotted
	// (lines).
	Values []string
	// Series is the column naming each line (Lines only).
	Series string
	// Weekly makes the x axis every week the parameters cover (Lines
	// only), so that a week with nothing is a zero, not a gap.
	Weekly bool
}

// Report is one of the standard reports.
type Report struct {
	// Name is what examples/report takes ("overdue"); the view is
	// View().
	Name        string
	Title       string
	Description string
	// OrderBy sorts the rows: columns, each optionally DESC (see
	// Result's sort, which applies it the same on every database).
	OrderBy string
	Chart   Chart
}

// View is the name of the report's SQL view: "report_" and the name
// with dashes as underscores.
func (r Report) View() string { return "report_" + strings.ReplaceAll(r.Name, "-", "_") }

// Standard are the standard reports, in the order the HTML report shows
// them.
var Standard = []Report{
	{Name: "overdue", Title: "Overdue and unassigned work",
		Description: "Open tasks of each unarchived project, with how many are past their due date and how many have no assignee.",
		OrderBy:     "team, project, project_gid",
		Chart:       Chart{Kind: Bars, Label: "team", Values: []string{"overdue", "unassigned"}}},
	{Name: "workload", Title: "Workload per assignee",
		Description: "Open tasks assigned to each person, those due this week (Monday to Sunday) and those overdue.",
		OrderBy:     "open_tasks DESC, assignee, user_gid",
		Chart:       Chart{Kind: Bars, Label: "assignee", Values: []string{"open_tasks", "due_this_week"}}},
	{Name: "completed-weekly", Title: "Tasks completed per week per team",
		Description: "Tasks completed in each of the last weeks, per team of their projects.",
		OrderBy:     "team, week",
		Chart:       Chart{Kind: Lines, Label: "week", Values: []string{"completed"}, Series: "team", Weekly: true}},
	{Name: "inactive-projects", Title: "Inactive projects",
		Description: "Unarchived projects with no task change, comment or status update in the last days.",
		OrderBy:     "last_activity, project, project_gid"},
	{Name: "stale-status", Title: "Projects without a recent status update",
		Description: "Unarchived projects whose last status update is older than the threshold, or that have none.",
		OrderBy:     "last_status_at, project, project_gid"},
	{Name: "custom-fields", Title: "Custom field usage",
		Description: "Each custom field: the projects that carry it (0: on no project), the tasks with a value, and its enum options never used.",
		OrderBy:     "projects, name, custom_field_gid",
		Chart:       Chart{Kind: Bars, Label: "name", Values: []string{"tasks_with_value"}}},
	{Name: "guests", Title: "Guests and their access",
		Description: "Guest members of the organization with the teams and projects they are in and the tasks they are assigned or follow.",
		OrderBy:     "name, user_gid"},
	{Name: "tokens", Title: "Service accounts and tokens",
		Description: "Every service account and personal access token owner the audit log names: tokens created and revoked, API actions, last event.",
		OrderBy:     "kind, name, user_gid"},
}

// Lookup returns the standard report of a name.
func Lookup(name string) (Report, bool) {
	for _, r := range Standard {
		if r.Name == name {
			return r, true
		}
	}
	return Report{}, false
}

// Params are the thresholds of the reports. The zero value takes the
// defaults.
type Params struct {
	// AsOf is "now" for the reports; zero: the loaded snapshot's start.
	AsOf time.Time
	// InactiveDays is how long a project may go without activity
	// (default 30); StatusDays without a status update (default 14).
	InactiveDays, StatusDays int
	// Weeks is how many weeks the weekly report covers, this one
	// included (default 12).
	Weeks int
}

// values returns report_params' rows for p, with the defaults filled in
// (asOf is used when p.AsOf is zero).
func (p Params) values(asOf time.Time) map[string]string {
	if !p.AsOf.IsZero() {
		asOf = p.AsOf
	}
	asOf = asOf.UTC()
	if p.InactiveDays <= 0 {
		p.InactiveDays = 30
	}
	if p.StatusDays <= 0 {
		p.StatusDays = 14
	}
	if p.Weeks <= 0 {
		p.Weeks = 12
	}
	week := sqlload.WeekStart(asOf)
	ts := func(t time.Time) string { return t.Format("2006-01-02T15:04:05.000Z") }
	return map[string]string{
		"as_of":          ts(asOf),
		"today":          asOf.Format(time.DateOnly),
		"week_start":     week.Format(time.DateOnly),
		"week_end":       week.AddDate(0, 0, 6).Format(time.DateOnly),
		"weeks_since":    week.AddDate(0, 0, -7*(p.Weeks-1)).Format(time.DateOnly),
		"inactive_since": ts(asOf.AddDate(0, 0, -p.InactiveDays)),
		"status_since":   ts(asOf.AddDate(0, 0, -p.StatusDays)),
	}
}

// Install creates the reports' views (and the report_params table they
// read, filled with the defaults for the loaded snapshot), replacing
// older versions. Run calls it.
func Install(ctx context.Context, db *sqlload.DB) error {
	if err := db.Init(ctx); err != nil {
		return err
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmts := []string{"CREATE TABLE IF NOT EXISTS report_params (name TEXT PRIMARY KEY, value TEXT)"}
	for _, r := range Standard {
		stmts = append(stmts, "DROP VIEW IF EXISTS "+r.View())
	}
	for i := len(helperViews) - 1; i >= 0; i-- {
		stmts = append(stmts, "DROP VIEW IF EXISTS "+helperViews[i].name)
	}
	for _, v := range helperViews {
		stmts = append(stmts, "CREATE VIEW "+v.name+" AS "+v.query)
	}
	for _, r := range Standard {
		stmts = append(stmts, "CREATE VIEW "+r.View()+" AS "+reportSQL[r.Name])
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("report: %s: %w", strings.SplitN(s, " AS ", 2)[0], err)
		}
	}
	asOf, err := snapshotTime(ctx, tx, db)
	if err != nil {
		return err
	}
	if err := setParams(ctx, tx, db, Params{}.values(asOf)); err != nil {
		return err
	}
	return tx.Commit()
}

// snapshotTime is the start of the loaded snapshot, or now if none is.
func snapshotTime(ctx context.Context, tx *sql.Tx, db *sqlload.DB) (time.Time, error) {
	var s string
	err := tx.QueryRowContext(ctx, db.Rebind("SELECT value FROM sqlload_meta WHERE key = ?"), "started_at").Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Now(), nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, s)
}

func setParams(ctx context.Context, tx *sql.Tx, db *sqlload.DB, vals map[string]string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM report_params"); err != nil {
		return err
	}
	for k, v := range vals {
		if _, err := tx.ExecContext(ctx, db.Rebind("INSERT INTO report_params (name, value) VALUES (?, ?)"), k, v); err != nil {
			return err
		}
	}
	return nil
}

// Result is a report's answer.
type Result struct {
	Report  Report
	Params  map[string]string
	Columns []string
	// Rows hold nil, int64, float64 or string values.
	Rows [][]any
}

// Run answers a standard report with the parameters p. The parameters
// are set for this run only (in a transaction that is rolled back), so
// runs with different parameters do not disturb each other.
func Run(ctx context.Context, db *sqlload.DB, name string, p Params) (*Result, error) {
	r, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("report: no report %.40q", name)
	}
	if err := Install(ctx, db); err != nil {
		return nil, err
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	asOf, err := snapshotTime(ctx, tx, db)
	if err != nil {
		return nil, err
	}
	res := &Result{Report: r, Params: p.values(asOf)}
	if err := setParams(ctx, tx, db, res.Params); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT * FROM "+r.View()+" ORDER BY "+r.OrderBy)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", name, err)
	}
	defer rows.Close()
	if res.Columns, err = rows.Columns(); err != nil {
		return nil, err
	}
	for rows.Next() {
		vals := make([]any, len(res.Columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			vals[i] = normalize(v)
		}
		res.Rows = append(res.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	res.sort()
	return res, nil
}

// sort orders the rows by the report's OrderBy in Go, the same on every
// database (whose collations and places for NULL differ): NULL first,
// numbers by value, text byte by byte; "col DESC" reverses one column.
func (r *Result) sort() {
	type key struct {
		col  int
		desc bool
	}
	var keys []key
	for _, part := range strings.Split(r.Report.OrderBy, ",") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		if c := r.Column(f[0]); c >= 0 {
			keys = append(keys, key{c, len(f) > 1 && strings.EqualFold(f[1], "desc")})
		}
	}
	slices.SortStableFunc(r.Rows, func(a, b []any) int {
		for _, k := range keys {
			c := compareValues(a[k.col], b[k.col])
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

// compareValues orders two cells: nil, then numbers, then text.
func compareValues(a, b any) int {
	rank := func(v any) int {
		switch v.(type) {
		case nil:
			return 0
		case int64, float64:
			return 1
		}
		return 2
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return cmp.Compare(ra, rb)
	}
	switch a.(type) {
	case nil:
		return 0
	case int64, float64:
		return cmp.Compare(number(a), number(b))
	}
	return strings.Compare(cell(a), cell(b))
}

// RunAll answers every standard report.
func RunAll(ctx context.Context, db *sqlload.DB, p Params) ([]*Result, error) {
	var out []*Result
	for _, r := range Standard {
		res, err := Run(ctx, db, r.Name, p)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// normalize maps the drivers' values to nil, int64, float64 or string.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, int64, float64, string:
		return x
	case []byte:
		return string(x)
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	default:
		return fmt.Sprint(x)
	}
}

// Column returns the index of a column, or -1.
func (r *Result) Column(name string) int {
	for i, c := range r.Columns {
		if c == name {
			return i
		}
	}
	return -1
}
