package asanatest

import (
	"slices"
	"time"
)

// The record types below are the fake's storage, one Go struct per Asana
// resource kind. Seeding methods take them as input (GID left empty: the
// fake assigns one) and inspection methods return copies, so a test never
// holds a pointer into the fake's state. Field names follow the spec's JSON
// names; references to other resources are GIDs. The HTTP layer renders
// them through the projection in fields.go, never by marshalling the structs.

// Workspace is a workspace or an organization (IsOrganization).
type Workspace struct {
	GID            string
	Name           string
	IsOrganization bool
	// Enterprise marks an organization on the Enterprise plan: only there
	// can service accounts exist.
	Enterprise   bool
	EmailDomains []string
	CreatedAt    time.Time
}

// User is a person or a service account.
type User struct {
	GID   string
	Name  string
	Email string
	// Photo is the base URL of the user's picture; empty renders as null.
	Photo string
	// ServiceAccount marks a bot user created in the admin console. It
	// cannot log in, belongs to exactly one organization (ServiceAccountOrg)
	// and sees all of that organization's data through its tokens.
	ServiceAccount    bool
	ServiceAccountOrg string
	CreatedAt         time.Time
}

// TokenKind tells a personal access token from a service-account token.
type TokenKind string

// Token kinds, as recorded in RequestRecord.TokenKind.
const (
	TokenNone           TokenKind = ""
	TokenPersonal       TokenKind = "personal_access_token"
	TokenServiceAccount TokenKind = "service_account"
)

// Token is an access token's metadata. The secret itself is never stored in
// a Token, so a Token can be logged.
type Token struct {
	GID     string
	UserGID string
	Kind    TokenKind
	// Scopes limit a service-account token to some operations; nil is
	// full access, as every personal token has.
	Scopes       []Scope
	Deauthorized bool
	CreatedAt    time.Time
}

// Scope is a permission of a scoped service-account token, as the admin
// console grants when it creates a service account with scoped permissions
// instead of full access.
type Scope string

// The admin console's "User provisioning (SCIM)" permissions: "Users: read"
// admits the SCIM GET routes, "Users: create and modify" the SCIM writes.
// A token scoped to them gets 403 on every REST route. The values are the
// fake's own names, distinct from the OAuth scope users:read.
const (
	ScopeSCIMUsersRead  Scope = "scim:users:read"
	ScopeSCIMUsersWrite Scope = "scim:users:write"
)

// The admin console's other scoped permissions: "Organization exports and
// object exports" admits the organization, resource and graph export
// routes, "Audit logs" the audit log events route. A token
// scoped to them gets 403 on every other route. The values are the fake's
// own names.
const (
	ScopeExports   Scope = "exports"
	ScopeAuditLogs Scope = "audit_logs"
)

// knownScope reports whether the fake models the scope.
func knownScope(sc Scope) bool {
	switch sc {
	case ScopeSCIMUsersRead, ScopeSCIMUsersWrite, ScopeExports, ScopeAuditLogs:
		return true
	}
	return false
}

// WorkspaceMembership is a user's membership of a workspace or organization.
type WorkspaceMembership struct {
	GID          string
	WorkspaceGID string
	UserGID      string
	IsActive     bool
	IsAdmin      bool
	IsGuest      bool
	IsViewOnly   bool
	CreatedAt    time.Time
}

// Team visibilities (the spec's TeamResponse.visibility).
const (
	VisibilitySecret        = "secret"
	VisibilityRequestToJoin = "request_to_join"
	VisibilityPublic        = "public"
)

// Team is a team of an organization.
type Team struct {
	GID             string
	OrganizationGID string
	Name            string
	Description     string
	// Visibility is one of the Visibility constants; empty means
	// request_to_join, Asana's default.
	Visibility string
	CreatedAt  time.Time
}

// TeamMembership is a user's membership of a team.
type TeamMembership struct {
	GID             string
	TeamGID         string
	UserGID         string
	IsAdmin         bool
	IsGuest         bool
	IsLimitedAccess bool
}

// Project privacy settings (the spec's ProjectResponse.privacy_setting).
const (
	PrivacyPublicToWorkspace = "public_to_workspace"
	PrivacyPrivateToTeam     = "private_to_team"
	PrivacyPrivate           = "private"
)

// Project is a project. In an organization it belongs to a team.
type Project struct {
	GID          string
	WorkspaceGID string
	TeamGID      string
	OwnerGID     string
	Name         string
	Notes        string
	Color        string
	Archived     bool
	// PrivacySetting is one of the Privacy constants; empty means
	// public_to_workspace.
	PrivacySetting string
	// MemberGIDs are the users with explicit access to the project; each
	// has a Membership with an access level (access.go, SetAccessLevel).
	MemberGIDs   []string
	FollowerGIDs []string
	// SectionGIDs lists the project's sections in board/list order.
	SectionGIDs []string
	DueOn       string // YYYY-MM-DD or empty
	StartOn     string // YYYY-MM-DD or empty
	// CreatedFromTemplateGID is the project template it was instantiated
	// from, if any.
	CreatedFromTemplateGID string
	CreatedAt              time.Time
	ModifiedAt             time.Time
	// CustomFields holds the project's custom field values.
	CustomFields []CustomFieldValue
}

