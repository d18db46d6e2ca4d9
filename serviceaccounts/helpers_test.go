package serviceaccounts

import (
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// newFake returns an in-process fake with its rate quota off (the fake's
// clock stands still, so a quota window would never roll).
func newFake(t testing.TB) *asanatest.Server {
	t.Helper()
	srv, err := asanatest.New(asanatest.WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// clientFor returns a client of the fake (in process: the base URL stays
// Asana's, the transport decides) that authenticates with secret,
// without retries so that tests see every answer as it came.
func clientFor(t testing.TB, srv *asanatest.Server, secret string) *asana.Client {
	t.Helper()
	c, err := asana.NewClient(secret,
		asana.WithTransport(srv.Transport()),
		asana.WithRateLimit(0, 0),
		asana.WithRetryPolicy(asana.NoRetries()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// demo returns a fake with the demo organization.
func demo(t testing.TB) (*asanatest.Server, *asanatest.Org) {
	t.Helper()
	srv := newFake(t)
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	return srv, org
}
