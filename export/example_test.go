package export_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/export"
)

// Back up the demo organization of an in-process fake, twice: the second
// run is incremental and writes the same data.
func Example() {
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
	dir, err := os.MkdirTemp("", "backup")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	b := &export.Backup{Client: c, Organization: org.Organization.GID, Dir: dir, Keep: 7}
	for range 2 {
		res, err := b.Run(context.Background())
		if err != nil {
			log.Fatal(err)
		}
		if _, err := export.Verify(res.Dir); err != nil {
			log.Fatal(err)
		}
		m := res.Manifest
		fmt.Printf("%s: %d projects, %d tasks, %d stories\n", m.Mode, m.Counts["projects"], m.Counts["tasks"], m.Counts["stories"])
	}
	// Output:
	// full: 5 projects, 45 tasks, 30 stories
	// incremental: 5 projects, 45 tasks, 30 stories
}
