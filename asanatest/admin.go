package asanatest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Admin console operations: what an Enterprise admin does in Asana's admin
// console, which has no public API. Tests call them to set the scene
// (rename a service account, revoke a token) mid-run.

// RenameServiceAccount renames a service account.
func (s *Server) RenameServiceAccount(userGID, name string) error {
	if name == "" {
		return fmt.Errorf("asanatest: empty name for %s", userGID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users.get(userGID)
	if u == nil || !u.ServiceAccount {
		return fmt.Errorf("asanatest: %s is not a service account", userGID)
	}
	s.auditAdminLocked(AuditServiceAccountRenamed, u.GID, u.Name, name)
	u.Name = name
	return nil
}

// SetPhoto sets a user's (or service account's) photo base URL; empty
// removes it.
func (s *Server) SetPhoto(userGID, url string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users.get(userGID)
	if u == nil {
		return fmt.Errorf("asanatest: no user %s", userGID)
	}
	u.Photo = url
	return nil
}

// DeauthorizeToken revokes a token (given by its secret): every later
// request with it gets 401, including the next page of a listing already
// under way.
func (s *Server) DeauthorizeToken(secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.tokenByHash[tokenHash(secret)]
	if t == nil {
		return fmt.Errorf("asanatest: unknown token")
	}
	if !t.Deauthorized {
		s.tokenAuditLocked(t, true)
	}
	t.Deauthorized = true
	return nil
}

// ServiceAccounts lists an organization's service accounts in creation order.
func (s *Server) ServiceAccounts(orgGID string) ([]User, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.st.workspaces.get(orgGID) == nil {
		return nil, fmt.Errorf("asanatest: no organization %s", orgGID)
	}
	var out []User
	for _, g := range s.st.users.order {
		if u := s.st.users.get(g); u.ServiceAccount && u.ServiceAccountOrg == orgGID {
			out = append(out, *u)
		}
	}
	return out, nil
}

// Tokens lists the tokens of a user (metadata only, never secrets).
func (s *Server) Tokens(userGID string) []Token {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Token
	for _, g := range s.st.tokens.order {
		if t := s.st.tokens.get(g); t.UserGID == userGID {
			c := *t
			c.Scopes = slices.Clone(t.Scopes)
			out = append(out, c)
		}
	}
	return out
}

// RestoreTask restores a deleted task from the trash, as byUserGID does in
// the web app ("Undo" or restore from trash; the API has no call for it):
// the task and its deleted subtasks come back with a new modified_at, and
// each records an "undeleted" event by that user, delivered to the events
// streams and webhooks of the task, its parent, its projects and its
// workspace like any other task event. It is an error if the task does not
// exist or is not deleted, if its parent task is still deleted (restore the
// parent), or if byUserGID is not an active member of the task's workspace
// or is a service account (which cannot use the web app).
func (s *Server) RestoreTask(taskGID, byUserGID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	t := st.tasks.get(taskGID)
	switch {
	case t == nil:
		return fmt.Errorf("asanatest: no task %s", taskGID)
	case !t.Deleted:
		return fmt.Errorf("asanatest: task %s is not deleted", taskGID)
	case t.ParentGID != "" && st.liveTask(t.ParentGID) == nil:
		return fmt.Errorf("asanatest: task %s: parent task %s is deleted; restore it instead", taskGID, t.ParentGID)
	}
	u := st.users.get(byUserGID)
	switch {
	case u == nil:
		return fmt.Errorf("asanatest: no user %s", byUserGID)
	case u.ServiceAccount:
		return fmt.Errorf("asanatest: %s is a service account, which cannot use the web app", byUserGID)
	case !st.activeMember(t.WorkspaceGID, u.GID):
		return fmt.Errorf("asanatest: %s is not an active member of workspace %s", byUserGID, t.WorkspaceGID)
	}
	// The same snapshot and diff as an API write, so the events are the
	// ones any task change records.
	// No token kind: the action comes from the web app, not the API.
	rq := &request{s: s, st: st, p: &principal{user: u, token: &Token{UserGID: u.GID}}, now: s.clock.Now()}
	track := newChangeTracker(s, rq)
	restoreTaskLocked(st, track, t, rq.now)
	track.record(http.StatusOK)
	return nil
}

// restoreTaskLocked undoes deleteTaskLocked for t and its deleted subtasks,
// snapshotting each into track first.
func restoreTaskLocked(st *state, track *changeTracker, t *Task, now time.Time) {
	track.tasks[t.GID] = t.clone()
	t.Deleted, t.ModifiedAt = false, now
	for _, g := range t.SubtaskGIDs {
		if sub := st.tasks.get(g); sub != nil && sub.Deleted {
			restoreTaskLocked(st, track, sub, now)
		}
	}
}

// Inspection: copies of single records, ok false when absent.

// Workspace returns a workspace or organization.
func (s *Server) Workspace(gid string) (Workspace, bool) {
	return get(s, func(st *state) *Workspace { return st.workspaces.get(gid) }, Workspace.clone)
}

// User returns a user or service account.
func (s *Server) User(gid string) (User, bool) {
	return get(s, func(st *state) *User { return st.users.get(gid) }, nil)
}

// WorkspaceMembership returns the user's membership of a workspace.
func (s *Server) WorkspaceMembership(workspaceGID, userGID string) (WorkspaceMembership, bool) {
	return get(s, func(st *state) *WorkspaceMembership { return st.membership(workspaceGID, userGID) }, nil)
}

// Team returns a team.
func (s *Server) Team(gid string) (Team, bool) {
	return get(s, func(st *state) *Team { return st.teams.get(gid) }, nil)
}

// TeamMembership returns the user's membership of a team.
func (s *Server) TeamMembership(teamGID, userGID string) (TeamMembership, bool) {
	return get(s, func(st *state) *TeamMembership { return st.teamMembership(teamGID, userGID) }, nil)
}

// Project returns a project.
func (s *Server) Project(gid string) (Project, bool) {
	return get(s, func(st *state) *Project { return st.projects.get(gid) }, Project.clone)
}

// Section returns a section.
func (s *Server) Section(gid string) (Section, bool) {
	return get(s, func(st *state) *Section { return st.sections.get(gid) }, nil)
}

// Task returns a task, deleted ones included (see Task.Deleted).
func (s *Server) Task(gid string) (Task, bool) {
	return get(s, func(st *state) *Task { return st.tasks.get(gid) }, Task.clone)
}

// Story returns a story.
func (s *Server) Story(gid string) (Story, bool) {
	return get(s, func(st *state) *Story { return st.stories.get(gid) }, nil)
}

// Attachment returns an attachment's metadata.
func (s *Server) Attachment(gid string) (Attachment, bool) {
	return get(s, func(st *state) *Attachment { return st.attachments.get(gid) }, nil)
}

// Job returns a job.
func (s *Server) Job(gid string) (Job, bool) {
	return get(s, func(st *state) *Job { return storeOf[jobStore](st).jobs.get(gid) }, nil)
}

// OrganizationExport returns an organization export.
func (s *Server) OrganizationExport(gid string) (OrganizationExport, bool) {
	e, ok := get(s, func(st *state) *OrganizationExport { return st.exports.get(gid) }, nil)
	if ok {
		e.State = exportState(&e, s.clock.Now()) // as a GET would report it now
	}
	return e, ok
}

// WorkspaceMembers lists a workspace's memberships in creation order.
func (s *Server) WorkspaceMembers(workspaceGID string) []WorkspaceMembership {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return collect(s.st.wsMembersByWS[workspaceGID], s.st.wsMemberships.get)
}

// TeamMembers lists a team's memberships in creation order.
func (s *Server) TeamMembers(teamGID string) []TeamMembership {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return collect(s.st.teamMembersByTeam[teamGID], s.st.teamMemberships.get)
}

// Teams lists an organization's teams in creation order.
func (s *Server) Teams(orgGID string) []Team {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return collect(s.st.teamsByOrg[orgGID], s.st.teams.get)
}

func get[T any](s *Server, find func(*state) *T, clone func(T) T) (T, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := find(s.st)
	if r == nil {
		var zero T
		return zero, false
	}
	if clone != nil {
		return clone(*r), true
	}
	return *r, true
}

func collect[T any](gids []string, get func(string) *T) []T {
	out := make([]T, 0, len(gids))
	for _, g := range slices.Clone(gids) {
		if r := get(g); r != nil {
			out = append(out, *r)
		}
	}
	return out
}
