package asana

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// defaultTaskFields are the opt_fields of task lists when the caller sets no
// Fields: every field a backup needs, and the references (with names where
// they help a reader) so that no follow-up GET per task is necessary.
// actual_time_minutes and external are left out: they need extra scopes or
// an OAuth app, and asking for them would fail for other tokens.
var defaultTaskFields = []string{
	"name", "resource_subtype", "approval_status", "assignee_status",
	"assignee", "assignee.name", "assignee_section", "assigned_by",
	"completed", "completed_at", "completed_by",
	"created_at", "created_by", "modified_at",
	"due_at", "due_on", "start_at", "start_on",
	"notes", "html_notes", "num_likes", "likes.user", "num_subtasks",
	"dependencies", "dependents",
	"memberships.project", "memberships.project.name",
	"memberships.section", "memberships.section.name",
	"parent", "parent.name", "projects", "projects.name", "tags", "tags.name",
	"followers", "workspace", "permalink_url", "is_rendered_as_separator",
	"custom_type", "custom_type.name", "custom_type_status_option", "custom_type_status_option.name",
	"custom_fields.name", "custom_fields.type", "custom_fields.resource_subtype",
	"custom_fields.representation_type", "custom_fields.display_value",
	"custom_fields.text_value", "custom_fields.number_value", "custom_fields.enum_value",
	"custom_fields.multi_enum_values", "custom_fields.date_value", "custom_fields.people_value",
}

// asanaTimeLayout is how date-times go into query strings: RFC 3339 with
// milliseconds, as in Asana's own examples ("2012-02-22T02:06:58.158Z").
const asanaTimeLayout = "2006-01-02T15:04:05.999Z07:00"

// Since is the value of a completed_since filter: tasks that are incomplete
// or were completed at or after Time. Now selects incomplete tasks only (it
// sends the keyword "now"). The zero Since sends nothing, which lists
// complete and incomplete tasks alike.
type Since struct {
	Time time.Time
	Now  bool
}

// IsZero reports whether s filters nothing.
func (s Since) IsZero() bool { return !s.Now && s.Time.IsZero() }

// EncodeValues lets go-querystring send s as "now" or a UTC RFC 3339 time.
func (s Since) EncodeValues(key string, v *url.Values) error {
	switch {
	case s.Now:
		v.Set(key, "now")
	case !s.Time.IsZero():
		v.Set(key, s.Time.UTC().Format(asanaTimeLayout))
	}
	return nil
}

// TaskListOptions filter Tasks.List (GET /tasks). Asana needs Project, Tag
// or Section, or else Assignee together with Workspace; List checks this
// before sending anything.
type TaskListOptions struct {
	// Project lists the tasks of a project.
	Project string `url:"project,omitempty"`
	// Section lists the tasks of a section (board or list).
	Section string `url:"section,omitempty"`
	// Tag lists the tasks with a tag. Asana's description of the endpoint
	// names it although the spec's parameter list omits it.
	Tag string `url:"tag,omitempty"`
	// Assignee ("me", an email or a user gid) must come with Workspace.
	Assignee  string `url:"assignee,omitempty"`
	Workspace string `url:"workspace,omitempty"`
	// CompletedSince keeps incomplete tasks and those completed since then.
	CompletedSince Since `url:"completed_since,omitempty"`
	// ModifiedSince keeps tasks modified at or after this time: the basis of
	// incremental backups. A task counts as modified when any of its
	// properties or associations change (stories included), not when a
	// subtask changes. It is sent in RFC 3339 with milliseconds.
	ModifiedSince time.Time `url:"modified_since,omitempty" layout:"2006-01-02T15:04:05.999Z07:00"`
	ListOptions
}

// TaskListForOptions are the options of the task lists of a project, a
// section and a user task list.
type TaskListForOptions struct {
	// CompletedSince keeps incomplete tasks and those completed since then;
	// Since{Now: true} lists incomplete tasks only.
	CompletedSince Since `url:"completed_since,omitempty"`
	ListOptions
}

// TaskMembershipRequest places a new task in a project and, optionally, one
// of its sections.
type TaskMembershipRequest struct {
	Project string `json:"project"`
	Section string `json:"section,omitempty"`
}

