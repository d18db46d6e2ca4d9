package asanatest

import (
	"bytes"
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Events: every change an API request makes to the fake is recorded as
// Asana events, in one place: run() snapshots the records a write request
// can touch (named by its path and body, plus anything it creates) before
// the handler, and trackChanges.record diffs them afterwards. Handlers need
// no event code. Each event bubbles up like Asana's: a task's events reach
// its projects, its parent task and the workspace; a story's reach its
// task and that task's projects; a project's reach its team. Seeding
// through the Go API sets the scene and records no events; the admin
// methods that stand for a person's action in the web app (RestoreTask)
// go through the same diff.
//
// GET /events serves them with sync tokens (412 with a fresh token first or
// when the token expired, at most 100 events per call with has_more), and
// webhooks (webhooks.go) deliver them. The audit log (audit_log.go) is fed
// from the same diff for API actions and from the admin console methods.

// eventConfig holds the Options of events and webhooks.
type eventConfig struct {
	tokenTTL    time.Duration
	hookClient  *http.Client
	heartbeat   time.Duration
	hookTimeout time.Duration
}

// WithEventTokenTTL sets how long a sync token stays valid without being
// used (default 24 hours on the fake's clock); an older one gets 412 and a
// fresh token, as an expired Asana token does.
func WithEventTokenTTL(d time.Duration) Option {
	return func(cfg *config) error {
		if d <= 0 {
			return fmt.Errorf("asanatest: event token TTL %v must be positive", d)
		}
		cfg.events.tokenTTL = d
		return nil
	}
}

// WithWebhookClient sets the HTTP client the fake uses for webhook
// handshakes and deliveries (default: a plain client). HandlerClient makes
// one that calls an http.Handler in process, with no socket.
func WithWebhookClient(hc *http.Client) Option {
	return func(cfg *config) error {
		if hc == nil {
			return fmt.Errorf("asanatest: WithWebhookClient(nil)")
		}
		cfg.events.hookClient = hc
		return nil
	}
}

// eventHub holds events, webhooks and the audit log. Server.mu guards it,
// except the fields noted.
type eventHub struct {
	cfg    eventConfig
	seq    uint64
	log    []*eventRec
	byKey  map[string][]*eventRec // subscribable GID -> its events, oldest first
	hooks  table[webhookRec]
	audit  []*auditRec
	kick   chan struct{} // wakes the delivery loop; never closed
	loopOn bool          // the delivery loop runs

	deliverMu sync.Mutex // serializes delivery rounds (not under Server.mu)
}

func newEventHub(cfg eventConfig) *eventHub {
	if cfg.tokenTTL == 0 {
		cfg.tokenTTL = 24 * time.Hour
	}
	if cfg.hookClient == nil {
		cfg.hookClient = &http.Client{}
	}
	if cfg.heartbeat == 0 {
		cfg.heartbeat = 8 * time.Hour
	}
	if cfg.hookTimeout == 0 {
		cfg.hookTimeout = 10 * time.Second
	}
	return &eventHub{cfg: cfg, byKey: map[string][]*eventRec{}, hooks: newTable[webhookRec](), kick: make(chan struct{}, 1)}
}

// ref is a reference to a resource as events render it.
type evRef struct {
	Kind    string // resource_type
	GID     string
	Name    string
	Subtype string
}

// eventRec is one recorded event.
type eventRec struct {
	seq       uint64
	workspace string
	keys      []string // the GIDs whose subscribers see the event
	at        time.Time
	user      evRef // zero for system changes
	action    string
	resource  evRef
	parent    *evRef
	change    *evChange
}

type evChange struct {
	field, action string
	value         *evRef // the resource set, added or removed, if any
}

// doc renders an event. Webhook deliveries carry compact references (gid
// and resource_type), as Asana's do; /events adds names.
func (e *eventRec) doc(names bool) map[string]any {
	r := func(x *evRef) any {
		if x == nil || x.GID == "" {
			return nil
		}
		m := map[string]any{"gid": x.GID, "resource_type": x.Kind}
		if names && x.Name != "" {
			m["name"] = x.Name
		}
		if x.Subtype != "" {
			m["resource_subtype"] = x.Subtype
		}
		return m
	}
	d := map[string]any{
		"user": r(&e.user), "resource": r(&e.resource), "type": e.resource.Kind,
		"action": e.action, "parent": r(e.parent), "created_at": e.at.UTC().Format(timeFormat),
	}
	if c := e.change; c != nil {
		cd := map[string]any{"field": c.field, "action": c.action}
		// The spec: a value is "only present when" it is an Asana
		// resource, so a plain field's change or a cleared assignee has
		// none (absent, not null).
		if v := r(c.value); v != nil {
			key := "new_value"
			if c.action == "added" || c.action == "removed" {
				key = c.action + "_value"
			}
			cd[key] = v
		}
		d["change"] = cd
	}
	return d
}

// Event is a recorded event as a test sees it (Server.Events).
type Event struct {
	Time         time.Time
	UserGID      string
	Action       string // changed, added, removed, deleted or undeleted
	ResourceType string
	ResourceGID  string
	ParentType   string
	ParentGID    string
	// Field and FieldAction describe a "changed" event's change.
	Field       string
	FieldAction string
	// ValueGID is the resource the change set, added or removed, if any.
	ValueGID string
}

// Events returns the events recorded for subscribers of gid (a task,
// project, team, workspace, ...), oldest first; "" returns every event.
func (s *Server) Events(gid string) []Event {
	s.mu.RLock()
	defer s.mu.RUnlock()
	recs := s.ev.log
	if gid != "" {
		recs = s.ev.byKey[gid]
	}
	out := make([]Event, 0, len(recs))
	for _, e := range recs {
		ev := Event{Time: e.at, UserGID: e.user.GID, Action: e.action, ResourceType: e.resource.Kind, ResourceGID: e.resource.GID}
		if e.parent != nil {
			ev.ParentType, ev.ParentGID = e.parent.Kind, e.parent.GID
		}
		if c := e.change; c != nil {
			ev.Field, ev.FieldAction = c.field, c.action
			if c.value != nil {
				ev.ValueGID = c.value.GID
			}
		}
		out = append(out, ev)
	}
	return out
}

// addEvent records an event. Call with s.mu held for writing.
func (s *Server) addEventLocked(e *eventRec) {
	h := s.ev
	h.seq++
	e.seq = h.seq
	slices.Sort(e.keys)
	e.keys = slices.Compact(e.keys)
	h.log = append(h.log, e)
	for _, k := range e.keys {
		if k != "" {
			h.byKey[k] = append(h.byKey[k], e)
		}
	}
	s.queueForWebhooksLocked(e)
}

// changeTracker is the snapshot of one write request.
type changeTracker struct {
	s       *Server
	rq      *request
	nextGID uint64
	tasks   map[string]Task
	// projects and their task lists, to see tasks leave a deleted project.
	projects     map[string]Project
	projectTasks map[string][]string
	sections     map[string]Section
	stories      map[string]Story
	teams        map[string]Team
	wsMembers    map[[2]string]WorkspaceMembership // zero value: no membership
	teamMembers  map[[2]string]bool
	spaces       []string // workspaces the request names
}

// newChangeTracker starts an empty snapshot for rq; the caller adds the
// records the change may touch before making it.
func newChangeTracker(s *Server, rq *request) *changeTracker {
	return &changeTracker{s: s, rq: rq, nextGID: rq.st.nextGID,
		tasks: map[string]Task{}, projects: map[string]Project{}, projectTasks: map[string][]string{},
		sections: map[string]Section{}, stories: map[string]Story{}, teams: map[string]Team{},
		wsMembers: map[[2]string]WorkspaceMembership{}, teamMembers: map[[2]string]bool{}}
}

var gidInBody = regexp.MustCompile(`\d{6,}|[^",\s]+@[^",\s]+`)

// trackChanges snapshots what a write request may change. Reads need none.
func (s *Server) trackChanges(rq *request) *changeTracker {
	if !rq.route.write {
		return nil
	}
	st := rq.st
	t := newChangeTracker(s, rq)
	// The GIDs the request names: path parameters, and any GID or email in
	// the body (read here and put back for the handler).
	var named []string
	for _, p := range []string{"task_gid", "project_gid", "section_gid", "story_gid", "team_gid", "workspace_gid", "user_gid"} {
		if v := rq.r.PathValue(p); v != "" {
			named = append(named, v)
		}
	}
	if rq.route.scim {
		// SCIM paths name no workspace: they act on the service
		// account's organization.
		named = append(named, rq.p.org())
	}
	if rq.r.Body != nil {
		head, _ := io.ReadAll(io.LimitReader(rq.r.Body, 1<<20))
		rq.r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(head), rq.r.Body), rq.r.Body}
		named = append(named, gidInBody.FindAllString(string(head), 256)...)
	}
	var users, spaces, teamGIDs []string
	for _, g := range named {
		if strings.Contains(g, "@") {
			for _, ug := range st.users.order {
				if u := st.users.get(ug); strings.EqualFold(u.Email, g) {
					users = append(users, ug)
				}
			}
			continue
		}
		if x := st.tasks.get(g); x != nil {
			t.tasks[g] = x.clone()
		}
		if x := st.sections.get(g); x != nil {
			t.sections[g] = *x
			t.addProject(x.ProjectGID)
		}
		t.addProject(g)
		if x := st.stories.get(g); x != nil {
			t.stories[g] = *x
		}
		if x := st.teams.get(g); x != nil {
			t.teams[g] = *x
			teamGIDs = append(teamGIDs, g)
		}
		if st.users.get(g) != nil {
			users = append(users, g)
		}
		if st.workspaces.get(g) != nil {
			spaces = append(spaces, g)
		}
	}
	for _, u := range users {
		for _, w := range spaces {
			if m := st.membership(w, u); m != nil {
				t.wsMembers[[2]string{w, u}] = *m
			}
		}
		for _, tm := range teamGIDs {
			t.teamMembers[[2]string{tm, u}] = st.teamMembership(tm, u) != nil
		}
	}
	t.spaces = spaces
	for _, w := range spaces {
		for _, u := range users {
			if _, ok := t.wsMembers[[2]string{w, u}]; !ok {
				t.wsMembers[[2]string{w, u}] = WorkspaceMembership{} // none yet
			}
		}
	}
	return t
}

