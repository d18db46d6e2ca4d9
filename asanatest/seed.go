package asanatest

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Seeding and inspection: the Go API a test uses to set the scene and check
// the outcome. Add methods take a record with GID empty (the fake assigns
// GIDs and CreatedAt/ModifiedAt from its clock when zero) and return a copy
// of what was stored; references to unknown records are errors. Wrap a call
// in Must to keep seeding code short.

// MemberOptions describes a workspace or team membership being added.
type MemberOptions struct {
	Admin    bool
	Guest    bool
	ViewOnly bool // workspaces only
	// Inactive adds a deprovisioned workspace membership (is_active false).
	Inactive bool
	// LimitedAccess is the team membership's is_limited_access.
	LimitedAccess bool
}

// AddWorkspace adds a workspace, or an organization when IsOrganization.
// Enterprise requires IsOrganization.
func (s *Server) AddWorkspace(w Workspace) (Workspace, error) {
	if w.Name == "" {
		return Workspace{}, errors.New("asanatest: workspace needs a name")
	}
	if w.Enterprise && !w.IsOrganization {
		return Workspace{}, errors.New("asanatest: only an organization can be Enterprise")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w = w.clone()
	w.GID = ""
	w.CreatedAt = s.stamp(w.CreatedAt)
	s.st.insertWorkspace(&w)
	return w.clone(), nil
}

// AddUser adds a person (not a member of any workspace yet: see
// AddWorkspaceMember). Use AddServiceAccount for service accounts.
func (s *Server) AddUser(u User) (User, error) {
	if u.Name == "" {
		return User{}, errors.New("asanatest: user needs a name")
	}
	if u.ServiceAccount {
		return User{}, errors.New("asanatest: use AddServiceAccount for service accounts")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u.GID = s.st.newGID()
	if u.Email == "" {
		u.Email = defaultEmail("user", u.GID)
	}
	u.CreatedAt = s.stamp(u.CreatedAt)
	s.st.insertUser(&u)
	return u, nil
}

// AddWorkspaceMember adds the user to the workspace (active unless
// opts.Inactive). Adding an existing member updates the membership.
func (s *Server) AddWorkspaceMember(workspaceGID, userGID string, opts MemberOptions) (WorkspaceMembership, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.workspaces.get(workspaceGID) == nil {
		return WorkspaceMembership{}, fmt.Errorf("asanatest: no workspace %s", workspaceGID)
	}
	if s.st.users.get(userGID) == nil {
		return WorkspaceMembership{}, fmt.Errorf("asanatest: no user %s", userGID)
	}
	m := s.addWorkspaceMemberLocked(workspaceGID, userGID, opts)
	return *m, nil
}

func (s *Server) addWorkspaceMemberLocked(wsGID, userGID string, opts MemberOptions) *WorkspaceMembership {
	m := s.st.membership(wsGID, userGID)
	if m == nil {
		m = s.st.insertWorkspaceMembership(&WorkspaceMembership{WorkspaceGID: wsGID, UserGID: userGID, CreatedAt: s.clock.Now()})
	}
	m.IsActive, m.IsAdmin, m.IsGuest, m.IsViewOnly = !opts.Inactive, opts.Admin, opts.Guest, opts.ViewOnly
	return m
}

// AddServiceAccount creates a service account in an Enterprise
// organization, as the admin console does, and returns it with its first
// token's secret. The account is an active member of the organization.
func (s *Server) AddServiceAccount(orgGID, name string) (User, string, error) {
	return s.addServiceAccount(orgGID, name, nil)
}

// addServiceAccount is AddServiceAccount with the first token's scopes
// (nil: full access), checked by the caller.
func (s *Server) addServiceAccount(orgGID, name string, scopes []Scope) (User, string, error) {
	if name == "" {
		return User{}, "", errors.New("asanatest: service account needs a name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	org := s.st.workspaces.get(orgGID)
	if org == nil {
		return User{}, "", fmt.Errorf("asanatest: no organization %s", orgGID)
	}
	if !org.IsOrganization || !org.Enterprise {
		return User{}, "", fmt.Errorf("asanatest: %s is not an Enterprise organization: service accounts need one", orgGID)
	}
	u := s.st.insertUser(&User{Name: name, ServiceAccount: true, ServiceAccountOrg: orgGID, CreatedAt: s.clock.Now()})
	u.Email = serviceAccountEmail(u.GID)
	s.addWorkspaceMemberLocked(orgGID, u.GID, MemberOptions{})
	s.auditAdminLocked(AuditServiceAccountCreated, u.GID, "", name)
	secret := s.newTokenLocked(u.GID, TokenServiceAccount, scopes)
	return *u, secret, nil
}

// AddServiceAccountToken issues another full-access token for a service
// account.
func (s *Server) AddServiceAccountToken(userGID string) (string, error) {
	return s.addServiceAccountToken(userGID, nil)
}

// AddScopedServiceAccountToken issues a service-account token limited to
// the scopes (at least one), as for a service account created with scoped
// permissions such as user provisioning: it may call only the routes its
// scopes cover and gets 403 elsewhere.
func (s *Server) AddScopedServiceAccountToken(userGID string, scopes ...Scope) (string, error) {
	if err := checkScopes(scopes); err != nil {
		return "", err
	}
	return s.addServiceAccountToken(userGID, slices.Clone(scopes))
}

// checkScopes accepts a non-empty list of scopes the fake models.
func checkScopes(scopes []Scope) error {
	if len(scopes) == 0 {
		return errors.New("asanatest: a scoped token needs at least one scope")
	}
	for _, sc := range scopes {
		if !knownScope(sc) {
			return fmt.Errorf("asanatest: unknown scope %q", sc)
		}
	}
	return nil
}

func (s *Server) addServiceAccountToken(userGID string, scopes []Scope) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users.get(userGID)
	if u == nil || !u.ServiceAccount {
		return "", fmt.Errorf("asanatest: %s is not a service account", userGID)
	}
	return s.newTokenLocked(userGID, TokenServiceAccount, scopes), nil
}

// AddPersonalAccessToken issues a personal access token for a user and
// returns its secret. Service accounts cannot have one.
func (s *Server) AddPersonalAccessToken(userGID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users.get(userGID)
	if u == nil {
		return "", fmt.Errorf("asanatest: no user %s", userGID)
	}
	if u.ServiceAccount {
		return "", fmt.Errorf("asanatest: service account %s cannot log in to create a personal access token", userGID)
	}
	return s.newTokenLocked(userGID, TokenPersonal, nil), nil
}

// newTokenLocked stores a token and returns its secret, shaped like
// Asana's ("2/<user>/<token>:<hex>"); only its hash is kept. Nil scopes
// are full access.
func (s *Server) newTokenLocked(userGID string, kind TokenKind, scopes []Scope) string {
	t := &Token{GID: s.st.newGID(), UserGID: userGID, Kind: kind, Scopes: scopes, CreatedAt: s.clock.Now()}
	s.faultMu.Lock()
	a, b := s.rng.Uint64(), s.rng.Uint64()
	s.faultMu.Unlock()
	secret := fmt.Sprintf("2/%s/%s:%016x%016x", userGID, t.GID, a, b)
	s.st.insertToken(t, tokenHash(secret))
	s.tokenAuditLocked(t, false)
	return secret
}

// AddTeam adds a team to an organization.
func (s *Server) AddTeam(t Team) (Team, error) {
	if t.Name == "" {
		return Team{}, errors.New("asanatest: team needs a name")
	}
	switch t.Visibility {
	case "", VisibilitySecret, VisibilityRequestToJoin, VisibilityPublic:
	default:
		return Team{}, fmt.Errorf("asanatest: unknown team visibility %q", t.Visibility)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	org := s.st.workspaces.get(t.OrganizationGID)
	if org == nil || !org.IsOrganization {
		return Team{}, fmt.Errorf("asanatest: teams need an organization, %q is not one", t.OrganizationGID)
	}
	t.GID = ""
	t.CreatedAt = s.stamp(t.CreatedAt)
	s.st.insertTeam(&t)
	return t, nil
}

// AddTeamMember adds the user to the team (the user must belong to the
// team's organization). Adding an existing member updates the membership.
func (s *Server) AddTeamMember(teamGID, userGID string, opts MemberOptions) (TeamMembership, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.teams.get(teamGID)
	if t == nil {
		return TeamMembership{}, fmt.Errorf("asanatest: no team %s", teamGID)
	}
	if s.st.membership(t.OrganizationGID, userGID) == nil {
		return TeamMembership{}, fmt.Errorf("asanatest: user %s is not in organization %s", userGID, t.OrganizationGID)
	}
	return *s.addTeamMemberLocked(teamGID, userGID, opts), nil
}

func (s *Server) addTeamMemberLocked(teamGID, userGID string, opts MemberOptions) *TeamMembership {
	m := s.st.teamMembership(teamGID, userGID)
	if m == nil {
		m = s.st.insertTeamMembership(&TeamMembership{TeamGID: teamGID, UserGID: userGID})
	}
	m.IsAdmin, m.IsGuest, m.IsLimitedAccess = opts.Admin, opts.Guest, opts.LimitedAccess
	return m
}

func (s *Server) removeTeamMemberLocked(teamGID, userGID string) bool {
	m := s.st.teamMembership(teamGID, userGID)
	if m == nil {
		return false
	}
	s.st.removeTeamMembership(m)
	return true
}

// AddProject adds a project. In an organization it needs a team.
func (s *Server) AddProject(p Project) (Project, error) {
	if p.Name == "" {
		return Project{}, errors.New("asanatest: project needs a name")
	}
	switch p.PrivacySetting {
	case "", PrivacyPublicToWorkspace, PrivacyPrivateToTeam, PrivacyPrivate:
	default:
		return Project{}, fmt.Errorf("asanatest: unknown privacy setting %q", p.PrivacySetting)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.st.workspaces.get(p.WorkspaceGID)
	if ws == nil {
		return Project{}, fmt.Errorf("asanatest: no workspace %q", p.WorkspaceGID)
	}
	if ws.IsOrganization && p.TeamGID == "" {
		return Project{}, errors.New("asanatest: a project in an organization needs a team")
	}
	if t := s.st.teams.get(p.TeamGID); p.TeamGID != "" && (t == nil || t.OrganizationGID != ws.GID) {
		return Project{}, fmt.Errorf("asanatest: no team %s in workspace %s", p.TeamGID, ws.GID)
	}
	for _, g := range slices.Concat([]string{p.OwnerGID}, p.MemberGIDs, p.FollowerGIDs) {
		if g != "" && s.st.users.get(g) == nil {
			return Project{}, fmt.Errorf("asanatest: no user %s", g)
		}
	}
	p = p.clone()
	if p.OwnerGID != "" && !slices.Contains(p.MemberGIDs, p.OwnerGID) {
		p.MemberGIDs = append(p.MemberGIDs, p.OwnerGID)
	}
	p.SectionGIDs = nil
	p.GID = s.st.newGID()
	p.CreatedAt = s.stamp(p.CreatedAt)
	if p.ModifiedAt.IsZero() {
		p.ModifiedAt = p.CreatedAt
	}
	s.st.insertProject(&p)
	return p.clone(), nil
}

// AddSection adds a section at the end of a project.
func (s *Server) AddSection(sec Section) (Section, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.st.projects.get(sec.ProjectGID)
	if p == nil {
		return Section{}, fmt.Errorf("asanatest: no project %q", sec.ProjectGID)
	}
	if sec.Name == "" {
		return Section{}, errors.New("asanatest: section needs a name")
	}
	sec.GID = ""
	sec.CreatedAt = s.stamp(sec.CreatedAt)
	s.st.insertSection(p, &sec, -1)
	return sec, nil
}

// AddTask adds a task, or a subtask when ParentGID is set (it takes the
// parent's workspace). Memberships put it at the end of those projects.
func (s *Server) AddTask(t Task) (Task, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addTaskLocked(t)
}

func (s *Server) addTaskLocked(t Task) (Task, error) {
	t = t.clone()
	if t.ParentGID != "" {
		parent := s.st.liveTask(t.ParentGID)
		if parent == nil {
			return Task{}, fmt.Errorf("asanatest: no parent task %s", t.ParentGID)
		}
		if t.WorkspaceGID == "" {
			t.WorkspaceGID = parent.WorkspaceGID
		}
	}
	if t.WorkspaceGID == "" && len(t.Memberships) > 0 {
		if p := s.st.projects.get(t.Memberships[0].ProjectGID); p != nil {
			t.WorkspaceGID = p.WorkspaceGID
		}
	}
	if s.st.workspaces.get(t.WorkspaceGID) == nil {
		return Task{}, fmt.Errorf("asanatest: task needs a workspace, a project or a parent (workspace %q)", t.WorkspaceGID)
	}
	for _, m := range t.Memberships {
		p := s.st.projects.get(m.ProjectGID)
		if p == nil || p.WorkspaceGID != t.WorkspaceGID {
			return Task{}, fmt.Errorf("asanatest: no project %s in workspace %s", m.ProjectGID, t.WorkspaceGID)
		}
		if m.SectionGID != "" && !slices.Contains(p.SectionGIDs, m.SectionGID) {
			return Task{}, fmt.Errorf("asanatest: no section %s in project %s", m.SectionGID, m.ProjectGID)
		}
	}
	for _, g := range slices.Concat([]string{t.AssigneeGID, t.CreatedByGID}, t.FollowerGIDs) {
		if g != "" && s.st.users.get(g) == nil {
			return Task{}, fmt.Errorf("asanatest: no user %s", g)
		}
	}
	if err := s.checkTaskTagsLocked(&t); err != nil {
		return Task{}, err
	}
	if err := s.checkAssigneeSectionLocked(&t); err != nil {
		return Task{}, err
	}
	t.SubtaskGIDs = nil
	t.GID = s.st.newGID()
	t.CreatedAt = s.stamp(t.CreatedAt)
	if t.ModifiedAt.IsZero() {
		t.ModifiedAt = t.CreatedAt
	}
	if t.Completed && t.CompletedAt.IsZero() {
		t.CompletedAt = t.ModifiedAt
	}
	s.st.insertTask(&t)
	return t.clone(), nil
}

// AddStory adds a story (a comment unless ResourceSubtype says otherwise)
// to a task, or a comment to a goal (GoalGID set: see AddGoalStory).
func (s *Server) AddStory(st Story) (Story, error) {
	if st.GoalGID != "" {
		return s.AddGoalStory(st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.liveTask(st.TaskGID) == nil {
		return Story{}, fmt.Errorf("asanatest: no task %q", st.TaskGID)
	}
	if st.CreatedByGID != "" && s.st.users.get(st.CreatedByGID) == nil {
		return Story{}, fmt.Errorf("asanatest: no user %s", st.CreatedByGID)
	}
	st.GID = ""
	st.CreatedAt = s.stamp(st.CreatedAt)
	s.st.insertStory(&st)
	return st, nil
}

// AddAttachment adds an attachment to a task, project or project brief;
// its Content, when set, is copied and served at its download_url.
func (s *Server) AddAttachment(a Attachment) (Attachment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.liveTask(a.ParentGID) == nil && s.st.projects.get(a.ParentGID) == nil && projectBriefs(s.st).briefs.get(a.ParentGID) == nil {
		return Attachment{}, fmt.Errorf("asanatest: no task, project or project brief %q", a.ParentGID)
	}
	a.GID = ""
	a.CreatedAt = s.stamp(a.CreatedAt)
	if a.Content != nil {
		a.Content = bytes.Clone(a.Content)
		a.Size = int64(len(a.Content))
	}
	s.st.insertAttachment(&a)
	return a, nil
}

// AddJob adds a job record.
func (s *Server) AddJob(j Job) (Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j.GID = ""
	j.CreatedAt = s.stamp(j.CreatedAt)
	storeOf[jobStore](s.st).insert(s.st, &j)
	return j, nil
}

// AddOrganizationExport adds an export record (pending unless State says
// otherwise) for an organization.
func (s *Server) AddOrganizationExport(e OrganizationExport) (OrganizationExport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ws := s.st.workspaces.get(e.OrganizationGID); ws == nil || !ws.IsOrganization {
		return OrganizationExport{}, fmt.Errorf("asanatest: no organization %q", e.OrganizationGID)
	}
	if e.State == "" {
		e.State = ExportPending
	}
	e.GID = ""
	e.CreatedAt = s.stamp(e.CreatedAt)
	s.st.insertExport(&e)
	return e, nil
}

// stamp returns t, or the clock's time when t is zero.
func (s *Server) stamp(t time.Time) time.Time {
	if !t.IsZero() {
		return t
	}
	return s.clock.Now()
}

// defaultEmail gives a seeded user without an email one, since every Asana
// user has an email address.
// serviceAccountEmail is a service account's email. The spec declares a
// user's email non-nullable and Asana gives service accounts an address
// of their own; its form is not documented, so the fake's guess is one
// under the reserved domain .invalid, which no person's address shares.
func serviceAccountEmail(gid string) string {
	return "service-account-" + gid + "@service-accounts.invalid"
}

func defaultEmail(prefix, gid string) string {
	return prefix + gid + "@example.com"
}
