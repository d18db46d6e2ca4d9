package asanatest

import (
	"bytes"
	"encoding/json"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asanatest/internal/conformance"
)

// sweepFixture is the fixture plus one of every other kind of record, so
// that every route of the fake has something to answer about.
type sweepFixture struct {
	*fixture
	project, doomedProject              Project
	section                             Section
	task, subtask, doomedTask, fullTask Task
	story, ownStory                     Story
	movedSection, doomedSection         Section
	attachment                          Attachment
	job                                 Job
	export                              OrganizationExport
	spare                               User // joins and leaves in the write sweep
	teamMembership                      TeamMembership
	wsMembership                        WorkspaceMembership
	webhook, doomedWebhook              string // GIDs: webhooks are created over the API only
	tag, doomedTag, spareTag            Tag
	userTaskList                        string // the member's My Tasks
	goals                               sweepGoals
	portfolio, nested, doomedPortfolio  Portfolio
	itemProject                         Project // added to and removed from the portfolio
	membership, doomedMembership        Membership
	cf                                  sweepCustomFields
	brief, doomedBrief                  ProjectBrief
	templates                           sweepTemplates
	tt                                  sweepTime
	partB                               sweepPartB // conformance_sweep_partb_test.go
}

// acceptHooks is the sweep's webhook target: it echoes the handshake's
// secret and accepts every delivery.
var acceptHooks = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Hook-Secret", r.Header.Get("X-Hook-Secret"))
})

