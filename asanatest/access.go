package asanatest

import (
	"slices"
	"strconv"
)

// Access levels: a user's membership of a project or portfolio, with the
// level Asana grants it, and the checks that enforce the levels for
// personal tokens (a service account has full access to its organization).
// The records are the spec's project memberships, portfolio memberships
// and /memberships; memberships.go, project_memberships.go and
// portfolio_members.go serve them.

// Access levels of a membership (the spec's access_level). Portfolios know
// no commenter level.
const (
	AccessAdmin     = "admin"
	AccessEditor    = "editor"
	AccessCommenter = "commenter"
	AccessViewer    = "viewer"
)

// projectAccessLevels and portfolioAccessLevels are the levels the spec
// allows for each parent.
var (
	projectAccessLevels   = []string{AccessAdmin, AccessEditor, AccessCommenter, AccessViewer}
	portfolioAccessLevels = []string{AccessAdmin, AccessEditor, AccessViewer}
)

// Membership is a user's membership of a project, portfolio or goal with its
// access level.
type Membership struct {
	GID string
	// ParentGID is the project, portfolio or goal; ParentType says which
	// ("project", "portfolio" or "goal").
	ParentGID   string
	ParentType  string
	UserGID     string
	AccessLevel string
}

// membershipGIDBase starts the memberships' own GID sequence: 17 digits
// beginning with 2, longer than any GID of the state's sequence (and
// distinct from the user task lists' "1"+membership GIDs), so that giving
// every project member a membership record shifts no other GID.
const membershipGIDBase = 20_000_000_000_000_000

// membershipStore holds the memberships (storeOf[membershipStore]).
type membershipStore struct {
	nextGID     uint64
	memberships table[Membership]
	byParent    index
	byUser      index
	of          map[[2]string]*Membership // {parent, user}
}

func newMembershipStore() any {
	return &membershipStore{nextGID: membershipGIDBase, memberships: newTable[Membership](),
		byParent: make(index), byUser: make(index), of: make(map[[2]string]*Membership)}
}

func memberships(st *state) *membershipStore { return storeOf[membershipStore](st) }

// insert stores a membership (replacing the user's earlier one of the
// same parent) with a GID of the memberships' sequence.
func (ms *membershipStore) insert(m *Membership) *Membership {
	if old := ms.of[[2]string{m.ParentGID, m.UserGID}]; old != nil {
		old.AccessLevel = m.AccessLevel
		return old
	}
	if m.GID == "" {
		ms.nextGID++
		m.GID = strconv.FormatUint(ms.nextGID, 10)
	}
	ms.memberships.put(m.GID, m)
	ms.byParent.add(m.ParentGID, m.GID)
	ms.byUser.add(m.UserGID, m.GID)
	ms.of[[2]string{m.ParentGID, m.UserGID}] = m
	return m
}

func (ms *membershipStore) remove(m *Membership) {
	ms.byParent.remove(m.ParentGID, m.GID)
	ms.byUser.remove(m.UserGID, m.GID)
	delete(ms.of, [2]string{m.ParentGID, m.UserGID})
	ms.memberships.remove(m.GID)
}

// removeParent drops every membership of a deleted project or portfolio.
func (ms *membershipStore) removeParent(parentGID string) {
	for _, g := range slices.Clone(ms.byParent[parentGID]) {
		ms.remove(ms.memberships.get(g))
	}
	delete(ms.byParent, parentGID)
}

// level is the user's access level on the parent, or "" without a
// membership.
func (ms *membershipStore) level(parentGID, userGID string) string {
	if m := ms.of[[2]string{parentGID, userGID}]; m != nil {
		return m.AccessLevel
	}
	return ""
}

// syncProjectMembers keeps a project's membership records in step with its
// MemberGIDs, the list every project write edits: a new member gets the
// owner's admin level or else editor (Asana's default_access_level for a
// new project), a departed one loses the record, and the owner is always
// an admin. Every write of MemberGIDs or OwnerGID calls it.
func (st *state) syncProjectMembers(p *Project) {
	ms := memberships(st)
	for _, g := range slices.Clone(ms.byParent[p.GID]) {
		if m := ms.memberships.get(g); !slices.Contains(p.MemberGIDs, m.UserGID) {
			ms.remove(m)
		}
	}
	for _, u := range p.MemberGIDs {
		if m := ms.of[[2]string{p.GID, u}]; m != nil {
			if u == p.OwnerGID {
				m.AccessLevel = AccessAdmin // a new owner is an admin
			}
			continue
		}
		level := AccessEditor
		if u == p.OwnerGID {
			level = AccessAdmin
		}
		ms.insert(&Membership{ParentGID: p.GID, ParentType: "project", UserGID: u, AccessLevel: level})
	}
}

// projectAccess is p's access level on the project: admin for its service
// account, the membership's level for a member, "" for anyone else (whose
// access follows the project's privacy, auth.go).
func (s *Server) projectAccess(p *principal, pr *Project) string {
	if p.serviceAccount() {
		return AccessAdmin
	}
	return memberships(s.st).level(pr.GID, p.user.GID)
}

// canEditTask reports whether p may change the task: a personal token's
// user may not when every project of the task (of its top-level parent,
// for a subtask in no project) gives them only comment or view access.
func (s *Server) canEditTask(p *principal, t *Task) bool {
	if !s.canWrite(p, t.WorkspaceGID) {
		return false
	}
	return !s.taskAccessBelow(p, t, []string{AccessAdmin, AccessEditor})
}

// canCommentOnTask is canEditTask for comments: commenters may comment.
func (s *Server) canCommentOnTask(p *principal, t *Task) bool {
	if !s.canWrite(p, t.WorkspaceGID) {
		return false
	}
	return !s.taskAccessBelow(p, t, []string{AccessAdmin, AccessEditor, AccessCommenter})
}

// taskAccessBelow reports whether p's user has a membership in every
// project of the task (or of its nearest ancestor in a project) and none
// of them at one of the levels enough.
func (s *Server) taskAccessBelow(p *principal, t *Task, enough []string) bool {
	if p.serviceAccount() {
		return false
	}
	for depth := 0; len(t.Memberships) == 0 && t.ParentGID != "" && depth < 32; depth++ {
		parent := s.st.tasks.get(t.ParentGID)
		if parent == nil {
			return false
		}
		t = parent
	}
	if len(t.Memberships) == 0 {
		return false
	}
	ms := memberships(s.st)
	for _, m := range t.Memberships {
		level := ms.level(m.ProjectGID, p.user.GID)
		if level == "" || slices.Contains(enough, level) {
			return false
		}
	}
	return true
}