func (t *changeTracker) addProject(g string) {
	if x := t.rq.st.projects.get(g); x != nil {
		if _, ok := t.projects[g]; !ok {
			t.projects[g] = x.clone()
			t.projectTasks[g] = t.rq.st.projectTasks[g].tasks() // never changed in place
		}
	}
}

// record diffs the snapshot against the state after a successful handler
// and records the events and audit entries.
func (t *changeTracker) record(status int) {
	if t == nil || status >= 300 {
		return
	}
	s, st := t.s, t.rq.st
	before := s.ev.seq
	// Anything created by the request has a GID above the snapshot's.
	for n := t.nextGID + 1; n <= st.nextGID; n++ {
		g := strconv.FormatUint(n, 10)
		switch {
		case st.tasks.get(g) != nil:
			t.tasks[g] = Task{} // compare with nothing
		case st.projects.get(g) != nil:
			t.projects[g] = Project{}
		case st.stories.get(g) != nil:
			t.stories[g] = Story{}
		case st.sections.get(g) != nil:
			t.sections[g] = Section{}
		case st.teams.get(g) != nil:
			t.teams[g] = Team{}
		case st.users.get(g) != nil: // invited by email: no membership before
			for _, w := range t.spaces {
				t.wsMembers[[2]string{w, g}] = WorkspaceMembership{}
			}
		}
	}
	for _, g := range sortedKeys(t.projects) {
		t.diffProject(g)
	}
	for _, g := range sortedKeys(t.sections) {
		t.diffSection(g)
	}
	for _, g := range sortedKeys(t.tasks) {
		t.diffTask(g)
	}
	for _, g := range sortedKeys(t.stories) {
		t.diffStory(g)
	}
	for _, g := range sortedKeys(t.teams) {
		t.diffTeam(g)
	}
	t.diffMemberships()
	if s.ev.seq != before {
		s.kickWebhooks()
	}

}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, gidCompare)
	return ks
}

