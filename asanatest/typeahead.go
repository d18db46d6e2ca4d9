package asanatest

import (
	"slices"
	"strconv"
	"strings"
)

// Typeahead: GET /workspaces/{workspace_gid}/typeahead. It answers, in one
// list without pages, up to count (default 20, 1 to 100) objects of one
// resource_type in the workspace whose name has a word starting with
// query (case-insensitively; a user's email counts as a name), among
// those the caller can see; an empty query matches everything. Guesses,
// since Asana's ranking is undocumented beyond "most contacted" and
// "recency": the fake answers in ascending GID order; a missing
// resource_type falls back to the deprecated type, then to user; agent
// and project_template answer an empty list (the fake models neither), and
// actor answers users.
func (s *Server) typeaheadRoutes() {
	s.handle("GET /workspaces/{workspace_gid}/typeahead", s.typeahead)
}

const (
	typeaheadDefaultCount = 20
	typeaheadMaxCount     = 100
)

// typeaheadSource is what one resource_type searches: the candidate GIDs
// of a workspace in ascending order, their kind, and for a candidate the
// caller may see its searchable names (nil when hidden or gone).
type typeaheadSource struct {
	gids  func(st *state, wsGID string) []string
	kind  func(s *Server) *kind
	names func(rq *request, gid string) []string
}

// typeaheadSources maps each resource_type to what it searches.
var typeaheadSources = newTypeaheadSources()

func newTypeaheadSources() map[string]typeaheadSource {
	users := typeaheadSource{
		gids: func(st *state, ws string) []string {
			out := make([]string, 0, len(st.wsMembersByWS[ws]))
			for _, mg := range st.wsMembersByWS[ws] {
				if m := st.wsMemberships.get(mg); m != nil && m.IsActive {
					out = append(out, m.UserGID)
				}
			}
			slices.SortFunc(out, gidCompare)
			return out
		},
		kind: func(s *Server) *kind { return s.kinds.user },
		names: func(rq *request, g string) []string {
			if u := rq.st.users.get(g); u != nil && rq.s.canSeeUser(rq.p, u) {
				return []string{u.Name, u.Email}
			}
			return nil
		},
	}
	none := typeaheadSource{
		gids: func(*state, string) []string { return nil },
		kind: func(s *Server) *kind { return s.kinds.user },
	}
	return map[string]typeaheadSource{
		"user":             users,
		"actor":            users,
		"agent":            none,
		"project_template": none,
		"project": {
			gids: func(st *state, ws string) []string { return st.projectsByWS[ws] },
			kind: func(s *Server) *kind { return s.kinds.project },
			names: func(rq *request, g string) []string {
				if p := rq.st.projects.get(g); p != nil && rq.s.canSeeProject(rq.p, p) {
					return []string{p.Name}
				}
				return nil
			},
		},
		"task": {
			gids: func(st *state, ws string) []string {
				var out []string
				for _, g := range st.tasks.order {
					if t := st.tasks.get(g); !t.Deleted && t.WorkspaceGID == ws {
						out = append(out, g)
					}
				}
				return out
			},
			kind: func(s *Server) *kind { return s.kinds.taskNamed },
			names: func(rq *request, g string) []string {
				if t := rq.st.liveTask(g); t != nil && rq.s.canSeeTask(rq.p, t) {
					return []string{t.Name}
				}
				return nil
			},
		},
		"team": {
			gids: func(st *state, ws string) []string { return st.teamsByOrg[ws] },
			kind: func(s *Server) *kind { return s.kinds.team },
			names: func(rq *request, g string) []string {
				if t := rq.st.teams.get(g); t != nil && rq.s.canSeeTeam(rq.p, t) {
					return []string{t.Name}
				}
				return nil
			},
		},
		"tag": {
			gids: func(st *state, ws string) []string { return storeOf[tagStore](st).byWorkspace[ws] },
			kind: func(*Server) *kind { return tagKind },
			names: func(rq *request, g string) []string {
				if t := storeOf[tagStore](rq.st).tags.get(g); t != nil && rq.s.canSeeTag(rq.p, t) {
					return []string{t.Name}
				}
				return nil
			},
		},
		"portfolio": {
			gids: func(st *state, ws string) []string { return portfolios(st).byWS[ws] },
			kind: func(*Server) *kind { return portfolioKind },
			names: func(rq *request, g string) []string {
				if pf := portfolios(rq.st).portfolios.get(g); pf != nil && rq.s.canSeePortfolio(rq.p, pf) {
					return []string{pf.Name}
				}
				return nil
			},
		},
		"goal": {
			gids: func(st *state, ws string) []string { return goals(st).byWS[ws] },
			kind: func(s *Server) *kind { return s.kinds.goalNamed },
			names: func(rq *request, g string) []string {
				if gl := goals(rq.st).goals.get(g); gl != nil && rq.s.canSeeGoal(rq.p, gl) {
					return []string{gl.Name}
				}
				return nil
			},
		},
		"custom_field": {
			// Every member of a workspace sees its custom field definitions.
			gids: func(st *state, ws string) []string { return customFields(st).byWorkspace[ws] },
			kind: func(s *Server) *kind { return s.kinds.customField },
			names: func(rq *request, g string) []string {
				if cf := customFields(rq.st).fields.get(g); cf != nil {
					return []string{cf.Name}
				}
				return nil
			},
		},
	}
}

func (s *Server) typeahead(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	param, rt := "resource_type", rq.query.Get("resource_type")
	if rt == "" {
		param, rt = "type", rq.query.Get("type")
	}
	if rt == "" {
		rt = "user"
	}
	src, ok := typeaheadSources[rt]
	if !ok {
		return rq.fail(badRequest(param, "Unknown value: %q", rt))
	}
	count := typeaheadDefaultCount
	if v := rq.query.Get("count"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return rq.fail(badRequest("count", "Not an Integer: %q", v))
		}
		if n < 1 || n > typeaheadMaxCount {
			return rq.fail(badRequest("count", "Must be between 1 and %d (got %d)", typeaheadMaxCount, n))
		}
		count = n
	}
	query := strings.ToLower(strings.TrimSpace(rq.query.Get("query")))
	var hits []string
	for _, g := range src.gids(rq.st, ws.GID) {
		if len(hits) == count {
			break
		}
		if names := src.names(rq, g); names != nil && typeaheadMatch(names, query) {
			hits = append(hits, g)
		}
	}
	return rq.list(src.kind(s), page{gids: hits})
}

// typeaheadMatch reports whether a word of one of the names starts with
// the (lower-cased) query; every name matches an empty query.
func typeaheadMatch(names []string, query string) bool {
	if query == "" {
		return true
	}
	for _, n := range names {
		n = strings.ToLower(n)
		if strings.HasPrefix(n, query) {
			return true
		}
		for _, w := range strings.FieldsFunc(n, typeaheadSeparator) {
			if strings.HasPrefix(w, query) {
				return true
			}
		}
	}
	return false
}

func typeaheadSeparator(r rune) bool {
	return r == ' ' || r == '-' || r == '_' || r == '.' || r == '@' || r == '/' || r == ','
}
