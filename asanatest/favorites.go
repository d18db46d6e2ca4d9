package asanatest

import (
	"fmt"
	"slices"
)

// Favorites: GET /users/{user_gid}/favorites of the "Users" tag. A user
// favorites projects, portfolios, tags, tasks, users and project
// templates of a workspace in the web app, so the fake takes favorites
// from seeding (AddFavorite, Generate). Asana documents that the route
// "currently only returns favorites for the current user": whichever
// visible user the path names, it lists the caller's favorites of one
// resource_type, in the order they were added, dropping those the caller
// no longer sees (deleted ones included). A service account has none.

// favoriteStore holds everyone's favorites (storeOf[favoriteStore]).
type favoriteStore struct {
	lists map[[2]string][]string // {user, workspace} -> resource GIDs, in order
}

func newFavoriteStore() any { return &favoriteStore{lists: map[[2]string][]string{}} }

func favorites(st *state) *favoriteStore { return storeOf[favoriteStore](st) }

// favoriteOf finds a favorite-able resource of the workspace: its
// resource_type and kind, or "" when gid is none of them.
func (s *Server) favoriteOf(wsGID, gid string) (string, *kind, any) {
	st := s.st
	if p := st.projects.get(gid); p != nil && p.WorkspaceGID == wsGID {
		return "project", s.kinds.project, p
	}
	if pf := portfolios(st).portfolios.get(gid); pf != nil && pf.WorkspaceGID == wsGID {
		return "portfolio", portfolioKind, pf
	}
	if t := storeOf[tagStore](st).tags.get(gid); t != nil && t.WorkspaceGID == wsGID {
		return "tag", tagKind, t
	}
	if t := st.liveTask(gid); t != nil && t.WorkspaceGID == wsGID {
		return "task", s.kinds.task, t
	}
	if u := st.users.get(gid); u != nil && st.membership(wsGID, gid) != nil {
		return "user", s.kinds.user, u
	}
	if t := projectTemplates(st).templates.get(gid); t != nil && t.WorkspaceGID == wsGID {
		return "project_template", projectTemplateKind, t
	}
	return "", nil, nil
}

// canSeeFavorite reports whether p still sees the favorite record.
func (s *Server) canSeeFavorite(p *principal, rec any) bool {
	switch r := rec.(type) {
	case *Project:
		return s.canSeeProject(p, r)
	case *Portfolio:
		return s.canSeePortfolio(p, r)
	case *Tag:
		return s.canSeeTag(p, r)
	case *Task:
		return s.canSeeTask(p, r)
	case *User:
		return s.canSeeUser(p, r)
	case *ProjectTemplate:
		return s.canSeeProjectTemplate(p, r)
	}
	return false
}

// favoritesReply lists the caller's favorites of type rt in a workspace,
// as AsanaNamedResource records (gid, resource_type, name).
func (s *Server) favoritesReply(rq *request, wsGID, rt string) reply {
	sel, err := rq.fields()
	if err != nil {
		return rq.fail(err)
	}
	for _, f := range sel {
		if f.name != "gid" && f.name != "name" && f.name != "resource_type" {
			return rq.fail(badRequest("opt_fields", "Unknown field %q on favorite", f.name))
		}
	}
	list := favorites(rq.st).lists[[2]string{rq.p.user.GID, wsGID}]
	p, err := rq.paginateOrdered(list, func(g string) bool {
		typ, _, rec := s.favoriteOf(wsGID, g)
		return typ == rt && s.canSeeFavorite(rq.p, rec)
	})
	if err != nil {
		return rq.fail(err)
	}
	data := make([]any, 0, len(p.gids))
	for _, g := range p.gids {
		_, k, rec := s.favoriteOf(wsGID, g)
		o, err := rq.view.project(k, rec, sel, []string{"resource_type", "name"})
		if err != nil {
			return rq.fail(err)
		}
		data = append(data, o)
	}
	if p.hasLimit {
		return reply{body: listDoc{Data: data, NextPage: p.next}}
	}
	return reply{body: listDocNoPage{Data: data}}
}

// AddFavorite makes a project, portfolio, tag, task, user or project
// template of a workspace one of the user's favorites there (appended to
// their list).
func (s *Server) AddFavorite(userGID, workspaceGID, resourceGID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addFavoriteLocked(userGID, workspaceGID, resourceGID)
}

func (s *Server) addFavoriteLocked(userGID, workspaceGID, resourceGID string) error {
	if !s.st.activeMember(workspaceGID, userGID) {
		return fmt.Errorf("asanatest: %q is not an active member of workspace %q", userGID, workspaceGID)
	}
	if typ, _, _ := s.favoriteOf(workspaceGID, resourceGID); typ == "" {
		return fmt.Errorf("asanatest: no project, portfolio, tag, task, user or project template %q in workspace %s", resourceGID, workspaceGID)
	}
	fs := favorites(s.st)
	key := [2]string{userGID, workspaceGID}
	if slices.Contains(fs.lists[key], resourceGID) {
		return fmt.Errorf("asanatest: %s is already a favorite of %s", resourceGID, userGID)
	}
	fs.lists[key] = append(slices.Clone(fs.lists[key]), resourceGID)
	return nil
}

// Favorites returns the GIDs of a user's favorites in a workspace, in the
// order they were added.
func (s *Server) Favorites(userGID, workspaceGID string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(favorites(s.st).lists[[2]string{userGID, workspaceGID}])
}
