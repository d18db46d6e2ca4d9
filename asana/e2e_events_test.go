package asana_test

import (
	"context"
	"errors"
	"net/http/httptest"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/webhook"
)

// eventSteps cover webhooks, events and the audit log end to end.
func eventSteps() []step {
	return []step{
		{methods: []string{"Webhooks.Create", "Webhooks.Get", "Webhooks.Update", "Webhooks.List", "Webhooks.Delete"},
			run: func(ctx context.Context, s *suite) error {
				// A real receiver on a loopback port answers the fake's handshake.
				rc, err := webhook.NewReceiver(&webhook.MemoryStore{}, func(context.Context, webhook.Delivery) error { return nil })
				if err != nil {
					return err
				}
				defer rc.Close(context.Background())
				ts := httptest.NewServer(rc)
				defer ts.Close()
				h, err := s.sa.Webhooks.Create(ctx, &asana.WebhookCreateRequest{Resource: s.project, Target: ts.URL + "/hooks/e2e",
					Filters: []asana.WebhookFilter{{ResourceType: "task", Action: asana.EventChanged, Fields: []string{"assignee"}}}}, nil)
				if err != nil {
					return err
				}
				if err := expect(h.Active && h.Resource.GID == s.project && len(h.Filters) == 1, "created %+v", h); err != nil {
					return err
				}
				if got, err := s.sa.Webhooks.Get(ctx, h.GID, nil); err != nil || got.Target != h.Target {
					return expect(false, "get: %+v %v", got, err)
				}
				up, err := s.sa.Webhooks.Update(ctx, h.GID, &asana.WebhookUpdateRequest{Filters: []asana.WebhookFilter{{ResourceType: "story"}}}, nil)
				if err != nil || len(up.Filters) != 1 || up.Filters[0].ResourceType != "story" {
					return expect(false, "update: %+v %v", up, err)
				}
				o := &asana.WebhookListOptions{ListOptions: lo()}
				list, err := sameList(s.sa.Webhooks.List(ctx, s.ws, o), func(w asana.Webhook) string { return w.GID }, 1)
				if err != nil || list[0].GID != h.GID {
					return expect(false, "list: %v %v", list, err)
				}
				if err := s.sa.Webhooks.Delete(ctx, h.GID); err != nil {
					return err
				}
				_, err = s.sa.Webhooks.Get(ctx, h.GID, nil)
				return expect(isNotFound(err), "get after delete: %v", err)
			}},
		{methods: []string{"Events.Get", "Events.GetForWorkspace", "Events.Stream", "Events.WorkspaceStream"},
			run: func(ctx context.Context, s *suite) error {
				_, err := s.sa.Events.Get(ctx, s.project, "", nil)
				var ae *asana.Error
				if !errors.As(err, &ae) || ae.SyncToken == "" || !errors.Is(err, asana.ErrInvalidSyncToken) {
					return expect(false, "first Get: %v", err)
				}
				if _, err := s.sa.Events.GetForWorkspace(ctx, s.ws, ""); !errors.Is(err, asana.ErrInvalidSyncToken) {
					return expect(false, "first GetForWorkspace: %v", err)
				}
				st := s.sa.Events.Stream(s.project, &asana.StreamOptions{Fields: []string{"action", "resource", "resource.name", "user", "change"}})
				ws := s.sa.Events.WorkspaceStream(s.ws, nil)
				for _, x := range []*asana.EventStream{st, ws} {
					if evs, err := x.Poll(ctx); err != nil || len(evs) != 0 || x.Sync() == "" {
						return expect(false, "start: %v %v", evs, err)
					}
				}
				if _, err := s.admin.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: "Evented", Projects: []string{s.project}}, nil); err != nil {
					return err
				}
				evs, err := st.Poll(ctx)
				if err != nil || len(evs) == 0 || evs[0].Action != asana.EventAdded || evs[0].Resource.Name != "Evented" || evs[0].Parent.GID != s.project {
					return expect(false, "project events: %+v %v", evs, err)
				}
				wevs, err := ws.Poll(ctx)
				return expect(err == nil && len(wevs) >= len(evs), "workspace events: %d, %v", len(wevs), err)
			}},
		{methods: []string{"AuditLog.List", "AuditLog.Tail"},
			run: func(ctx context.Context, s *suite) error {
				all, err := collect(s.sa.AuditLog.List(ctx, s.ws, &asana.AuditLogOptions{Limit: small}).All())
				if err != nil || len(all) < 2 {
					return expect(false, "list: %d %v", len(all), err)
				}
				p, err := s.sa.AuditLog.List(ctx, s.ws, &asana.AuditLogOptions{Limit: 1, EventType: all[0].EventType}).Page("")
				if err != nil || len(p.Items) != 1 || p.NextOffset == "" {
					return expect(false, "page: %+v %v", p, err)
				}
				for e, err := range s.sa.AuditLog.Tail(ctx, s.ws, nil, 0) {
					return expect(err == nil && e.GID == all[0].GID, "tail: %+v %v", e, err)
				}
				return errors.New("tail ended")
			}},
	}
}
