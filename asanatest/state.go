package asanatest

import (
	"crypto/sha256"
	"reflect"
	"slices"
	"strconv"
)

// gidBase makes every GID a 16-digit decimal string like Asana's, so that
// GIDs compare in creation order both as numbers and as strings.
const gidBase = 1_200_000_000_000_000

// table holds the records of one kind by GID, plus their GIDs in ascending
// order for listing and pagination.
type table[T any] struct {
	rows  map[string]*T
	order []string
}

func newTable[T any]() table[T] { return table[T]{rows: make(map[string]*T)} }

func (t *table[T]) get(gid string) *T { return t.rows[gid] }

func (t *table[T]) put(gid string, r *T) {
	if _, ok := t.rows[gid]; !ok {
		t.order = insertSorted(t.order, gid)
	}
	t.rows[gid] = r
}

func (t *table[T]) remove(gid string) {
	if _, ok := t.rows[gid]; !ok {
		return
	}
	delete(t.rows, gid)
	t.order = removeSorted(t.order, gid)
}

// index maps a GID (a workspace, say) to the ascending GIDs of related
// records (its memberships), so lists need no scan of a whole table.
type index map[string][]string

func (ix index) add(key, gid string)    { ix[key] = insertSorted(ix[key], gid) }
func (ix index) remove(key, gid string) { ix[key] = removeSorted(ix[key], gid) }

func insertSorted(s []string, gid string) []string {
	if n := len(s); n == 0 || gidLess(s[n-1], gid) {
		return append(s, gid) // the common case: GIDs grow
	}
	i, found := slices.BinarySearchFunc(s, gid, gidCompare)
	if found {
		return s
	}
	return slices.Insert(s, i, gid)
}

func removeSorted(s []string, gid string) []string {
	if i, found := slices.BinarySearchFunc(s, gid, gidCompare); found {
		return slices.Delete(s, i, i+1)
	}
	return s
}

// gidCompare orders decimal GIDs numerically (shorter is smaller).
func gidCompare(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func gidLess(a, b string) bool { return gidCompare(a, b) < 0 }

// state is everything the fake knows. Server.mu guards it.
type state struct {
	nextGID uint64

	workspaces  table[Workspace]
	users       table[User]
	tokens      table[Token]
	tokenByHash map[[32]byte]*Token // sha256 of the secret: the secret is not kept

	wsMemberships   table[WorkspaceMembership]
	wsMember        map[[2]string]*WorkspaceMembership // {workspace, user}
	wsMembersByWS   index                              // workspace -> membership GIDs
	wsMembersByUser index                              // user -> membership GIDs

	teams             table[Team]
	teamsByOrg        index
	teamMemberships   table[TeamMembership]
	teamMember        map[[2]string]*TeamMembership // {team, user}
	teamMembersByTeam index
	teamMembersByUser index

	projects       table[Project]
	projectsByWS   index
	projectsByTeam index
	sections       table[Section]
	tasks          table[Task]
	// projectTasks orders each project's tasks (task_order.go).
	projectTasks    map[string]*taskOrder
	stories         table[Story]
	taskStories     index
	attachments     table[Attachment]
	taskAttachments index
	exports         table[OrganizationExport]
	// stores holds the storage of resources that declare their own
	// (resources.go).
	stores map[reflect.Type]any
	// scimUsers holds the SCIM attributes Asana's user record lacks, by
	// user GID (scim.go).
	scimUsers map[string]*scimProfile
}

func newState() *state {
	return &state{
		nextGID:     gidBase,
		workspaces:  newTable[Workspace](),
		users:       newTable[User](),
		tokens:      newTable[Token](),
		tokenByHash: make(map[[32]byte]*Token),

		wsMemberships:   newTable[WorkspaceMembership](),
		wsMember:        make(map[[2]string]*WorkspaceMembership),
		wsMembersByWS:   make(index),
		wsMembersByUser: make(index),

		teams:             newTable[Team](),
		teamsByOrg:        make(index),
		teamMemberships:   newTable[TeamMembership](),
		teamMember:        make(map[[2]string]*TeamMembership),
		teamMembersByTeam: make(index),
		teamMembersByUser: make(index),

		projects:        newTable[Project](),
		projectsByWS:    make(index),
		projectsByTeam:  make(index),
		sections:        newTable[Section](),
		tasks:           newTable[Task](),
		projectTasks:    make(map[string]*taskOrder),
		stories:         newTable[Story](),
		taskStories:     make(index),
		attachments:     newTable[Attachment](),
		taskAttachments: make(index),
		exports:         newTable[OrganizationExport](),
		scimUsers:       make(map[string]*scimProfile),
		stores:          newStores(),
	}
}

// newGID returns the next GID; GIDs are never reused.
func (st *state) newGID() string {
	st.nextGID++
	return strconv.FormatUint(st.nextGID, 10)
}

func tokenHash(secret string) [32]byte { return sha256.Sum256([]byte(secret)) }

// membership returns the user's membership of a workspace, or nil.
func (st *state) membership(wsGID, userGID string) *WorkspaceMembership {
	return st.wsMember[[2]string{wsGID, userGID}]
}

// activeMember reports whether the user is an active member of the workspace.
func (st *state) activeMember(wsGID, userGID string) bool {
	m := st.membership(wsGID, userGID)
	return m != nil && m.IsActive
}

// teamMembership returns the user's membership of a team, or nil.
func (st *state) teamMembership(teamGID, userGID string) *TeamMembership {
	return st.teamMember[[2]string{teamGID, userGID}]
}

// taskOrder is project pg's task order, created on first use.
func (st *state) taskOrder(pg string) *taskOrder {
	o := st.projectTasks[pg]
	if o == nil {
		o = newTaskOrder()
		st.projectTasks[pg] = o
	}
	return o
}

// liveTask returns a task unless it is missing or deleted.
func (st *state) liveTask(gid string) *Task {
	if t := st.tasks.get(gid); t != nil && !t.Deleted {
		return t
	}
	return nil
}

func appendUnique(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

func removeValue(s []string, v string) []string {
	if i := indexOf(s, v); i >= 0 {
		return slices.Delete(slices.Clone(s), i, i+1)
	}
	return s
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func containsString(list []string, s string) bool { return indexOf(list, s) >= 0 }
