package asanatest

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Roles: the tag "Roles" of the spec, an organization's RBAC roles. Every
// member of a workspace reads its roles; its admins and service account
// create, update and delete custom roles. Standard roles (seeded with
// AddRole or by Generate) cannot be changed or deleted over the API. A
// role's permissions are the spec's flags: a new role starts from the
// defaults of its base_role_type (rolePermissionDefaults, the fake's
// reading) and takes the ones the body sends. Roles carry no effect on
// what their holders may do in the fake.
func (s *Server) roleRoutes() {
	s.handle("GET /roles", s.getRoles)
	s.handle("POST /roles", s.createRole)
	s.handle("GET /roles/{role_gid}", s.getRole)
	s.handle("PUT /roles/{role_gid}", s.updateRole)
	s.handle("DELETE /roles/{role_gid}", s.deleteRole)
}

// Role is an RBAC role of a workspace.
type Role struct {
	GID          string
	WorkspaceGID string
	Name         string
	Description  string
	// BaseRoleType is guest, member, admin or super_admin.
	BaseRoleType string
	// IsStandardRole marks Asana's built-in roles, which the API cannot
	// change.
	IsStandardRole bool
	// Permissions maps the spec's permission names to their values (a
	// bool, or a string for task_deletion_policy and
	// allowed_guest_invites). Missing names take the base role's default.
	Permissions map[string]any
	// Archived roles are listed only with archived=true.
	Archived   bool
	CreatedAt  time.Time
	ModifiedAt time.Time
}

func (r Role) clone() Role { r.Permissions = maps.Clone(r.Permissions); return r }

// roleBaseTypes are the spec's base_role_type values.
var roleBaseTypes = []string{"guest", "member", "admin", "super_admin"}

// rolePermissionEnums are the permissions that take a string, with their
// values; every other permission is a boolean.
var rolePermissionEnums = map[string][]string{
	"task_deletion_policy":  {"all", "owned", "none"},
	"allowed_guest_invites": {"all", "none"},
}

// rolePermissionNames are the spec's permissions, in its order.
var rolePermissionNames = []string{
	"create_app_authorization", "create_pat_authorization", "share_goal_with_domain", "share_portfolios_with_org",
	"assign_roles", "manage_roles", "export_project_data", "task_deletion_policy", "download_mobile_attachments",
	"import_data", "create_global_custom_fields", "upload_attachments", "create_team", "allowed_guest_invites",
	"create_and_edit_ai_automations", "proactive_ai", "standard_ai", "create_and_edit_ai_teammates",
	"share_teams_with_org", "create_goal", "create_project", "create_read_only_link", "create_portfolio",
	"view_public_teams", "view_shared_with_org_projects", "view_shared_with_org_tasks", "view_shared_with_org_portfolios",
}

// rolePermissionDefaults is the permission of a base role that the role
// does not set: admins may do everything, members everything but role
// management, import and export, guests only what works on shared work.
func rolePermissionDefaults(base, name string) any {
	admin := base == "admin" || base == "super_admin"
	switch name {
	case "task_deletion_policy":
		switch {
		case admin || base == "member":
			return "all"
		}
		return "owned"
	case "allowed_guest_invites":
		if base == "guest" {
			return "none"
		}
		return "all"
	case "assign_roles", "manage_roles", "import_data", "export_project_data":
		return admin
	case "upload_attachments", "download_mobile_attachments", "standard_ai", "create_read_only_link":
		return true
	}
	return base != "guest"
}

// permission is the role's value of a permission.
func (r *Role) permission(name string) any {
	if v, ok := r.Permissions[name]; ok {
		return v
	}
	return rolePermissionDefaults(r.BaseRoleType, name)
}

// checkRolePermissions validates a permissions map.
func checkRolePermissions(perms map[string]any) error {
	for name, v := range perms {
		if !slices.Contains(rolePermissionNames, name) {
			return badRequest("permissions", "Unknown permission: %s", name)
		}
		if enum, ok := rolePermissionEnums[name]; ok {
			if s, ok := v.(string); !ok || !slices.Contains(enum, s) {
				return badRequest("permissions", "%s: Not a valid enum value: %v", name, v)
			}
		} else if _, ok := v.(bool); !ok {
			return badRequest("permissions", "%s: Not a boolean: %v", name, v)
		}
	}
	return nil
}

