package scim

import (
	"context"
	"net/http"

	"github.com/asanakit/asana-go/asana"
)

// Group is a SCIM Group: an Asana team. Its ID is the team gid.
type Group struct {
	// Schemas lists SchemaGroup; Create and Replace fill it in when empty.
	Schemas []string `json:"schemas,omitempty"`
	// ID is the team gid; set by the server.
	ID string `json:"id,omitempty"`
	// DisplayName is the team's name. Required.
	DisplayName string `json:"displayName"`
	// Members are the team's members.
	Members []Member `json:"members,omitempty"`
	// Meta is set by the server.
	Meta *Meta `json:"meta,omitempty"`
}

// Member is a member of a group.
type Member struct {
	// Value is the user's id (gid).
	Value string `json:"value"`
	// Display is the user's name; set by the server.
	Display string `json:"display,omitempty"`
	// Ref is the user's SCIM URL; set by the server.
	Ref string `json:"$ref,omitempty"`
}

func (g Group) withSchemas() Group {
	if len(g.Schemas) == 0 {
		g.Schemas = []string{SchemaGroup}
	}
	g.ID, g.Meta = "", nil
	return g
}

// List returns the List of the organization's groups (teams), filtered by
// opts.Filter (Asana: displayName only).
//
// scim:operation GET /Groups
func (s *GroupsService) List(ctx context.Context, opts *ListOptions) *asana.List[Group] {
	return list[Group](ctx, s.c, "Groups.List", "/Groups", opts)
}

// Get fetches a group by id (team gid).
//
// scim:operation GET /Groups/{id}
func (s *GroupsService) Get(ctx context.Context, id string) (*Group, error) {
	p, err := idPath("Groups.Get", "Groups", id)
	if err != nil {
		return nil, err
	}
	return get[Group](ctx, s.c, p)
}

// Create creates a team with g's name and members.
//
// scim:operation POST /Groups
func (s *GroupsService) Create(ctx context.Context, g Group) (*Group, error) {
	return send[Group](ctx, s.c, http.MethodPost, "/Groups", g.withSchemas())
}

// Replace sets a group's name and, when g lists any, its members.
//
// scim:operation PUT /Groups/{id}
func (s *GroupsService) Replace(ctx context.Context, id string, g Group) (*Group, error) {
	p, err := idPath("Groups.Replace", "Groups", id)
	if err != nil {
		return nil, err
	}
	return send[Group](ctx, s.c, http.MethodPut, p, g.withSchemas())
}

// Patch changes a group: AddMembers, RemoveMembers, Replace("displayName",
// name).
//
// scim:operation PATCH /Groups/{id}
func (s *GroupsService) Patch(ctx context.Context, id string, ops ...PatchOp) (*Group, error) {
	p, err := idPath("Groups.Patch", "Groups", id)
	if err != nil {
		return nil, err
	}
	return patch[Group](ctx, s.c, "Groups.Patch", p, ops)
}
