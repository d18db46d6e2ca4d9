package asanatest

import "slices"

// The write and favorites operations of the "Users" tag. Custom field
// values live in user_custom_fields.go, favorites in favorites.go.

// updateUser implements PUT /users/{user_gid}.
func (s *Server) updateUser(rq *request) reply {
	u, err := rq.pathUser()
	if err != nil {
		return rq.fail(err)
	}
	return rq.changeUser(u, "")
}

// updateUserForWorkspace implements PUT /workspaces/{workspace_gid}/users/{user_gid}.
func (s *Server) updateUserForWorkspace(rq *request) reply {
	u, err := rq.pathWorkspaceUser()
	if err != nil {
		return rq.fail(err)
	}
	return rq.changeUser(u, rq.r.PathValue("workspace_gid"))
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
// may change, and custom field values (user_custom_fields.go) in wsGID,
// or with wsGID "" in the workspace of the fields named.
func (rq *request) changeUser(u *User, wsGID string) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if err := rq.setUserCustomFields(u, b, wsGID); err != nil {
		return rq.fail(err)
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
