package asanatest

import (
	"bytes"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The write-diff engine's snapshot: before a write handler runs, the
// records it may touch are copied; afterwards record diffs them
// (change_diff.go) into events and audit entries. See events.go.

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
	for _, p := range []string{"task_gid", "project_gid", "section_gid", "story_gid", "team_gid", "workspace_gid", "user_gid", "membership_gid"} {
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
		if x := memberships(st).memberships.get(g); x != nil {
			t.addProject(x.ParentGID) // a project membership's change is the project's
		}
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
