package asanatest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// Custom fields on users: the custom_fields of UserUpdateRequest and
// UserResponse, values of a workspace's custom fields on a person's
// profile. PUT /workspaces/{workspace_gid}/users/{user_gid} sets them in
// that workspace, PUT /users/{user_gid} in the workspace of the fields it
// names (one workspace per request); the user themself, an admin of the
// workspace or its service account may set them, for a member of the
// workspace, with any of its fields (the fake's reading: Asana's people
// fields are a setting of the field). A user renders the values of every
// workspace, fields in GID order (a viewer shares a workspace with any
// user they see). SetUserCustomFieldValue seeds them.

// userFieldStore holds the values (storeOf[userFieldStore]).
type userFieldStore struct {
	values map[string]map[string][]CustomFieldValue // user -> workspace -> values
}

func newUserFieldStore() any {
	return &userFieldStore{values: map[string]map[string][]CustomFieldValue{}}
}

func userFields(st *state) *userFieldStore { return storeOf[userFieldStore](st) }

func (us *userFieldStore) set(user, ws string, vals []CustomFieldValue) {
	if us.values[user] == nil {
		us.values[user] = map[string][]CustomFieldValue{}
	}
	us.values[user][ws] = vals
}

// userFieldValues renders a user's custom_fields.
func (v *view) userFieldValues(u *User) []any {
	byWS := userFields(v.st).values[u.GID]
	var gids []string
	var vals []CustomFieldValue
	for _, ws := range slices.SortedFunc(maps.Keys(byWS), gidCompare) {
		for _, fv := range byWS[ws] {
			gids = append(gids, fv.CustomFieldGID)
			vals = append(vals, fv)
		}
	}
	slices.SortFunc(gids, gidCompare)
	return v.fieldValues(gids, vals)
}

// setUserCustomFields applies a body's custom_fields to the user in wsGID,
// or, when wsGID is "", in the workspace of the fields it names.
func (rq *request) setUserCustomFields(u *User, b *body, wsGID string) error {
	raw, ok := b.field("custom_fields")
	if !ok || string(raw) == "null" {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return badRequest("custom_fields", "Must be an object")
	}
	if len(m) == 0 {
		return nil
	}
	keys := slices.SortedFunc(maps.Keys(m), gidCompare)
	cs := customFields(rq.st)
	for _, g := range keys {
		if _, err := checkGID("custom_fields", g); err != nil {
			return err
		}
		cf := cs.fields.get(g)
		if cf == nil {
			return notFound("custom_field", g)
		}
		if wsGID == "" {
			wsGID = cf.WorkspaceGID
		}
		if cf.WorkspaceGID != wsGID {
			return badRequest("custom_fields", "Custom field with ID %s is not in workspace %s", g, wsGID)
		}
	}
	if !rq.s.canSeeWorkspace(rq.p, wsGID) {
		return forbidden("")
	}
	if rq.st.membership(wsGID, u.GID) == nil {
		return badRequest("custom_fields", "User %s is not a member of workspace %s", u.GID, wsGID)
	}
	if rq.p.user.GID != u.GID && !rq.s.isAdmin(rq.p, wsGID) {
		return forbidden("Only the user or an admin can change a user's custom fields")
	}
	us := userFields(rq.st)
	vals, err := rq.bodyCustomFieldValues(b, wsGID, us.values[u.GID][wsGID], anyField)
	if err != nil {
		return err
	}
	us.set(u.GID, wsGID, vals)
	return nil
}

// SetUserCustomFieldValue sets a custom field's value on a member of the
// field's workspace (v.CustomFieldGID names the field; the value must
// suit its type, as for tasks: Text, Number, EnumOptionGIDs, DateOn).
func (s *Server) SetUserCustomFieldValue(userGID string, v CustomFieldValue) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cf := customFields(s.st).fields.get(v.CustomFieldGID)
	if cf == nil {
		return fmt.Errorf("asanatest: no custom field %q", v.CustomFieldGID)
	}
	if !s.st.activeMember(cf.WorkspaceGID, userGID) {
		return fmt.Errorf("asanatest: %q is not an active member of workspace %s", userGID, cf.WorkspaceGID)
	}
	if cf.IDPrefix != "" {
		return fmt.Errorf("asanatest: custom field %s is a custom ID field: the fake numbers its values", cf.GID)
	}
	v = cleanValue(cf, v)
	for _, g := range v.EnumOptionGIDs {
		if o := customFields(s.st).options.get(g); o == nil || o.CustomFieldGID != cf.GID {
			return fmt.Errorf("asanatest: %s is not an option of custom field %s", g, cf.GID)
		}
	}
	for _, g := range v.PeopleGIDs {
		if s.st.users.get(g) == nil {
			return fmt.Errorf("asanatest: no user %s", g)
		}
	}
	us := userFields(s.st)
	us.set(userGID, cf.WorkspaceGID, withValue(cloneFieldValues(us.values[userGID][cf.WorkspaceGID]), v))
	return nil
}

// UserCustomFieldValues returns the user's custom field values in a
// workspace.
func (s *Server) UserCustomFieldValues(userGID, workspaceGID string) []CustomFieldValue {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return cloneFieldValues(userFields(s.st).values[userGID][workspaceGID])
}
