package asanatest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
)

// SCIM 2.0 provisioning (https://developers.asana.com/docs/scim), served
// under /api/1.0/scim over the fake's own state: a SCIM User is a member of
// the service account's organization (guests and service accounts are not
// listed, as Asana's docs say), its id the user's GID and its userName the
// email; a SCIM Group is a team of the organization, its members the team's
// members. Only service-account tokens of an Enterprise organization may
// call these routes: a personal token gets 403, a missing or revoked token
// 401, both as SCIM error documents; a scoped token needs the SCIM scope of
// the operation (403 otherwise).
//
// Deactivating a user (active false with PUT or PATCH, or DELETE) is
// Asana's deprovision, the same as removeUser: the membership turns
// is_active false, the user leaves the organization's teams and projects,
// what only they owned passes to the service account, and the audit log
// records user_deprovisioned. On top, the account is "zombified": its
// personal access tokens are revoked and answer 401 from then on.
// Reactivating (active true) restores the membership (audit:
// user_reprovisioned) but not the old tokens or team memberships.
//
// Where the fake differs, or guesses where Asana's docs are silent:
//   - filters take the whole SCIM grammar, on userName (users) and
//     displayName (groups) only; other attributes are a 400 invalidFilter;
//   - startIndex/count pagination in GID order; count at most 100;
//   - emails are rendered from userName, and writes to emails are
//     accepted but ignored (Asana's email is the userName);
//   - POST of a userName that is already a member (active or not) is a 409
//     uniqueness: reactivate with PUT or PATCH instead;
//   - PUT leaves active and members unchanged when it omits them, and so
//     does a null active or members in PUT or PATCH (null is unassigned,
//     RFC 7643 section 2.5; emptying a group takes a remove of members);
//   - a Group's displayName must be unique in the organization (409), and
//     groups cannot be deleted (no DELETE route), as teams cannot be over
//     the REST API;
//   - a token scoped to user provisioning needs scim:users:read for every
//     SCIM GET (Groups and the meta endpoints too) and scim:users:write for
//     every write; the request pipeline checks it (auth.go) before these
//     handlers run.

// SCIM schema URNs.
const (
	scimSchemaUser       = "urn:ietf:params:scim:schemas:core:2.0:User"
	scimSchemaEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	scimSchemaGroup      = "urn:ietf:params:scim:schemas:core:2.0:Group"
	scimSchemaList       = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	scimSchemaPatch      = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	scimSchemaError      = "urn:ietf:params:scim:api:messages:2.0:Error"
	scimSchemaSPConfig   = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	scimSchemaResType    = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	scimSchemaSchema     = "urn:ietf:params:scim:schemas:core:2.0:Schema"
)

const contentTypeSCIM = "application/scim+json; charset=UTF-8"

// scimMaxResults is the largest page the fake serves (and its default).
const scimMaxResults = 100

// scimProfile holds the SCIM attributes that Asana's user record lacks.
type scimProfile struct {
	givenName, familyName string
	title, department     string
	preferredLanguage     string
	externalID            string
}

// scimHandler handles a SCIM route for a caller already checked to be the
// service account of org.
type scimHandler func(rq *request, org *Workspace) reply

// scimRoutes registers the SCIM endpoints.
func (s *Server) scimRoutes() {
	for spec, h := range map[string]scimHandler{
		"GET /scim/ServiceProviderConfig": s.scimServiceProviderConfig,
		"GET /scim/ResourceTypes":         s.scimResourceTypes,
		"GET /scim/Schemas":               s.scimSchemas,
		"GET /scim/Users":                 s.scimListUsers,
		"POST /scim/Users":                s.scimCreateUser,
		"GET /scim/Users/{user_gid}":      s.scimGetUser,
		"PUT /scim/Users/{user_gid}":      s.scimReplaceUser,
		"PATCH /scim/Users/{user_gid}":    s.scimPatchUser,
		"DELETE /scim/Users/{user_gid}":   s.scimDeleteUser,
		"GET /scim/Groups":                s.scimListGroups,
		"POST /scim/Groups":               s.scimCreateGroup,
		"GET /scim/Groups/{team_gid}":     s.scimGetGroup,
		"PUT /scim/Groups/{team_gid}":     s.scimReplaceGroup,
		"PATCH /scim/Groups/{team_gid}":   s.scimPatchGroup,
	} {
		s.handle(spec, s.scimGuard(h)).scim = true
	}
}

