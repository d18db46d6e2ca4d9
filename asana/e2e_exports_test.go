package asana_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// Steps of TestE2EEveryMethod for resource and graph exports and for
// typeahead. They run after the goal steps (they use s.project and
// s.team) and before the cleanup.

func exportAndTypeaheadSteps() []step {
	return []step{
		{methods: []string{"Exports.CreateGraph", "Jobs.Wait"}, run: func(ctx context.Context, s *suite) error {
			x, err := s.sa.Exports.CreateGraph(ctx, &asana.ExportCreateGraphRequest{Parent: s.project})
			if err != nil {
				return err
			}
			// The answer is the export's job (the spec's GraphExportResponse).
			if x.ResourceType != "job" || x.GID == "" {
				return expect(false, "new graph export %+v", x)
			}
			// Wait polls on the fake's clock, which jumps to each wake-up.
			before := s.srv.Clock().Now()
			j, err := s.sa.Jobs.Wait(ctx, x.GID, time.Second, nil)
			if err != nil {
				return err
			}
			if j.Status != "succeeded" || j.NewGraphExport == nil || j.NewGraphExport.DownloadURL == "" || j.NewGraphExport.CompletedAt.IsZero() {
				return expect(false, "graph export job %+v", j)
			}
			if waited := s.srv.Clock().Now().Sub(before); waited < asanatest.ExportDuration {
				return expect(false, "Wait returned after %v, before the export's %v", waited, asanatest.ExportDuration)
			}
			// The download streams through the client, without the token
			// (the fake refuses a signed URL that carries one).
			var gz bytes.Buffer
			if _, err := s.sa.Download(ctx, j.NewGraphExport.DownloadURL, &gz); err != nil {
				return err
			}
			zr, err := gzip.NewReader(&gz)
			if err != nil {
				return err
			}
			var doc struct{ Data []asana.NamedResource }
			if err := json.NewDecoder(zr).Decode(&doc); err != nil {
				return err
			}
			return expect(len(doc.Data) > 0 && doc.Data[0].GID == s.project && doc.Data[0].ResourceType == "project", "graph export %+v", doc.Data)
		}},
		{methods: []string{"Exports.CreateResource"}, run: func(ctx context.Context, s *suite) error {
			// Without a resource_type per parameter the fake answers 400
			// naming it.
			_, err := s.sa.Exports.CreateResource(ctx, &asana.ExportCreateResourceRequest{Workspace: s.ws,
				ExportRequestParameters: []asana.ResourceExportRequestParameterInput{{Fields: []string{"name"}}}})
			var ae *asana.Error
			if !errors.As(err, &ae) || ae.StatusCode != 400 || !strings.Contains(ae.Error(), "resource_type") {
				return expect(false, "resource export without resource_type: %v", err)
			}
			x, err := s.sa.Exports.CreateResource(ctx, &asana.ExportCreateResourceRequest{Workspace: s.ws,
				ExportRequestParameters: []asana.ResourceExportRequestParameterInput{{ResourceType: "task", Fields: []string{"name"}}}})
			if err != nil {
				return err
			}
			if x.ResourceType != "job" || x.GID == "" {
				return expect(false, "new resource export %+v", x)
			}
			s.srv.Clock().Advance(asanatest.ExportDuration)
			j, err := s.sa.Jobs.Get(ctx, x.GID, nil)
			if err != nil {
				return err
			}
			if j.Status != "succeeded" || j.NewResourceExport == nil || j.NewResourceExport.DownloadURL == "" {
				return expect(false, "resource export job %+v", j)
			}
			resp, err := s.srv.HTTPClient().Get(j.NewResourceExport.DownloadURL)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				return err
			}
			// JSON Lines of tasks with the requested fields.
			dec := json.NewDecoder(zr)
			tasks := 0
			for dec.More() {
				var t struct{ GID, Name string }
				if err := dec.Decode(&t); err != nil {
					return err
				}
				if t.GID == "" || t.Name == "" {
					return expect(false, "exported task %+v", t)
				}
				tasks++
			}
			if err := expect(tasks > 0, "the resource export holds no task"); err != nil {
				return err
			}
			_, err = s.member.Exports.CreateResource(ctx, &asana.ExportCreateResourceRequest{Workspace: s.ws})
			if !errors.As(err, &ae) || ae.StatusCode != 403 {
				return expect(false, "resource export by a member: %v", err)
			}
			return nil
		}},
		{methods: []string{"Typeahead.Search"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.sa.Projects.Get(ctx, s.project, nil)
			if err != nil {
				return err
			}
			word := strings.Fields(p.Name)[0]
			prefix := strings.ToUpper(word[:min(3, len(word))])
			hits, err := s.sa.Typeahead.Search(ctx, s.ws, "project", &asana.TypeaheadSearchOptions{Query: prefix, Count: 100})
			if err != nil {
				return err
			}
			found := slices.ContainsFunc(hits, func(r asana.NamedResource) bool { return r.GID == s.project })
			for _, h := range hits {
				if h.ResourceType != "project" || !strings.Contains(strings.ToLower(h.Name), strings.ToLower(prefix)) {
					return expect(false, "typeahead %q answered %+v", prefix, h)
				}
			}
			if err := expect(found, "typeahead %q: %+v lacks %s (%q)", prefix, hits, s.project, p.Name); err != nil {
				return err
			}
			tm, err := s.sa.Teams.Get(ctx, s.team, nil)
			if err != nil {
				return err
			}
			teamHits, err := s.sa.Typeahead.Search(ctx, s.ws, "team", &asana.TypeaheadSearchOptions{Query: tm.Name})
			if err != nil {
				return err
			}
			one, err := s.member.Typeahead.Search(ctx, s.ws, "user", &asana.TypeaheadSearchOptions{Count: 1})
			if err != nil {
				return err
			}
			return expect(slices.ContainsFunc(teamHits, func(r asana.NamedResource) bool { return r.GID == s.team }) &&
				len(one) == 1 && one[0].ResourceType == "user", "team typeahead %+v, one user %+v", teamHits, one)
		}},
	}
}