func (t *changeTracker) event(ws, action string, res evRef, parent *evRef, change *evChange, keys ...string) {
	u := t.rq.p.user
	t.s.addEventLocked(&eventRec{workspace: ws, keys: append(keys, ws), at: t.rq.now,
		user: evRef{Kind: "user", GID: u.GID, Name: u.Name}, action: action, resource: res, parent: parent, change: change})
}

func (t *changeTracker) taskRef(x *Task) evRef {
	return evRef{Kind: "task", GID: x.GID, Name: x.Name, Subtype: taskSubtype(x)}
}

func (t *changeTracker) projectRef(g string) *evRef {
	r := &evRef{Kind: "project", GID: g}
	if p := t.rq.st.projects.get(g); p != nil {
		r.Name = p.Name
	} else if p, ok := t.projects[g]; ok {
		r.Name = p.Name
	}
	return r
}

func (t *changeTracker) userRef(g string) *evRef {
	if g == "" {
		return nil
	}
	r := &evRef{Kind: "user", GID: g}
	if u := t.rq.st.users.get(g); u != nil {
		r.Name = u.Name
	}
	return r
}

// taskKeys are the subscribers of a task's events: the task, its parent,
// the projects it is or was in.
func taskKeys(ts ...*Task) []string {
	var keys []string
	for _, x := range ts {
		if x == nil || x.GID == "" {
			continue
		}
		keys = append(keys, x.GID, x.ParentGID)
		for _, m := range x.Memberships {
			keys = append(keys, m.ProjectGID)
		}
	}
	return keys
}

