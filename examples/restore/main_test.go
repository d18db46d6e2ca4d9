package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/clitest"
	"github.com/asanakit/asana-go/export"
)

// backup backs a fresh demo organization up into dir, marked as the
// demo's when demoMode (as the backup example does).
func backup(t *testing.T, dir string, demoMode bool) {
	t.Helper()
	srv, err := asanatest.New(asanatest.WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithTransport(srv.Transport()), asana.WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if demoMode {
		if err := (&cli.Env{}).ClaimDir(dir); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := (&export.Backup{Client: c, Organization: org.Organization.GID, Dir: dir}).Run(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestDemoRoundTrip(t *testing.T) {
	clitest.DemoEnv(t)
	r := clitest.Run(t.Context(), run)
	if r.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	clitest.CheckDemoNotice(t, r)
	for _, want := range []string{"a backup of organization 1200000000000001", "teams                           3", "Restored:", "team                      3 created", "task                     49 created",
		"attachment                2 created", "goal                      3 created"} {
		if !strings.Contains(r.Out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.Out)
		}
	}
	r = clitest.Run(t.Context(), run, "-json")
	var s summary
	if err := json.Unmarshal([]byte(r.Out), &s); err != nil || r.Code != 0 {
		t.Fatalf("-json: exit %d, %v\n%s", r.Code, err, r.Out)
	}
	if !s.Demo || !s.Applied || s.Created["task"] != 49 || s.Counts["projects"] != 5 || s.SourceOrganization == s.Organization {
		t.Errorf("summary %+v", s)
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }

// TestNeverMix: the demo refuses a backup made with a token, and a token
// run refuses the demo's.
func TestNeverMix(t *testing.T) {
	root := t.TempDir()
	prod, demoDir := filepath.Join(root, "prod"), filepath.Join(root, "demo")
	backup(t, prod, false)
	backup(t, demoDir, true)
	clitest.DemoEnv(t)

	if r := clitest.Run(t.Context(), run, "-from", prod); r.Code != 2 || !strings.Contains(r.Err, "not a demo backup") {
		t.Errorf("demo restore of a real backup: exit %d\n%s", r.Code, r.Err)
	}
	if r := clitest.Run(t.Context(), run, "-from", demoDir); r.Code != 0 || !strings.Contains(r.Out, "Restored:") {
		t.Errorf("demo restore of the demo's backup: exit %d\n%s", r.Code, r.Err)
	}
	clitest.LoopbackFake(t)
	if r := clitest.Run(t.Context(), run, "-from", demoDir, "-org", "1"); r.Code != 2 || !strings.Contains(r.Err, "holds the demo's backups") {
		t.Errorf("token restore of the demo's backup: exit %d\n%s", r.Code, r.Err)
	}
}

// TestTokenRestore restores with a token (a loopback fake): -from and
// -org are required, nothing is written without -apply, the source
// organization is refused as a target, and a second -apply creates
// nothing more.
func TestTokenRestore(t *testing.T) {
	srv, org := clitest.LoopbackFake(t)
	prod := filepath.Join(t.TempDir(), "prod")
	backup(t, prod, false)
	target, err := srv.AddWorkspace(asanatest.Workspace{Name: "Restored", IsOrganization: true, Enterprise: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range org.Users {
		if _, err := srv.AddWorkspaceMember(target.GID, u.GID, asanatest.MemberOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	_, token, err := srv.AddServiceAccount(target.GID, "Restore bot")
	if err != nil {
		t.Fatal(err)
	}
	clitest.TokenEnv(t, token, srv.URL())
	if r := clitest.Run(t.Context(), run, "-from", prod); r.Code != 2 || !strings.Contains(r.Err, "-from and -org are required") {
		t.Errorf("no -org: exit %d\n%s", r.Code, r.Err)
	}
	if r := clitest.Run(t.Context(), run, "-from", prod, "-org", org.Organization.GID, "-apply"); r.Code != 2 || !strings.Contains(r.Err, "itself") {
		t.Errorf("into the source: exit %d\n%s", r.Code, r.Err)
	}
	r := clitest.Run(t.Context(), run, "-from", prod, "-org", target.GID)
	if r.Code != 0 || !strings.Contains(r.Out, "Nothing was changed") || len(srv.Teams(target.GID)) != 0 {
		t.Fatalf("without -apply: exit %d, %d teams\n%s\n%s", r.Code, len(srv.Teams(target.GID)), r.Out, r.Err)
	}
	r = clitest.Run(t.Context(), run, "-from", prod, "-org", target.GID, "-apply")
	if r.Code != 0 || len(srv.Teams(target.GID)) != 3 {
		t.Fatalf("-apply: exit %d, %d teams\n%s\n%s", r.Code, len(srv.Teams(target.GID)), r.Out, r.Err)
	}
	r = clitest.Run(t.Context(), run, "-from", prod, "-org", target.GID, "-apply", "-json")
	var s summary
	if err := json.Unmarshal([]byte(r.Out), &s); err != nil || r.Code != 0 || len(s.Created) != 0 || s.Existing["team"] != 3 {
		t.Errorf("second -apply: exit %d, %v %+v", r.Code, err, s)
	}
}

func TestInterrupted(t *testing.T) {
	clitest.DemoEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &clitest.CancelOn{Marker: "Users are not created", Cancel: cancel}
	var errb strings.Builder
	code := run(ctx, nil, out, &errb)
	if code != 130 || !strings.Contains(errb.String(), "run the same command again to resume") {
		t.Errorf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
}
