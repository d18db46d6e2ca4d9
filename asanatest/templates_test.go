package asanatest

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// templateFixture adds project templates (public, private and in the
// secret team) and task templates (on the public and the private project)
// to the work fixture.
type templateFixture struct {
	*workFixture
	pubTpl, privTpl, secretTpl ProjectTemplate
	taskTpl, hiddenTaskTpl     TaskTemplate
}

func newTemplateFixture(t testing.TB, opts ...Option) *templateFixture {
	t.Helper()
	f := &templateFixture{workFixture: newWorkFixture(t, opts...)}
	s := f.s
	one, four := 1, 4
	f.pubTpl = Must(s.AddProjectTemplate(ProjectTemplate{TeamGID: f.public.GID, OwnerGID: f.admin.GID, Name: "Launch", Public: true,
		DurationDays: 10, Description: "a < b", Sections: []TemplateSection{{Name: "Plan", Tasks: []TemplateTask{{Name: "Brief", DueOffset: &four}, {Name: "Undated"}}}}}))
	f.privTpl = Must(s.AddProjectTemplate(ProjectTemplate{TeamGID: f.public.GID, OwnerGID: f.admin.GID, Name: "Private"}))
	f.secretTpl = Must(s.AddProjectTemplate(ProjectTemplate{TeamGID: f.secret.GID, OwnerGID: f.admin.GID, Name: "Secret"}))
	f.taskTpl = Must(s.AddTaskTemplate(TaskTemplate{ProjectGID: f.pub.GID, Name: "Bug", CreatedByGID: f.member.GID,
		TaskSubtype: "milestone_task", RelativeStartOn: &one, RelativeDueOn: &four}))
	f.hiddenTaskTpl = Must(s.AddTaskTemplate(TaskTemplate{ProjectGID: f.priv.GID, Name: "Payslip"}))
	return f
}

func TestTemplateAccess(t *testing.T) {
	who := []string{"sa", "admin", "member", "guest", "outsider", "dead", "none"}
	tests := []struct {
		name, method string
		path         func(f *templateFixture) string
		body         string
		want         matrixWant
		// sameAs, when set, is a GET whose status the call must share
		// (a task template is seen with its project).
		sameAs func(f *templateFixture) string
	}{
		{name: "get public", method: "GET", path: func(f *templateFixture) string { return "/project_templates/" + f.pubTpl.GID },
			want: matrixWant{200, 200, 200, 200, 403}},
		{name: "get private", method: "GET", path: func(f *templateFixture) string { return "/project_templates/" + f.privTpl.GID },
			want: matrixWant{200, 200, 200, 200, 403}},
		{name: "get secret team's", method: "GET", path: func(f *templateFixture) string { return "/project_templates/" + f.secretTpl.GID },
			want: matrixWant{200, 200, 403, 403, 403}},
		{name: "team list", method: "GET", path: func(f *templateFixture) string { return "/teams/" + f.secret.GID + "/project_templates" },
			want: matrixWant{200, 200, 403, 403, 403}},
		{name: "delete", method: "DELETE", path: func(f *templateFixture) string { return "/project_templates/" + f.pubTpl.GID },
			want: matrixWant{200, 200, 403, 403, 403}},
		{name: "instantiate project", method: "POST", path: func(f *templateFixture) string {
			return "/project_templates/" + f.pubTpl.GID + "/instantiateProject"
		}, body: `{"data":{"name":"New"}}`, want: matrixWant{201, 201, 201, 201, 403}},
		{name: "get task template", method: "GET", path: func(f *templateFixture) string { return "/task_templates/" + f.taskTpl.GID },
			sameAs: func(f *templateFixture) string { return "/projects/" + f.pub.GID }},
		{name: "get hidden task template", method: "GET", path: func(f *templateFixture) string { return "/task_templates/" + f.hiddenTaskTpl.GID },
			sameAs: func(f *templateFixture) string { return "/projects/" + f.priv.GID }},
		{name: "list task templates", method: "GET", path: func(f *templateFixture) string { return "/task_templates?project=" + f.priv.GID },
			sameAs: func(f *templateFixture) string { return "/projects/" + f.priv.GID }},
	}
	for _, tt := range tests {
		for _, w := range who {
			t.Run(tt.name+"/"+w, func(t *testing.T) {
				f := newTemplateFixture(t)
				want := 401
				switch {
				case w == "dead" || w == "none":
				case tt.sameAs != nil:
					want, _, _ = call(t, f.s, f.who(w), "GET", tt.sameAs(f), "")
				default:
					want = tt.want.of(w)
				}
				code, _, doc := call(t, f.s, f.who(w), tt.method, tt.path(f), tt.body)
				if code != want {
					t.Fatalf("%s %s: status %d, want %d: %v", tt.method, tt.path(f), code, want, doc)
				}
			})
		}
	}
}

