package asanatest

import (
	"slices"
	"time"
)

// Portfolios: the tag "Portfolios" of the spec (CRUD and items here; members
// in portfolio_members.go). A portfolio holds projects and other portfolios
// in an order of its own. Its members have an access level (access.go): the
// creator and the owner are admins. Who sees it: its organization's
// service account, its members, and, when it is public, every non-guest
// member of its workspace (Asana's public_to_domain).
//
// Custom field settings on portfolios are the custom fields resource's
// (addCustomFieldSettingForPortfolio and removeCustomFieldSettingForPortfolio
// resolve the portfolio through rq.editablePortfolio).
func (s *Server) portfolioRoutes() {
	s.handle("GET /portfolios", s.getPortfolios)
	s.handle("POST /portfolios", s.createPortfolio)
	s.handle("GET /portfolios/{portfolio_gid}", s.getPortfolio)
	s.handle("PUT /portfolios/{portfolio_gid}", s.updatePortfolio)
	s.handle("DELETE /portfolios/{portfolio_gid}", s.deletePortfolio)
	s.handle("GET /portfolios/{portfolio_gid}/items", s.getItemsForPortfolio)
	s.handle("POST /portfolios/{portfolio_gid}/addItem", s.addItemForPortfolio)
	s.handle("POST /portfolios/{portfolio_gid}/removeItem", s.removeItemForPortfolio)
	s.handle("POST /portfolios/{portfolio_gid}/duplicate", s.duplicatePortfolio)
	s.handle("POST /portfolios/{portfolio_gid}/addMembers", s.addMembersForPortfolio)
	s.handle("POST /portfolios/{portfolio_gid}/removeMembers", s.removeMembersForPortfolio)
	s.handle("GET /portfolios/{portfolio_gid}/portfolio_memberships", s.getPortfolioMembershipsForPortfolio)
	s.handle("GET /portfolio_memberships", s.getPortfolioMemberships)
	s.handle("GET /portfolio_memberships/{portfolio_membership_gid}", s.getPortfolioMembership)
}

// Portfolio is a portfolio of projects and other portfolios.
type Portfolio struct {
	GID          string
	WorkspaceGID string
	OwnerGID     string
	CreatedByGID string
	Name         string
	Color        string
	Archived     bool
	// Public makes it visible to the workspace's members (privacy_setting
	// public_to_domain); otherwise only its members see it.
	Public bool
	// DefaultAccessLevel is what addMembers grants; empty means editor.
	DefaultAccessLevel string
	StartOn, DueOn     string // YYYY-MM-DD or empty
	// ItemGIDs are its projects and portfolios in the portfolio's order.
	ItemGIDs   []string
	CreatedAt  time.Time
	ModifiedAt time.Time
}

func (pf Portfolio) clone() Portfolio { pf.ItemGIDs = slices.Clone(pf.ItemGIDs); return pf }

// portfolioStore holds the portfolios (storeOf[portfolioStore]).
type portfolioStore struct {
	portfolios table[Portfolio]
	byWS       index
	// holders maps an item (project or portfolio) to the portfolios that
	// hold it, so that a deleted item leaves them.
	holders index
}

func newPortfolioStore() any {
	return &portfolioStore{portfolios: newTable[Portfolio](), byWS: make(index), holders: make(index)}
}

func portfolios(st *state) *portfolioStore { return storeOf[portfolioStore](st) }

// insertPortfolio stores a new portfolio; its creator and owner become
// admin members.
func (st *state) insertPortfolio(pf *Portfolio) *Portfolio {
	ps := portfolios(st)
	ps.portfolios.put(st.gidFor(&pf.GID), pf)
	ps.byWS.add(pf.WorkspaceGID, pf.GID)
	for _, it := range pf.ItemGIDs {
		ps.holders.add(it, pf.GID)
		projectPortfolioSettings(st).itemAdded(st, pf.GID, it, pf.CreatedAt)
	}
	for _, u := range []string{pf.CreatedByGID, pf.OwnerGID} {
		if u != "" {
			memberships(st).insert(&Membership{ParentGID: pf.GID, ParentType: "portfolio", UserGID: u, AccessLevel: AccessAdmin})
		}
	}
	return pf
}

