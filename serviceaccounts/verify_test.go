package serviceaccounts

import (
	"errors"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

func TestVerify(t *testing.T) {
	srv, org := demo(t)
	ctx := t.Context()
	orgGID := org.Organization.GID
	tests := []struct {
		name    string
		secret  string
		sa      bool
		user    string
		wantErr error
		errText string
	}{
		{name: "service account", secret: org.ServiceAccountToken, sa: true, user: org.ServiceAccount.Name},
		{name: "admin personal token", secret: org.AdminToken, user: org.Admin.Name, wantErr: ErrNotServiceAccount, errText: "personal access token of " + org.Admin.Name},
		{name: "member personal token", secret: org.MemberToken, user: org.Member.Name, wantErr: ErrNotServiceAccount, errText: "admin console"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := clientFor(t, srv, tt.secret)
			id, err := VerifyServiceAccount(ctx, c, orgGID)
			if !errors.Is(err, tt.wantErr) || (err != nil && !strings.Contains(err.Error(), tt.errText)) {
				t.Fatalf("err = %v, want %v containing %q", err, tt.wantErr, tt.errText)
			}
			if id.User.Name != tt.user || id.ServiceAccount != tt.sa {
				t.Errorf("identity %+v, want user %q service account %v", id, tt.user, tt.sa)
			}
			var found bool
			for _, w := range id.Workspaces {
				if w.GID == orgGID {
					found = true
					if w.ServiceAccount != tt.sa || !w.IsOrganization || w.Name != org.Organization.Name {
						t.Errorf("workspace access %+v", w)
					}
				}
			}
			if !found {
				t.Errorf("organization %s missing from %+v", orgGID, id.Workspaces)
			}
		})
	}
}

func TestVerifyServiceAccountOfAnotherOrg(t *testing.T) {
	srv, org := demo(t)
	other := asanatest.Must(srv.AddWorkspace(asanatest.Workspace{Name: "Other", IsOrganization: true, Enterprise: true}))
	_, secret, err := srv.AddServiceAccount(other.GID, "Other bot")
	if err != nil {
		t.Fatal(err)
	}
	_, err = VerifyServiceAccount(t.Context(), clientFor(t, srv, secret), org.Organization.GID)
	if !errors.Is(err, ErrNotServiceAccount) || !strings.Contains(err.Error(), "does not belong to organization") {
		t.Fatalf("err = %v", err)
	}
}

func TestVerifyRevokedToken(t *testing.T) {
	srv, org := demo(t)
	if err := srv.DeauthorizeToken(org.ServiceAccountToken); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	_, err := Verify(t.Context(), clientFor(t, srv, org.ServiceAccountToken))
	if !errors.Is(err, ErrTokenRevoked) || !strings.Contains(err.Error(), "create a new one in the admin console") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), org.ServiceAccountToken) {
		t.Error("error leaks the token")
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("a revoked token should stop at the first request, sent %d", n)
	}
}