func (t *changeTracker) diffTask(g string) {
	b := t.tasks[g]
	cur := t.rq.st.tasks.get(g)
	if cur == nil {
		return
	}
	a := *cur
	ws := a.WorkspaceGID
	keys := taskKeys(&b, &a)
	res := t.taskRef(&a)
	ev := func(action string, parent *evRef, c *evChange) { t.event(ws, action, res, parent, c, keys...) }
	if b.GID == "" { // created
		for _, m := range a.Memberships {
			ev("added", t.projectRef(m.ProjectGID), nil)
		}
		if a.ParentGID != "" {
			ev("added", &evRef{Kind: "task", GID: a.ParentGID}, nil)
		}
		if len(a.Memberships) == 0 && a.ParentGID == "" {
			ev("added", nil, nil)
		}
		return
	}
	switch {
	case a.Deleted && !b.Deleted:
		ev("deleted", nil, nil)
		return
	case !a.Deleted && b.Deleted:
		ev("undeleted", nil, nil)
	}
	changed := func(field string, value *evRef) {
		ev("changed", nil, &evChange{field: field, action: "changed", value: value})
	}
	scalar := []struct {
		field string
		diff  bool
	}{
		{"name", a.Name != b.Name}, {"notes", a.Notes != b.Notes}, {"completed", a.Completed != b.Completed},
		{"due_on", a.DueOn != b.DueOn}, {"due_at", !a.DueAt.Equal(b.DueAt)}, {"start_on", a.StartOn != b.StartOn},
		{"resource_subtype", taskSubtype(&a) != taskSubtype(&b)},
	}
	for _, f := range scalar {
		if f.diff {
			changed(f.field, nil)
		}
	}
	if a.AssigneeGID != b.AssigneeGID {
		changed("assignee", t.userRef(a.AssigneeGID))
	}
	if a.ParentGID != b.ParentGID {
		if b.ParentGID != "" {
			ev("removed", &evRef{Kind: "task", GID: b.ParentGID}, nil)
		}
		if a.ParentGID != "" {
			ev("added", &evRef{Kind: "task", GID: a.ParentGID}, nil)
		}
	}
	t.listChange(ev, "followers", b.FollowerGIDs, a.FollowerGIDs, t.userRef)
	taskRef := func(g string) *evRef { return &evRef{Kind: "task", GID: g} }
	t.listChange(ev, "dependencies", b.DependencyGIDs, a.DependencyGIDs, taskRef)
	t.listChange(ev, "dependents", b.DependentGIDs, a.DependentGIDs, taskRef)
	// Project and section memberships: added to / removed from a parent.
	secOf := func(ms []TaskMembership, p string) (string, bool) {
		for _, m := range ms {
			if m.ProjectGID == p {
				return m.SectionGID, true
			}
		}
		return "", false
	}
	for _, m := range a.Memberships {
		sec, was := secOf(b.Memberships, m.ProjectGID)
		switch {
		case !was:
			ev("added", t.projectRef(m.ProjectGID), nil)
		case sec != m.SectionGID && m.SectionGID != "":
			ev("added", &evRef{Kind: "section", GID: m.SectionGID}, nil)
		}
	}
	for _, m := range b.Memberships {
		if _, still := secOf(a.Memberships, m.ProjectGID); !still {
			ev("removed", t.projectRef(m.ProjectGID), nil)
		}
	}
}

