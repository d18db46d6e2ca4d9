package asanatest

import (
	"reflect"
	"testing"
)

func TestGenerateTemplates(t *testing.T) {
	gen := func() (*Server, *Org) {
		s := Must(New())
		t.Cleanup(s.Close)
		return s, Must(s.Generate(11, Sizes{Users: 40, Projects: 30, TasksPerProject: 2}))
	}
	s, org := gen()
	if len(org.ProjectTemplates) != 2*len(org.Teams) || len(org.TaskTemplates) == 0 {
		t.Fatalf("%d project templates for %d teams, %d task templates", len(org.ProjectTemplates), len(org.Teams), len(org.TaskTemplates))
	}
	// Generated last: every template's GID is above every other record's.
	last := org.Projects[len(org.Projects)-1].GID
	for _, cf := range org.CustomFields {
		if gidLess(last, cf.GID) {
			last = cf.GID
		}
	}
	s.mu.RLock()
	for _, tbl := range [][]string{s.st.tasks.order, s.st.stories.order, s.st.sections.order, s.st.tokens.order} {
		if n := len(tbl); n > 0 && gidLess(last, tbl[n-1]) {
			last = tbl[n-1]
		}
	}
	s.mu.RUnlock()
	for _, tpl := range org.ProjectTemplates {
		if !gidLess(last, tpl.GID) || len(tpl.Sections) == 0 || tpl.DurationDays <= 0 {
			t.Errorf("template %+v (last other record %s)", tpl, last)
		}
		for _, sec := range tpl.Sections {
			for _, task := range sec.Tasks {
				if task.DueOffset != nil && (*task.DueOffset < 0 || *task.DueOffset > tpl.DurationDays) {
					t.Errorf("template %s: task %q due on day %d of %d", tpl.GID, task.Name, *task.DueOffset, tpl.DurationDays)
				}
			}
		}
	}
	for _, tt := range org.TaskTemplates {
		if _, ok := s.Project(tt.ProjectGID); !ok || *tt.RelativeStartOn > *tt.RelativeDueOn {
			t.Errorf("task template %+v", tt)
		}
	}
	// The service account instantiates a generated template.
	tpl := org.ProjectTemplates[0]
	doc := must(t, s, org.ServiceAccountToken, "POST", "/project_templates/"+tpl.GID+"/instantiateProject", `{"data":{"name":"From generated"}}`, 201)
	j, _ := s.Job(data(t, doc)["gid"].(string))
	if p, ok := s.Project(j.NewProjectGID); !ok || len(p.SectionGIDs) != len(tpl.Sections) {
		t.Errorf("instantiated %+v from %+v", p, tpl)
	}
	_, again := gen()
	if !reflect.DeepEqual(again.ProjectTemplates, org.ProjectTemplates) || !reflect.DeepEqual(again.TaskTemplates, org.TaskTemplates) {
		t.Error("Generate's templates are not deterministic")
	}
}