// scimGuard admits only service accounts of an Enterprise organization.
func (s *Server) scimGuard(h scimHandler) handlerFunc {
	return func(rq *request) reply {
		org := rq.st.workspaces.get(rq.p.org())
		if !rq.p.serviceAccount() || org == nil || !org.Enterprise {
			return rq.fail(forbidden("Only service accounts in Enterprise domains can access SCIM endpoints"))
		}
		return h(rq, org)
	}
}

// scimErrorBody is a SCIM error document (RFC 7644 section 3.12).
func scimErrorBody(status int, scimType, detail string) map[string]any {
	if detail == "" {
		detail = statusBody(status, "").Errors[0].Message
	}
	doc := map[string]any{"schemas": []string{scimSchemaError}, "status": strconv.Itoa(status), "detail": detail}
	if scimType != "" {
		doc["scimType"] = scimType
	}
	return doc
}

// scimErr is an *apiError with a scimType.
func scimErr(status int, scimType, detail string) *apiError {
	return &apiError{status: status, message: detail, scimType: scimType}
}

// scimBody decodes a SCIM request body (a JSON object) into v.
func (rq *request) scimBody(v any) error {
	raw, err := readAllLimited(rq.r, 10<<20)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return scimErr(http.StatusBadRequest, "invalidSyntax", "Request body is not a JSON object: "+err.Error())
	}
	return nil
}

// scimLocation is a resource's absolute URL.
func (rq *request) scimLocation(kind, id string) string {
	return rq.origin + APIPrefix + "/scim/" + kind + "/" + id
}

// scimList answers a ListResponse page of resources, startIndex (from 1)
// and count taken from the query over the matching ids.
func (rq *request) scimList(ids []string, render func(id string) any) reply {
	start, count := 1, scimMaxResults
	for name, dst := range map[string]*int{"startIndex": &start, "count": &count} {
		if v := rq.query.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return rq.fail(scimErr(http.StatusBadRequest, "invalidValue", name+": not an integer: "+v))
			}
			*dst = n
		}
	}
	start, count = max(start, 1), min(max(count, 0), scimMaxResults)
	res := []any{}
	for i := start - 1; i < len(ids) && len(res) < count; i++ {
		res = append(res, render(ids[i]))
	}
	return reply{body: map[string]any{"schemas": []string{scimSchemaList}, "totalResults": len(ids),
		"startIndex": start, "itemsPerPage": len(res), "Resources": res}}
}

// scimFilter parses the filter parameter; attrs are the attributes Asana
// allows in it (lower case). A nil filter matches everything.
func (rq *request) scimFilter(attrs ...string) (filterNode, error) {
	v := rq.query.Get("filter")
	if v == "" {
		return nil, nil
	}
	f, err := parseSCIMFilter(v)
	if err != nil {
		return nil, scimErr(http.StatusBadRequest, "invalidFilter", "Invalid filter: "+err.Error())
	}
	for _, a := range filterAttrs(f) {
		if !containsString(attrs, a) {
			return nil, scimErr(http.StatusBadRequest, "invalidFilter", "Filtering is supported on "+strings.Join(attrs, ", ")+" only, not "+a)
		}
	}
	return f, nil
}

// isJSONNull reports whether raw is the JSON null.
func isJSONNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func containsString(list []string, s string) bool { return indexOf(list, s) >= 0 }

// Users.

