package asana_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/asanakit/asana-go/asana"
)

func tagGID(t asana.Tag) string { return t.GID }

// tagSteps create, read, attach and delete tags, and read My Tasks lists.
// They run after taskSteps (s.task) and before cleanupSteps.
func tagSteps() []step {
	return []step{
		{methods: []string{"Tags.Create"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.admin.Tags.Create(ctx, &asana.TagCreateRequest{Workspace: s.ws, Name: "e2e-blocked",
				Color: asana.TagColorDarkGreen, Notes: "Waiting on someone"}, nil)
			if err != nil {
				return err
			}
			s.tag = t.GID
			got, ok := s.srv.Tag(t.GID)
			if !ok || got.Name != "e2e-blocked" || got.Color != "dark-green" || got.Notes != "Waiting on someone" || got.WorkspaceGID != s.ws {
				return fmt.Errorf("fake has %+v %v", got, ok)
			}
			return expect(t.Name == got.Name && t.Color == asana.TagColorDarkGreen && t.Workspace != nil && t.Workspace.GID == s.ws, "answer %+v", t)
		}},
		{methods: []string{"Tags.CreateForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.sa.Tags.CreateForWorkspace(ctx, s.ws, &asana.TagCreateForWorkspaceRequest{Name: "e2e-later",
				Followers: []string{s.org.Member.GID}}, &asana.GetOptions{Fields: []string{"name", "followers"}})
			if err != nil {
				return err
			}
			s.tag2 = t.GID
			got, ok := s.srv.Tag(t.GID)
			if !ok || got.Name != "e2e-later" || got.WorkspaceGID != s.ws || !slices.Contains(got.FollowerGIDs, s.org.Member.GID) {
				return fmt.Errorf("fake has %+v %v", got, ok)
			}
			return expect(t.Name == got.Name && len(t.Followers) > 0 && t.Workspace == nil, "opt_fields name,followers: %+v", t)
		}},
		{methods: []string{"Tags.Get"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.member.Tags.Get(ctx, s.tag, nil)
			if err != nil {
				return err
			}
			if t.GID != s.tag || t.Name != "e2e-blocked" || t.Notes == "" || t.Color == "" || t.CreatedAt.IsZero() || t.Workspace == nil || t.PermalinkURL == "" {
				return fmt.Errorf("default fields: %+v", t)
			}
			t, err = s.member.Tags.Get(ctx, s.tag, &asana.GetOptions{Fields: []string{"name"}})
			if err != nil {
				return err
			}
			return expect(t.Name == "e2e-blocked" && t.Color == "" && t.Workspace == nil, "opt_fields name: %+v", t)
		}},
		{methods: []string{"Tags.Update"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.admin.Tags.Update(ctx, s.tag, &asana.TagUpdateRequest{Name: asana.Ptr("e2e-waiting"),
				Color: asana.Ptr(asana.TagColor(""))}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Tag(s.tag)
			return expect(t.Name == "e2e-waiting" && t.Color == "" && got.Name == "e2e-waiting" && got.Color == "" && got.Notes == "Waiting on someone",
				"answer %+v, fake %+v", t, got)
		}},
		{methods: []string{"Tags.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TagListOptions{Workspace: s.ws, ListOptions: lo()}
			ts, err := sameList(s.sa.Tags.List(ctx, o), tagGID, len(s.org.Tags)+2)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(ts, func(t asana.Tag) bool { return t.GID == s.tag })
			return expect(i >= 0 && ts[i].Name == "e2e-waiting" && ts[i].Workspace != nil && !ts[i].CreatedAt.IsZero(), "default fields of the new tag: %+v", ts)
		}},
		{methods: []string{"Tags.ListForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			o := lo("name")
			ts, err := sameList(s.sa.Tags.ListForWorkspace(ctx, s.ws, &o), tagGID, len(s.org.Tags)+2)
			if err != nil {
				return err
			}
			return expect(ts[0].Name != "" && ts[0].Workspace == nil && ts[0].CreatedAt.IsZero(), "opt_fields name: %+v", ts[0])
		}},
		{methods: []string{"Tasks.AddTag", "Tags.ListForTask"}, run: func(ctx context.Context, s *suite) error {
			want := []string{s.tag, s.tag2, s.org.Tags[0].GID}
			for _, g := range want {
				if err := s.admin.Tasks.AddTag(ctx, s.task, g); err != nil {
					return err
				}
			}
			o := lo()
			ts, err := sameList(s.member.Tags.ListForTask(ctx, s.task, &o), tagGID, len(want))
			if err != nil {
				return err
			}
			got, _ := s.srv.Task(s.task)
			slices.Sort(want)
			have := gids(ts, tagGID)
			slices.Sort(have)
			tagged := slices.Clone(got.TagGIDs)
			slices.Sort(tagged)
			if !slices.Equal(have, want) || !slices.Equal(tagged, want) {
				return fmt.Errorf("task's tags: listed %v, fake %v, want %v", have, tagged, want)
			}
			return expect(ts[0].Name != "" && ts[0].Workspace != nil && !ts[0].CreatedAt.IsZero(), "default fields: %+v", ts[0])
		}},
		{methods: []string{"Tasks.ListForTag"}, run: func(ctx context.Context, s *suite) error {
			tag := s.org.Tags[0].GID
			o := lo()
			ts, err := sameList(s.sa.Tasks.ListForTag(ctx, tag, &o), taskGID, 1)
			if err != nil {
				return err
			}
			return expect(slices.ContainsFunc(ts, func(t asana.Task) bool { return t.GID == s.task }), "tag %s lists %v, not task %s", tag, gids(ts, taskGID), s.task)
		}},
		{methods: []string{"Tasks.RemoveTag"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Tasks.RemoveTag(ctx, s.task, s.org.Tags[0].GID); err != nil {
				return err
			}
			got, _ := s.srv.Task(s.task)
			return expect(!slices.Contains(got.TagGIDs, s.org.Tags[0].GID) && slices.Contains(got.TagGIDs, s.tag), "task's tags after removeTag: %v", got.TagGIDs)
		}},
		{methods: []string{"Tags.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Tags.Delete(ctx, s.tag2); err != nil {
				return err
			}
			if _, ok := s.srv.Tag(s.tag2); ok {
				return fmt.Errorf("tag %s still in the fake", s.tag2)
			}
			_, err := s.admin.Tags.Get(ctx, s.tag2, nil)
			if !isNotFound(err) {
				return fmt.Errorf("get after delete: %v", err)
			}
			ts, err := collect(s.member.Tags.ListForTask(ctx, s.task, nil).All())
			if err != nil {
				return err
			}
			return expect(!slices.ContainsFunc(ts, func(t asana.Tag) bool { return t.GID == s.tag2 }), "deleted tag still on the task: %+v", ts)
		}},
		{methods: []string{"UserTaskLists.GetForUser", "UserTaskLists.Get"}, run: func(ctx context.Context, s *suite) error {
			want, ok := s.srv.UserTaskList(s.ws, s.org.Member.GID)
			if !ok {
				return fmt.Errorf("the fake has no My Tasks for %s", s.org.Member.GID)
			}
			l, err := s.member.UserTaskLists.GetForUser(ctx, "me", s.ws, nil)
			if err != nil {
				return err
			}
			if l.GID != want || l.Name == "" || l.Owner == nil || l.Owner.GID != s.org.Member.GID || l.Workspace == nil || l.Workspace.GID != s.ws {
				return fmt.Errorf("member's list %+v, want gid %s", l, want)
			}
			l, err = s.sa.UserTaskLists.Get(ctx, want, &asana.GetOptions{Fields: []string{"owner"}})
			if err != nil {
				return err
			}
			return expect(l.GID == want && l.Owner != nil && l.Owner.GID == s.org.Member.GID && l.Name == "" && l.Workspace == nil, "opt_fields owner: %+v", l)
		}},
	}
}

// tagAndPortfolioSteps are the steps of e2e_tags_test.go and
// e2e_portfolios_test.go.
func tagAndPortfolioSteps() []step { return concatSteps(tagSteps(), portfolioSteps()) }
