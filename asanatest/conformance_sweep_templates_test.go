package asanatest

import "testing"

// sweepTemplates are the sweep's project and task templates.
type sweepTemplates struct {
	project, doomedProject ProjectTemplate
	task, doomedTask       TaskTemplate
}

func newSweepTemplates(t *testing.T, f *sweepFixture) sweepTemplates {
	t.Helper()
	s := f.s
	two, five := 2, 5
	var tt sweepTemplates
	tt.project = Must(s.AddProjectTemplate(ProjectTemplate{TeamGID: f.public.GID, OwnerGID: f.admin.GID, Name: "Launch plan",
		Description: "Steps & checks", Color: "light-blue", Public: true, DurationDays: 30,
		Sections: []TemplateSection{{Name: "Prepare", Tasks: []TemplateTask{{Name: "Brief", DueOffset: &two}, {Name: "Kickoff"}}},
			{Name: "Ship", Tasks: []TemplateTask{{Name: "Release", Notes: "Tag it", DueOffset: &five}}}}}))
	tt.doomedProject = Must(s.AddProjectTemplate(ProjectTemplate{TeamGID: f.public.GID, OwnerGID: f.member.GID, Name: "Doomed"}))
	tt.task = Must(s.AddTaskTemplate(TaskTemplate{ProjectGID: f.project.GID, Name: "Bug report", CreatedByGID: f.member.GID,
		Description: "Steps to reproduce", TaskSubtype: "approval_task", RelativeStartOn: &two, RelativeDueOn: &five}))
	tt.doomedTask = Must(s.AddTaskTemplate(TaskTemplate{ProjectGID: f.project.GID, Name: "Doomed"}))
	return tt
}