// scimUser resolves the {user_gid} of a SCIM user path: a member of org
// that is neither a guest nor a service account, or 404.
func (rq *request) scimUser(org *Workspace) (*User, *WorkspaceMembership, error) {
	id := rq.r.PathValue("user_gid")
	u := rq.st.users.get(id)
	m := rq.st.membership(org.GID, id)
	if u == nil || m == nil || m.IsGuest || u.ServiceAccount {
		return nil, nil, scimErr(http.StatusNotFound, "", "User "+id+" not found")
	}
	return u, m, nil
}

// scimUserIDs lists org's SCIM users in GID order.
func (rq *request) scimUserIDs(org *Workspace) []string {
	var out []string
	for _, mg := range rq.st.wsMembersByWS[org.GID] {
		m := rq.st.wsMemberships.get(mg)
		if u := rq.st.users.get(m.UserGID); u != nil && !m.IsGuest && !u.ServiceAccount {
			out = append(out, u.GID)
		}
	}
	return out
}

func (s *Server) scimListUsers(rq *request, org *Workspace) reply {
	f, err := rq.scimFilter("username")
	if err != nil {
		return rq.fail(err)
	}
	var ids []string
	for _, id := range rq.scimUserIDs(org) {
		u := rq.st.users.get(id)
		if f == nil || evalFilter(f, func(string) []any { return []any{u.Email} }) {
			ids = append(ids, id)
		}
	}
	return rq.scimList(ids, func(id string) any {
		return rq.renderSCIMUser(rq.st.users.get(id), rq.st.membership(org.GID, id))
	})
}

func (s *Server) scimGetUser(rq *request, org *Workspace) reply {
	u, m, err := rq.scimUser(org)
	if err != nil {
		return rq.fail(err)
	}
	return reply{body: rq.renderSCIMUser(u, m)}
}

// renderSCIMUser renders a user as a SCIM User resource.
func (rq *request) renderSCIMUser(u *User, m *WorkspaceMembership) map[string]any {
	p := rq.st.scimUsers[u.GID]
	if p == nil {
		p = &scimProfile{}
	}
	given, family := p.givenName, p.familyName
	if given == "" && family == "" {
		given, family, _ = strings.Cut(u.Name, " ")
	}
	name := map[string]any{"formatted": u.Name, "givenName": given, "familyName": family}
	doc := map[string]any{
		"schemas":  []string{scimSchemaUser, scimSchemaEnterprise},
		"id":       u.GID,
		"userName": u.Email,
		"name":     name,
		"emails":   []any{map[string]any{"value": u.Email, "primary": true, "type": "work"}},
		"active":   m.IsActive,
		"meta": map[string]any{"resourceType": "User", "created": u.CreatedAt.UTC().Format(timeFormat),
			"location": rq.scimLocation("Users", u.GID)},
		scimSchemaEnterprise: map[string]any{"department": p.department},
	}
	for k, v := range map[string]string{"title": p.title, "preferredLanguage": p.preferredLanguage, "externalId": p.externalID} {
		if v != "" {
			doc[k] = v
		}
	}
	return doc
}

// userEdit is a user's SCIM attributes while a write is checked; nothing
// changes in the state until every attribute of the request passed.
type userEdit struct {
	name, email string
	prof        scimProfile
	active      *bool
	patch       bool // PATCH: name.givenName and name.familyName are refused, as Asana does
}

// scimIgnored are attributes the fake accepts and does not store.
var scimIgnored = []string{"schemas", "id", "meta", "emails", "groups", "phonenumbers", "addresses", "locale",
	"timezone", "nickname", "usertype", "photos", "roles", "entitlements", "ims", "x509certificates", "displayname", "profileurl"}

var scimEnterpriseLower = strings.ToLower(scimSchemaEnterprise)

