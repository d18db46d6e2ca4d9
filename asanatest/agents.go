package asanatest

import (
	"errors"
	"fmt"
	"strings"
)

// Agents: the tag "Agents" of the spec, a workspace's AI Teammates. The
// API only reads them (admins set them up in the web app), so the fake
// takes them from seeding (AddAgent, Generate). Every principal that sees
// the workspace sees its agents.
func (s *Server) agentRoutes() {
	s.handle("GET /workspaces/{workspace_gid}/agents", s.getAgentsForWorkspace)
	s.handle("GET /agents/{agent_gid}", s.getAgent)
}

// Agent is an AI Teammate of a workspace.
type Agent struct {
	GID              string
	WorkspaceGID     string
	Name             string
	Description      string // empty renders as null
	BehaviorGuidance string // empty renders as null
	// Photo is the base URL of the avatar, as for users ("" for none).
	Photo string
}

// agentStore holds the agents (storeOf[agentStore]).
type agentStore struct {
	agents table[Agent]
	byWS   index
}

func newAgentStore() any { return &agentStore{agents: newTable[Agent](), byWS: make(index)} }

func agents(st *state) *agentStore { return storeOf[agentStore](st) }

func (as *agentStore) insert(st *state, a *Agent) *Agent {
	as.agents.put(st.gidFor(&a.GID), a)
	as.byWS.add(a.WorkspaceGID, a.GID)
	return a
}

// agentKind renders an agent (the spec's AgentResponse).
var agentKind = func() *kind {
	compact := []string{"resource_type", "resource_subtype", "name"}
	k := newKind("agent", compact, append(compact, "description", "behavior_guidance", "workspace", "photo"),
		map[string]func(*view, *Agent) any{
			"gid":               func(_ *view, a *Agent) any { return a.GID },
			"resource_subtype":  func(_ *view, a *Agent) any { return "asana_teammate" },
			"name":              func(_ *view, a *Agent) any { return a.Name },
			"description":       func(_ *view, a *Agent) any { return nullable(a.Description) },
			"behavior_guidance": func(_ *view, a *Agent) any { return nullable(a.BehaviorGuidance) },
			"workspace":         func(v *view, a *Agent) any { return v.refTo(v.kinds.workspace, a.WorkspaceGID) },
			"photo": func(v *view, a *Agent) any {
				if a.Photo == "" {
					return nil
				}
				return embed{k: v.kinds.photo, rec: &User{Photo: a.Photo}}
			},
		})
	storedIn(k, func(st *state) *table[Agent] { return &agents(st).agents })
	return k
}()

func (s *Server) getAgent(rq *request) reply {
	a, err := resolve("agent", rq.r.PathValue("agent_gid"), agents(rq.st).agents.get,
		func(a *Agent) bool { return s.canSeeWorkspace(rq.p, a.WorkspaceGID) })
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(agentKind, a)
}

func (s *Server) getAgentsForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(agents(rq.st).byWS[ws.GID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(agentKind, p)
}

// AddAgent adds an AI Teammate to a workspace.
func (s *Server) AddAgent(a Agent) (Agent, error) {
	if strings.TrimSpace(a.Name) == "" {
		return Agent{}, errors.New("asanatest: agent needs a name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.workspaces.get(a.WorkspaceGID) == nil {
		return Agent{}, fmt.Errorf("asanatest: no workspace %q", a.WorkspaceGID)
	}
	a.GID = ""
	return *agents(s.st).insert(s.st, &a), nil
}

// Agent returns a copy of the agent with that GID.
func (s *Server) Agent(gid string) (Agent, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a := agents(s.st).agents.get(gid)
	if a == nil {
		return Agent{}, false
	}
	return *a, true
}