// listChange records the values added to and removed from a list field.
func (t *changeTracker) listChange(ev func(string, *evRef, *evChange), field string, before, after []string, ref func(string) *evRef) {
	for _, g := range after {
		if !slices.Contains(before, g) {
			ev("changed", nil, &evChange{field: field, action: "added", value: ref(g)})
		}
	}
	for _, g := range before {
		if !slices.Contains(after, g) {
			ev("changed", nil, &evChange{field: field, action: "removed", value: ref(g)})
		}
	}
}

func (t *changeTracker) diffProject(g string) {
	b := t.projects[g]
	st := t.rq.st
	cur := st.projects.get(g)
	keysOf := func(p *Project) []string { return []string{p.GID, p.TeamGID} }
	if cur == nil { // deleted
		if b.GID == "" {
			return
		}
		res := evRef{Kind: "project", GID: g, Name: b.Name}
		t.event(b.WorkspaceGID, "deleted", res, nil, nil, keysOf(&b)...)
		t.s.auditLocked(t.rq, b.WorkspaceGID, AuditProjectDeleted, "deletion",
			auditResource{Kind: "project", GID: g, Name: b.Name}, nil)
		// Its tasks left it; those left with no home were deleted.
		for _, tg := range t.projectTasks[g] {
			if x := st.tasks.get(tg); x != nil {
				if _, seen := t.tasks[tg]; !seen {
					before := x.clone()
					before.Deleted = false
					before.Memberships = append(before.Memberships, TaskMembership{ProjectGID: g})
					t.tasks[tg] = before
				}
			}
		}
		return
	}
	a := *cur
	res := evRef{Kind: "project", GID: g, Name: a.Name}
	ev := func(action string, parent *evRef, c *evChange) {
		t.event(a.WorkspaceGID, action, res, parent, c, keysOf(&a)...)
	}
	if b.GID == "" {
		if a.TeamGID != "" {
			ev("added", &evRef{Kind: "team", GID: a.TeamGID}, nil)
		} else {
			ev("added", &evRef{Kind: "workspace", GID: a.WorkspaceGID}, nil)
		}
		return
	}
	for _, f := range []struct {
		field string
		diff  bool
	}{
		{"name", a.Name != b.Name}, {"notes", a.Notes != b.Notes}, {"color", a.Color != b.Color},
		{"archived", a.Archived != b.Archived}, {"due_on", a.DueOn != b.DueOn}, {"start_on", a.StartOn != b.StartOn},
		{"privacy_setting", projectPrivacy(&a) != projectPrivacy(&b)},
	} {
		if f.diff {
			ev("changed", nil, &evChange{field: f.field, action: "changed"})
		}
	}
	if a.OwnerGID != b.OwnerGID {
		ev("changed", nil, &evChange{field: "owner", action: "changed", value: t.userRef(a.OwnerGID)})
	}
	if a.TeamGID != b.TeamGID {
		ev("changed", nil, &evChange{field: "team", action: "changed", value: &evRef{Kind: "team", GID: a.TeamGID}})
	}
	t.listChange(ev, "members", b.MemberGIDs, a.MemberGIDs, t.userRef)
	t.listChange(ev, "followers", b.FollowerGIDs, a.FollowerGIDs, t.userRef)
}

func (t *changeTracker) diffSection(g string) {
	b := t.sections[g]
	st := t.rq.st
	cur := st.sections.get(g)
	wsOf := func(p string) string {
		if pr := st.projects.get(p); pr != nil {
			return pr.WorkspaceGID
		}
		return t.projects[p].WorkspaceGID
	}
	switch {
	case cur == nil && b.GID != "":
		if st.projects.get(b.ProjectGID) != nil { // not part of a project deletion
			t.event(wsOf(b.ProjectGID), "deleted", evRef{Kind: "section", GID: g, Name: b.Name}, nil, nil, g, b.ProjectGID)
		}
	case cur != nil && b.GID == "":
		t.event(wsOf(cur.ProjectGID), "added", evRef{Kind: "section", GID: g, Name: cur.Name}, t.projectRef(cur.ProjectGID), nil, g, cur.ProjectGID)
	case cur != nil && cur.Name != b.Name:
		t.event(wsOf(cur.ProjectGID), "changed", evRef{Kind: "section", GID: g, Name: cur.Name}, nil,
			&evChange{field: "name", action: "changed"}, g, cur.ProjectGID)
	}
}