func TestTemplateValidation(t *testing.T) {
	f := newTemplateFixture(t)
	inst := "/project_templates/" + f.pubTpl.GID + "/instantiateProject"
	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"list needs a scope", "GET", "/project_templates", "", 400, "workspace: Must specify exactly one of workspace or team"},
		{"bad team", "GET", "/project_templates?team=x", "", 400, "team: Not a Long: x"},
		{"task list needs project", "GET", "/task_templates", "", 400, "project: Missing input"},
		{"unknown template", "GET", "/project_templates/42", "", 404, "project_template: Unknown object: 42"},
		{"bad template gid", "GET", "/project_templates/x", "", 400, "project_template: Not a Long: x"},
		{"unknown task template", "DELETE", "/task_templates/42", "", 404, "task_template: Unknown object: 42"},
		{"no name", "POST", inst, `{"data":{}}`, 400, "name: Missing input"},
		{"bad privacy", "POST", inst, `{"data":{"name":"x","privacy_setting":"open"}}`, 400, `privacy_setting: Not a valid enum value: "open"`},
		{"strict without a date", "POST", inst, `{"data":{"name":"x","is_strict":true}}`, 400, "requested_dates: Missing a value for the date variable 1"},
		{"unknown variable", "POST", inst, `{"data":{"name":"x","requested_dates":[{"gid":"2","value":"2026-01-01"}]}}`, 400, `requested_dates: Unknown date variable: "2"`},
		{"bad date", "POST", inst, `{"data":{"name":"x","requested_dates":[{"gid":"1","value":"soon"}]}}`, 400, `requested_dates: Not a date (YYYY-MM-DD): "soon"`},
		{"dates not a list", "POST", inst, `{"data":{"name":"x","requested_dates":"2026-01-01"}}`, 400, "requested_dates: Not an array of date variables"},
		{"team elsewhere", "POST", inst, `{"data":{"name":"x","team":"42"}}`, 404, "team: Unknown object: 42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, f.adminTok, tt.method, tt.path, tt.body)
			if code != tt.status || errMessage(doc) != tt.msg {
				t.Errorf("got %d %q, want %d %q", code, errMessage(doc), tt.status, tt.msg)
			}
		})
	}
}

// jobResult reads the job a POST answered and the GID of what it made.
func jobResult(t *testing.T, f *templateFixture, doc map[string]any, field string) string {
	t.Helper()
	j := data(t, must(t, f.s, f.saTok, "GET", "/jobs/"+data(t, doc)["gid"].(string), "", 200))
	made, _ := j[field].(map[string]any)
	if j["status"] != "succeeded" || made == nil {
		t.Fatalf("job %v has no %s", j, field)
	}
	return made["gid"].(string)
}

func TestInstantiateProject(t *testing.T) {
	f := newTemplateFixture(t)
	doc := must(t, f.s, f.memberTok, "POST", "/project_templates/"+f.pubTpl.GID+"/instantiateProject",
		`{"data":{"name":"Launch Q3","privacy_setting":"private","requested_dates":[{"gid":"1","value":"2026-07-01"}]}}`, 201)
	p, ok := f.s.Project(jobResult(t, f, doc, "new_project"))
	if !ok || p.Name != "Launch Q3" || p.StartOn != "2026-07-01" || p.DueOn != "2026-07-11" || p.TeamGID != f.public.GID ||
		p.PrivacySetting != "private" || p.OwnerGID != f.member.GID || p.Notes != "a < b" || len(p.SectionGIDs) != 1 {
		t.Fatalf("new project %+v", p)
	}
	got := data(t, must(t, f.s, f.memberTok, "GET", "/projects/"+p.GID+"?opt_fields=created_from_template.name", "", 200))
	if from, _ := got["created_from_template"].(map[string]any); from["gid"] != f.pubTpl.GID || from["name"] != "Launch" {
		t.Errorf("created_from_template %v", got)
	}
	tasks := gids(t, must(t, f.s, f.memberTok, "GET", "/sections/"+p.SectionGIDs[0]+"/tasks", "", 200))
	if len(tasks) != 2 {
		t.Fatalf("tasks %v", tasks)
	}
	first, _ := f.s.Task(tasks[0])
	second, _ := f.s.Task(tasks[1])
	if first.Name != "Brief" || first.DueOn != "2026-07-05" || second.Name != "Undated" || second.DueOn != "" {
		t.Errorf("tasks %+v, %+v", first, second)
	}
	// Without requested dates the project starts today; a date-time value
	// counts by its date.
	doc = must(t, f.s, f.adminTok, "POST", "/project_templates/"+f.pubTpl.GID+"/instantiateProject", `{"data":{"name":"Now"}}`, 201)
	if p, _ := f.s.Project(jobResult(t, f, doc, "new_project")); p.StartOn != f.s.Clock().Now().UTC().Format(time.DateOnly) {
		t.Errorf("start %q", p.StartOn)
	}
	doc = must(t, f.s, f.adminTok, "POST", "/project_templates/"+f.pubTpl.GID+"/instantiateProject",
		`{"data":{"name":"Later","is_strict":true,"requested_dates":[{"value":"2026-08-03T00:00:00Z"}]}}`, 201)
	if p, _ := f.s.Project(jobResult(t, f, doc, "new_project")); p.StartOn != "2026-08-03" {
		t.Errorf("start %q", p.StartOn)
	}
}