// TaskCreateRequest is the body of Tasks.Create and Tasks.CreateSubtask.
// Only the fields that are set are sent. A task needs a Workspace, unless
// Projects, Memberships or (for Create) Parent imply it.
type TaskCreateRequest struct {
	Name string `json:"name,omitempty"`
	// ResourceSubtype is "default_task", "milestone", "approval" or "custom".
	ResourceSubtype string `json:"resource_subtype,omitempty"`
	ApprovalStatus  string `json:"approval_status,omitempty"`
	AssigneeStatus  string `json:"assignee_status,omitempty"`
	Completed       bool   `json:"completed,omitempty"`
	// DueAt and DueOn are exclusive, as are StartAt and StartOn.
	DueAt     time.Time     `json:"due_at,omitzero"`
	DueOn     Date          `json:"due_on,omitzero"`
	StartAt   time.Time     `json:"start_at,omitzero"`
	StartOn   Date          `json:"start_on,omitzero"`
	External  *TaskExternal `json:"external,omitempty"`
	Notes     string        `json:"notes,omitempty"`
	HTMLNotes string        `json:"html_notes,omitempty"`
	Liked     bool          `json:"liked,omitempty"`
	// Assignee is a user gid, an email or "me".
	Assignee        string `json:"assignee,omitempty"`
	AssigneeSection string `json:"assignee_section,omitempty"`
	// CustomFields maps custom field gids to values: a string, a number, an
	// enum option gid, a slice of enum option gids (multi-enum), a slice of
	// user gids (people) or a {"date": "YYYY-MM-DD"} object (date).
	CustomFields map[string]any `json:"custom_fields,omitempty"`
	Parent       string         `json:"parent,omitempty"`
	Followers    []string       `json:"followers,omitempty"`
	Projects     []string       `json:"projects,omitempty"`
	// Memberships puts the task into sections at creation; afterwards use
	// Tasks.AddProject.
	Memberships []TaskMembershipRequest `json:"memberships,omitempty"`
	Tags        []string                `json:"tags,omitempty"`
	Workspace   string                  `json:"workspace,omitempty"`
}

// TaskUpdateRequest is the body of Tasks.Update: only non-nil fields are
// sent, so Ptr(false) or Ptr("") can be sent on purpose. For the nullable
// fields, the zero value clears the field (sends null): Ptr("") for
// Assignee, AssigneeSection, CustomType and CustomTypeStatusOption,
// Ptr(time.Time{}) for DueAt and StartAt, Ptr(Date{}) for DueOn and StartOn.
type TaskUpdateRequest struct {
	Name            *string       `json:"name,omitempty"`
	ResourceSubtype *string       `json:"resource_subtype,omitempty"`
	ApprovalStatus  *string       `json:"approval_status,omitempty"`
	AssigneeStatus  *string       `json:"assignee_status,omitempty"`
	Completed       *bool         `json:"completed,omitempty"`
	DueAt           *time.Time    `json:"due_at,omitempty"`
	DueOn           *Date         `json:"due_on,omitempty"`
	StartAt         *time.Time    `json:"start_at,omitempty"`
	StartOn         *Date         `json:"start_on,omitempty"`
	External        *TaskExternal `json:"external,omitempty"`
	Notes           *string       `json:"notes,omitempty"`
	HTMLNotes       *string       `json:"html_notes,omitempty"`
	Liked           *bool         `json:"liked,omitempty"`
	Assignee        *string       `json:"assignee,omitempty"`
	AssigneeSection *string       `json:"assignee_section,omitempty"`
	// CustomFields sets custom field values (see TaskCreateRequest); a nil
	// value clears a field.
	CustomFields           map[string]any `json:"custom_fields,omitempty"`
	CustomType             *string        `json:"custom_type,omitempty"`
	CustomTypeStatusOption *string        `json:"custom_type_status_option,omitempty"`
}

// MarshalJSON sends the zero value of a nullable field as null.
func (r TaskUpdateRequest) MarshalJSON() ([]byte, error) {
	type plain TaskUpdateRequest
	return json.Marshal(struct {
		plain
		DueAt                  *timeOrNull   `json:"due_at,omitempty"`
		StartAt                *timeOrNull   `json:"start_at,omitempty"`
		Assignee               *stringOrNull `json:"assignee,omitempty"`
		AssigneeSection        *stringOrNull `json:"assignee_section,omitempty"`
		CustomType             *stringOrNull `json:"custom_type,omitempty"`
		CustomTypeStatusOption *stringOrNull `json:"custom_type_status_option,omitempty"`
	}{
		plain(r),
		(*timeOrNull)(r.DueAt), (*timeOrNull)(r.StartAt),
		(*stringOrNull)(r.Assignee), (*stringOrNull)(r.AssigneeSection),
		(*stringOrNull)(r.CustomType), (*stringOrNull)(r.CustomTypeStatusOption),
	})
}