func (t *changeTracker) diffStory(g string) {
	b := t.stories[g]
	st := t.rq.st
	cur := st.stories.get(g)
	x := cur
	if x == nil {
		x = &b
	}
	task := st.tasks.get(x.TaskGID)
	if task == nil || x.GID == "" {
		return
	}
	res := evRef{Kind: "story", GID: g, Subtype: storySubtype(x)}
	keys := append(taskKeys(task), g)
	switch {
	case cur == nil:
		t.event(task.WorkspaceGID, "removed", res, &evRef{Kind: "task", GID: task.GID, Name: task.Name}, nil, keys...)
	case b.GID == "":
		t.event(task.WorkspaceGID, "added", res, &evRef{Kind: "task", GID: task.GID, Name: task.Name}, nil, keys...)
	case cur.Text != b.Text:
		t.event(task.WorkspaceGID, "changed", res, nil, &evChange{field: "text", action: "changed"}, keys...)
	}
}

func (t *changeTracker) diffTeam(g string) {
	b := t.teams[g]
	cur := t.rq.st.teams.get(g)
	if cur == nil {
		return
	}
	res := evRef{Kind: "team", GID: g, Name: cur.Name}
	switch {
	case b.GID == "":
		t.event(cur.OrganizationGID, "added", res, &evRef{Kind: "workspace", GID: cur.OrganizationGID}, nil, g)
	case cur.Name != b.Name:
		t.event(cur.OrganizationGID, "changed", res, nil, &evChange{field: "name", action: "changed"}, g)
	case cur.Description != b.Description:
		t.event(cur.OrganizationGID, "changed", res, nil, &evChange{field: "description", action: "changed"}, g)
	}
}

// diffMemberships records users joining and leaving workspaces and teams,
// and the audit entries of workspace membership changes.
func (t *changeTracker) diffMemberships() {
	st := t.rq.st
	keys := make([][2]string, 0, len(t.wsMembers))
	for k := range t.wsMembers {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	for _, k := range keys {
		b, ws, user := t.wsMembers[k], k[0], k[1]
		a := st.membership(ws, user)
		was, is := b.GID != "" && b.IsActive, a != nil && a.IsActive
		u := st.users.get(user)
		if was == is || u == nil {
			continue
		}
		res := evRef{Kind: "user", GID: user, Name: u.Name}
		parent := &evRef{Kind: "workspace", GID: ws}
		ar := auditResource{Kind: "user", GID: user, Name: u.Name, Email: u.Email}
		switch {
		case is && b.GID == "":
			t.event(ws, "added", res, parent, nil, user)
			t.s.auditLocked(t.rq, ws, AuditUserInvited, "user", ar, nil)
		case is:
			t.event(ws, "added", res, parent, nil, user)
			t.s.auditLocked(t.rq, ws, AuditUserReprovisioned, "user", ar, nil)
		default:
			t.event(ws, "removed", res, parent, nil, user)
			t.s.auditLocked(t.rq, ws, AuditUserDeprovisioned, "user", ar, nil)
		}
	}
	tkeys := make([][2]string, 0, len(t.teamMembers))
	for k := range t.teamMembers {
		tkeys = append(tkeys, k)
	}
	slices.SortFunc(tkeys, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	for _, k := range tkeys {
		team := st.teams.get(k[0])
		u := st.users.get(k[1])
		was, is := t.teamMembers[k], st.teamMembership(k[0], k[1]) != nil
		if team == nil || u == nil || was == is {
			continue
		}
		action := "added"
		if !is {
			action = "removed"
		}
		t.event(team.OrganizationGID, action, evRef{Kind: "user", GID: u.GID, Name: u.Name},
			&evRef{Kind: "team", GID: team.GID, Name: team.Name}, nil, team.GID, u.GID)
	}
}

// The /events endpoints.

func (s *Server) eventRoutes() {
	s.handle("GET /events", s.getEvents)
	s.handle("GET /workspaces/{workspace_gid}/events", s.getWorkspaceEvents)
	s.webhookRoutes()
	s.auditLogRoutes()
}

const msgSyncInvalid = "Sync token invalid or too old. If you are attempting to keep resources in sync, you must fetch the full dataset for this query now and use the new sync token for the next sync."

// syncClaims are a sync token's contents: whose events, after which one,
// and when it was issued.
type syncClaims struct {
	Key string `json:"k"`
	Seq uint64 `json:"s"`
	IAT int64  `json:"t"`
}

func (s *Server) signSync(c syncClaims) string {
	payload, _ := json.Marshal(c)
	msg := b64.EncodeToString(payload)
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte("sync." + msg))
	return msg + "." + b64.EncodeToString(mac.Sum(nil)[:16])
}

func (s *Server) parseSync(tok string) (syncClaims, bool) {
	var c syncClaims
	msg, sig, ok := strings.Cut(tok, ".")
	if !ok || len(tok) > 512 {
		return c, false
	}
	got, err := b64.DecodeString(sig)
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte("sync." + msg))
	if err != nil || !hmac.Equal(got, mac.Sum(nil)[:16]) {
		return c, false
	}
	payload, err := b64.DecodeString(msg)
	if err != nil || json.Unmarshal(payload, &c) != nil {
		return c, false
	}
	return c, true
}