// set applies one attribute (path lower-cased) from a write.
func (e *userEdit) set(path string, raw json.RawMessage) error {
	str := func() (string, error) {
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", scimErr(http.StatusBadRequest, "invalidValue", path+": not a string")
		}
		return strings.TrimSpace(v), nil
	}
	obj := func(prefix string) error {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return scimErr(http.StatusBadRequest, "invalidValue", path+": not an object")
		}
		for k, v := range m {
			if err := e.set(prefix+strings.ToLower(k), v); err != nil {
				return err
			}
		}
		return nil
	}
	var dst *string
	switch path {
	case "username":
		v, err := str()
		if err != nil {
			return err
		}
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
			return scimErr(http.StatusBadRequest, "invalidValue", "userName must be an email address")
		}
		e.email = v
		return nil
	case "name":
		return obj("name.")
	case scimEnterpriseLower:
		return obj(scimEnterpriseLower + ":")
	case "active":
		if isJSONNull(raw) {
			return nil // null is unassigned (RFC 7643 section 2.5): no change, never a deprovision
		}
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			// Some identity providers send "True" and "False".
			s, serr := str()
			if b, err = strconv.ParseBool(s); serr != nil || err != nil {
				return scimErr(http.StatusBadRequest, "invalidValue", "active: not a boolean")
			}
		}
		e.active = &b
		return nil
	case "name.formatted":
		v, err := str()
		if err != nil {
			return err
		}
		if v == "" {
			return scimErr(http.StatusBadRequest, "invalidValue", "name.formatted: empty")
		}
		e.name = v
		return nil
	case "name.givenname", "name.familyname":
		if e.patch {
			return scimErr(http.StatusBadRequest, "invalidPath", path+" is unsupported for PATCH requests: use name.formatted")
		}
		dst = &e.prof.givenName
		if path == "name.familyname" {
			dst = &e.prof.familyName
		}
	case "title":
		dst = &e.prof.title
	case "preferredlanguage":
		dst = &e.prof.preferredLanguage
	case "externalid":
		dst = &e.prof.externalID
	case scimEnterpriseLower + ":department":
		dst = &e.prof.department
	default:
		if containsString(scimIgnored, path) || strings.HasPrefix(path, "emails[") || strings.HasPrefix(path, "emails.") ||
			strings.HasPrefix(path, scimEnterpriseLower+":") || strings.HasPrefix(path, "name.") {
			return nil
		}
		return scimErr(http.StatusBadRequest, "invalidPath", "Unknown attribute "+path)
	}
	v, err := str()
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// remove clears an optional attribute (PATCH op remove).
func (e *userEdit) remove(path string) error {
	switch path {
	case "title":
		e.prof.title = ""
	case "preferredlanguage":
		e.prof.preferredLanguage = ""
	case "externalid":
		e.prof.externalID = ""
	case scimEnterpriseLower + ":department":
		e.prof.department = ""
	default:
		if containsString(scimIgnored, path) || strings.HasPrefix(path, "emails") {
			return nil
		}
		return scimErr(http.StatusBadRequest, "mutability", "Cannot remove "+path)
	}
	return nil
}

// setAll applies every attribute of a resource body.
func (e *userEdit) setAll(obj map[string]json.RawMessage) error {
	for k, v := range obj {
		if err := e.set(strings.ToLower(k), v); err != nil {
			return err
		}
	}
	return nil
}

// editOf starts an edit from a user's current attributes.
func (rq *request) editOf(u *User) *userEdit {
	e := &userEdit{name: u.Name, email: u.Email}
	if p := rq.st.scimUsers[u.GID]; p != nil {
		e.prof = *p
	}
	return e
}

// userByEmail finds a user by email, case-insensitively.
func (rq *request) userByEmail(email string) *User {
	for _, g := range rq.st.users.order {
		if u := rq.st.users.get(g); strings.EqualFold(u.Email, email) {
			return u
		}
	}
	return nil
}

