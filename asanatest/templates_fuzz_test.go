package asanatest

import (
	"strings"
	"testing"
	"time"
)

// fuzzTemplateRoutes are the routes FuzzTemplateWrites picks from.
var fuzzTemplateRoutes = []string{"POST /project_templates/PT/instantiateProject", "POST /task_templates/TT/instantiateTask",
	"POST /projects/PUB/saveAsTemplate"}

// FuzzTemplateWrites sends arbitrary bodies to the template writes (the
// requested_dates parser above all): every answer is an Asana status, and
// what they make is whole: a project instantiated from the template has
// its sections and a start date, a new task its project.
func FuzzTemplateWrites(f *testing.F) {
	for _, seed := range []string{
		`{"data":{"name":"x","requested_dates":[{"gid":"1","value":"2026-02-28"}],"is_strict":true}}`,
		`{"data":{"name":"x","requested_dates":[{"value":"2026-02-28T23:59:59-05:00"}]}}`,
		`{"data":{"name":"x","requested_dates":[{"gid":"1","value":null}],"is_strict":true}}`,
		`{"data":{"name":"x","requested_dates":[{"gid":1}]}}`,
		`{"data":{"name":"x","requested_dates":{"gid":"1"}}}`,
		`{"data":{"name":"x","team":"TEAM","privacy_setting":"private","public":"yes"}}`,
		`{"data":{"name":"","public":false,"team":"TEAM"}}`,
		`{"data":{"name":7}}`, `{"data":[1]}`, `{"data":`, ``,
	} {
		for i := range fuzzTemplateRoutes {
			f.Add(uint8(i), seed)
		}
	}
	w := newTemplateFixture(f, WithRateLimit(0, 0))
	names := strings.NewReplacer("PT", w.pubTpl.GID, "TT", w.taskTpl.GID, "PUB", w.pub.GID, "TEAM", w.public.GID)
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		method, p, _ := strings.Cut(names.Replace(fuzzTemplateRoutes[int(route)%len(fuzzTemplateRoutes)]), " ")
		code, _, doc := call(t, w.s, w.memberTok, method, p, names.Replace(body))
		switch code {
		case 201, 400, 403, 404, 413:
		default:
			t.Fatalf("%s %s %q: status %d %v", method, p, body, code, doc)
		}
		if code != 201 {
			return
		}
		j, ok := w.s.Job(data(t, doc)["gid"].(string))
		if !ok {
			t.Fatalf("no job for %v", doc)
		}
		switch {
		case j.NewProjectGID != "":
			p, _ := w.s.Project(j.NewProjectGID)
			if _, err := time.Parse(time.DateOnly, p.StartOn); err != nil || len(p.SectionGIDs) != len(w.pubTpl.Sections) {
				t.Fatalf("project %+v from %q", p, body)
			}
		case j.NewTaskGID != "":
			if tk, _ := w.s.Task(j.NewTaskGID); len(tk.Memberships) != 1 || tk.Memberships[0].ProjectGID != w.pub.GID {
				t.Fatalf("task %+v from %q", tk, body)
			}
		default:
			if _, ok := w.s.ProjectTemplate(j.NewProjectTemplateGID); !ok {
				t.Fatalf("job %+v made nothing", j)
			}
		}
	})
}