func newSweepFixture(t *testing.T) *sweepFixture {
	t.Helper()
	f := &sweepFixture{fixture: newFixture(t, WithWebhookClient(HandlerClient(acceptHooks)))}
	s := f.s
	if err := s.SetPhoto(f.member.GID, "https://s3.example.test/photos/max"); err != nil {
		t.Fatal(err)
	}
	f.spare = Must(s.AddUser(User{Name: "Spare", Email: "spare@acme.test"}))
	f.wsMembership = Must(s.AddWorkspaceMember(f.org.GID, f.spare.GID, MemberOptions{}))
	f.teamMembership, _ = s.TeamMembership(f.public.GID, f.member.GID)
	day := DefaultStart.Add(72 * time.Hour)
	f.project = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Launch", Notes: "All of it",
		Color: "light-green", OwnerGID: f.admin.GID, MemberGIDs: []string{f.member.GID}, FollowerGIDs: []string{f.member.GID},
		DueOn: "2025-06-30", StartOn: "2025-01-06"}))
	f.doomedProject = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Doomed"}))
	f.section = Must(s.AddSection(Section{ProjectGID: f.project.GID, Name: "Doing"}))
	in := []TaskMembership{{ProjectGID: f.project.GID, SectionGID: f.section.GID}}
	f.task = Must(s.AddTask(Task{Name: "Plan", Notes: "First", AssigneeGID: f.member.GID, Memberships: in, CreatedByGID: f.admin.GID, DueOn: "2025-02-01"}))
	f.fullTask = Must(s.AddTask(Task{Name: "Ship", ResourceSubtype: "milestone", Memberships: in, Completed: true, CreatedByGID: f.member.GID,
		DueAt: day, StartOn: "2025-01-02", FollowerGIDs: []string{f.member.GID}}))
	f.subtask = Must(s.AddTask(Task{Name: "Sub", ParentGID: f.task.GID, AssigneeGID: f.guest.GID, CreatedByGID: f.member.GID}))
	f.doomedTask = Must(s.AddTask(Task{Name: "Doomed", Memberships: in, CreatedByGID: f.member.GID}))
	f.tag = Must(s.AddTag(Tag{WorkspaceGID: f.org.GID, Name: "urgent", Color: "dark-red", Notes: "Now",
		FollowerGIDs: []string{f.member.GID}}))
	f.doomedTag = Must(s.AddTag(Tag{WorkspaceGID: f.org.GID, Name: "doomed"}))
	f.spareTag = Must(s.AddTag(Tag{WorkspaceGID: f.org.GID, Name: "spare"}))
	for _, tg := range []string{f.task.GID, f.fullTask.GID} {
		if err := s.TagTask(tg, f.tag.GID); err != nil {
			t.Fatal(err)
		}
	}
	f.userTaskList, _ = s.UserTaskList(f.org.GID, f.member.GID)
	Must(s.AddMyTasksSection(f.org.GID, f.member.GID, "Recently assigned"))
	f.story = Must(s.AddStory(Story{TaskGID: f.task.GID, CreatedByGID: f.member.GID, Text: "Looks good", IsPinned: true}))
	Must(s.AddStory(Story{TaskGID: f.task.GID, CreatedByGID: f.admin.GID, ResourceSubtype: "assigned", Text: "assigned to Max"}))
	f.ownStory = Must(s.AddStory(Story{TaskGID: f.task.GID, CreatedByGID: f.sa.GID, Text: "Mine to edit"}))
	f.doomedSection = Must(s.AddSection(Section{ProjectGID: f.project.GID, Name: "Doomed"}))
	f.movedSection = Must(s.AddSection(Section{ProjectGID: f.project.GID, Name: "Moved"}))
	f.attachment = Must(s.AddAttachment(Attachment{ParentGID: f.task.GID, Name: "plan.pdf", ResourceSubtype: "asana", Host: "asana",
		Size: 1234, DownloadURL: "https://s3.example.test/plan.pdf", ViewURL: "https://app.asana.com/app/asana/-/get_asset?asset_id=1"}))
	f.job = Must(s.AddJob(Job{ResourceSubtype: "duplicate_task", Status: "succeeded", NewTaskGID: f.task.GID}))
	f.export = Must(s.AddOrganizationExport(OrganizationExport{OrganizationGID: f.org.GID, RequestedByGID: f.sa.GID, State: ExportFinished}))
	f.cf = newSweepCustomFields(t, f)
	hook := func(target string) string {
		body := `{"data":{"resource":"` + f.project.GID + `","target":"` + target + `"}}`
		return data(t, must(t, s, f.saTok, http.MethodPost, "/webhooks", body, http.StatusCreated))["gid"].(string)
	}
	f.webhook, f.doomedWebhook = hook("https://hooks.example.test/sweep"), hook("https://hooks.example.test/doomed")
	f.goals = newSweepGoals(t, f)
	f.templates = newSweepTemplates(t, f)
	f.itemProject = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Item"}))
	f.nested = Must(s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "Nested", OwnerGID: f.admin.GID}))
	f.portfolio = Must(s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "Bets", OwnerGID: f.admin.GID, Color: "light-blue",
		Public: true, DueOn: "2025-12-31", StartOn: "2025-01-01", ItemGIDs: []string{f.project.GID, f.nested.GID}}))
	f.doomedPortfolio = Must(s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "Doomed", OwnerGID: f.admin.GID}))
	Must(s.SetAccessLevel(f.portfolio.GID, f.member.GID, AccessEditor))
	f.doomedMembership = Must(s.SetAccessLevel(f.portfolio.GID, f.guest.GID, AccessViewer))
	f.membership = Must(s.SetAccessLevel(f.project.GID, f.member.GID, AccessEditor))
	newSweepPartB(t, f)
	connectSweepGoals(t, f)
	newSweepBriefs(f)
	f.tt = newSweepTime(t, f)
	return f
}