// commitUser checks e's userName for uniqueness and stores e in u, then
// applies a change of active.
func (s *Server) commitUser(rq *request, org *Workspace, u *User, m *WorkspaceMembership, e *userEdit) error {
	if other := rq.userByEmail(e.email); other != nil && other.GID != u.GID {
		return scimErr(http.StatusConflict, "uniqueness", "userName "+e.email+" is already taken")
	}
	u.Name, u.Email = e.name, e.email
	p := e.prof
	rq.st.scimUsers[u.GID] = &p
	if e.active != nil && *e.active != m.IsActive {
		if *e.active {
			m.IsActive = true
		} else {
			s.zombifyLocked(rq, m)
		}
	}
	return nil
}

// zombifyLocked deprovisions a member the way SCIM does: removeUser's
// deprovision, and the user's personal access tokens revoked.
func (s *Server) zombifyLocked(rq *request, m *WorkspaceMembership) {
	s.deprovisionLocked(rq, m)
	for _, tg := range rq.st.tokens.order {
		if t := rq.st.tokens.get(tg); t.UserGID == m.UserGID && t.Kind == TokenPersonal {
			t.Deauthorized = true
		}
	}
}

func (s *Server) scimCreateUser(rq *request, org *Workspace) reply {
	var body map[string]json.RawMessage
	if err := rq.scimBody(&body); err != nil {
		return rq.fail(err)
	}
	e := &userEdit{}
	if err := e.setAll(body); err != nil {
		return rq.fail(err)
	}
	if e.email == "" {
		return rq.fail(scimErr(http.StatusBadRequest, "invalidValue", "userName is required"))
	}
	u := rq.userByEmail(e.email)
	if u != nil && rq.st.membership(org.GID, u.GID) != nil {
		return rq.fail(scimErr(http.StatusConflict, "uniqueness", "User "+e.email+" already exists"))
	}
	if u != nil && u.ServiceAccount {
		return rq.fail(scimErr(http.StatusConflict, "uniqueness", "userName "+e.email+" is a service account"))
	}
	if e.name == "" {
		e.name = strings.TrimSpace(e.prof.givenName + " " + e.prof.familyName)
	}
	if e.name == "" {
		e.name, _, _ = strings.Cut(e.email, "@")
	}
	if u == nil {
		u = &User{GID: rq.st.newGID(), Name: e.name, Email: e.email, CreatedAt: rq.now}
		rq.st.users.put(u.GID, u)
	}
	active := e.active == nil || *e.active
	m := s.addWorkspaceMemberLocked(org.GID, u.GID, MemberOptions{Inactive: !active})
	e.active = nil
	if err := s.commitUser(rq, org, u, m, e); err != nil {
		return rq.fail(err)
	}
	return reply{status: http.StatusCreated, body: rq.renderSCIMUser(u, m), location: rq.scimLocation("Users", u.GID)}
}

func (s *Server) scimReplaceUser(rq *request, org *Workspace) reply {
	u, m, err := rq.scimUser(org)
	if err != nil {
		return rq.fail(err)
	}
	var body map[string]json.RawMessage
	if err := rq.scimBody(&body); err != nil {
		return rq.fail(err)
	}
	// A replace sets what the body has and clears the optional rest.
	e := &userEdit{name: u.Name}
	if err := e.setAll(body); err != nil {
		return rq.fail(err)
	}
	if e.email == "" {
		return rq.fail(scimErr(http.StatusBadRequest, "invalidValue", "userName is required"))
	}
	if err := s.commitUser(rq, org, u, m, e); err != nil {
		return rq.fail(err)
	}
	return reply{body: rq.renderSCIMUser(u, m)}
}

// patchOp is one operation of a SCIM PATCH request.
type patchOp struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value"`
}

