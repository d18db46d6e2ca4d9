package rules_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/rules"
)

// model is a scene with custom fields, tags and sections to write rules
// about, and an events stream on the project to feed the engine.
type model struct {
	*scene
	priority, status     asanatest.CustomField
	opts                 map[string]string // option name -> gid
	urgent, triaged      asanatest.Tag
	doing, done          asanatest.Section
	other, blocker       string // another project; a task to depend on
	stream               *asana.EventStream
	hookMu               sync.Mutex
	hookBodies, hookKeys []string
}

func newModel(t *testing.T, opts ...asanatest.Option) *model {
	t.Helper()
	m := &model{scene: newScene(t, opts...), opts: map[string]string{}}
	ws := m.org.Organization.GID
	field := func(name string, options ...string) asanatest.CustomField {
		var eo []asanatest.EnumOption
		for _, o := range options {
			eo = append(eo, asanatest.EnumOption{Name: o, Enabled: true})
		}
		cf, got, err := m.srv.AddCustomField(asanatest.CustomField{WorkspaceGID: ws, Name: name, ResourceSubtype: asanatest.CustomFieldEnum}, eo...)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range got {
			m.opts[name+"/"+o.Name] = o.GID
		}
		if _, err := m.srv.AddCustomFieldSetting(asanatest.CustomFieldSetting{ParentGID: m.project, CustomFieldGID: cf.GID}); err != nil {
			t.Fatal(err)
		}
		return cf
	}
	m.priority = field("Priority", "Low", "Medium", "High")
	m.status = field("Status", "Open", "Escalated")
	tag := func(name string) asanatest.Tag {
		tg, err := m.srv.AddTag(asanatest.Tag{WorkspaceGID: ws, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	m.urgent, m.triaged = tag("urgent"), tag("triaged")
	sec := func(name string) asanatest.Section {
		s, err := m.srv.AddSection(asanatest.Section{ProjectGID: m.project, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	m.doing, m.done = sec("Doing"), sec("Done")
	m.other = m.org.Projects[1].GID
	m.blocker = m.newTask(t, "Blocker")
	m.tick()
	m.stream = m.bot.Events.Stream(m.project, nil)
	if _, err := m.stream.Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	return m
}

// hookClient records the hook's deliveries after checking their signature.
func (m *model) hookClient(t *testing.T, secret string) *http.Client {
	return asanatest.HandlerClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !rules.VerifyHook(secret, body, r.Header.Get(rules.HookSignatureHeader)) {
			t.Errorf("hook delivery with a bad signature")
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		m.hookMu.Lock()
		m.hookBodies = append(m.hookBodies, string(body))
		m.hookKeys = append(m.hookKeys, r.Header.Get(rules.HookIdempotencyHeader))
		m.hookMu.Unlock()
	}))
}

// tick moves the fake's clock on: Asana's events carry no id, so two
// changes must differ in time (as real ones do) not to key alike.
func (m *model) tick() { m.srv.Clock().Advance(time.Second) }

// feed polls the project's events and hands them to the engine.
func (m *model) feed(t *testing.T, eng *rules.Engine) {
	t.Helper()
	evs, err := m.stream.Poll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Handle(t.Context(), evs); err != nil {
		t.Fatal(err)
	}
}

func (m *model) setPriority(t *testing.T, task, option string) {
	t.Helper()
	if _, err := m.human.Tasks.Update(t.Context(), task, &asana.TaskUpdateRequest{CustomFields: map[string]any{m.priority.GID: m.opts["Priority/"+option]}}, nil); err != nil {
		t.Fatal(err)
	}
	m.tick()
	m.tick()
}

func (m *model) comments(t *testing.T, task string) []string {
	t.Helper()
	var out []string
	for s, err := range m.bot.Stories.ListForTask(t.Context(), task, &asana.ListOptions{Fields: []string{"resource_subtype", "text"}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if s.ResourceSubtype == "comment_added" {
			out = append(out, s.Text)
		}
	}
	return out
}

const modelRules = `
rules:
  - name: escalate
    when:
      project: "{project}"
      custom_field: {name: Priority, from: Low, to: High}
    if: {not_tag: urgent, custom_fields: {Status: Open}}
    do:
      - add_tag: urgent
      - remove_tag: triaged
      - set_custom_field: {field: Status, value: Escalated}
      - move_to_section: Doing
      - add_follower: "{member}"
      - add_dependency: "{blocker}"
      - create_subtask: {name: Review the escalation, assignee: "{member}"}
      - set_dates: {due_in_days: 3, start_in_days: 0}
      - add_to_project: {project: "{other}"}
      - comment: Escalated by a rule.
      - hook: {url: "http://pager.internal/asana", secret_env: RULES_TEST_HOOK_SECRET}
  - name: done-section
    when: {project: "{project}", section: Done}
    do:
      - set: {field: completed, value: true}
  - name: completed
    when: {completed: true}
    do:
      - comment: Closed.
  - name: tagged
    when: {tag_added: triaged}
    do:
      - comment: Triaged.
  - name: escalate-by-comment
    when: {comment_matches: "(?i)^please escalate"}
    do:
      - set_custom_field: {field: Priority, value: High}
  - name: assigned
    when: {assigned_to: "{member}"}
    do:
      - set_dates: {due_on: "2030-01-02"}
  - name: due
    when: {due_date_changed: true}
    if: {assignee: "{member}"}
    do:
      - comment: Due date set.
  - name: other-project
    when: {added_to_project: "{project}"}
    do:
      - call: count
`

func (m *model) loadRules(t *testing.T, funcs map[string]rules.Func) []rules.Rule {
	t.Helper()
	src := strings.NewReplacer("{project}", m.project, "{member}", m.org.Member.GID, "{blocker}", m.blocker, "{other}", m.other).Replace(modelRules)
	rs, err := rules.Load([]byte(src), funcs)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestRulesOverTheModel runs YAML rules with every kind of trigger and
// action on the fake, and checks the fake's state after each change.
func TestRulesOverTheModel(t *testing.T) {
	t.Setenv("RULES_TEST_HOOK_SECRET", "s3cret")
	m := newModel(t)
	ctx := t.Context()
	var addedToProject int
	rs := m.loadRules(t, map[string]rules.Func{"count": func(context.Context, *rules.Context) error { addedToProject++; return nil }})
	eng, err := rules.New(m.bot, rs, rules.WithClock(m.srv.Clock()), rules.WithHookClient(m.hookClient(t, "s3cret")))
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Validate(ctx); err != nil {
		t.Fatal(err)
	}
	task := m.newTask(t, "Server room too hot")
	if _, err := m.human.Tasks.Update(ctx, task, &asana.TaskUpdateRequest{CustomFields: map[string]any{m.status.GID: m.opts["Status/Open"]}}, nil); err != nil {
		t.Fatal(err)
	}
	m.tick()
	if err := m.human.Tasks.AddTag(ctx, task, m.triaged.GID); err != nil {
		t.Fatal(err)
	}
	m.tick()
	m.setPriority(t, task, "Low")
	m.feed(t, eng)
	if got := m.comments(t, task); !slices.Equal(got, []string{"Triaged."}) {
		t.Fatalf("after tagging: comments %q", got)
	}
	// Low -> High: the escalation.
	m.setPriority(t, task, "High")
	m.feed(t, eng)
	got, _ := m.srv.Task(task)
	if !slices.Contains(got.TagGIDs, m.urgent.GID) || slices.Contains(got.TagGIDs, m.triaged.GID) {
		t.Errorf("tags %v: want urgent, not triaged", got.TagGIDs)
	}
	for _, cv := range got.CustomFields {
		if cv.CustomFieldGID == m.status.GID && !slices.Equal(cv.EnumOptionGIDs, []string{m.opts["Status/Escalated"]}) {
			t.Errorf("status %v, want Escalated", cv.EnumOptionGIDs)
		}
	}
	inSection := func(sec string) bool {
		return slices.ContainsFunc(got.Memberships, func(ms asanatest.TaskMembership) bool { return ms.SectionGID == sec })
	}
	if !inSection(m.doing.GID) {
		t.Errorf("memberships %+v: not in Doing", got.Memberships)
	}
	if !slices.Contains(got.FollowerGIDs, m.org.Member.GID) || !slices.Contains(got.DependencyGIDs, m.blocker) {
		t.Errorf("followers %v, dependencies %v", got.FollowerGIDs, got.DependencyGIDs)
	}
	if got.DueOn == "" || got.StartOn == "" {
		t.Errorf("dates due %q start %q", got.DueOn, got.StartOn)
	}
	if !slices.ContainsFunc(got.Memberships, func(ms asanatest.TaskMembership) bool { return ms.ProjectGID == m.other }) {
		t.Errorf("not added to the other project")
	}
	subs := 0
	for s, err := range m.bot.Tasks.ListSubtasks(ctx, task, &asana.ListOptions{Fields: []string{"name"}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if s.Name == "Review the escalation" {
			subs++
		}
	}
	if subs != 1 {
		t.Errorf("%d review subtasks", subs)
	}
	if cs := m.comments(t, task); !slices.Contains(cs, "Escalated by a rule.") {
		t.Errorf("comments %q", cs)
	}
	if len(m.hookBodies) != 1 {
		t.Fatalf("%d hook deliveries", len(m.hookBodies))
	}
	var body struct {
		Rule string
		Task struct{ GID string }
	}
	if err := json.Unmarshal([]byte(m.hookBodies[0]), &body); err != nil || body.Rule != "escalate" || body.Task.GID != task {
		t.Errorf("hook body %s (%v)", m.hookBodies[0], err)
	}
	// The engine's own changes trigger nothing (it completed no task, and
	// the task was added to this project once, by a person).
	m.feed(t, eng)
	if addedToProject != 1 {
		t.Errorf("added_to_project fired %d times, want 1", addedToProject)
	}

	// A comment asking for escalation sets Priority (Medium -> High again
	// would not escalate: the task is urgent now).
	m.setPriority(t, task, "Medium")
	if _, err := m.human.Stories.CreateForTask(ctx, task, &asana.StoryCreateRequest{Text: "Please escalate this"}, nil); err != nil {
		t.Fatal(err)
	}
	m.tick()
	m.feed(t, eng)
	got, _ = m.srv.Task(task)
	for _, cv := range got.CustomFields {
		if cv.CustomFieldGID == m.priority.GID && !slices.Equal(cv.EnumOptionGIDs, []string{m.opts["Priority/High"]}) {
			t.Errorf("priority %v after the comment, want High", cv.EnumOptionGIDs)
		}
	}

	// Assigning to the member sets a due date (assigned_to), which the
	// "due" rule sees (its condition holds) ... but those changes are the
	// engine's own: only the assignment rule runs.
	if _, err := m.human.Tasks.Update(ctx, task, &asana.TaskUpdateRequest{Assignee: asana.Ptr(m.org.Member.GID)}, nil); err != nil {
		t.Fatal(err)
	}
	m.tick()
	m.feed(t, eng)
	got, _ = m.srv.Task(task)
	if got.DueOn != "2030-01-02" {
		t.Errorf("due %q after assignment", got.DueOn)
	}
	// A person changing the due date of the member's task: commented.
	if _, err := m.human.Tasks.Update(ctx, task, &asana.TaskUpdateRequest{DueOn: asana.Ptr(mustDate(t, "2030-02-03"))}, nil); err != nil {
		t.Fatal(err)
	}
	m.tick()
	m.feed(t, eng)
	if cs := m.comments(t, task); !slices.Contains(cs, "Due date set.") {
		t.Errorf("comments %q: the due rule did not fire", cs)
	}

	// Moving into Done completes the task, and completion comments.
	if err := m.human.Sections.AddTask(ctx, m.done.GID, &asana.SectionAddTaskRequest{Task: task}); err != nil {
		t.Fatal(err)
	}
	m.tick()
	m.feed(t, eng)
	if got, _ = m.srv.Task(task); !got.Completed {
		t.Error("moving into Done did not complete the task")
	}
	// The completion was the engine's own: no comment. A person reopening
	// and completing it: one.
	for _, done := range []bool{false, true} {
		if _, err := m.human.Tasks.Update(ctx, task, &asana.TaskUpdateRequest{Completed: asana.Ptr(done)}, nil); err != nil {
			t.Fatal(err)
		}
		m.tick()
	}
	m.feed(t, eng)
	if n := strings.Count(strings.Join(m.comments(t, task), "|"), "Closed."); n != 1 {
		t.Errorf("%d Closed comments, want 1", n)
	}
	if c := eng.Counters(); c.DeadLetters != 0 || c.ActionErrors != 0 {
		t.Errorf("counters %+v", c)
	}
}

// TestValidateNames checks that an unknown field, option, tag or section
// is an error at start, naming the rule and the name.
func TestValidateNames(t *testing.T) {
	m := newModel(t)
	for _, tc := range []struct {
		name string
		rule rules.Rule
		want string
	}{
		{"field", rules.Rule{When: rules.Trigger{CustomField: &rules.FieldChange{Name: "Severity"}}}, `custom field "Severity"`},
		{"option", rules.Rule{When: rules.Trigger{CustomField: &rules.FieldChange{Name: "Priority", To: "Urgent"}}}, `no option "Urgent"`},
		{"action option", rules.Rule{Do: []rules.Action{rules.SetCustomField{Field: "Status", Value: "Closed"}}}, `no option "Closed"`},
		{"tag", rules.Rule{When: rules.Trigger{TagAdded: "vip"}}, `tag "vip"`},
		{"action tag", rules.Rule{Do: []rules.Action{rules.AddTag{Tag: "vip"}}}, `tag "vip"`},
		{"section", rules.Rule{When: rules.Trigger{Project: m.project, Section: "Later"}}, `no section "Later"`},
		{"action section", rules.Rule{When: rules.Trigger{Project: m.project}, Do: []rules.Action{rules.MoveToSection{Section: "Later"}}}, `no section "Later"`},
		{"condition", rules.Rule{If: rules.Conditions{CustomFields: map[string]string{"Status": "Gone"}}}, `no option "Gone"`},
		{"hook", rules.Rule{Do: []rules.Action{rules.Hook{URL: "ftp://x", Secret: "s"}}}, "http or https"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.rule
			r.Name = "r-" + tc.name
			if len(r.Do) == 0 {
				r.Do = []rules.Action{rules.Comment{Text: "x"}}
			}
			eng, err := rules.New(m.bot, []rules.Rule{r})
			if err != nil {
				t.Fatal(err)
			}
			err = eng.Validate(t.Context())
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), r.Name) {
				t.Errorf("Validate: %v, want an error naming %q and the rule", err, tc.want)
			}
			if _, err := eng.Accept(t.Context(), nil); err == nil {
				t.Error("Accept ran with invalid rules")
			}
		})
	}
}

func mustDate(t *testing.T, s string) asana.Date {
	t.Helper()
	d, err := asana.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
