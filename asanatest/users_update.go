package asanatest

import (
	"encoding/json"
	"maps"
	"slices"
)

// The write and favorites operations of the "Users" tag. The fake models
// no user custom fields: a user has no custom field values to set (a
// custom field gid is an unknown object, as it would be in a workspace
// without that field). Favorites are seeded (favorites.go).

// updateUser implements PUT /users/{user_gid}.
func (s *Server) updateUser(rq *request) reply {
	u, err := rq.pathUser()
	if err != nil {
		return rq.fail(err)
	}
	return rq.changeUser(u)
}

// updateUserForWorkspace implements PUT /workspaces/{workspace_gid}/users/{user_gid}.
func (s *Server) updateUserForWorkspace(rq *request) reply {
	u, err := rq.pathWorkspaceUser()
	if err != nil {
		return rq.fail(err)
	}
	return rq.changeUser(u)
}

// pathWorkspaceUser resolves {user_gid} within {workspace_gid}: a user the
// caller can see who belongs to the workspace (404 otherwise).
func (rq *request) pathWorkspaceUser() (*User, error) {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return nil, err
	}
	u, err := rq.pathUser()
	if err != nil {
		return nil, err
	}
	if rq.st.membership(ws.GID, u.GID) == nil {
		return nil, notFound("user", u.GID)
	}
	return u, nil
}

// changeUser applies a UserUpdateRequest body: a name, which only the user
// may change, and custom field values.
func (rq *request) changeUser(u *User) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	var cf map[string]any
	if raw, ok := b.fields["custom_fields"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &cf); err != nil {
			return rq.fail(badRequest("custom_fields", "Must be an object"))
		}
	}
	if len(cf) > 0 {
		g := slices.Min(slices.Collect(maps.Keys(cf)))
		if _, err := checkGID("custom_fields", g); err != nil {
			return rq.fail(err)
		}
		return rq.fail(notFound("custom_field", g))
	}
	if b.has("name") {
		name, err := b.str("name", true)
		if err != nil {
			return rq.fail(err)
		}
		if name == "" {
			return rq.fail(badRequest("name", "Cannot be empty"))
		}
		if u.GID != rq.p.user.GID {
			return rq.fail(forbidden("Only a user can change their own name"))
		}
		u.Name = name
	}
	return rq.one(rq.s.kinds.user, u)
}

// favoriteTypes are the resource_type values of GET /users/{gid}/favorites.
var favoriteTypes = []string{"portfolio", "project", "tag", "task", "user", "project_template"}

// getFavoritesForUser implements GET /users/{user_gid}/favorites. Asana
// documents that it "currently only returns favorites for the current
// user", whichever visible user the path names (favoritesReply).
func (s *Server) getFavoritesForUser(rq *request) reply {
	if _, err := rq.pathUser(); err != nil {
		return rq.fail(err)
	}
	wsGID, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
		return rq.fail(err)
	}
	rt := rq.query.Get("resource_type")
	switch {
	case rt == "":
		return rq.fail(missingInput("resource_type"))
	case !slices.Contains(favoriteTypes, rt):
		return rq.fail(badRequest("resource_type", "Not a valid enum value: %s", rt))
	}
	return s.favoritesReply(rq, wsGID, rt) // favorites.go
}