// patchOps decodes a PatchOp request body.
func (rq *request) patchOps() ([]patchOp, error) {
	var body struct {
		Schemas    []string  `json:"schemas"`
		Operations []patchOp `json:"Operations"`
	}
	if err := rq.scimBody(&body); err != nil {
		return nil, err
	}
	if !containsString(body.Schemas, scimSchemaPatch) {
		return nil, scimErr(http.StatusBadRequest, "invalidSyntax", "schemas must list "+scimSchemaPatch)
	}
	if len(body.Operations) == 0 {
		return nil, scimErr(http.StatusBadRequest, "invalidSyntax", "Operations is empty")
	}
	for i := range body.Operations {
		op := &body.Operations[i]
		op.Op = strings.ToLower(op.Op)
		if op.Op != "add" && op.Op != "replace" && op.Op != "remove" {
			return nil, scimErr(http.StatusBadRequest, "invalidSyntax", "Unknown op "+strconv.Quote(op.Op))
		}
		if op.Op == "remove" && op.Path == "" {
			return nil, scimErr(http.StatusBadRequest, "noTarget", "remove needs a path")
		}
		if op.Op != "remove" && len(op.Value) == 0 {
			return nil, scimErr(http.StatusBadRequest, "invalidValue", op.Op+" needs a value")
		}
	}
	return body.Operations, nil
}

func (s *Server) scimPatchUser(rq *request, org *Workspace) reply {
	u, m, err := rq.scimUser(org)
	if err != nil {
		return rq.fail(err)
	}
	ops, err := rq.patchOps()
	if err != nil {
		return rq.fail(err)
	}
	e := rq.editOf(u)
	e.patch = true
	for _, op := range ops {
		path := strings.ToLower(op.Path)
		switch {
		case op.Op == "remove":
			err = e.remove(path)
		case path == "":
			var obj map[string]json.RawMessage
			if err = json.Unmarshal(op.Value, &obj); err != nil {
				err = scimErr(http.StatusBadRequest, "invalidValue", "an operation without a path needs an object value")
				break
			}
			err = e.setAll(obj)
		default:
			err = e.set(path, op.Value)
		}
		if err != nil {
			return rq.fail(err)
		}
	}
	if err := s.commitUser(rq, org, u, m, e); err != nil {
		return rq.fail(err)
	}
	return reply{body: rq.renderSCIMUser(u, m)}
}

func (s *Server) scimDeleteUser(rq *request, org *Workspace) reply {
	_, m, err := rq.scimUser(org)
	if err != nil {
		return rq.fail(err)
	}
	if m.IsActive {
		s.zombifyLocked(rq, m)
	}
	return reply{status: http.StatusNoContent}
}

// Groups.

// scimGroup resolves the {team_gid} of a SCIM group path: a team of org.
func (rq *request) scimGroup(org *Workspace) (*Team, error) {
	id := rq.r.PathValue("team_gid")
	t := rq.st.teams.get(id)
	if t == nil || t.OrganizationGID != org.GID {
		return nil, scimErr(http.StatusNotFound, "", "Group "+id+" not found")
	}
	return t, nil
}

func (rq *request) renderSCIMGroup(t *Team) map[string]any {
	members := []any{}
	for _, mg := range rq.st.teamMembersByTeam[t.GID] {
		if u := rq.st.users.get(rq.st.teamMemberships.get(mg).UserGID); u != nil {
			members = append(members, map[string]any{"value": u.GID, "display": u.Name, "$ref": rq.scimLocation("Users", u.GID)})
		}
	}
	return map[string]any{"schemas": []string{scimSchemaGroup}, "id": t.GID, "displayName": t.Name, "members": members,
		"meta": map[string]any{"resourceType": "Group", "created": t.CreatedAt.UTC().Format(timeFormat),
			"location": rq.scimLocation("Groups", t.GID)}}
}

func (s *Server) scimListGroups(rq *request, org *Workspace) reply {
	f, err := rq.scimFilter("displayname")
	if err != nil {
		return rq.fail(err)
	}
	var ids []string
	for _, g := range rq.st.teamsByOrg[org.GID] {
		t := rq.st.teams.get(g)
		if f == nil || evalFilter(f, func(string) []any { return []any{t.Name} }) {
			ids = append(ids, g)
		}
	}
	return rq.scimList(ids, func(id string) any { return rq.renderSCIMGroup(rq.st.teams.get(id)) })
}