// pathValues fills the spec's path parameters by name.
func (f *sweepFixture) pathValues() map[string]string {
	vals := map[string]string{
		"workspace_gid":            f.org.GID,
		"user_gid":                 f.member.GID,
		"team_gid":                 f.public.GID,
		"team_membership_gid":      f.teamMembership.GID,
		"workspace_membership_gid": f.wsMembership.GID,
		"project_gid":              f.project.GID,
		"section_gid":              f.section.GID,
		"task_gid":                 f.task.GID,
		"story_gid":                f.story.GID,
		"attachment_gid":           f.attachment.GID,
		"job_gid":                  f.job.GID,
		"organization_export_gid":  f.export.GID,
		"webhook_gid":              f.webhook,
		"tag_gid":                  f.tag.GID,
		"user_task_list_gid":       f.userTaskList,
		"goal_gid":                 f.goals.goal.GID,
		"goal_relationship_gid":    f.goals.relationship.GID,
		"time_period_gid":          f.goals.quarter.GID,
		"status_update_gid":        f.goals.goalStatus.GID,
		"project_status_gid":       f.goals.projectStatus.GID,
		"portfolio_gid":            f.portfolio.GID,
		"portfolio_membership_gid": f.doomedMembership.GID,
		"membership_gid":           f.membership.GID,
		"project_membership_gid":   f.membership.GID,
		"custom_field_gid":         f.cf.field.GID,
		"enum_option_gid":          f.cf.options[0].GID,
		"project_brief_gid":        f.brief.GID,
		"project_template_gid":     f.templates.project.GID,
		"task_template_gid":        f.templates.task.GID,
		"custom_id":                f.cf.taskID,
	}
	maps.Copy(vals, f.tt.pathValues())
	maps.Copy(vals, f.partB.pathValues())
	return vals
}

// queryValues fills query parameters (required ones, and the filters some
// lists need although the spec does not mark them required) by name.
func (f *sweepFixture) queryValues() map[string]string {
	return map[string]string{
		"workspace":      f.org.GID,
		"organization":   f.org.GID,
		"team":           f.public.GID,
		"project":        f.project.GID,
		"section":        f.section.GID,
		"user":           f.member.GID,
		"assignee":       f.member.GID,
		"parent":         f.task.GID,
		"resource":       f.task.GID,
		"resource_type":  "project",
		"supported_goal": f.goals.goal.GID,
	}
}

// sweepQueryValues overrides queryValues for one operation.
var sweepQueryValues = map[string]map[string]string{
	"GET /status_updates": {"parent": "{project}"},
}

// sweepQueries names, per list operation, the filters it needs beyond the
// spec's required parameters (Asana wants one of several).
var sweepQueries = map[string][]string{
	"GET /tasks":                 {"project"},
	"GET /tags":                  {"workspace"},
	"GET /users":                 {"workspace"},
	"GET /projects":              {"workspace"},
	"GET /team_memberships":      {"team"},
	"GET /attachments":           {"parent"},
	"GET /goals":                 {"workspace"},
	"GET /memberships":           {"parent"},
	"GET /portfolio_memberships": {"portfolio"},
	"GET /project_templates":     {"team"},
	"GET /task_templates":        {"project"},
}

// queryValuesFor overrides queryValues for operations whose parameter of a
// shared name names another kind.
func (f *sweepFixture) queryValuesFor(op string) map[string]string {
	q := f.queryValues()
	switch op {
	case "GET /memberships":
		q["parent"] = f.project.GID
	}
	q["portfolio"] = f.portfolio.GID
	return q
}

// sweepNotFound lists the operations on kinds the fake does not model: a
// valid request answers 404 for the unknown object. None is left; the
// check stays for the next unmodelled route.
var sweepNotFound = map[string]bool{}

// sweepWrite is a write request of the sweep. Its body, form fields and
// path values name fixture records as {placeholders} (see names).
type sweepWrite struct {
	body string
	// form, when set, sends these fields as multipart/form-data instead.
	form map[string]string
	// paths overrides pathValues (a delete aims at a record of its own).
	paths map[string]string
	// last runs it after the other writes (it removes something they use).
	last bool
}