func TestSaveAsTemplateRoundTrip(t *testing.T) {
	f := newTemplateFixture(t)
	p := Must(f.s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Dated", OwnerGID: f.member.GID,
		StartOn: "2026-01-05", DueOn: "2026-01-25"}))
	a := Must(f.s.AddSection(Section{ProjectGID: p.GID, Name: "A"}))
	b := Must(f.s.AddSection(Section{ProjectGID: p.GID, Name: "B"}))
	Must(f.s.AddTask(Task{Name: "one", Memberships: []TaskMembership{{ProjectGID: p.GID, SectionGID: a.GID}}}))
	Must(f.s.AddTask(Task{Name: "two", DueOn: "2026-01-08", Memberships: []TaskMembership{{ProjectGID: p.GID, SectionGID: b.GID}}}))
	Must(f.s.AddTask(Task{Name: "loose", Memberships: []TaskMembership{{ProjectGID: p.GID}}}))
	doc := must(t, f.s, f.memberTok, "POST", "/projects/"+p.GID+"/saveAsTemplate",
		`{"data":{"name":"Roadmap template","team":"`+f.public.GID+`","public":false}}`, 201)
	tpl, ok := f.s.ProjectTemplate(jobResult(t, f, doc, "new_project_template"))
	if !ok || tpl.Name != "Roadmap template" || tpl.Public || tpl.OwnerGID != f.member.GID || tpl.DurationDays != 20 || len(tpl.Sections) != 3 {
		t.Fatalf("template %+v", tpl)
	}
	if u := tpl.Sections[0]; u.Name != "Untitled section" || len(u.Tasks) != 1 || u.Tasks[0].Name != "loose" {
		t.Errorf("tasks outside sections: %+v", u)
	}
	if a, b := tpl.Sections[1], tpl.Sections[2]; a.Name != "A" || len(a.Tasks) != 1 || a.Tasks[0].Name != "one" || a.Tasks[0].DueOffset != nil ||
		b.Name != "B" || len(b.Tasks) != 1 || b.Tasks[0].DueOffset == nil || *b.Tasks[0].DueOffset != 3 {
		t.Fatalf("sections %+v", tpl.Sections)
	}
	got := data(t, must(t, f.s, f.memberTok, "GET", "/project_templates/"+tpl.GID, "", 200))
	if got["name"] != "Roadmap template" || got["public"] != false || got["html_description"] != "<body></body>" {
		t.Errorf("template %v", got)
	}
}

func TestProjectTemplateListsAndFields(t *testing.T) {
	f := newTemplateFixture(t)
	// A workspace's list holds every team's templates the caller sees.
	ws := gids(t, must(t, f.s, f.memberTok, "GET", "/project_templates?workspace="+f.org.GID, "", 200))
	if !slices.Equal(ws, []string{f.pubTpl.GID, f.privTpl.GID}) {
		t.Errorf("member's workspace list %v", ws)
	}
	var paged []string
	q := url.Values{"team": {f.public.GID}, "limit": {"1"}}
	for range 5 {
		doc := must(t, f.s, f.saTok, "GET", "/project_templates?"+q.Encode(), "", 200)
		paged = append(paged, gids(t, doc)...)
		next, _ := doc["next_page"].(map[string]any)
		if next == nil {
			break
		}
		q.Set("offset", next["offset"].(string))
	}
	if !slices.Equal(paged, []string{f.pubTpl.GID, f.privTpl.GID}) {
		t.Errorf("pages %v", paged)
	}
	d := data(t, must(t, f.s, f.memberTok, "GET", "/project_templates/"+f.pubTpl.GID+"?opt_fields=name,team.name,requested_dates", "", 200))
	b, _ := json.Marshal(d)
	if want := `{"gid":"` + f.pubTpl.GID + `","name":"Launch","requested_dates":[{"description":"Choose a start date for your project.","gid":"1","name":"Start Date"}],"team":{"gid":"` + f.public.GID + `","name":"Public"}}`; string(b) != want {
		t.Errorf("projection %s, want %s", b, want)
	}
	d = data(t, must(t, f.s, f.memberTok, "GET", "/task_templates/"+f.taskTpl.GID+"?opt_fields=template.name,template.relative_due_on,template.task_resource_subtype", "", 200))
	if b, _ := json.Marshal(d["template"]); string(b) != `{"name":"Bug","relative_due_on":4,"task_resource_subtype":"milestone_task"}` {
		t.Errorf("task template recipe %s", b)
	}
}