func (s *Server) scimGetGroup(rq *request, org *Workspace) reply {
	t, err := rq.scimGroup(org)
	if err != nil {
		return rq.fail(err)
	}
	return reply{body: rq.renderSCIMGroup(t)}
}

// groupEdit is a group's name and member GIDs while a write is checked.
type groupEdit struct {
	name    string
	members []string
}

// memberValues decodes a members value: a list of {"value": gid}, or one.
func memberValues(raw json.RawMessage) ([]string, error) {
	type member struct {
		Value string `json:"value"`
	}
	var list []member
	if err := json.Unmarshal(raw, &list); err != nil {
		var one member
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, scimErr(http.StatusBadRequest, "invalidValue", `members: want a list of {"value": id}`)
		}
		list = []member{one}
	}
	out := make([]string, 0, len(list))
	for _, m := range list {
		out = append(out, m.Value)
	}
	return out, nil
}

// set applies one attribute (path lower-cased) of a group write; add
// appends members where replace sets them.
func (e *groupEdit) set(path string, raw json.RawMessage, add bool) error {
	switch path {
	case "displayname":
		var v string
		if err := json.Unmarshal(raw, &v); err != nil || strings.TrimSpace(v) == "" {
			return scimErr(http.StatusBadRequest, "invalidValue", "displayName: want a non-empty string")
		}
		e.name = strings.TrimSpace(v)
	case "members":
		if isJSONNull(raw) {
			return nil // null is unassigned (RFC 7643 section 2.5): no change, as when omitted
		}
		ids, err := memberValues(raw)
		if err != nil {
			return err
		}
		if !add {
			e.members = nil
		}
		for _, id := range ids {
			if !containsString(e.members, id) {
				e.members = append(e.members, id)
			}
		}
	default:
		if containsString(scimIgnored, path) || path == "externalid" {
			return nil
		}
		return scimErr(http.StatusBadRequest, "invalidPath", "Unknown attribute "+path)
	}
	return nil
}

// setAll applies every attribute of a group body.
func (e *groupEdit) setAll(obj map[string]json.RawMessage, add bool) error {
	for k, v := range obj {
		if err := e.set(strings.ToLower(k), v, add); err != nil {
			return err
		}
	}
	return nil
}

// removeMembers applies a remove op: path "members" with a value list, or
// "members[value eq "id"]", or "members" alone (every member).
func (e *groupEdit) removeMembers(path string, raw json.RawMessage) error {
	lower := strings.ToLower(path)
	switch {
	case lower == "members" && len(raw) == 0:
		e.members = nil
	case lower == "members":
		ids, err := memberValues(raw)
		if err != nil {
			return err
		}
		e.members = removeAll(e.members, func(id string) bool { return containsString(ids, id) })
	case strings.HasPrefix(lower, "members[") && strings.HasSuffix(lower, "]"):
		f, err := parseSCIMFilter(path[len("members[") : len(path)-1])
		if err != nil {
			return scimErr(http.StatusBadRequest, "invalidPath", "Invalid path filter: "+err.Error())
		}
		e.members = removeAll(e.members, func(id string) bool {
			return evalFilter(f, func(a string) []any {
				if a == "value" {
					return []any{id}
				}
				return nil
			})
		})
	default:
		return scimErr(http.StatusBadRequest, "invalidPath", "Cannot remove "+path)
	}
	return nil
}

func removeAll(s []string, drop func(string) bool) []string {
	out := s[:0:0]
	for _, x := range s {
		if !drop(x) {
			out = append(out, x)
		}
	}
	return out
}