// removePortfolio drops a portfolio, its memberships, and its place in the
// portfolios that held it.
func (st *state) removePortfolio(pf *Portfolio, now time.Time) {
	ps := portfolios(st)
	for _, it := range pf.ItemGIDs {
		ps.holders.remove(it, pf.GID)
	}
	st.removeFromPortfolios(pf.GID, now)
	ps.byWS.remove(pf.WorkspaceGID, pf.GID)
	ps.portfolios.remove(pf.GID)
	memberships(st).removeParent(pf.GID)
	customFields(st).removeParent(pf.GID)
	statusUpdates(st).removeParent(pf.GID)
	goals(st).removeSupporting(pf.GID)
}

// removeFromPortfolios takes a deleted project or portfolio out of every
// portfolio holding it.
func (st *state) removeFromPortfolios(item string, now time.Time) {
	ps := portfolios(st)
	for _, hg := range slices.Clone(ps.holders[item]) {
		if h := ps.portfolios.get(hg); h != nil {
			h.ItemGIDs = removeValue(h.ItemGIDs, item)
			h.ModifiedAt = now
		}
	}
	delete(ps.holders, item)
}

// canSeePortfolio reports whether p may read the portfolio.
func (s *Server) canSeePortfolio(p *principal, pf *Portfolio) bool {
	if !s.canSeeWorkspace(p, pf.WorkspaceGID) {
		return false
	}
	if p.serviceAccount() || memberships(s.st).level(pf.GID, p.user.GID) != "" {
		return true
	}
	return pf.Public && !s.isGuest(p, pf.WorkspaceGID)
}

// portfolioAccess is p's access level on a portfolio it can see: admin for
// the service account, the member's level, viewer for others who see a
// public portfolio.
func (s *Server) portfolioAccess(p *principal, pf *Portfolio) string {
	if p.serviceAccount() {
		return AccessAdmin
	}
	if l := memberships(s.st).level(pf.GID, p.user.GID); l != "" {
		return l
	}
	return AccessViewer
}

// portfolioParam resolves a portfolio GID the caller can see.
func (rq *request) portfolioParam(param, gid string) (*Portfolio, error) {
	return resolve(param, gid, portfolios(rq.st).portfolios.get, func(pf *Portfolio) bool { return rq.s.canSeePortfolio(rq.p, pf) })
}

func (rq *request) pathPortfolio() (*Portfolio, error) {
	return rq.portfolioParam("portfolio", rq.r.PathValue("portfolio_gid"))
}

// editablePortfolio is pathPortfolio for writes: the caller needs editor
// or admin access (admin when admin is true) and write access to the
// workspace. The custom fields resource resolves portfolios through it.
func (rq *request) editablePortfolio(admin bool) (*Portfolio, error) {
	pf, err := rq.pathPortfolio()
	if err != nil {
		return nil, err
	}
	if !rq.s.canEditPortfolio(rq.p, pf) || admin && rq.s.portfolioAccess(rq.p, pf) != AccessAdmin {
		return nil, forbidden("You do not have permission to edit this portfolio")
	}
	return pf, nil
}

// canEditPortfolio reports whether p, who sees the portfolio, may change
// it (and its settings, members and status updates): editors and admins
// with write access to the workspace.
func (s *Server) canEditPortfolio(p *principal, pf *Portfolio) bool {
	return s.canWrite(p, pf.WorkspaceGID) && s.portfolioAccess(p, pf) != AccessViewer
}

