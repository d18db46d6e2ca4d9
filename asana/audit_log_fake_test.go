package asana_test

import (
	"context"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// TestAuditLogTailOnFake follows the fake's audit log: Tail yields what is
// there, waits on the client's clock at the end of the log, and yields what
// is recorded later from the same offset.
func TestAuditLogTailOnFake(t *testing.T) {
	e := newE2E(t, nil)
	srv, org, c := e.srv, e.org, e.sa
	srv.Clock().SetAutoAdvance(false) // the test moves the clock itself
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ws := org.Organization.GID
	all, err := collect(c.AuditLog.List(ctx, ws, &asana.AuditLogOptions{Limit: 2}).All())
	if err != nil || len(all) == 0 {
		t.Fatalf("List: %d events, %v", len(all), err)
	}
	got := make(chan asana.AuditLogEvent)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e, err := range c.AuditLog.Tail(ctx, ws, &asana.AuditLogOptions{Limit: 2}, time.Minute) {
			if err != nil {
				t.Error(err)
				return
			}
			select {
			case got <- e:
			case <-ctx.Done():
				return
			}
		}
	}()
	for i := range all {
		if e := <-got; e.GID != all[i].GID {
			t.Fatalf("tail event %d = %s, want %s", i, e.GID, all[i].GID)
		}
	}
	if err := srv.Clock().BlockUntil(ctx, 1); err != nil { // Tail waits at the end of the log
		t.Fatal(err)
	}
	if err := srv.RenameServiceAccount(org.ServiceAccount.GID, "Renamed bot"); err != nil {
		t.Fatal(err)
	}
	srv.Clock().Advance(time.Minute)
	if e := <-got; e.EventType != "service_account_name_changed" || e.Resource.GID != org.ServiceAccount.GID {
		t.Errorf("new event: %+v", e)
	}
	cancel()
	<-done
}