// timeOrNull encodes the zero time as null.
type timeOrNull time.Time

func (t timeOrNull) MarshalJSON() ([]byte, error) {
	if time.Time(t).IsZero() {
		return []byte("null"), nil
	}
	return time.Time(t).MarshalJSON()
}

// stringOrNull encodes "" as null.
type stringOrNull string

func (s stringOrNull) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(s))
}

// TaskDuplicateRequest is the body of Tasks.Duplicate.
type TaskDuplicateRequest struct {
	// Name is the name of the new task.
	Name string `json:"name"`
	// Include lists what to copy: "assignee", "attachments", "dates",
	// "dependencies", "followers", "notes", "parent", "projects",
	// "subtasks", "tags".
	Include []string `json:"-"`
}

// MarshalJSON sends Include as the comma-separated list Asana expects.
func (r TaskDuplicateRequest) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name    string `json:"name"`
		Include string `json:"include,omitempty"`
	}{r.Name, strings.Join(r.Include, ",")})
}

// TaskPosition places a task among others. Set at most one field; the zero
// TaskPosition means the end of the list.
type TaskPosition struct {
	// InsertBefore and InsertAfter name the task to place it next to.
	InsertBefore string
	InsertAfter  string
	// First puts the task at the beginning (it sends insert_after: null).
	First bool
}

func (p TaskPosition) validate() error {
	n := 0
	for _, set := range []bool{p.InsertBefore != "", p.InsertAfter != "", p.First} {
		if set {
			n++
		}
	}
	if n > 1 {
		return errors.New("set at most one of InsertBefore, InsertAfter and First")
	}
	return nil
}

// fields returns the insert_before / insert_after members of p.
func (p TaskPosition) fields() map[string]any {
	m := map[string]any{}
	switch {
	case p.InsertBefore != "":
		m["insert_before"] = p.InsertBefore
	case p.InsertAfter != "":
		m["insert_after"] = p.InsertAfter
	case p.First:
		m["insert_after"] = nil
	}
	return m
}

// TaskAddProjectRequest is the body of Tasks.AddProject.
type TaskAddProjectRequest struct {
	// Project is required.
	Project string
	// Section puts the task into this section of the project, at the end
	// unless Position says otherwise (an anchor task must be in Section).
	Section string
	// Position places the task in the project or section; it also reorders a
	// task that is already there.
	Position TaskPosition
}

// validate checks the project and the position's anchors.
func (r *TaskAddProjectRequest) validate() error {
	if strings.TrimSpace(r.Project) == "" {
		return errors.New("empty project gid")
	}
	return r.Position.validate()
}

// MarshalJSON sends only the set fields, and First as insert_after: null.
func (r TaskAddProjectRequest) MarshalJSON() ([]byte, error) {
	m := r.Position.fields()
	m["project"] = r.Project
	if r.Section != "" {
		m["section"] = r.Section
	}
	return json.Marshal(m)
}

// TaskSetParentRequest is the body of Tasks.SetParent.
type TaskSetParentRequest struct {
	// Parent is the new parent task; required (Tasks.RemoveParent removes it).
	Parent string
	// Position places the task among the parent's subtasks; anchors must be
	// subtasks of Parent.
	Position TaskPosition
}

// validate checks the parent and the position's anchors.
func (r *TaskSetParentRequest) validate() error {
	if strings.TrimSpace(r.Parent) == "" {
		return errors.New("empty parent gid (Tasks.RemoveParent removes the parent)")
	}
	return r.Position.validate()
}

// MarshalJSON sends only the set fields, and First as insert_after: null.
func (r TaskSetParentRequest) MarshalJSON() ([]byte, error) {
	m := r.Position.fields()
	m["parent"] = r.Parent
	return json.Marshal(m)
}

// check adds to r why Asana would reject o, the filter of GET /tasks, if
// it would.
func (o *TaskListOptions) check(r route) route {
	switch {
	case o == nil:
		r = r.fail("options required: set Project, Tag, Section, or Assignee and Workspace")
	case (o.Assignee == "") != (o.Workspace == ""):
		r = r.fail("Assignee and Workspace must be set together")
	case o.Project == "" && o.Tag == "" && o.Section == "" && o.Assignee == "":
		r = r.fail("set Project, Tag, Section, or Assignee and Workspace")
	}
	return r
}