// Section is a section of a project.
type Section struct {
	GID        string
	ProjectGID string
	Name       string
	CreatedAt  time.Time
}

// TaskMembership places a task in a project, optionally in a section.
type TaskMembership struct {
	ProjectGID string
	SectionGID string
}

// Task is a task or subtask (ParentGID set).
type Task struct {
	GID             string
	WorkspaceGID    string
	Name            string
	ResourceSubtype string // default_task, milestone, section or approval; empty means default_task
	Notes           string
	AssigneeGID     string
	Completed       bool
	CompletedAt     time.Time // zero when not completed
	ParentGID       string
	// SubtaskGIDs lists subtasks in order; the fake maintains it.
	SubtaskGIDs  []string
	Memberships  []TaskMembership
	DueOn        string    // YYYY-MM-DD or empty
	DueAt        time.Time // zero when unset
	StartOn      string    // YYYY-MM-DD or empty
	FollowerGIDs []string
	// DependencyGIDs are the tasks this task waits on; DependentGIDs those
	// waiting on it. The fake keeps the two sides consistent.
	DependencyGIDs []string
	DependentGIDs  []string
	// AssigneeSectionGID is the section of the assignee's My Tasks list
	// the task was put in (user_task_lists.go); empty: the first.
	AssigneeSectionGID string
	// TagGIDs are the task's tags in the order they were added (tags.go).
	TagGIDs      []string
	CreatedByGID string
	CreatedAt    time.Time
	ModifiedAt   time.Time
	// Deleted tasks answer 404 but stay in storage (Asana keeps them in the
	// trash for a while).
	Deleted bool
	// CustomFields holds the task's custom field values (custom_field_values.go).
	CustomFields []CustomFieldValue
}

// Story is a comment or system story on a task, or a comment on a goal
// (GoalGID set, TaskGID empty).
type Story struct {
	GID             string
	TaskGID         string
	GoalGID         string
	CreatedByGID    string
	ResourceSubtype string // comment_added unless set
	Type            string // comment or system; derived from the subtype when empty
	Text            string
	IsPinned        bool
	CreatedAt       time.Time
}

// Attachment is an attachment's metadata (the fake stores no content).
type Attachment struct {
	GID             string
	ParentGID       string // the task or project
	Name            string
	ResourceSubtype string // asana, dropbox, gdrive, onedrive, box, vimeo or external
	Host            string
	Size            int64
	// DownloadURL, when set, is served as is; otherwise an attachment
	// with Content gets a fresh signed URL of the fake on every read.
	DownloadURL string
	ViewURL     string
	CreatedAt   time.Time
	// Content is an uploaded file's bytes (resource_subtype asana), served
	// at download_url; Size is its length when set. The fake never
	// changes it in place.
	Content []byte
}

// Organization export states.
const (
	ExportPending  = "pending"
	ExportStarted  = "started"
	ExportFinished = "finished"
	ExportError    = "error"
)

// OrganizationExport is a request for a full export of an organization. Its
// State moves with the fake's clock (the exports handlers decide how).
type OrganizationExport struct {
	GID             string
	OrganizationGID string
	RequestedByGID  string
	State           string
	CreatedAt       time.Time
	StartedAt       time.Time
	FinishedAt      time.Time
}

// clone returns copies of records whose slices the caller may keep, so that
// inspection results never alias the fake's storage.
func (w Workspace) clone() Workspace { w.EmailDomains = slices.Clone(w.EmailDomains); return w }
func (p Project) clone() Project {
	p.MemberGIDs = slices.Clone(p.MemberGIDs)
	p.FollowerGIDs = slices.Clone(p.FollowerGIDs)
	p.SectionGIDs = slices.Clone(p.SectionGIDs)
	p.CustomFields = cloneFieldValues(p.CustomFields)
	return p
}
func (t Task) clone() Task {
	t.SubtaskGIDs = slices.Clone(t.SubtaskGIDs)
	t.Memberships = slices.Clone(t.Memberships)
	t.FollowerGIDs = slices.Clone(t.FollowerGIDs)
	t.DependencyGIDs = slices.Clone(t.DependencyGIDs)
	t.DependentGIDs = slices.Clone(t.DependentGIDs)
	t.TagGIDs = slices.Clone(t.TagGIDs)
	t.CustomFields = cloneFieldValues(t.CustomFields)
	return t
}
