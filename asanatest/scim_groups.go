package asanatest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// SCIM Groups: the teams of the service account's organization and their
// members (see scim.go).

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
		rq.st.insertTeam(t)
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
