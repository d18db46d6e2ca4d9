package asanatest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Custom types: the tag "Custom types" of the spec, the types (with their
// own status options) that a project's tasks may take. The API only reads
// them, so the fake takes them from seeding (AddCustomType, Generate). A
// type belongs to a workspace and is associated with projects; it is seen
// by whoever sees the workspace, and GET /custom_types lists those of a
// project the caller sees. Tasks do not carry a type in the fake (their
// custom_type stays null).
func (s *Server) customTypeRoutes() {
	s.handle("GET /custom_types", s.getCustomTypes)
	s.handle("GET /custom_types/{custom_type_gid}", s.getCustomType)
}

// CustomType is a custom task type of a workspace.
type CustomType struct {
	GID          string
	WorkspaceGID string
	Name         string
	// ProjectGIDs are the projects the type is associated with.
	ProjectGIDs []string
	// StatusOptions are its statuses; AddCustomType gives a type without
	// options "To do" (Incomplete) and "Done" (Complete).
	StatusOptions []CustomTypeStatusOption
}

// CustomTypeStatusOption is a status of a custom type.
type CustomTypeStatusOption struct {
	GID  string
	Name string
	// CompletionState is "Incomplete" or "Complete": every type has one
	// option of each.
	CompletionState string
	Enabled         bool
	Color           string // empty renders as "none"
}

func (c CustomType) clone() CustomType {
	c.ProjectGIDs = slices.Clone(c.ProjectGIDs)
	c.StatusOptions = slices.Clone(c.StatusOptions)
	return c
}

// customTypeStore holds the custom types (storeOf[customTypeStore]).
type customTypeStore struct {
	types     table[CustomType]
	byProject index
}

func newCustomTypeStore() any {
	return &customTypeStore{types: newTable[CustomType](), byProject: make(index)}
}

func customTypes(st *state) *customTypeStore { return storeOf[customTypeStore](st) }

func (cs *customTypeStore) insert(st *state, c *CustomType) *CustomType {
	cs.types.put(st.gidFor(&c.GID), c)
	for i := range c.StatusOptions {
		c.StatusOptions[i].GID = ""
		st.gidFor(&c.StatusOptions[i].GID)
	}
	for _, p := range c.ProjectGIDs {
		cs.byProject.add(p, c.GID)
	}
	return c
}

// customTypeStatusKind renders a status option (the spec's
// CustomTypeStatusOptionResponse).
var customTypeStatusKind = newKind("custom_type_status_option", []string{"resource_type", "name"},
	[]string{"resource_type", "name", "completion_state", "enabled", "color"},
	map[string]func(*view, *CustomTypeStatusOption) any{
		"gid":              func(_ *view, o *CustomTypeStatusOption) any { return o.GID },
		"name":             func(_ *view, o *CustomTypeStatusOption) any { return o.Name },
		"completion_state": func(_ *view, o *CustomTypeStatusOption) any { return o.CompletionState },
		"enabled":          func(_ *view, o *CustomTypeStatusOption) any { return o.Enabled },
		"color": func(_ *view, o *CustomTypeStatusOption) any {
			if o.Color == "" {
				return "none"
			}
			return o.Color
		},
	})

// customTypeKind renders a custom type (the spec's CustomTypeResponse,
// which its list also answers).
var customTypeKind = func() *kind {
	fields := []string{"resource_type", "name", "status_options"}
	k := newKind("custom_type", fields, fields, map[string]func(*view, *CustomType) any{
		"gid":  func(_ *view, c *CustomType) any { return c.GID },
		"name": func(_ *view, c *CustomType) any { return c.Name },
		"status_options": func(_ *view, c *CustomType) any {
			out := make([]any, len(c.StatusOptions))
			for i := range c.StatusOptions {
				out[i] = embed{k: customTypeStatusKind, rec: &c.StatusOptions[i]}
			}
			return out
		},
	})
	storedIn(k, func(st *state) *table[CustomType] { return &customTypes(st).types })
	return k
}()

func (s *Server) getCustomType(rq *request) reply {
	c, err := resolve("custom_type", rq.r.PathValue("custom_type_gid"), customTypes(rq.st).types.get,
		func(c *CustomType) bool { return s.canSeeWorkspace(rq.p, c.WorkspaceGID) })
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(customTypeKind, c)
}

// getCustomTypes lists the types of a project; project is required.
func (s *Server) getCustomTypes(rq *request) reply {
	g, err := rq.queryGID("project", true)
	if err != nil {
		return rq.fail(err)
	}
	pr, err := rq.projectParam("project", g)
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(customTypes(rq.st).byProject[pr.GID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(customTypeKind, p)
}

// completionStates are the values of a status option's completion_state.
var completionStates = []string{"Incomplete", "Complete"}

// AddCustomType adds a custom type to a workspace, associated with
// projects of that workspace. Its status options need one Incomplete and
// one Complete option (none at all gets the two defaults).
func (s *Server) AddCustomType(c CustomType) (CustomType, error) {
	if strings.TrimSpace(c.Name) == "" {
		return CustomType{}, errors.New("asanatest: custom type needs a name")
	}
	c = c.clone()
	if len(c.StatusOptions) == 0 {
		c.StatusOptions = []CustomTypeStatusOption{{Name: "To do", CompletionState: "Incomplete", Enabled: true},
			{Name: "Done", CompletionState: "Complete", Enabled: true}}
	}
	for _, state := range completionStates {
		if !slices.ContainsFunc(c.StatusOptions, func(o CustomTypeStatusOption) bool { return o.CompletionState == state }) {
			return CustomType{}, fmt.Errorf("asanatest: custom type needs a status option with completion state %s", state)
		}
	}
	for _, o := range c.StatusOptions {
		if strings.TrimSpace(o.Name) == "" || !slices.Contains(completionStates, o.CompletionState) {
			return CustomType{}, fmt.Errorf("asanatest: status option %+v needs a name and a completion state of %v", o, completionStates)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.workspaces.get(c.WorkspaceGID) == nil {
		return CustomType{}, fmt.Errorf("asanatest: no workspace %q", c.WorkspaceGID)
	}
	for i, p := range c.ProjectGIDs {
		pr := s.st.projects.get(p)
		if pr == nil || pr.WorkspaceGID != c.WorkspaceGID || slices.Contains(c.ProjectGIDs[:i], p) {
			return CustomType{}, fmt.Errorf("asanatest: no project %q in workspace %s (or given twice)", p, c.WorkspaceGID)
		}
	}
	c.GID = ""
	return customTypes(s.st).insert(s.st, &c).clone(), nil
}

// CustomType returns a copy of the custom type with that GID.
func (s *Server) CustomType(gid string) (CustomType, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := customTypes(s.st).types.get(gid)
	if c == nil {
		return CustomType{}, false
	}
	return c.clone(), true
}
