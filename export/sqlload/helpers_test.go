package sqlload

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/export"
)

// fakeOrg is a fake with a generated organization, backed up into dir.
type fakeOrg struct {
	srv    *asanatest.Server
	org    *asanatest.Org
	client *asana.Client
	dir    string
}

func newFakeOrg(t testing.TB) *fakeOrg {
	t.Helper()
	srv, err := asanatest.New(asanatest.WithSeed(7), asanatest.WithRateLimit(0, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	org, err := srv.Generate(42, asanatest.Sizes{Users: 12, Teams: 3, Projects: 6, Tasks: 120, SubtaskRatio: 0.5,
		CommentsPerTask: 1.5, ArchivedRatio: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithTransport(srv.Transport()),
		asana.WithClock(srv.Clock()), asana.WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return &fakeOrg{srv: srv, org: org, client: c, dir: t.TempDir()}
}

// backup makes the next snapshot and returns its directory.
func (f *fakeOrg) backup(t testing.TB) string {
	t.Helper()
	res, err := (&export.Backup{Client: f.client, Organization: f.org.Organization.GID, Dir: f.dir, Concurrency: 4}).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return res.Dir
}

// do makes one API call as the service account.
func (f *fakeOrg) do(t testing.TB, method, path string, body any) map[string]any {
	t.Helper()
	var out map[string]any
	if _, err := f.client.Do(t.Context(), &asana.Request{Method: method, Path: path, Body: body}, &out); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return out
}

var schemas atomic.Int64

// openDBs returns a fresh SQLite database and, when
// ASANA_TEST_POSTGRES_URL is set, a fresh schema of that PostgreSQL.
func openDBs(t *testing.T) map[string]*DB {
	t.Helper()
	out := map[string]*DB{"sqlite": openSQLite(t)}
	if pg := openPostgres(t); pg != nil {
		out["postgresql"] = pg
	}
	return out
}

func openSQLite(t testing.TB) *DB {
	t.Helper()
	db, err := OpenSQLite(filepath.Join(t.TempDir(), "org.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openPostgres returns a database on a schema of its own, or nil (with a
// log line) when ASANA_TEST_POSTGRES_URL is unset.
func openPostgres(t testing.TB) *DB {
	t.Helper()
	url := os.Getenv("ASANA_TEST_POSTGRES_URL")
	if url == "" {
		t.Log("ASANA_TEST_POSTGRES_URL is unset: PostgreSQL not tested (source .ci/postgres.sh && pg_start)")
		return nil
	}
	admin, err := OpenPostgres(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("sqlload_test_%d_%d", os.Getpid(), schemas.Add(1))
	if _, err := admin.SQL.ExecContext(t.Context(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	db, err := OpenPostgres(t.Context(), url+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		if a, err := OpenPostgres(t.Context(), url); err == nil {
			a.SQL.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
			a.Close()
		}
	})
	return db
}

// dump returns every row of every data table as text, sorted, by table.
func dump(t testing.TB, db *DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, name := range Tables() {
		rows, err := db.SQL.QueryContext(t.Context(), "SELECT * FROM "+name)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if i > 0 {
					b.WriteString("|")
				}
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprint(&b, v)
			}
			out[name] = append(out[name], b.String())
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		sort.Strings(out[name])
	}
	return out
}

// count returns the rows of a table.
func count(t testing.TB, q interface {
	QueryRow(string, ...any) *sql.Row
}, table string) int {
	t.Helper()
	var n int
	if err := q.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