// roleStore holds the roles (storeOf[roleStore]).
type roleStore struct {
	roles table[Role]
	byWS  index
}

func newRoleStore() any { return &roleStore{roles: newTable[Role](), byWS: make(index)} }

func roles(st *state) *roleStore { return storeOf[roleStore](st) }

func (rs *roleStore) insert(st *state, r *Role) *Role {
	rs.roles.put(st.gidFor(&r.GID), r)
	rs.byWS.add(r.WorkspaceGID, r.GID)
	return r
}

func (rs *roleStore) remove(r *Role) {
	rs.byWS.remove(r.WorkspaceGID, r.GID)
	rs.roles.remove(r.GID)
}

// rolePermissions is a role seen as its permissions object.
type rolePermissions struct{ r *Role }

// rolePermissionsKind renders a role's permissions (every one, with the
// base role's defaults filled in).
var rolePermissionsKind = func() *kind {
	fields := map[string]func(*view, *rolePermissions) any{}
	for _, n := range rolePermissionNames {
		fields[n] = func(_ *view, p *rolePermissions) any { return p.r.permission(n) }
	}
	return newKind("", nil, rolePermissionNames, fields)
}()

// roleKind renders a role (the spec's RbacRoleResponse).
var roleKind = func() *kind {
	compact := []string{"resource_type", "name", "description", "is_standard_role"}
	k := newKind("role", compact,
		append(slices.Clone(compact), "creation_time", "modified_at", "base_role_type", "permissions", "workspace"),
		map[string]func(*view, *Role) any{
			"gid":              func(_ *view, r *Role) any { return r.GID },
			"name":             func(_ *view, r *Role) any { return r.Name },
			"description":      func(_ *view, r *Role) any { return r.Description },
			"is_standard_role": func(_ *view, r *Role) any { return r.IsStandardRole },
			"creation_time":    func(_ *view, r *Role) any { return r.CreatedAt },
			"modified_at":      func(_ *view, r *Role) any { return r.ModifiedAt },
			"base_role_type":   func(_ *view, r *Role) any { return r.BaseRoleType },
			"permissions":      func(_ *view, r *Role) any { return embed{k: rolePermissionsKind, rec: &rolePermissions{r}} },
			"workspace":        func(v *view, r *Role) any { return v.refTo(v.kinds.workspace, r.WorkspaceGID) },
		})
	storedIn(k, func(st *state) *table[Role] { return &roles(st).roles })
	return k
}()

// roleParam resolves a role of a workspace the caller sees.
func (rq *request) roleParam() (*Role, error) {
	return resolve("role", rq.r.PathValue("role_gid"), roles(rq.st).roles.get,
		func(r *Role) bool { return rq.s.canSeeWorkspace(rq.p, r.WorkspaceGID) })
}

// editableRole is the path's role for writes: a custom role, changed by
// an admin or the service account of its workspace.
func (rq *request) editableRole() (*Role, error) {
	r, err := rq.roleParam()
	switch {
	case err != nil:
		return nil, err
	case !rq.s.isAdmin(rq.p, r.WorkspaceGID):
		return nil, forbidden("Only admins may manage roles")
	case r.IsStandardRole:
		return nil, forbidden("Standard roles cannot be changed")
	}
	return r, nil
}