// commitGroup checks e (unique name, members in the organization) and
// stores it in t.
func (s *Server) commitGroup(rq *request, org *Workspace, t *Team, e *groupEdit) error {
	for _, g := range rq.st.teamsByOrg[org.GID] {
		if o := rq.st.teams.get(g); o.GID != t.GID && strings.EqualFold(o.Name, e.name) {
			return scimErr(http.StatusConflict, "uniqueness", "A group named "+strconv.Quote(e.name)+" already exists")
		}
	}
	for _, id := range e.members {
		if !rq.st.activeMember(org.GID, id) {
			return scimErr(http.StatusBadRequest, "invalidValue", "members: "+id+" is not an active member of the organization")
		}
	}
	t.Name = e.name
	if t.GID == "" {
		t.GID = rq.st.newGID()
		rq.st.teams.put(t.GID, t)
		rq.st.teamsByOrg.add(org.GID, t.GID)
	}
	for _, mg := range append([]string(nil), rq.st.teamMembersByTeam[t.GID]...) {
		if uid := rq.st.teamMemberships.get(mg).UserGID; !containsString(e.members, uid) {
			s.removeTeamMemberLocked(t.GID, uid)
		}
	}
	for _, id := range e.members {
		if rq.st.teamMembership(t.GID, id) == nil {
			s.addTeamMemberLocked(t.GID, id, MemberOptions{Guest: rq.st.membership(org.GID, id).IsGuest})
		}
	}
	return nil
}

// editOfGroup starts an edit from a team's name and members.
func (rq *request) editOfGroup(t *Team) *groupEdit {
	e := &groupEdit{name: t.Name}
	for _, mg := range rq.st.teamMembersByTeam[t.GID] {
		e.members = append(e.members, rq.st.teamMemberships.get(mg).UserGID)
	}
	return e
}

func (s *Server) scimCreateGroup(rq *request, org *Workspace) reply {
	var body map[string]json.RawMessage
	if err := rq.scimBody(&body); err != nil {
		return rq.fail(err)
	}
	e := &groupEdit{}
	if err := e.setAll(body, false); err != nil {
		return rq.fail(err)
	}
	if e.name == "" {
		return rq.fail(scimErr(http.StatusBadRequest, "invalidValue", "displayName is required"))
	}
	t := &Team{OrganizationGID: org.GID, CreatedAt: rq.now}
	if err := s.commitGroup(rq, org, t, e); err != nil {
		return rq.fail(err)
	}
	return reply{status: http.StatusCreated, body: rq.renderSCIMGroup(t), location: rq.scimLocation("Groups", t.GID)}
}

func (s *Server) scimReplaceGroup(rq *request, org *Workspace) reply {
	t, err := rq.scimGroup(org)
	if err != nil {
		return rq.fail(err)
	}
	var body map[string]json.RawMessage
	if err := rq.scimBody(&body); err != nil {
		return rq.fail(err)
	}
	e := rq.editOfGroup(t)
	e.name = ""
	if err := e.setAll(body, false); err != nil {
		return rq.fail(err)
	}
	if e.name == "" {
		return rq.fail(scimErr(http.StatusBadRequest, "invalidValue", "displayName is required"))
	}
	if err := s.commitGroup(rq, org, t, e); err != nil {
		return rq.fail(err)
	}
	return reply{body: rq.renderSCIMGroup(t)}
}

func (s *Server) scimPatchGroup(rq *request, org *Workspace) reply {
	t, err := rq.scimGroup(org)
	if err != nil {
		return rq.fail(err)
	}
	ops, err := rq.patchOps()
	if err != nil {
		return rq.fail(err)
	}
	e := rq.editOfGroup(t)
	for _, op := range ops {
		path := strings.ToLower(op.Path)
		switch {
		case op.Op == "remove":
			err = e.removeMembers(op.Path, op.Value)
		case path == "":
			var obj map[string]json.RawMessage
			if err = json.Unmarshal(op.Value, &obj); err != nil {
				err = scimErr(http.StatusBadRequest, "invalidValue", "an operation without a path needs an object value")
				break
			}
			err = e.setAll(obj, op.Op == "add")
		default:
			err = e.set(path, op.Value, op.Op == "add")
		}
		if err != nil {
			return rq.fail(err)
		}
	}
	if err := s.commitGroup(rq, org, t, e); err != nil {
		return rq.fail(err)
	}
	return reply{body: rq.renderSCIMGroup(t)}
}
