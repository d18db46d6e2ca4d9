package sqlload_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/export"
	"github.com/asanakit/asana-go/export/sqlload"
)

// Back up the demo organization of an in-process fake, load the snapshot
// into SQLite, and ask it a question in SQL.
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
	dir, err := os.MkdirTemp("", "sqlload")
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
	st, err := db.Load(ctx, res.Dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("loaded %d objects\n", st.Inserted)
	var open, unassigned int
	err = db.SQL.QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN assignee_gid IS NULL THEN 1 ELSE 0 END)
		FROM tasks WHERE completed = 0`).Scan(&open, &unassigned)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d open tasks, %d unassigned\n", open, unassigned)

	// Loading the same snapshot again reads nothing.
	st, err = db.Load(ctx, res.Dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("again: %d of %d files unchanged, %d written\n", st.UnchangedFiles, st.Files, st.Inserted+st.Updated)
	// Output:
	// loaded 186 objects
	// 23 open tasks, 4 unassigned
	// again: 37 of 37 files unchanged, 0 written
}