// names maps the placeholders of sweepWrites to the fixture's GIDs.
func (f *sweepFixture) names() *strings.Replacer {
	return strings.NewReplacer(append([]string{
		"{org}", f.org.GID, "{public}", f.public.GID, "{admin}", f.admin.GID, "{member}", f.member.GID,
		"{spare}", f.spare.GID, "{project}", f.project.GID, "{doomedProject}", f.doomedProject.GID,
		"{section}", f.section.GID, "{movedSection}", f.movedSection.GID, "{doomedSection}", f.doomedSection.GID,
		"{task}", f.task.GID, "{fullTask}", f.fullTask.GID, "{subtask}", f.subtask.GID,
		"{doomedTask}", f.doomedTask.GID, "{tag}", f.tag.GID, "{doomedTag}", f.doomedTag.GID, "{spareTag}", f.spareTag.GID, "{ownStory}", f.ownStory.GID, "{doomedWebhook}", f.doomedWebhook,
		"{goal}", f.goals.goal.GID, "{subgoal}", f.goals.subgoal.GID, "{doomedGoal}", f.goals.doomedGoal.GID,
		"{quarter}", f.goals.quarter.GID, "{doomedStatus}", f.goals.doomedStatus.GID,
		"{doomedProjectStatus}", f.goals.doomedProjectStatus.GID,
		"{itemProject}", f.itemProject.GID, "{doomedPortfolio}", f.doomedPortfolio.GID,
		"{story}", f.story.GID, "{doomedRequest}", f.partB.doomedRequest.GID, // conformance_sweep_partb_test.go
		"{doomedMembership}", f.doomedMembership.GID, "{doomedBrief}", f.doomedBrief.GID,
		"{field}", f.cf.field.GID, "{spareField}", f.cf.spareField.GID, "{doomedField}", f.cf.doomedField.GID,
		"{option}", f.cf.options[0].GID, "{option2}", f.cf.options[1].GID, "{fieldSetting}", f.cf.setting.GID,
		"{doomedProjectTemplate}", f.templates.doomedProject.GID, "{doomedTaskTemplate}", f.templates.doomedTask.GID}, f.tt.names()...)...)
}

