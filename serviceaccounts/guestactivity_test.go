package serviceaccounts

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asanatest"
)

func TestReportInactiveGuests(t *testing.T) {
	srv, org := demo(t)
	ws := org.Organization.GID
	quiet, err := srv.AddUser(asanatest.User{Name: "Quinn Quiet", Email: "quinn@agency.example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddWorkspaceMember(ws, quiet.GID, asanatest.MemberOptions{Guest: true}); err != nil {
		t.Fatal(err)
	}
	now := srv.Clock().Now()
	srv.Clock().Advance(-40 * 24 * time.Hour) // an old sign-in does not count
	if err := srv.RecordLogin(ws, quiet.GID); err != nil {
		t.Fatal(err)
	}
	srv.Clock().Set(now)
	if err := srv.RecordLogin(ws, org.Guest.GID); err != nil {
		t.Fatal(err)
	}
	c := clientFor(t, srv, org.ServiceAccountToken)
	rep, err := ReportInactiveGuests(t.Context(), c, ws, now.Add(-30*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Inactive) != 1 || rep.Inactive[0].User.GID != quiet.GID {
		t.Errorf("inactive: %+v", rep.Inactive)
	}
	if len(rep.Active) != 1 || rep.Active[0].User.GID != org.Guest.GID || rep.Active[0].FirstEvent != asanatest.AuditUserLoginSucceeded {
		t.Errorf("active: %+v", rep.Active)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil || !strings.Contains(b.String(), "no last-login field") || !strings.Contains(b.String(), "quinn@agency.example") {
		t.Errorf("text: %v\n%s", err, b.String())
	}
	if _, err := ReportInactiveGuests(t.Context(), c, ws, time.Time{}); err == nil {
		t.Error("a zero cutoff was accepted")
	}
	pc := clientFor(t, srv, org.MemberToken)
	if _, err := ReportInactiveGuests(t.Context(), pc, ws, now); !errors.Is(err, ErrNotServiceAccount) {
		t.Errorf("personal token: %v", err)
	}
}
