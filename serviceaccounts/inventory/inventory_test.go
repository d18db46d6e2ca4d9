package inventory_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/serviceaccounts/inventory"
)

func TestBuild(t *testing.T) {
	srv, err := asanatest.New()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	clock := srv.Clock()
	oldBot, _, err := srv.AddServiceAccount(org.Organization.GID, "Old sync bot")
	if err != nil {
		t.Fatal(err)
	}
	gone, goneTok, err := srv.AddServiceAccount(org.Organization.GID, "Retired bot")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.DeauthorizeToken(goneTok); err != nil {
		t.Fatal(err)
	}
	clock.Advance(40 * 24 * time.Hour)
	if err := srv.RenameServiceAccount(org.ServiceAccount.GID, "Provisioning bot"); err != nil {
		t.Fatal(err)
	}
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL("http://localhost/api/1.0"),
		asana.WithTransport(srv.Transport()), asana.WithRateLimit(0, 0), asana.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	// The demo service account acts through the API: an audited action.
	if err := c.Workspaces.RemoveUser(ctx, org.Organization.GID, org.Member.GID); err != nil {
		t.Fatal(err)
	}
	acted := clock.Now()
	clock.Advance(time.Hour)

	got, err := inventory.Build(ctx, c, org.Organization.GID, inventory.Options{Now: clock.Now(), IdleAfter: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	// Without Options.Now, idleness is measured on the client's clock.
	onClock, err := inventory.Build(ctx, c, org.Organization.GID, inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(onClock, got) {
		t.Errorf("on the client's clock:\n%+v\nwant\n%+v", onClock, got)
	}
	byGID := map[string]inventory.Account{}
	for _, a := range got {
		byGID[a.GID] = a
	}
	if len(got) != 3 || got[0].Name != "Old sync bot" || got[1].Name != "Provisioning bot" || got[2].Name != "Retired bot" {
		t.Fatalf("accounts: %+v", got)
	}
	if a := byGID[oldBot.GID]; !a.Idle || !a.LastActive.IsZero() || a.Created.IsZero() {
		t.Errorf("old bot: %+v", a)
	}
	if a := byGID[org.ServiceAccount.GID]; a.Idle || !a.LastActive.Equal(acted) || len(a.FormerNames) != 1 || a.FormerNames[0] != org.ServiceAccount.Name {
		t.Errorf("demo bot: %+v", a)
	}
	if a := byGID[gone.GID]; a.Idle || a.Deauthorized.IsZero() {
		t.Errorf("retired bot: %+v (deauthorized accounts are no candidates)", a)
	}
}
