package asana_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// Steps of TestE2EEveryMethod for project and task templates. They run
// after the project steps (they save s.project as templates of
// s.newTeam, and seed task templates on s.project) and before the cleanup.

func projectTemplateGID(t asana.ProjectTemplate) string { return t.GID }
func taskTemplateGID(t asana.TaskTemplate) string       { return t.GID }

func templateSteps() []step {
	// The templates the steps make, shared along the group.
	var projectTemplates, taskTemplates []string
	return []step{
		{methods: []string{"ProjectTemplates.List"}, run: func(ctx context.Context, s *suite) error {
			for _, name := range []string{"Launch plan", "Launch plan (public)"} {
				j, err := s.admin.Projects.SaveAsTemplate(ctx, s.project, &asana.ProjectSaveAsTemplateRequest{Name: name, Team: s.newTeam, Public: true}, nil)
				if err != nil {
					return err
				}
				if j.NewProjectTemplate == nil {
					return fmt.Errorf("save as template: job %+v", j)
				}
			}
			o := &asana.ProjectTemplateListOptions{Team: s.newTeam, ListOptions: lo("name", "team", "public")}
			ts, err := sameList(s.sa.ProjectTemplates.List(ctx, o), projectTemplateGID, 3)
			if err != nil {
				return err
			}
			for _, t := range ts {
				got, ok := s.srv.ProjectTemplate(t.GID)
				if !ok || got.Name != t.Name || got.TeamGID != s.newTeam || t.Team == nil || t.Team.GID != s.newTeam {
					return fmt.Errorf("listed %+v, fake has %+v", t, got)
				}
				projectTemplates = append(projectTemplates, t.GID)
			}
			return nil
		}},
		{methods: []string{"ProjectTemplates.ListForTeam"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			ts, err := sameList(s.admin.ProjectTemplates.ListForTeam(ctx, s.newTeam, &o), projectTemplateGID, 3)
			if err != nil {
				return err
			}
			got := gids(ts, projectTemplateGID)
			return expect(slices.Equal(got, projectTemplates), "team templates %v, want %v", got, projectTemplates)
		}},
		{methods: []string{"ProjectTemplates.Get"}, run: func(ctx context.Context, s *suite) error {
			g := projectTemplates[len(projectTemplates)-1]
			t, err := s.member.ProjectTemplates.Get(ctx, g, nil)
			if err != nil {
				return err
			}
			want, _ := s.srv.ProjectTemplate(g)
			p, _ := s.srv.Project(s.project)
			return expect(t.Name == "Launch plan (public)" && t.Public && t.Owner != nil && t.Owner.GID == s.org.Admin.GID &&
				len(t.RequestedDates) == 1 && t.RequestedDates[0].GID == "1" && len(want.Sections) >= len(p.SectionGIDs),
				"template %+v, fake has %+v", t, want)
		}},
		{methods: []string{"ProjectTemplates.InstantiateProject"}, run: func(ctx context.Context, s *suite) error {
			tpl, _ := s.srv.ProjectTemplate(projectTemplates[0])
			start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
			j, err := s.admin.ProjectTemplates.InstantiateProject(ctx, tpl.GID, &asana.ProjectTemplateInstantiateProjectRequest{
				Name: "Launch Q2", IsStrict: true, PrivacySetting: asana.ProjectTemplatePrivacySettingPrivate,
				RequestedDates: []asana.DateVariableInput{{Value: start}}}, nil)
			if err != nil {
				return err
			}
			if j.NewProject == nil || j.ResourceSubtype != "instantiate_project" {
				return fmt.Errorf("job %+v", j)
			}
			p, ok := s.srv.Project(j.NewProject.GID)
			if !ok || p.Name != "Launch Q2" || p.StartOn != "2026-03-02" || p.TeamGID != s.newTeam || len(p.SectionGIDs) != len(tpl.Sections) {
				return fmt.Errorf("new project %+v from %+v", p, tpl)
			}
			for i, sg := range p.SectionGIDs {
				if sec, _ := s.srv.Section(sg); sec.Name != tpl.Sections[i].Name {
					return fmt.Errorf("section %d is %q, template has %q", i, sec.Name, tpl.Sections[i].Name)
				}
			}
			var n int
			for _, sec := range tpl.Sections {
				n += len(sec.Tasks)
			}
			tasks, err := collect(s.admin.Tasks.ListForProject(ctx, p.GID, nil).All())
			return expect(err == nil && len(tasks) == n && n > 0, "%d tasks (%v), template has %d", len(tasks), err, n)
		}},
		{methods: []string{"ProjectTemplates.Delete"}, run: func(ctx context.Context, s *suite) error {
			g := projectTemplates[1]
			if err := s.admin.ProjectTemplates.Delete(ctx, g); err != nil {
				return err
			}
			_, ok := s.srv.ProjectTemplate(g)
			_, err := s.admin.ProjectTemplates.Get(ctx, g, nil)
			return expect(!ok && isNotFound(err), "template in the fake after delete: %v; get: %v", ok, err)
		}},
		{methods: []string{"TaskTemplates.List"}, run: func(ctx context.Context, s *suite) error {
			due := 3
			for _, name := range []string{"Bug report", "Release checklist", "Retro"} {
				t, err := s.srv.AddTaskTemplate(asanatest.TaskTemplate{ProjectGID: s.project, Name: name, CreatedByGID: s.org.Member.GID,
					Description: "Fill in " + name, RelativeDueOn: &due})
				if err != nil {
					return err
				}
				taskTemplates = append(taskTemplates, t.GID)
			}
			o := &asana.TaskTemplateListOptions{Project: s.project, ListOptions: lo()}
			ts, err := sameList(s.member.TaskTemplates.List(ctx, o), taskTemplateGID, 3)
			if err != nil {
				return err
			}
			got := gids(ts, taskTemplateGID)
			return expect(slices.Equal(got, taskTemplates) && ts[0].Name == "Bug report", "task templates %v, want %v", got, taskTemplates)
		}},
		{methods: []string{"TaskTemplates.Get"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.admin.TaskTemplates.Get(ctx, taskTemplates[0], nil)
			if err != nil {
				return err
			}
			return expect(t.Name == "Bug report" && t.Project != nil && t.Project.GID == s.project && t.CreatedBy != nil &&
				t.CreatedBy.GID == s.org.Member.GID && t.Template != nil && t.Template.Name == "Bug report" &&
				t.Template.RelativeDueOn == 3 && t.Template.Description == "Fill in Bug report", "task template %+v", t)
		}},
		{methods: []string{"TaskTemplates.InstantiateTask"}, run: func(ctx context.Context, s *suite) error {
			j, err := s.admin.TaskTemplates.InstantiateTask(ctx, taskTemplates[0], &asana.TaskTemplateInstantiateTaskRequest{Name: "Crash on start"}, nil)
			if err != nil {
				return err
			}
			if j.NewTask == nil || j.ResourceSubtype != "instantiate_task" {
				return fmt.Errorf("job %+v", j)
			}
			t, ok := s.srv.Task(j.NewTask.GID)
			if !ok || t.Name != "Crash on start" || t.Notes != "Fill in Bug report" || t.CreatedByGID != s.org.Admin.GID || t.DueOn == "" {
				return fmt.Errorf("new task %+v", t)
			}
			due, err := time.Parse(time.DateOnly, t.DueOn)
			made := t.CreatedAt.UTC().Truncate(24 * time.Hour)
			return expect(err == nil && due.Sub(made) == 72*time.Hour && len(t.Memberships) == 1 && t.Memberships[0].ProjectGID == s.project,
				"new task due %s, made %s, in %+v", t.DueOn, made, t.Memberships)
		}},
		{methods: []string{"TaskTemplates.Delete"}, run: func(ctx context.Context, s *suite) error {
			g := taskTemplates[len(taskTemplates)-1]
			if err := s.admin.TaskTemplates.Delete(ctx, g); err != nil {
				return err
			}
			_, ok := s.srv.TaskTemplate(g)
			_, err := s.admin.TaskTemplates.Get(ctx, g, nil)
			return expect(!ok && isNotFound(err), "task template in the fake after delete: %v; get: %v", ok, err)
		}},
	}
}