func TestInstantiateAndDeleteTaskTemplate(t *testing.T) {
	f := newTemplateFixture(t)
	doc := must(t, f.s, f.memberTok, "POST", "/task_templates/"+f.taskTpl.GID+"/instantiateTask", `{"data":{}}`, 201)
	tk, ok := f.s.Task(jobResult(t, f, doc, "new_task"))
	today := f.s.Clock().Now().UTC()
	if !ok || tk.Name != "Bug" || tk.ResourceSubtype != "milestone" || tk.CreatedByGID != f.member.GID ||
		tk.StartOn != today.AddDate(0, 0, 1).Format(time.DateOnly) || tk.DueOn != today.AddDate(0, 0, 4).Format(time.DateOnly) {
		t.Fatalf("new task %+v", tk)
	}
	if !slices.Contains(gids(t, must(t, f.s, f.memberTok, "GET", "/projects/"+f.pub.GID+"/tasks", "", 200)), tk.GID) {
		t.Error("the new task is not in the template's project")
	}
	must(t, f.s, f.memberTok, "DELETE", "/task_templates/"+f.taskTpl.GID, "", 200)
	if _, ok := f.s.TaskTemplate(f.taskTpl.GID); ok {
		t.Error("deleted task template still stored")
	}
	if code, _, doc := call(t, f.s, f.memberTok, "GET", "/task_templates?project="+f.pub.GID, ""); code != 200 || len(gids(t, doc)) != 0 {
		t.Errorf("list after delete: %d %v", code, doc)
	}
}

func TestDeletedProjectTakesItsTaskTemplates(t *testing.T) {
	f := newTemplateFixture(t)
	must(t, f.s, f.adminTok, "DELETE", "/projects/"+f.pub.GID, "", 200)
	if _, ok := f.s.TaskTemplate(f.taskTpl.GID); ok {
		t.Error("task template of a deleted project still stored")
	}
	if code, _, _ := call(t, f.s, f.adminTok, "GET", "/task_templates/"+f.taskTpl.GID, ""); code != 404 {
		t.Errorf("status %d, want 404", code)
	}
	// A project made from a deleted template no longer names it.
	doc := must(t, f.s, f.adminTok, "POST", "/project_templates/"+f.privTpl.GID+"/instantiateProject", `{"data":{"name":"x"}}`, 201)
	pg := jobResult(t, f, doc, "new_project")
	must(t, f.s, f.adminTok, "DELETE", "/project_templates/"+f.privTpl.GID, "", 200)
	if d := data(t, must(t, f.s, f.adminTok, "GET", "/projects/"+pg+"?opt_fields=created_from_template", "", 200)); d["created_from_template"] != nil {
		t.Errorf("created_from_template of a deleted template: %v", d)
	}
}

func TestAddTemplateErrors(t *testing.T) {
	f := newTemplateFixture(t)
	two, one := 2, 1
	for name, err := range map[string]error{
		"no name":     second(f.s.AddProjectTemplate(ProjectTemplate{TeamGID: f.public.GID})),
		"no team":     second(f.s.AddProjectTemplate(ProjectTemplate{TeamGID: "42", Name: "x"})),
		"bad color":   second(f.s.AddProjectTemplate(ProjectTemplate{TeamGID: f.public.GID, Name: "x", Color: "mauve"})),
		"no project":  second(f.s.AddTaskTemplate(TaskTemplate{ProjectGID: "42", Name: "x"})),
		"bad subtype": second(f.s.AddTaskTemplate(TaskTemplate{ProjectGID: f.pub.GID, Name: "x", TaskSubtype: "epic"})),
		"late start":  second(f.s.AddTaskTemplate(TaskTemplate{ProjectGID: f.pub.GID, Name: "x", RelativeStartOn: &two, RelativeDueOn: &one})),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "asanatest: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