// getPortfolios lists a workspace's portfolios. Asana answers a personal
// token only the portfolios its user owns, so owner is required there (and
// must be the caller); a service account may omit it to list them all.
func (s *Server) getPortfolios(rq *request) reply {
	wsGID, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", wsGID)
	if err != nil {
		return rq.fail(err)
	}
	var owner *User
	if v := rq.query.Get("owner"); v != "" || !rq.p.serviceAccount() {
		if owner, err = rq.userParam("owner", v); err != nil {
			return rq.fail(err)
		}
		if !rq.p.serviceAccount() && owner.GID != rq.p.user.GID {
			return rq.fail(forbidden("You may only list the portfolios you own"))
		}
	}
	ps := portfolios(rq.st)
	p, err := rq.paginate(ps.byWS[ws.GID], func(g string) bool {
		pf := ps.portfolios.get(g)
		return (owner == nil || pf.OwnerGID == owner.GID) && s.canSeePortfolio(rq.p, pf)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(portfolioKind, p)
}

func (s *Server) createPortfolio(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	wsGID, err := b.gid("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", wsGID)
	if err != nil {
		return rq.fail(err)
	}
	if !s.canWrite(rq.p, ws.GID) || s.isGuest(rq.p, ws.GID) {
		return rq.fail(forbidden("You do not have permission to create portfolios in this workspace"))
	}
	pf := &Portfolio{WorkspaceGID: ws.GID, OwnerGID: rq.p.user.GID, CreatedByGID: rq.p.user.GID, CreatedAt: rq.now, ModifiedAt: rq.now}
	if err := portfolioFields(b, pf, true); err != nil {
		return rq.fail(err)
	}
	rq.st.insertPortfolio(pf)
	return rq.created(portfolioKind, pf, "/portfolios/"+pf.GID)
}

func (s *Server) getPortfolio(rq *request) reply {
	pf, err := rq.pathPortfolio()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(portfolioKind, pf)
}

func (s *Server) updatePortfolio(rq *request) reply {
	pf, err := rq.editablePortfolio(false)
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := pf.clone()
	if err := portfolioFields(b, &next, false); err != nil {
		return rq.fail(err)
	}
	next.ModifiedAt = rq.now
	*pf = next
	return rq.one(portfolioKind, pf)
}

// AuditPortfolioDeleted is the audit log event of a portfolio's deletion
// (the fake's guess at the name, after project_deleted).
const AuditPortfolioDeleted = "portfolio_deleted"

// deletePortfolio needs admin access; the items stay (only the portfolio
// goes), as in Asana. The audit log records it.
func (s *Server) deletePortfolio(rq *request) reply {
	pf, err := rq.editablePortfolio(true)
	if err != nil {
		return rq.fail(err)
	}
	s.auditLocked(rq, pf.WorkspaceGID, AuditPortfolioDeleted, "deletion", auditResource{Kind: "portfolio", GID: pf.GID, Name: pf.Name}, nil)
	rq.st.removePortfolio(pf, rq.now)
	return rq.empty()
}

// portfolioFields applies the writable fields of a create or update body
// (PortfolioRequest, PortfolioUpdateRequest). custom_fields values are
// the custom fields resource's.
func portfolioFields(b *body, pf *Portfolio, create bool) error {
	if err := b.name(create, &pf.Name); err != nil {
		return err
	}
	if b.has("color") {
		c, err := b.str("color", false)
		if err != nil {
			return err
		}
		if c != "" && !slices.Contains(portfolioColors, c) {
			return badRequest("color", "Not a valid enum value: %q", c)
		}
		pf.Color = c
	}
	var err error
	if pf.Archived, err = b.boolean("archived", pf.Archived); err != nil {
		return err
	}
	if create {
		if pf.Public, err = b.boolean("public", false); err != nil {
			return err
		}
	}
	if b.has("default_access_level") {
		v, err := b.str("default_access_level", true)
		if err != nil {
			return err
		}
		if !slices.Contains(portfolioAccessLevels, v) {
			return badRequest("default_access_level", "Not a valid enum value: %q", v)
		}
		pf.DefaultAccessLevel = v
	}
	for _, d := range []struct {
		name string
		dst  *string
	}{{"due_on", &pf.DueOn}, {"start_on", &pf.StartOn}} {
		v, set, err := b.date(d.name)
		if err != nil {
			return err
		}
		if set {
			*d.dst = v
		}
	}
	if pf.StartOn != "" && (pf.DueOn == "" || pf.StartOn > pf.DueOn) {
		return badRequest("start_on", "Must be set together with due_on, and not after it")
	}
	return nil
}

// portfolioColors are the spec's colors of a portfolio: a project's
// without "none".
var portfolioColors = projectColors[:len(projectColors)-1]

// portfolioColor is a portfolio's color; the spec's color is never null,
// so a portfolio created without one shows light-green (a guess: Asana
// picks a color for a new portfolio).
func portfolioColor(pf *Portfolio) string {
	if pf.Color == "" {
		return "light-green"
	}
	return pf.Color
}

// portfolioDefaultAccess is the level addMembers grants.
func portfolioDefaultAccess(pf *Portfolio) string {
	if pf.DefaultAccessLevel == "" {
		return AccessEditor
	}
	return pf.DefaultAccessLevel
}

// portfolioKind renders a portfolio (the spec's PortfolioResponse).
var portfolioKind = func() *kind {
	k := newKind("portfolio", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "archived", "color", "created_at", "created_by", "current_status_update",
			"custom_field_settings", "custom_fields", "default_access_level", "due_on", "start_on", "members", "owner",
			"permalink_url", "privacy_setting", "project_templates", "public", "workspace"},
		map[string]func(*view, *Portfolio) any{
			"gid":                  func(_ *view, pf *Portfolio) any { return pf.GID },
			"name":                 func(_ *view, pf *Portfolio) any { return pf.Name },
			"archived":             func(_ *view, pf *Portfolio) any { return pf.Archived },
			"color":                func(_ *view, pf *Portfolio) any { return portfolioColor(pf) },
			"created_at":           func(_ *view, pf *Portfolio) any { return pf.CreatedAt },
			"created_by":           func(v *view, pf *Portfolio) any { return v.refTo(v.kinds.user, pf.CreatedByGID) },
			"owner":                func(v *view, pf *Portfolio) any { return v.refTo(v.kinds.user, pf.OwnerGID) },
			"workspace":            func(v *view, pf *Portfolio) any { return v.refTo(v.kinds.workspace, pf.WorkspaceGID) },
			"default_access_level": func(_ *view, pf *Portfolio) any { return portfolioDefaultAccess(pf) },
			"due_on":               func(_ *view, pf *Portfolio) any { return nullable(pf.DueOn) },
			"start_on":             func(_ *view, pf *Portfolio) any { return nullable(pf.StartOn) },
			"public":               func(_ *view, pf *Portfolio) any { return pf.Public },
			"privacy_setting": func(_ *view, pf *Portfolio) any {
				if pf.Public {
					return "public_to_domain"
				}
				return "members_only"
			},
			"members": func(v *view, pf *Portfolio) any {
				ms := memberships(v.st)
				out := make([]any, 0, len(ms.byParent[pf.GID]))
				for _, g := range ms.byParent[pf.GID] {
					if r := v.refTo(v.kinds.user, ms.memberships.get(g).UserGID); r != nil {
						out = append(out, r)
					}
				}
				return out
			},
			"permalink_url":         func(v *view, pf *Portfolio) any { return v.base + "/0/portfolio/" + pf.GID + "/list" },
			"custom_field_settings": func(v *view, pf *Portfolio) any { return v.settingsOf(pf.GID) },
			"custom_fields":         func(v *view, pf *Portfolio) any { return v.settingFields(pf.GID) },
			"current_status_update": func(v *view, pf *Portfolio) any { return v.currentStatusUpdate(pf.GID) },
			// Project templates belong to teams (project_templates.go); the
			// fake saves none to portfolios.
			"project_templates": func(*view, *Portfolio) any { return []any{} },
		})
	storedIn(k, func(st *state) *table[Portfolio] { return &portfolios(st).portfolios })
	return k
}()
