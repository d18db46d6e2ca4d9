package asana_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/asanakit/asana-go/asana"
)

// Steps of TestE2EEveryMethod for project briefs: one on s.newProject, with
// an attachment whose bytes download exactly, deleted at the end.

func projectBriefSteps() []step {
	var brief string
	return []step{
		{methods: []string{"ProjectBriefs.CreateForProject"}, run: func(ctx context.Context, s *suite) error {
			b, err := s.admin.ProjectBriefs.CreateForProject(ctx, s.newProject, &asana.ProjectBriefCreateForProjectRequest{
				Title: "Why we launch", HTMLText: "<body>To <strong>ship</strong></body>"}, nil)
			if err != nil {
				return err
			}
			brief = b.GID
			got, ok := s.srv.ProjectBrief(b.GID)
			if !ok || got.ProjectGID != s.newProject || got.Text != "To ship" || b.Title != "Why we launch" || b.Project == nil || b.Project.GID != s.newProject {
				return fmt.Errorf("created %+v, fake has %+v", b, got)
			}
			p, err := s.admin.Projects.Get(ctx, s.newProject, &asana.GetOptions{Fields: []string{"project_brief"}})
			if err != nil {
				return err
			}
			return expect(p.ProjectBrief != nil && p.ProjectBrief.GID == brief, "project_brief %+v", p.ProjectBrief)
		}},
		{methods: []string{"ProjectBriefs.Get"}, run: func(ctx context.Context, s *suite) error {
			b, err := s.member.ProjectBriefs.Get(ctx, brief, &asana.GetOptions{Fields: []string{"title", "text", "html_text"}})
			if err != nil {
				return err
			}
			return expect(b.Title == "Why we launch" && b.Text == "To ship" && strings.Contains(b.HTMLText, "To ship"), "brief %+v", b)
		}},
		{methods: []string{"ProjectBriefs.Update"}, run: func(ctx context.Context, s *suite) error {
			b, err := s.admin.ProjectBriefs.Update(ctx, brief, &asana.ProjectBriefUpdateRequest{Text: asana.Ptr("To ship & learn")}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.ProjectBrief(brief)
			if b.Title != "Why we launch" || got.Text != "To ship & learn" {
				return fmt.Errorf("updated %+v, fake has %+v", b, got)
			}
			// An attachment on the brief serves its exact bytes.
			a, err := s.admin.Attachments.Create(ctx, &asana.AttachmentCreateRequest{Parent: brief, File: strings.NewReader("brief appendix"), FileName: "appendix.txt"}, nil)
			if err != nil {
				return err
			}
			a, err = s.admin.Attachments.Get(ctx, a.GID, nil)
			if err != nil {
				return err
			}
			if a.Parent == nil || a.Parent.GID != brief {
				return fmt.Errorf("attachment parent %+v", a.Parent)
			}
			return downloadsExactly(ctx, s, a.DownloadURL, "brief appendix")
		}},
		{methods: []string{"ProjectBriefs.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.ProjectBriefs.Delete(ctx, brief); err != nil {
				return err
			}
			_, ok := s.srv.ProjectBrief(brief)
			_, err := s.admin.ProjectBriefs.Get(ctx, brief, nil)
			return expect(!ok && isNotFound(err), "brief in the fake after delete: %v; get: %v", ok, err)
		}},
	}
}
