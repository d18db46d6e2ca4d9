package scim

import (
	"context"
	"net/http"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// User is a SCIM User: a member of the organization (guests are not SCIM
// users). Its ID is the Asana user gid and its UserName the email address.
type User struct {
	// Schemas lists SchemaUser, and SchemaEnterpriseUser when Enterprise
	// is set; Create and Replace fill it in when empty.
	Schemas []string `json:"schemas,omitempty"`
	// ID is the Asana user gid; set by the server.
	ID string `json:"id,omitempty"`
	// ExternalID is the identity provider's own id for the user.
	ExternalID string `json:"externalId,omitempty"`
	// UserName is the user's email address. Required.
	UserName string `json:"userName"`
	// Name is the user's name; Asana shows Name.Formatted.
	Name *Name `json:"name,omitempty"`
	// Emails are the user's addresses; Asana's is UserName.
	Emails []Email `json:"emails,omitempty"`
	// Active is false for a deprovisioned user. Create and Replace send
	// it as it is: Replace with Active false deprovisions.
	Active bool `json:"active"`
	// Title is the job title.
	Title string `json:"title,omitempty"`
	// PreferredLanguage is a language tag such as "en".
	PreferredLanguage string `json:"preferredLanguage,omitempty"`
	// Enterprise holds the enterprise extension (department).
	Enterprise *EnterpriseUser `json:"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,omitempty"`
	// Meta is set by the server.
	Meta *Meta `json:"meta,omitempty"`
}

// Name is a user's name.
type Name struct {
	Formatted  string `json:"formatted,omitempty"`
	GivenName  string `json:"givenName,omitempty"`
	FamilyName string `json:"familyName,omitempty"`
}

// Email is one of a user's addresses.
type Email struct {
	Value   string `json:"value"`
	Type    string `json:"type,omitempty"`
	Primary bool   `json:"primary,omitempty"`
}

// EnterpriseUser is the enterprise extension of a User.
type EnterpriseUser struct {
	Department string `json:"department,omitempty"`
}

// Meta is a resource's metadata.
type Meta struct {
	ResourceType string    `json:"resourceType,omitempty"`
	Created      time.Time `json:"created,omitzero"`
	LastModified time.Time `json:"lastModified,omitzero"`
	Location     string    `json:"location,omitempty"`
}

// withSchemas fills in the schemas of a user to send.
func (u User) withSchemas() User {
	if len(u.Schemas) == 0 {
		u.Schemas = []string{SchemaUser}
		if u.Enterprise != nil {
			u.Schemas = append(u.Schemas, SchemaEnterpriseUser)
		}
	}
	u.ID, u.Meta = "", nil
	return u
}

// List returns the List of the organization's users (guests excluded), filtered
// by opts.Filter (Asana: userName only). It pages with startIndex and
// count; see package doc.
//
// scim:operation GET /Users
func (s *UsersService) List(ctx context.Context, opts *ListOptions) *asana.List[User] {
	return list[User](ctx, s.c, "Users.List", "/Users", opts)
}

// Get fetches a user by id (gid).
//
// scim:operation GET /Users/{id}
func (s *UsersService) Get(ctx context.Context, id string) (*User, error) {
	p, err := idPath("Users.Get", "Users", id)
	if err != nil {
		return nil, err
	}
	return get[User](ctx, s.c, p)
}

// GetByUserName finds a user by userName (email); asana.ErrNotFound when
// there is none.
//
// scim:operation GET /Users
func (s *UsersService) GetByUserName(ctx context.Context, userName string) (*User, error) {
	page, err := s.List(ctx, &ListOptions{Filter: Eq("userName", userName), Count: 1}).Page("")
	if err != nil {
		return nil, err
	}
	if len(page.Items) == 0 {
		return nil, &Error{Status: http.StatusNotFound, Detail: "no user with userName " + userName,
			Err: &asana.Error{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: basePath + "/Users"}}
	}
	return &page.Items[0], nil
}

// Create provisions a user. Asana creates the account if it does not
// exist and makes it a member of the organization; an existing member is
// ErrUniqueness (reactivate it with Patch instead). Set Active true.
//
// scim:operation POST /Users
func (s *UsersService) Create(ctx context.Context, u User) (*User, error) {
	return send[User](ctx, s.c, http.MethodPost, "/Users", u.withSchemas())
}

// Replace replaces a user's attributes with u's; Active false deprovisions
// the user, Active true reprovisions them.
//
// scim:operation PUT /Users/{id}
func (s *UsersService) Replace(ctx context.Context, id string, u User) (*User, error) {
	p, err := idPath("Users.Replace", "Users", id)
	if err != nil {
		return nil, err
	}
	return send[User](ctx, s.c, http.MethodPut, p, u.withSchemas())
}

// Patch changes some attributes: Replace("active", false) deprovisions,
// Replace("title", "CTO") retitles. Asana refuses name.givenName and
// name.familyName here: use name.formatted.
//
// scim:operation PATCH /Users/{id}
func (s *UsersService) Patch(ctx context.Context, id string, ops ...PatchOp) (*User, error) {
	p, err := idPath("Users.Patch", "Users", id)
	if err != nil {
		return nil, err
	}
	return patch[User](ctx, s.c, "Users.Patch", p, ops)
}

// Delete deprovisions a user ("zombifies" them in Asana's words): they
// lose access to the organization; the account is not deleted.
//
// scim:operation DELETE /Users/{id}
func (s *UsersService) Delete(ctx context.Context, id string) error {
	p, err := idPath("Users.Delete", "Users", id)
	if err != nil {
		return err
	}
	return s.c.do(ctx, http.MethodDelete, p, nil, nil, nil)
}