// RemoveParent turns a subtask into a top-level task and returns it.
//
// asana:operation POST /tasks/{task_gid}/setParent
func (s *TasksService) RemoveParent(ctx context.Context, taskGID string, opts *GetOptions) (*Task, error) {
	r := routeTo("Tasks.RemoveParent", "/tasks/%s/setParent", "task gid", taskGID)
	return sendAt[Task](ctx, s.client, http.MethodPost, r, opts, map[string]any{"parent": nil})
}

// TaskSearchOptions are the filters of Tasks.Search. Lists of gids are sent
// comma-separated; user filters take gids, emails or "me". Unset fields are
// not sent. Parameters with a gid in their name (custom_fields.{gid}.value,
// custom_types.{gid}.custom_type_status_option.gid) and null filters
// ("due_on=null" for tasks without a due date) go into Extra.
type TaskSearchOptions struct {
	// Text searches task names and descriptions.
	Text string `url:"text,omitempty"`
	// ResourceSubtype is "default_task", "milestone", "approval" or "custom".
	ResourceSubtype string `url:"resource_subtype,omitempty"`

	AssigneeAny      []string `url:"assignee.any,comma,omitempty"`
	AssigneeNot      []string `url:"assignee.not,comma,omitempty"`
	PortfoliosAny    []string `url:"portfolios.any,comma,omitempty"`
	ProjectsAny      []string `url:"projects.any,comma,omitempty"`
	ProjectsNot      []string `url:"projects.not,comma,omitempty"`
	ProjectsAll      []string `url:"projects.all,comma,omitempty"`
	SectionsAny      []string `url:"sections.any,comma,omitempty"`
	SectionsNot      []string `url:"sections.not,comma,omitempty"`
	SectionsAll      []string `url:"sections.all,comma,omitempty"`
	TagsAny          []string `url:"tags.any,comma,omitempty"`
	TagsNot          []string `url:"tags.not,comma,omitempty"`
	TagsAll          []string `url:"tags.all,comma,omitempty"`
	TeamsAny         []string `url:"teams.any,comma,omitempty"`
	FollowersAny     []string `url:"followers.any,comma,omitempty"`
	FollowersNot     []string `url:"followers.not,comma,omitempty"`
	CreatedByAny     []string `url:"created_by.any,comma,omitempty"`
	CreatedByNot     []string `url:"created_by.not,comma,omitempty"`
	AssignedByAny    []string `url:"assigned_by.any,comma,omitempty"`
	AssignedByNot    []string `url:"assigned_by.not,comma,omitempty"`
	LikedByNot       []string `url:"liked_by.not,comma,omitempty"`
	CommentedOnByNot []string `url:"commented_on_by.not,comma,omitempty"`

	DueOn             Date      `url:"due_on,omitempty"`
	DueOnBefore       Date      `url:"due_on.before,omitempty"`
	DueOnAfter        Date      `url:"due_on.after,omitempty"`
	DueAtBefore       time.Time `url:"due_at.before,omitempty" layout:"2006-01-02T15:04:05.999Z07:00"`
	DueAtAfter        time.Time `url:"due_at.after,omitempty" layout:"2006-01-02T15:04:05.999Z07:00"`
	StartOn           Date      `url:"start_on,omitempty"`
	StartOnBefore     Date      `url:"start_on.before,omitempty"`
	StartOnAfter      Date      `url:"start_on.after,omitempty"`
	CreatedOn         Date      `url:"created_on,omitempty"`
	CreatedOnBefore   Date      `url:"created_on.before,omitempty"`
	CreatedOnAfter    Date      `url:"created_on.after,omitempty"`
	CreatedAtBefore   time.Time `url:"created_at.before,omitempty" layout:"2006-01-02T15:04:05.999Z07:00"`
	CreatedAtAfter    time.Time `url:"created_at.after,omitempty" layout:"2006-01-02T15:04:05.999Z07:00"`
	CompletedOn       Date      `url:"completed_on,omitempty"`
	CompletedOnBefore Date      `url:"completed_on.before,omitempty"`
	CompletedOnAfter  Date      `url:"completed_on.after,omitempty"`
	CompletedAtBefore time.Time `url:"completed_at.before,omitempty" layout:"2006-01-02T15:04:05.999Z07:00"`
	CompletedAtAfter  time.Time `url:"completed_at.after,omitempty" layout:"2006-01-02T15:04:05.999Z07:00"`
	ModifiedOn        Date      `url:"modified_on,omitempty"`
	ModifiedOnBefore  Date      `url:"modified_on.before,omitempty"`
	ModifiedOnAfter   Date      `url:"modified_on.after,omitempty"`
	ModifiedAtBefore  time.Time `url:"modified_at.before,omitempty" layout:"2006-01-02T15:04:05.999Z07:00"`
	ModifiedAtAfter   time.Time `url:"modified_at.after,omitempty" layout:"2006-01-02T15:04:05.999Z07:00"`

	// Tri-state filters: nil leaves them out, Ptr(false) sends false.
	IsBlocking    *bool `url:"is_blocking,omitempty"`
	IsBlocked     *bool `url:"is_blocked,omitempty"`
	HasAttachment *bool `url:"has_attachment,omitempty"`
	Completed     *bool `url:"completed,omitempty"`
	IsSubtask     *bool `url:"is_subtask,omitempty"`

	// SortBy is "due_date", "created_at", "completed_at", "likes",
	// "modified_at" (Asana's default) or "relevance".
	SortBy        string `url:"sort_by,omitempty"`
	SortAscending bool   `url:"sort_ascending,omitempty"`

	// Limit is the number of results, 1 to 100; 0 means 100.
	Limit int `url:"limit,omitempty"`
	// Fields selects the fields to return; empty means the task list
	// defaults.
	Fields []string `url:"opt_fields,comma,omitempty"`

	// Extra holds further query parameters, sent as given, such as
	// "custom_fields.12345.value" or "due_on": {"null"}. They replace
	// parameters of the same name set above.
	Extra url.Values `url:"-"`
}