// sweepWrites are the write operations the sweep sends, with a valid body
// each. Operations the fake does not serve are skipped.
var sweepWrites = map[string]sweepWrite{
	"PUT /workspaces/{workspace_gid}":                  {body: `{"data":{"name":"Acme Inc"}}`},
	"PUT /users/{user_gid}":                            {body: `{"data":{}}`},
	"PUT /workspaces/{workspace_gid}/users/{user_gid}": {body: `{"data":{}}`},
	"POST /workspaces/{workspace_gid}/addUser":         {body: `{"data":{"user":"newcomer@acme.test"}}`},
	"POST /workspaces/{workspace_gid}/removeUser":      {body: `{"data":{"user":"{spare}"}}`, last: true},
	"POST /teams":                                                       {body: `{"data":{"organization":"{org}","name":"Platform","description":"Infra","visibility":"secret"}}`},
	"PUT /teams/{team_gid}":                                             {body: `{"data":{"description":"Everyone"}}`},
	"POST /teams/{team_gid}/addUser":                                    {body: `{"data":{"user":"{spare}"}}`},
	"POST /teams/{team_gid}/removeUser":                                 {body: `{"data":{"user":"{member}"}}`, last: true},
	"POST /projects":                                                    {body: `{"data":{"workspace":"{org}","team":"{public}","name":"New","notes":"n"}}`},
	"POST /workspaces/{workspace_gid}/projects":                         {body: `{"data":{"team":"{public}","name":"New in ws"}}`},
	"POST /teams/{team_gid}/projects":                                   {body: `{"data":{"name":"New in team"}}`},
	"PUT /projects/{project_gid}":                                       {body: `{"data":{"notes":"Updated","archived":false}}`},
	"DELETE /projects/{project_gid}":                                    {paths: map[string]string{"project_gid": "{doomedProject}"}},
	"POST /projects/{project_gid}/duplicate":                            {body: `{"data":{"name":"Launch copy"}}`},
	"POST /projects/{project_gid}/saveAsTemplate":                       {body: `{"data":{"name":"Launch template","team":"{public}","public":true}}`},
	"DELETE /project_templates/{project_template_gid}":                  {paths: map[string]string{"project_template_gid": "{doomedProjectTemplate}"}},
	"POST /project_templates/{project_template_gid}/instantiateProject": {body: `{"data":{"name":"Launch Q3","team":"{public}","privacy_setting":"private","is_strict":true,"requested_dates":[{"gid":"1","value":"2025-07-01"}]}}`},
	"DELETE /task_templates/{task_template_gid}":                        {paths: map[string]string{"task_template_gid": "{doomedTaskTemplate}"}},
	"POST /task_templates/{task_template_gid}/instantiateTask":          {body: `{"data":{"name":"Crash on start"}}`},
	"POST /projects/{project_gid}/addMembers":                           {body: `{"data":{"members":"{admin}"}}`},
	"POST /projects/{project_gid}/removeMembers":                        {body: `{"data":{"members":"{admin}"}}`},
	"POST /projects/{project_gid}/addFollowers":                         {body: `{"data":{"followers":"{admin}"}}`},
	"POST /projects/{project_gid}/removeFollowers":                      {body: `{"data":{"followers":"{admin}"}}`},
	"POST /projects/{project_gid}/sections":                             {body: `{"data":{"name":"Done"}}`},
	"POST /projects/{project_gid}/sections/insert":                      {body: `{"data":{"section":"{movedSection}","after_section":"{section}"}}`},
	"PUT /sections/{section_gid}":                                       {body: `{"data":{"name":"In progress"}}`},
	"DELETE /sections/{section_gid}":                                    {paths: map[string]string{"section_gid": "{doomedSection}"}, last: true},
	"POST /sections/{section_gid}/addTask":                              {body: `{"data":{"task":"{fullTask}"}}`},
	"POST /tasks":                                                       {body: `{"data":{"workspace":"{org}","projects":["{project}"],"name":"Write docs","assignee":"{member}","due_on":"2025-03-01"}}`},
	"PUT /tasks/{task_gid}":                                             {body: `{"data":{"completed":true,"notes":"done","custom_fields":{"{field}":"{option2}"}}}`},
	"DELETE /tasks/{task_gid}":                                          {paths: map[string]string{"task_gid": "{doomedTask}"}},
	"POST /tasks/{task_gid}/duplicate":                                  {body: `{"data":{"name":"Plan copy"}}`},
	"POST /tasks/{task_gid}/subtasks":                                   {body: `{"data":{"name":"Another sub"}}`},
	"POST /tasks/{task_gid}/setParent":                                  {body: `{"data":{"parent":"{fullTask}"}}`, paths: map[string]string{"task_gid": "{subtask}"}},
	"POST /tasks/{task_gid}/addProject":                                 {body: `{"data":{"project":"{project}"}}`, paths: map[string]string{"task_gid": "{subtask}"}},
	"POST /tasks/{task_gid}/removeProject":                              {body: `{"data":{"project":"{project}"}}`, paths: map[string]string{"task_gid": "{fullTask}"}, last: true},
	"POST /tasks/{task_gid}/addFollowers":                               {body: `{"data":{"followers":["{admin}"]}}`},
	"POST /tasks/{task_gid}/removeFollowers":                            {body: `{"data":{"followers":["{admin}"]}}`},
	"POST /tasks/{task_gid}/addDependencies":                            {body: `{"data":{"dependencies":["{fullTask}"]}}`},
	"POST /tasks/{task_gid}/removeDependencies":                         {body: `{"data":{"dependencies":["{fullTask}"]}}`},
	"POST /tasks/{task_gid}/addDependents":                              {body: `{"data":{"dependents":["{fullTask}"]}}`},
	"POST /tasks/{task_gid}/removeDependents":                           {body: `{"data":{"dependents":["{fullTask}"]}}`},
	"POST /tasks/{task_gid}/addTag":                                     {body: `{"data":{"tag":"{spareTag}"}}`},
	"POST /tasks/{task_gid}/removeTag":                                  {body: `{"data":{"tag":"{tag}"}}`, paths: map[string]string{"task_gid": "{fullTask}"}},
	"POST /tags":                                                        {body: `{"data":{"workspace":"{org}","name":"later","color":"light-blue","followers":["{member}"]}}`},
	"POST /workspaces/{workspace_gid}/tags":                             {body: `{"data":{"name":"soon","notes":"n"}}`},
	"PUT /tags/{tag_gid}":                                               {body: `{"data":{"name":"very urgent","color":null}}`},
	"DELETE /tags/{tag_gid}":                                            {paths: map[string]string{"tag_gid": "{doomedTag}"}},
	"POST /tasks/{task_gid}/stories":                                    {body: `{"data":{"text":"Nice work"}}`},
	"PUT /stories/{story_gid}":                                          {body: `{"data":{"text":"Very nice work"}}`, paths: map[string]string{"story_gid": "{ownStory}"}},
	"DELETE /stories/{story_gid}":                                       {paths: map[string]string{"story_gid": "{ownStory}"}, last: true},
	"POST /goals/{goal_gid}/stories":                                    {body: `{"data":{"text":"Hi"}}`},
	"DELETE /attachments/{attachment_gid}":                              {last: true},
	"POST /attachments":                                                 {form: map[string]string{"parent": "{task}", "resource_subtype": "external", "name": "Spec", "url": "https://example.test/spec"}},
	"POST /workspaces/{workspace_gid}/organization_exports":             {body: `{"data":{}}`},
	"POST /organization_exports":                                        {body: `{"data":{"organization":"{org}"}}`},
	"POST /webhooks": {body: `{"data":{"resource":"{task}","target":"https://hooks.example.test/new",` +
		`"filters":[{"resource_type":"story","resource_subtype":"comment_added","action":"added"}]}}`},
	"PUT /webhooks/{webhook_gid}":                    {body: `{"data":{"filters":[{"resource_type":"task","action":"changed","fields":["notes"]}]}}`},
	"DELETE /webhooks/{webhook_gid}":                 {paths: map[string]string{"webhook_gid": "{doomedWebhook}"}},
	"POST /portfolios":                               {body: `{"data":{"workspace":"{org}","name":"New bets","color":"dark-green","public":true}}`},
	"PUT /portfolios/{portfolio_gid}":                {body: `{"data":{"name":"Big bets","default_access_level":"viewer"}}`},
	"DELETE /portfolios/{portfolio_gid}":             {paths: map[string]string{"portfolio_gid": "{doomedPortfolio}"}},
	"POST /portfolios/{portfolio_gid}/duplicate":     {body: `{"data":{"name":"Bets copy","include":"members,child_projects,child_portfolios"}}`},
	"POST /portfolios/{portfolio_gid}/addItem":       {body: `{"data":{"item":"{itemProject}","insert_before":"{project}"}}`},
	"POST /portfolios/{portfolio_gid}/removeItem":    {body: `{"data":{"item":"{itemProject}"}}`},
	"POST /portfolios/{portfolio_gid}/addMembers":    {body: `{"data":{"members":"{spare}"}}`},
	"POST /portfolios/{portfolio_gid}/removeMembers": {body: `{"data":{"members":"{spare}"}}`},
	"POST /memberships":                              {body: `{"data":{"parent":"{project}","member":"{spare}","access_level":"commenter"}}`},
	"PUT /memberships/{membership_gid}":              {body: `{"data":{"access_level":"viewer"}}`},
	"DELETE /memberships/{membership_gid}":           {paths: map[string]string{"membership_gid": "{doomedMembership}"}},
	"POST /batch": {body: `{"data":{"actions":[{"relative_path":"/tasks/{task}","method":"get","options":{"fields":["name"]}},` +
		`{"relative_path":"/tasks/{task}","method":"put","data":{"notes":"batched"}},{"relative_path":"/scim/Users","method":"get"}]}}`},
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// fill replaces the {params} of a spec path.
func fill(pattern string, values map[string]string) (string, bool) {
	ok := true
	p := pathParam.ReplaceAllStringFunc(pattern, func(m string) string {
		v, found := values[m[1:len(m)-1]]
		ok = ok && found
		return v
	})
	return p, ok
}

// sweepSpec loads the spec through the test binary's checker: the sweep
// needs it for required parameters and documented opt_fields. Without a
// spec it skips (TestConformanceSpec reports the absence).
func sweepSpec(t *testing.T) *conformance.Spec {
	t.Helper()
	if conformanceChecker == nil {
		t.Skip("conformance checker not installed")
	}
	spec, _, err := conformanceChecker.load()
	if err != nil {
		t.Skipf("OpenAPI spec not available: %v", err)
	}
	return spec
}

// TestConformanceSweep calls every route of the fake at least once with a
// valid request (default fields, then every documented opt_field the fake
// supports; for lists also a second page), once without a token and once
// with an unknown GID, so that the checker installed by TestMain sees a
// success and an error answer of every operation. The sweep asserts that
// each valid request succeeds, so that the schema check covers real
// records and not only error bodies.
func TestConformanceSweep(t *testing.T) {
	spec := sweepSpec(t)
	f := newSweepFixture(t)
	paths := f.pathValues()

	var reads, writes, lastWrites []*route
	for _, rt := range f.s.routes {
		switch {
		case rt.scim:
			continue // not in the REST spec; scim_test.go covers them
		case !rt.write:
			reads = append(reads, rt)
		case sweepWrites[rt.method+" "+rt.pattern].last:
			lastWrites = append(lastWrites, rt)
		default:
			writes = append(writes, rt)
		}
	}
	var skipped []string
	for _, rt := range slices.Concat(reads, writes, lastWrites) {
		op := rt.method + " " + rt.pattern
		t.Run(op, func(t *testing.T) {
			vals := paths
			body, ct := "", ""
			if rt.write {
				w, ok := sweepWrites[op]
				if !ok {
					skipped = append(skipped, op)
					t.Skip("no sweep body for this write")
				}
				names := f.names()
				body = names.Replace(w.body)
				if w.form != nil {
					form := map[string]string{}
					for k, v := range w.form {
						form[k] = names.Replace(v)
					}
					ct, body = multipartBody(t, form)
				}
				over := map[string]string{}
				for k, v := range w.paths {
					over[k] = names.Replace(v)
				}
				vals = merge(paths, over)
			}
			path, ok := fill(rt.pattern, vals)
			if !ok {
				t.Fatalf("no value for a path parameter of %s", rt.pattern)
			}
			q := url.Values{}
			queries := f.queryValuesFor(op)
			for _, name := range slices.Concat(spec.RequiredQuery(op), sweepQueries[op]) {
				v, ok := queries[name]
				if over, ok2 := sweepQueryValues[op][name]; ok2 {
					v, ok = f.names().Replace(over), true
				}
				if !ok {
					t.Fatalf("no value for query parameter %q", name)
				}
				q.Set(name, v)
			}
			// Errors first (a delete would turn the unknown-GID probe
			// into a 404 for the wrong reason).
			if code, _, doc := sweepCall(t, f.s, "", rt.method, path, ct, body); code != http.StatusUnauthorized {
				t.Errorf("no token: status %d (%v)", code, doc)
			}
			if strings.Contains(rt.pattern, "{") {
				bad, _ := fill(rt.pattern, merge(vals, unknownGIDs(vals)))
				if code, _, doc := sweepCall(t, f.s, f.saTok, rt.method, withQuery(bad, q), ct, body); code != http.StatusNotFound {
					t.Errorf("unknown GID: status %d, want 404 (%v)", code, doc)
				}
			}
			code, _, doc := sweepCall(t, f.s, f.saTok, rt.method, withQuery(path, q), ct, body)
			if code == http.StatusPreconditionFailed && strings.HasSuffix(rt.pattern, "/events") {
				code, doc = sweepSync(t, f, path, q, doc)
			}
			if sweepNotFound[op] {
				if code != http.StatusNotFound {
					t.Fatalf("status %d, want 404 (the fake does not model this kind): %v", code, doc)
				}
				return
			}
			if code >= 300 {
				t.Fatalf("status %d: %v", code, doc)
			}
			if rt.write {
				return
			}
			sweepOptFields(t, f, spec, op, path, q, doc)
			if _, isList := doc["data"].([]any); isList {
				sweepPages(t, f, path, q)
			}
		})
	}
	if len(skipped) > 0 {
		sort.Strings(skipped)
		t.Logf("writes without a sweep body (not exercised here): %v", skipped)
	}
}

// sweepSync is the events streams' two-step start: the first call
// answers 412 with a fresh sync token (Asana's documented start, not an
// error); after a change (a task edit and a comment), a call with that
// token answers 200 with the change's events. It leaves the token in q so
// that the opt_fields and paging calls that follow read the same events.
func sweepSync(t *testing.T, f *sweepFixture, path string, q url.Values, first map[string]any) (int, map[string]any) {
	t.Helper()
	tok, _ := first["sync"].(string)
	if tok == "" {
		t.Fatalf("412 without a sync token: %v", first)
	}
	q.Set("sync", tok)
	must(t, f.s, f.saTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"notes":"Synced for `+path+`"}}`, http.StatusOK)
	must(t, f.s, f.saTok, http.MethodPost, "/tasks/"+f.task.GID+"/stories", `{"data":{"text":"Synced too"}}`, http.StatusCreated)
	code, _, doc := call(t, f.s, f.saTok, http.MethodGet, withQuery(path, q), "")
	if evs, _ := doc["data"].([]any); code == http.StatusOK && len(evs) < 2 {
		t.Errorf("events after a task edit and a comment: %v", evs)
	}
	return code, doc
}

// sweepOptFields asks for every opt_field the spec documents for op that
// the fake also knows. The fake answers 400 naming an unknown field (or a
// field with no sub-fields); those are dropped until the request passes.
func sweepOptFields(t *testing.T, f *sweepFixture, spec *conformance.Spec, op, path string, q url.Values, doc map[string]any) {
	t.Helper()
	fields := spec.OptFields(op)
	unknown := regexp.MustCompile(`Unknown field "([a-z_0-9]+)"|opt_fields: ([a-z_0-9]+) has no sub-fields`)
	for len(fields) > 0 {
		q2 := cloneValues(q)
		q2.Set("opt_fields", strings.Join(fields, ","))
		code, _, doc := call(t, f.s, f.saTok, http.MethodGet, withQuery(path, q2), "")
		if code < 300 {
			return
		}
		m := unknown.FindStringSubmatch(errMessage(doc))
		if code != http.StatusBadRequest || m == nil {
			t.Fatalf("opt_fields: status %d: %v", code, doc)
		}
		name := m[1] + m[2]
		fields = slices.DeleteFunc(fields, func(p string) bool {
			return slices.Contains(strings.Split(p, "."), name) && (m[2] == "" || strings.HasPrefix(p, name+"."))
		})
	}
}

// sweepPages reads a list with limit=1, then its second page.
func sweepPages(t *testing.T, f *sweepFixture, path string, q url.Values) {
	t.Helper()
	q2 := cloneValues(q)
	q2.Set("limit", "1")
	code, _, doc := call(t, f.s, f.saTok, http.MethodGet, withQuery(path, q2), "")
	if code != http.StatusOK {
		t.Fatalf("limit=1: status %d: %v", code, doc)
	}
	next, _ := doc["next_page"].(map[string]any)
	if next == nil {
		return
	}
	q2.Set("offset", next["offset"].(string))
	if code, _, doc := call(t, f.s, f.saTok, http.MethodGet, withQuery(path, q2), ""); code != http.StatusOK {
		t.Fatalf("second page: status %d: %v", code, doc)
	}
}

// sweepCall is call with a content type of the caller's choosing (for
// multipart bodies); an empty ct means JSON.
func sweepCall(t *testing.T, s *Server, token, method, path, ct, body string) (int, http.Header, map[string]any) {
	t.Helper()
	if ct == "" {
		return call(t, s, token, method, path, body)
	}
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatalf("%s %s: decode: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, doc
}

// multipartBody encodes fields as multipart/form-data.
func multipartBody(t *testing.T, fields map[string]string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := w.WriteField(k, fields[k]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.String()
}

func unknownGIDs(vals map[string]string) map[string]string {
	out := map[string]string{}
	for k := range vals {
		out[k] = "1"
	}
	return out
}

func merge(a, b map[string]string) map[string]string {
	out := make(map[string]string, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