// roleFields applies name, description, base_role_type and permissions of
// a body to r.
func roleFields(b *body, r *Role, create bool) error {
	if err := b.name(create, &r.Name); err != nil {
		return err
	}
	if b.has("description") || create {
		d, err := b.str("description", create)
		if err != nil {
			return err
		}
		r.Description = d
	}
	if b.has("base_role_type") || create {
		t, err := b.str("base_role_type", create)
		if err != nil {
			return err
		}
		if !slices.Contains(roleBaseTypes, t) {
			return badRequest("base_role_type", "Not a valid enum value: %q", t)
		}
		r.BaseRoleType = t
	}
	if b.has("is_standard_role") {
		std, err := b.boolean("is_standard_role", false)
		if err != nil {
			return err
		}
		if std {
			return badRequest("is_standard_role", "Custom roles cannot be standard roles")
		}
	}
	if raw, ok := b.field("permissions"); ok && string(raw) != "null" {
		var perms map[string]any
		if err := json.Unmarshal(raw, &perms); err != nil {
			return badRequest("permissions", "Must be an object")
		}
		if err := checkRolePermissions(perms); err != nil {
			return err
		}
		if r.Permissions == nil {
			r.Permissions = map[string]any{}
		}
		maps.Copy(r.Permissions, perms)
	}
	return nil
}

// getRoles lists roles, of one workspace or of every workspace the caller
// sees; archived=true lists the archived ones instead.
func (s *Server) getRoles(rq *request) reply {
	wsGID, err := rq.queryGID("workspace", false)
	if err != nil {
		return rq.fail(err)
	}
	archived, err := rq.queryBool("archived", false)
	if err != nil {
		return rq.fail(err)
	}
	rs := roles(rq.st)
	gids := rs.roles.order
	if wsGID != "" {
		if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
			return rq.fail(err)
		}
		gids = rs.byWS[wsGID]
	}
	p, err := rq.paginate(gids, func(g string) bool {
		r := rs.roles.get(g)
		return r.Archived == archived && s.canSeeWorkspace(rq.p, r.WorkspaceGID)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(roleKind, p)
}

func (s *Server) createRole(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", g)
	if err != nil {
		return rq.fail(err)
	}
	if !s.isAdmin(rq.p, ws.GID) {
		return rq.fail(forbidden("Only admins may manage roles"))
	}
	r := Role{WorkspaceGID: ws.GID, CreatedAt: rq.now, ModifiedAt: rq.now}
	if err := roleFields(b, &r, true); err != nil {
		return rq.fail(err)
	}
	role := roles(rq.st).insert(rq.st, &r)
	return rq.created(roleKind, role, "/roles/"+role.GID)
}

func (s *Server) getRole(rq *request) reply {
	r, err := rq.roleParam()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(roleKind, r)
}

func (s *Server) updateRole(rq *request) reply {
	r, err := rq.editableRole()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := r.clone()
	if err := roleFields(b, &next, false); err != nil {
		return rq.fail(err)
	}
	next.ModifiedAt = rq.now
	*r = next
	return rq.one(roleKind, r)
}

func (s *Server) deleteRole(rq *request) reply {
	r, err := rq.editableRole()
	if err != nil {
		return rq.fail(err)
	}
	roles(rq.st).remove(r)
	return rq.empty()
}

// AddRole adds a role to a workspace (a standard role with
// IsStandardRole). BaseRoleType must be one of the spec's; permissions
// must be the spec's names with values of their types. CreatedAt and
// ModifiedAt default to the fake's clock.
func (s *Server) AddRole(r Role) (Role, error) {
	if strings.TrimSpace(r.Name) == "" {
		return Role{}, errors.New("asanatest: role needs a name")
	}
	if !slices.Contains(roleBaseTypes, r.BaseRoleType) {
		return Role{}, fmt.Errorf("asanatest: unknown base role type %q (want one of %v)", r.BaseRoleType, roleBaseTypes)
	}
	if err := checkRolePermissions(r.Permissions); err != nil {
		return Role{}, fmt.Errorf("asanatest: %s", err.(*apiError).message)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.workspaces.get(r.WorkspaceGID) == nil {
		return Role{}, fmt.Errorf("asanatest: no workspace %q", r.WorkspaceGID)
	}
	r = r.clone()
	r.GID = ""
	r.CreatedAt = s.stamp(r.CreatedAt)
	if r.ModifiedAt.IsZero() {
		r.ModifiedAt = r.CreatedAt
	}
	return roles(s.st).insert(s.st, &r).clone(), nil
}

// Role returns a copy of the role with that GID.
func (s *Server) Role(gid string) (Role, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := roles(s.st).roles.get(gid)
	if r == nil {
		return Role{}, false
	}
	return r.clone(), true
}