// Search runs an advanced search in a workspace and returns at most
// opts.Limit (up to 100) tasks. Search needs a premium workspace or team
// (a 402 error otherwise) and its index lags writes by 10 to 60 seconds;
// List is strongly consistent.
//
// Search has no offset pagination, and the order of equal results may
// change between calls. SearchAll pages for you; by hand, sort by
// creation time and move a cursor:
// set SortBy "created_at" and SortAscending, and after each full page set
// CreatedAtAfter to the CreatedAt of the last task (ask for "created_at" in
// Fields if you set Fields), stopping at a page shorter than the limit.
// Tasks created in the same millisecond as the cursor may straddle pages:
// set the cursor a millisecond earlier and skip the gids already seen.
// SortBy "modified_at" with ModifiedAtAfter pages the same way through
// recent changes.
//
// asana:operation GET /workspaces/{workspace_gid}/tasks/search
func (s *TasksService) Search(ctx context.Context, workspaceGID string, opts *TaskSearchOptions) ([]Task, error) {
	r := routeTo("Tasks.Search", "/workspaces/%s/tasks/search", "workspace gid", workspaceGID)
	var extra url.Values
	if opts != nil {
		extra = opts.Extra
	}
	return searchAt[Task](ctx, s.client, r, opts, extra, defaultTaskFields)
}

// ErrSearchStuck ends a Tasks.SearchAll that cannot move past a point in
// time: more tasks than a page holds were created in the same millisecond,
// the server ignored the created_at.after filter, or it answered out of
// creation order.
var ErrSearchStuck = errors.New("asana: task search cannot page further")

