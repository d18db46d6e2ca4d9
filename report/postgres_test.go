package report

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/export/sqlload"
)

// TestReportsOnPostgres loads the same snapshot into PostgreSQL and
// checks that every report answers exactly as on SQLite.
func TestReportsOnPostgres(t *testing.T) {
	url := os.Getenv("ASANA_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("ASANA_TEST_POSTGRES_URL is unset: the reports are not run on PostgreSQL (source .ci/postgres.sh && pg_start)")
	}
	f := newFixture(t)
	admin, err := sqlload.OpenPostgres(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("report_test_%d", os.Getpid())
	if _, err := admin.SQL.ExecContext(t.Context(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.SQL.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE") })
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	pg, err := sqlload.OpenPostgres(t.Context(), url+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if _, err := pg.Load(t.Context(), f.snap); err != nil {
		t.Fatal(err)
	}
	want, err := RunAll(t.Context(), f.db, Params{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := RunAll(t.Context(), pg, Params{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i].Columns, want[i].Columns) {
			t.Errorf("%s: columns %v on PostgreSQL, %v on SQLite", want[i].Report.Name, got[i].Columns, want[i].Columns)
		}
		if !reflect.DeepEqual(got[i].Rows, want[i].Rows) {
			t.Errorf("%s: %d rows on PostgreSQL differ from SQLite's %d\n%v\n%v", want[i].Report.Name,
				len(got[i].Rows), len(want[i].Rows), got[i].Rows, want[i].Rows)
		}
		if len(want[i].Rows) == 0 && want[i].Report.Name != "inactive-projects" {
			t.Errorf("%s: no rows", want[i].Report.Name)
		}
	}
}
