package asanatest

import (
	"encoding/json"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
)

// SCIM Users: members of the service account's organization (see scim.go
// for the mapping and where the fake guesses).

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
		u = rq.st.insertUser(&User{Name: e.name, Email: e.email, CreatedAt: rq.now})
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