// serveEvents answers an events call for the subscribers of key.
func (s *Server) serveEvents(rq *request, key string, max int) reply {
	fresh := func() reply {
		tok := s.signSync(syncClaims{Key: key, Seq: s.ev.seq, IAT: rq.now.UnixNano()})
		// The message alone: getEvents documents its 412 body as
		// errors[].message plus sync, without the help link of other errors.
		body := errorsDoc{Errors: []errorDetail{{Message: msgSyncInvalid}}}
		return reply{status: http.StatusPreconditionFailed, body: struct {
			errorsDoc
			Sync string `json:"sync"`
		}{body, tok}}
	}
	c, ok := s.parseSync(rq.query.Get("sync"))
	if !ok || c.Key != key || rq.now.Sub(time.Unix(0, c.IAT)) > s.ev.cfg.tokenTTL || c.Seq > s.ev.seq {
		return fresh()
	}
	recs := s.ev.byKey[key]
	i, _ := slices.BinarySearchFunc(recs, c.Seq+1, func(e *eventRec, seq uint64) int {
		return cmp.Compare(e.seq, seq)
	})
	recs = recs[i:]
	more := len(recs) > max
	next := s.ev.seq
	if more {
		recs = recs[:max]
		next = recs[max-1].seq
	}
	data := make([]any, 0, len(recs))
	for _, e := range recs {
		data = append(data, e.doc(true))
	}
	return reply{body: map[string]any{"data": data, "sync": s.signSync(syncClaims{Key: key, Seq: next, IAT: rq.now.UnixNano()}), "has_more": more}}
}

// getEvents serves the events of a task, project, section, team or
// workspace the caller can see.
func (s *Server) getEvents(rq *request) reply {
	g, err := rq.queryGID("resource", true)
	if err != nil {
		return rq.fail(err)
	}
	if err := s.checkSubscribable(rq.p, g, "resource"); err != nil {
		return rq.fail(err)
	}
	return s.serveEvents(rq, g, 100)
}

// checkSubscribable answers 404 for an unknown resource and 403 for one the
// caller cannot see.
func (s *Server) checkSubscribable(p *principal, g, param string) error {
	st := s.st
	ok := false
	switch {
	case st.liveTask(g) != nil:
		ok = s.canSeeTask(p, st.liveTask(g))
	case st.projects.get(g) != nil:
		ok = s.canSeeProject(p, st.projects.get(g))
	case st.sections.get(g) != nil:
		pr := st.projects.get(st.sections.get(g).ProjectGID)
		ok = pr != nil && s.canSeeProject(p, pr)
	case st.teams.get(g) != nil:
		ok = s.canSeeTeam(p, st.teams.get(g))
	case st.workspaces.get(g) != nil:
		ok = s.canSeeWorkspace(p, g)
	default:
		return notFound(param, g)
	}
	if !ok {
		return forbidden("")
	}
	return nil
}

// getWorkspaceEvents serves a whole workspace's events, 1000 per call, to
// its admins and service account.
func (s *Server) getWorkspaceEvents(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if !s.isAdmin(rq.p, ws.GID) {
		return rq.fail(forbidden("Only workspace admins and service accounts may read workspace events"))
	}
	return s.serveEvents(rq, ws.GID, 1000)
}
