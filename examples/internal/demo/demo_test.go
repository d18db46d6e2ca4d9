package demo

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/clitest"
)

// testEnv is the run's environment as cli.Setup makes it, logging to w
// without timestamps.
func testEnv(t *testing.T, w io.Writer) *cli.Env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey || a.Key == slog.LevelKey {
			return slog.Attr{}
		}
		return a
	}}))
	tok, err := cli.LoadToken("", false, log)
	if err != nil {
		t.Fatal(err)
	}
	return &cli.Env{Logger: log, Token: tok, Stderr: w}
}

// TestConnectFake connects without a token: the embedded fake, shaped by
// the options.
func TestConnectFake(t *testing.T) {
	small := asanatest.DemoSizes()
	small.Tasks = 4
	tests := []struct {
		name    string
		opts    Options
		notice  string
		tasks   int
		wantErr string
	}{
		{"defaults", Options{}, `msg="demo mode: using the embedded fake Asana with its demo organization (neither ASANA_TOKEN nor ASANA_TOKEN_FILE is set; nothing outside the fake is changed)"` + "\n", 30, ""},
		{"notice", Options{Notice: func(o *asanatest.Org) string { return o.Organization.Name }},
			`msg="demo mode: Lakeshore Analytics (neither ASANA_TOKEN nor ASANA_TOKEN_FILE is set; nothing outside the fake is changed)"` + "\n", 30, ""},
		{"sizes", Options{Sizes: &small, NoRateLimit: true, ShareClock: true}, "", 4, ""},
		{"the demo organization asked for", Options{Org: "1200000000000001", Find: OrgRequired}, "", 30, ""},
		{"another organization", Options{Org: "42"}, "", 0, "the demo organization is 1200000000000001, not 42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clitest.DemoEnv(t)
			var w bytes.Buffer
			s, err := Connect(t.Context(), testEnv(t, &w), tt.opts)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Fake == nil || s.Demo == nil || s.OrgGID != s.Demo.Organization.GID || s.OrgName != "Lakeshore Analytics" {
				t.Fatalf("session %+v", s)
			}
			if s.Demo.Tasks != tt.tasks {
				t.Errorf("%d tasks, want %d", s.Demo.Tasks, tt.tasks)
			}
			if tt.notice != "" && w.String() != tt.notice {
				t.Errorf("notice %q, want %q", w.String(), tt.notice)
			}
			if !s.Now().Equal(asanatest.DefaultStart) {
				t.Errorf("Now %v, want the fake's still clock at %v", s.Now(), asanatest.DefaultStart)
			}
			me, err := s.Client.Users.Get(context.Background(), "me", nil)
			if err != nil || me.GID != s.Demo.ServiceAccount.GID {
				t.Errorf("client is %v, %v; want the demo service account", me, err)
			}
			admin, err := s.NewClient(s.Demo.AdminToken)
			if err != nil {
				t.Fatal(err)
			}
			if me, err := admin.Users.Get(context.Background(), "me", nil); err != nil || me.GID != s.Demo.Admin.GID {
				t.Errorf("NewClient(admin) is %v, %v", me, err)
			}
		})
	}
}

// TestAutoClock checks that a wait on the shared clock under AutoClock
// returns at once, having moved the fake's time.
func TestAutoClock(t *testing.T) {
	clitest.DemoEnv(t)
	s, err := Connect(t.Context(), testEnv(t, io.Discard), Options{Clock: AutoClock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Fake.Clock().Sleep(context.Background(), time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := s.Now().Sub(asanatest.DefaultStart); got != time.Hour {
		t.Errorf("the clock moved %v, want 1h", got)
	}
}

// TestConnectToken connects with a token to a fake on a loopback port,
// as if it were Asana.
func TestConnectToken(t *testing.T) {
	srv := asanatest.NewServer(t)
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	orgGID := org.Organization.GID
	tests := []struct {
		name     string
		token    string
		opts     Options
		wantOrg  string
		wantOut  string
		wantErr  string
		errIs    error
		wantName string
	}{
		{"as given", org.ServiceAccountToken, Options{Org: "7"}, "7", "", "", nil, ""},
		{"required", org.ServiceAccountToken, Options{Find: OrgRequired, OrgFlag: "workspace"}, "", "",
			"-workspace is required with ASANA_TOKEN", ErrOrgRequired, ""},
		{"first organization", org.GuestToken, Options{Find: FirstOrg}, orgGID, "", "", nil, "Lakeshore Analytics"},
		{"first organization, given", org.GuestToken, Options{Find: FirstOrg, Org: "7"}, "7", "", "", nil, ""},
		{"service account", org.ServiceAccountToken, Options{Find: ServiceAccountOrg}, orgGID,
			`msg="connected as a service account" user="` + org.ServiceAccount.Name + `" organization=` + orgGID + "\n", "", nil, "Lakeshore Analytics"},
		{"not a service account", org.AdminToken, Options{Find: ServiceAccountOrg}, "", "", "a service account token is required", nil, ""},
		{"bad token", "nope", Options{Find: FirstOrg}, "", "", "401 Unauthorized", asana.ErrUnauthorized, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clitest.TokenEnv(t, tt.token, srv.URL()+"/")
			var w bytes.Buffer
			s, err := Connect(t.Context(), testEnv(t, &w), tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tt.wantErr)
				}
				if tt.errIs != nil && !errors.Is(err, tt.errIs) {
					t.Errorf("error %v is not %v", err, tt.errIs)
				}
				if strings.Contains(err.Error(), tt.token) {
					t.Errorf("the error shows the token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Fake != nil || s.Demo != nil {
				t.Error("a token gave the embedded fake")
			}
			if s.OrgGID != tt.wantOrg || s.OrgName != tt.wantName {
				t.Errorf("organization %q (%q), want %q (%q)", s.OrgGID, s.OrgName, tt.wantOrg, tt.wantName)
			}
			if w.String() != tt.wantOut {
				t.Errorf("wrote %q, want %q", w.String(), tt.wantOut)
			}
			if strings.Contains(w.String(), tt.token) {
				t.Error("the token was written")
			}
		})
	}
}