// SearchAll returns the List of every task that matches opts, paged the
// way Asana recommends for its unpaginated search: sorted by creation
// time, each next request asks for tasks created after the last one seen
// (a millisecond earlier, skipping the tasks already yielded, so that tasks
// created in the same millisecond are not lost at a page boundary). It
// overrides opts.SortBy and SortAscending, keeps opts.CreatedAtAfter as the
// starting point, asks for "created_at" in addition to opts.Fields, and
// pages by opts.Limit (100 if 0). opts is not modified.
//
// A page's NextOffset is that cursor (the last creation time and the gids
// seen at it), so a search resumes from a checkpoint like any List.
//
// Like Search, it sees the search index, which lags writes by up to a
// minute or more; tasks created while it runs may or may not be included.
//
// asana:operation GET /workspaces/{workspace_gid}/tasks/search
func (s *TasksService) SearchAll(ctx context.Context, workspaceGID string, opts *TaskSearchOptions) *List[Task] {
	var o TaskSearchOptions
	if opts != nil {
		o = *opts
	}
	o.SortBy, o.SortAscending = "created_at", true
	if o.Limit <= 0 || o.Limit > MaxPageSize {
		o.Limit = MaxPageSize
	}
	if len(o.Fields) > 0 && !slices.Contains(o.Fields, "created_at") {
		o.Fields = append(slices.Clip(o.Fields), "created_at")
	}
	r := routeTo("Tasks.SearchAll", "/workspaces/%s/tasks/search", "workspace gid", workspaceGID)
	l := ListFunc[Task](ctx, func(ctx context.Context, offset string) (*Page[json.RawMessage], error) {
		cur, err := parseSearchCursor(offset)
		if err != nil {
			return nil, err
		}
		p := o
		if !cur.last.IsZero() {
			p.CreatedAtAfter = cur.last.Add(-time.Millisecond)
		}
		items, err := searchAt[json.RawMessage](ctx, s.client, r, &p, p.Extra, defaultTaskFields)
		if err != nil {
			return nil, err
		}
		page := &Page[json.RawMessage]{Items: items[:0:0]}
		var prev time.Time // created_at of the item before, on this page
		for _, it := range items {
			var t struct {
				GID       string    `json:"gid"`
				CreatedAt time.Time `json:"created_at"`
			}
			if err := json.Unmarshal(it, &t); err != nil {
				return nil, fmt.Errorf("asana: Tasks.SearchAll: decoding a task: %w", err)
			}
			if t.GID == "" || strings.Contains(t.GID, ",") {
				// The cursor lists gids with commas: such a gid would
				// resume as pieces, never matching the task again.
				return nil, fmt.Errorf("asana: Tasks.SearchAll: a task with gid %.64q", t.GID)
			}
			if t.CreatedAt.IsZero() {
				return nil, fmt.Errorf("asana: Tasks.SearchAll: task %s has no created_at", t.GID)
			}
			if t.CreatedAt.Before(prev) {
				// Skipping it as seen could lose a task: the server did
				// not sort as asked.
				return nil, fmt.Errorf("%w: results not in creation order (task %s)", ErrSearchStuck, t.GID)
			}
			prev = t.CreatedAt
			if t.CreatedAt.Before(cur.last) || (t.CreatedAt.Equal(cur.last) && cur.seen[t.GID]) {
				continue // on an earlier page
			}
			if !t.CreatedAt.Equal(cur.last) {
				cur.last = t.CreatedAt
				clear(cur.seen)
			}
			cur.seen[t.GID] = true
			page.Items = append(page.Items, it)
		}
		if len(items) < p.Limit {
			return page, nil
		}
		if len(page.Items) == 0 {
			return nil, fmt.Errorf("%w: %d tasks at %s", ErrSearchStuck, len(items), cur.last.Format(asanaTimeLayout))
		}
		page.NextOffset = cur.String()
		return page, nil
	})
	l.err = r.err
	return l
}

// searchCursor is where Tasks.SearchAll stands: the creation time of the
// last task yielded and the gids yielded with that time.
type searchCursor struct {
	last time.Time
	seen map[string]bool
}

// String encodes the cursor as an offset: "<created_at>,<gid>,<gid>...".
func (c searchCursor) String() string {
	gids := slices.Sorted(maps.Keys(c.seen))
	return strings.Join(append([]string{c.last.UTC().Format("2006-01-02T15:04:05.000000000Z")}, gids...), ",")
}

// parseSearchCursor decodes an offset of Tasks.SearchAll ("" is the
// start). An offset is untrusted (a checkpoint file): a bad time or an
// empty gid is an error; the gids only skip tasks already yielded.
func parseSearchCursor(offset string) (searchCursor, error) {
	c := searchCursor{seen: map[string]bool{}}
	if offset == "" {
		return c, nil
	}
	parts := strings.Split(offset, ",")
	t, err := time.Parse(time.RFC3339Nano, parts[0])
	if err != nil || len(parts) < 2 {
		return c, fmt.Errorf("asana: Tasks.SearchAll: invalid offset %.64q: want a creation time and gids", offset)
	}
	for _, g := range parts[1:] {
		if g == "" {
			return c, fmt.Errorf("asana: Tasks.SearchAll: invalid offset %.64q: an empty gid", offset)
		}
		c.seen[g] = true
	}
	c.last = t
	return c, nil
}
