package asana

import ()

// defaultWorkspaceFields are the fields a workspace list asks for when the
// caller names none: all of a workspace's own fields.
var defaultWorkspaceFields = []string{"name", "email_domains", "is_organization"}

// WorkspaceUpdateRequest is the body of Workspaces.Update. Only the fields
// that are set are sent.
type WorkspaceUpdateRequest struct {
	// Name is the workspace's new name.
	Name *string `json:"name,omitempty"`
}
