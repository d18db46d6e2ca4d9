package asanatest

import (
	"fmt"
	"time"
)

// Out-of-office entries: the tag "Ooo entries" of the spec. An entry says
// a workspace member is away from start_date to end_date (both days
// included). Whoever sees the user reads their entries; the user, the
// entry's creator and the workspace's admins (and service account)
// create, change and delete them. Lists need user and workspace; their
// start_date keeps the entries that end on or after it and end_date those
// that start on or before it, so that the two bound a window the entries
// overlap (the fake's reading of the spec's "filter by" wording).
func (s *Server) oooRoutes() {
	s.handle("GET /ooo_entries", s.getOOOEntries)
	s.handle("POST /ooo_entries", s.createOOOEntry)
	s.handle("GET /ooo_entries/{ooo_entry_gid}", s.getOOOEntry)
	s.handle("PUT /ooo_entries/{ooo_entry_gid}", s.updateOOOEntry)
	s.handle("DELETE /ooo_entries/{ooo_entry_gid}", s.deleteOOOEntry)
}

// OOOEntry is an out-of-office period of a workspace member.
type OOOEntry struct {
	GID          string
	WorkspaceGID string
	UserGID      string
	CreatedByGID string
	StartDate    string // YYYY-MM-DD
	EndDate      string // YYYY-MM-DD, the last day away
	CreatedAt    time.Time
}

// oooStore holds the entries (storeOf[oooStore]).
type oooStore struct {
	entries table[OOOEntry]
	byUser  index
}

func newOOOStore() any { return &oooStore{entries: newTable[OOOEntry](), byUser: make(index)} }

func oooEntries(st *state) *oooStore { return storeOf[oooStore](st) }

func (os *oooStore) insert(st *state, e *OOOEntry) *OOOEntry {
	os.entries.put(st.gidFor(&e.GID), e)
	os.byUser.add(e.UserGID, e.GID)
	return e
}

func (os *oooStore) remove(e *OOOEntry) {
	os.byUser.remove(e.UserGID, e.GID)
	os.entries.remove(e.GID)
}

// oooKind renders an entry (the spec's OooEntryResponse).
var oooKind = func() *kind {
	k := newKind("ooo_entry", []string{"resource_type", "start_date", "end_date"},
		[]string{"resource_type", "start_date", "end_date", "user", "created_by"},
		map[string]func(*view, *OOOEntry) any{
			"gid":        func(_ *view, e *OOOEntry) any { return e.GID },
			"start_date": func(_ *view, e *OOOEntry) any { return e.StartDate },
			"end_date":   func(_ *view, e *OOOEntry) any { return e.EndDate },
			"user":       func(v *view, e *OOOEntry) any { return v.refTo(v.kinds.user, e.UserGID) },
			"created_by": func(v *view, e *OOOEntry) any { return v.refTo(v.kinds.user, e.CreatedByGID) },
		})
	storedIn(k, func(st *state) *table[OOOEntry] { return &oooEntries(st).entries })
	return k
}()

// canSeeOOO reports whether p may read the entry: whoever sees its user
// in its workspace.
func (s *Server) canSeeOOO(p *principal, e *OOOEntry) bool {
	u := s.st.users.get(e.UserGID)
	return u != nil && s.canSeeWorkspace(p, e.WorkspaceGID) && s.canSeeUser(p, u)
}

// canEditOOO reports whether p may change entries of user in ws.
func (s *Server) canEditOOO(p *principal, ws, user, creator string) bool {
	if s.isAdmin(p, ws) {
		return true
	}
	return s.canWrite(p, ws) && (p.user.GID == user || p.user.GID == creator)
}

func (rq *request) oooParam() (*OOOEntry, error) {
	return resolve("ooo_entry", rq.r.PathValue("ooo_entry_gid"), oooEntries(rq.st).entries.get,
		func(e *OOOEntry) bool { return rq.s.canSeeOOO(rq.p, e) })
}

func (rq *request) editableOOO() (*OOOEntry, error) {
	e, err := rq.oooParam()
	if err == nil && !rq.s.canEditOOO(rq.p, e.WorkspaceGID, e.UserGID, e.CreatedByGID) {
		err = forbidden("You can only change your own out-of-office entries")
	}
	return e, err
}

// oooDates applies start_date and end_date of a body and checks their
// order.
func oooDates(b *body, e *OOOEntry, create bool) error {
	for _, f := range []struct {
		name string
		dst  *string
	}{{"start_date", &e.StartDate}, {"end_date", &e.EndDate}} {
		if !create && !b.has(f.name) {
			continue
		}
		v, err := b.str(f.name, true)
		if err != nil {
			return err
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return badRequest(f.name, "Not a valid date (YYYY-MM-DD): %s", v)
		}
		*f.dst = v
	}
	if e.EndDate < e.StartDate {
		return badRequest("end_date", "Must be on or after start_date")
	}
	return nil
}

