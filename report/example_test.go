package report_test

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/export"
	"github.com/asanakit/asana-go/export/sqlload"
	"github.com/asanakit/asana-go/report"
)

// Back up the demo organization of an in-process fake, load it into
// SQLite and print the workload report.
func Example() {
	ctx := context.Background()
	srv, err := asanatest.New(asanatest.WithRateLimit(0, time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	org, err := srv.DemoOrganization()
	if err != nil {
		log.Fatal(err)
	}
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithTransport(srv.Transport()),
		asana.WithClock(srv.Clock()), asana.WithRateLimit(0, 0))
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "report")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	res, err := (&export.Backup{Client: c, Organization: org.Organization.GID, Dir: filepath.Join(dir, "backup")}).Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	db, err := sqlload.OpenSQLite(filepath.Join(dir, "org.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Load(ctx, res.Dir); err != nil {
		log.Fatal(err)
	}
	workload, err := report.Run(ctx, db, "workload", report.Params{})
	if err != nil {
		log.Fatal(err)
	}
	if err := workload.WriteTable(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Workload per assignee (6 rows)
	// user_gid          assignee        open_tasks  due_this_week  overdue
	// ----------------  --------------  ----------  -------------  -------
	// 1200000000000012  Mateo Silva     6           0              3
	// 1200000000000008  Chloe Zhang     4           0              1
	// 1200000000000006  Ana Fischer     2           0              0
	// 1200000000000010  Isaac Abbott    2           0              0
	// 1200000000000002  Rafael Alvarez  2           0              0
	// 1200000000000004  Alan Tanaka     1           0              1
}
