package contract

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/serviceaccounts"
)

// Environment variables that point the suite at real Asana (see doc.go).
const (
	envToken   = "ASANA_CONTRACT_TOKEN"
	envBaseURL = "ASANA_CONTRACT_BASE_URL"
	envOrg     = "ASANA_CONTRACT_ORG"
	envWrite   = "ASANA_CONTRACT_WRITE"
	envProject = "ASANA_CONTRACT_PROJECT"
)

// env is the Asana a scenario runs against: the fake or the real one.
type env struct {
	// c uses the suite's token: the fake's service account, or
	// ASANA_CONTRACT_TOKEN.
	c *asana.Client
	// orgGID is the organization the scenarios read.
	orgGID string
	// real is true against real Asana.
	real bool
	// serviceAccount reports whether the token has service-account powers.
	serviceAccount bool
	// writeProject is the project in which write scenarios may create
	// tasks; empty when writes are not allowed.
	writeProject string
	// newClient returns a client for another token, with the same base URL
	// and transport as c.
	newClient func(t *testing.T, token string) *asana.Client
	// now is the current time of the Asana under test.
	now func() time.Time
}

// scenario is one behaviour that the fake and Asana must share.
type scenario struct {
	name string
	// write marks a scenario that changes data: against real Asana it runs
	// only with ASANA_CONTRACT_WRITE=1.
	write bool
	// serviceAccount marks a scenario that needs service-account powers.
	serviceAccount bool
	run            func(t *testing.T, e *env)
}

// newEnv returns real Asana when ASANA_CONTRACT_TOKEN is set, the fake
// with the demo organization otherwise.
func newEnv(t *testing.T) *env {
	t.Helper()
	if tok := os.Getenv(envToken); tok != "" {
		return realEnv(t, tok)
	}
	return fakeEnv(t)
}

// fakeEnv starts an in-process fake with the demo organization and a
// client with its service account's token.
func fakeEnv(t *testing.T) *env {
	t.Helper()
	srv, err := asanatest.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	newClient := func(t *testing.T, token string) *asana.Client {
		t.Helper()
		c, err := asana.NewClient(token, asana.WithTransport(srv.Transport()), asana.WithBaseURL(srv.URL()))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return &env{
		c:              newClient(t, org.ServiceAccountToken),
		orgGID:         org.Organization.GID,
		serviceAccount: true,
		writeProject:   openProject(org),
		newClient:      newClient,
		now:            srv.Clock().Now,
	}
}

// openProject returns the gid of the first unarchived project of org.
func openProject(org *asanatest.Org) string {
	for _, p := range org.Projects {
		if !p.Archived {
			return p.GID
		}
	}
	return ""
}

// realEnv connects to real Asana with token and finds the organization and
// whether the token is a service account.
func realEnv(t *testing.T, token string) *env {
	t.Helper()
	var opts []asana.Option
	if u := os.Getenv(envBaseURL); u != "" {
		opts = append(opts, asana.WithBaseURL(u))
	}
	newClient := func(t *testing.T, token string) *asana.Client {
		t.Helper()
		c, err := asana.NewClient(token, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	e := &env{c: newClient(t, token), real: true, newClient: newClient, now: time.Now}
	ctx := testContext(t)
	id, err := serviceaccounts.Verify(ctx, e.c)
	if err != nil {
		t.Fatalf("verifying %s: %v", envToken, err)
	}
	e.orgGID = os.Getenv(envOrg)
	if e.orgGID == "" {
		if len(id.Workspaces) == 0 {
			t.Fatalf("the token reaches no workspace; set %s", envOrg)
		}
		e.orgGID = id.Workspaces[0].GID
	}
	e.serviceAccount = id.RequireServiceAccount(e.orgGID) == nil
	if os.Getenv(envWrite) == "1" {
		e.writeProject = os.Getenv(envProject)
	}
	return e
}

// testContext returns a context that ends with the test, bounded so that a
// stuck request against real Asana fails instead of hanging.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// TestContract runs every scenario against one environment.
func TestContract(t *testing.T) {
	runScenarios(t, newEnv(t))
}

// TestContractRealMode runs the suite the way it runs against real Asana
// (token, base URL and organization from the environment, service-account
// detection by probe) against a fake on a loopback port, once with the
// service account's token and once with a personal one: the real-Asana
// path is tested too, without the network.
func TestContractRealMode(t *testing.T) {
	srv := asanatest.NewServer(t)
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	project := openProject(org)
	tests := []struct {
		name, token    string
		serviceAccount bool
		// write is the value of ASANA_CONTRACT_WRITE.
		write string
	}{
		{"service account", org.ServiceAccountToken, true, ""},
		{"personal token", org.AdminToken, false, ""},
		{"personal token with writes", org.AdminToken, false, "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(envBaseURL, srv.URL())
			t.Setenv(envOrg, "")
			t.Setenv(envWrite, tt.write)
			t.Setenv(envProject, project)
			e := realEnv(t, tt.token)
			if e.orgGID != org.Organization.GID {
				t.Errorf("organization %s, want the token's first, %s", e.orgGID, org.Organization.GID)
			}
			if e.serviceAccount != tt.serviceAccount {
				t.Errorf("service account detected: %v, want %v", e.serviceAccount, tt.serviceAccount)
			}
			if want := map[string]string{"": "", "1": project}[tt.write]; e.writeProject != want {
				t.Errorf("%s=%q: write project %q, want %q", envWrite, tt.write, e.writeProject, want)
			}
			runScenarios(t, e)
		})
	}
}

// runScenarios runs the table against e, skipping (with the reason) what e
// cannot run.
func runScenarios(t *testing.T, e *env) {
	t.Helper()
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			if sc.write && e.writeProject == "" {
				t.Skipf("writes to real Asana need %s=1 and %s", envWrite, envProject)
			}
			if sc.serviceAccount && !e.serviceAccount {
				t.Skip("needs a service-account token; this one has no service-account powers in the organization")
			}
			sc.run(t, e)
		})
	}
}

// TestScenarioNamesUnique guards the table: a repeated name would hide a
// scenario's result behind another's.
func TestScenarioNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, sc := range scenarios() {
		if sc.name == "" || seen[sc.name] {
			t.Errorf("scenario name %q is empty or repeated", sc.name)
		}
		seen[sc.name] = true
		if sc.run == nil {
			t.Errorf("scenario %q has no run function", sc.name)
		}
	}
}

// wantErr fails t unless err matches target (errors.Is).
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want %v", what, err, target)
	}
}