func (s *Server) createOOOEntry(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	wg, err := b.gid("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", wg)
	if err != nil {
		return rq.fail(err)
	}
	uv, err := b.str("user", true)
	if err != nil {
		return rq.fail(err)
	}
	u, err := rq.userParam("user", uv)
	if err != nil {
		return rq.fail(err)
	}
	if !rq.st.activeMember(ws.GID, u.GID) {
		return rq.fail(badRequest("user", "Not a member of workspace %s: %s", ws.GID, u.GID))
	}
	if !s.canEditOOO(rq.p, ws.GID, u.GID, "") {
		return rq.fail(forbidden("You can only add your own out-of-office entries"))
	}
	e := OOOEntry{WorkspaceGID: ws.GID, UserGID: u.GID, CreatedByGID: rq.p.user.GID, CreatedAt: rq.now}
	if err := oooDates(b, &e, true); err != nil {
		return rq.fail(err)
	}
	entry := oooEntries(rq.st).insert(rq.st, &e)
	return rq.created(oooKind, entry, "/ooo_entries/"+entry.GID)
}

func (s *Server) getOOOEntry(rq *request) reply {
	e, err := rq.oooParam()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(oooKind, e)
}

func (s *Server) updateOOOEntry(rq *request) reply {
	e, err := rq.editableOOO()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := *e
	if err := oooDates(b, &next, false); err != nil {
		return rq.fail(err)
	}
	*e = next
	return rq.one(oooKind, e)
}

func (s *Server) deleteOOOEntry(rq *request) reply {
	e, err := rq.editableOOO()
	if err != nil {
		return rq.fail(err)
	}
	oooEntries(rq.st).remove(e)
	return rq.empty()
}

// getOOOEntries lists a user's entries in a workspace, in GID order.
func (s *Server) getOOOEntries(rq *request) reply {
	u, err := rq.userParam("user", rq.query.Get("user"))
	if err != nil {
		return rq.fail(err)
	}
	wsGID, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
		return rq.fail(err)
	}
	if !s.canSeeUser(rq.p, u) {
		return rq.fail(forbidden(""))
	}
	var bounds [2]string
	for i, name := range []string{"start_date", "end_date"} {
		v := rq.query.Get(name)
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return rq.fail(badRequest(name, "Not a valid date (YYYY-MM-DD): %s", v))
		}
		bounds[i] = v
	}
	os := oooEntries(rq.st)
	p, err := rq.paginate(os.byUser[u.GID], func(g string) bool {
		e := os.entries.get(g)
		return e.WorkspaceGID == wsGID && (bounds[0] == "" || e.EndDate >= bounds[0]) && (bounds[1] == "" || e.StartDate <= bounds[1])
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(oooKind, p)
}

// AddOOOEntry seeds an out-of-office entry of a workspace member: dates
// YYYY-MM-DD in order; CreatedByGID defaults to the user, CreatedAt to the
// fake's clock.
func (s *Server) AddOOOEntry(e OOOEntry) (OOOEntry, error) {
	start, err1 := time.Parse(time.DateOnly, e.StartDate)
	end, err2 := time.Parse(time.DateOnly, e.EndDate)
	if err1 != nil || err2 != nil || end.Before(start) {
		return OOOEntry{}, fmt.Errorf("asanatest: an out-of-office entry needs dates StartDate <= EndDate (YYYY-MM-DD), got %q and %q", e.StartDate, e.EndDate)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addOOOEntryLocked(e)
}

func (s *Server) addOOOEntryLocked(e OOOEntry) (OOOEntry, error) {
	if !s.st.activeMember(e.WorkspaceGID, e.UserGID) {
		return OOOEntry{}, fmt.Errorf("asanatest: %q is not an active member of workspace %q", e.UserGID, e.WorkspaceGID)
	}
	if e.CreatedByGID == "" {
		e.CreatedByGID = e.UserGID
	} else if s.st.users.get(e.CreatedByGID) == nil {
		return OOOEntry{}, fmt.Errorf("asanatest: no user %q", e.CreatedByGID)
	}
	e.GID = ""
	e.CreatedAt = s.stamp(e.CreatedAt)
	return *oooEntries(s.st).insert(s.st, &e), nil
}

// OOOEntry returns a copy of the out-of-office entry with that GID.
func (s *Server) OOOEntry(gid string) (OOOEntry, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := oooEntries(s.st).entries.get(gid)
	if e == nil {
		return OOOEntry{}, false
	}
	return *e, true
}
