package asanatest

import "html"

// kinds holds the projection of every resource kind. Kinds refer to each
// other (a task's assignee is a user), so they are allocated first and
// filled in by newKinds.
type kinds struct {
	workspace, user, workspaceMembership, team, teamMembership *kind
	project, section, task, story, attachment, export          *kind
	// embedded objects
	photo, taskMembership, taskCounts *kind
	// userTaskList is a member's "My Tasks", rendered from its workspace
	// membership (the fake does not model user task lists otherwise).
	userTaskList *kind
	// taskResource is task with an AsanaResource compact form.
	taskResource *kind
	// taskNamed is task with an AsanaNamedResource compact form (no
	// resource_subtype), for fields the spec types so (a webhook's resource).
	taskNamed *kind
	// goals, their metrics and relationships, time periods, status updates
	// (goals.go, time_periods.go, status_updates.go)
	goal, goalNamed, goalMetric, goalRelationship, timePeriod, statusUpdate, projectStatus *kind
	customFieldKinds
}

func (v *view) ref(k *kind, rec any, ok bool) any {
	if !ok {
		return nil
	}
	return ref{k: k, rec: rec}
}

// refTo is a reference to the stored record of kind k with that GID: nil
// when unset or gone (a deleted task is gone).
func (v *view) refTo(k *kind, gid string) any {
	if gid == "" {
		return nil
	}
	r := k.lookup(v.st, gid)
	return v.ref(k, r, r != nil)
}

// storedIn makes k look its records up in a table of the state.
func storedIn[T any](k *kind, table func(st *state) *table[T]) {
	k.lookup = func(st *state, gid string) any {
		if r := table(st).get(gid); r != nil {
			return r
		}
		return nil // not a typed nil
	}
}

// liveTaskLookup finds a task unless it is missing or deleted.
func liveTaskLookup(st *state, gid string) any {
	if t := st.liveTask(gid); t != nil {
		return t
	}
	return nil
}

// refs maps GIDs to references of kind k, dropping missing ones.
func (v *view) refs(k *kind, gids []string) []any {
	out := make([]any, 0, len(gids))
	for _, g := range gids {
		if r := v.refTo(k, g); r != nil {
			out = append(out, r)
		}
	}
	return out
}

func photoSizes() []string {
	return []string{"image_21x21", "image_27x27", "image_36x36", "image_60x60", "image_128x128", "image_1024x1024"}
}

func newKinds() *kinds {
	k := &kinds{}

	k.workspace = newKind("workspace", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "email_domains", "is_organization"},
		map[string]func(*view, *Workspace) any{
			"gid":             func(_ *view, w *Workspace) any { return w.GID },
			"name":            func(_ *view, w *Workspace) any { return w.Name },
			"email_domains":   func(_ *view, w *Workspace) any { return nonNil(w.EmailDomains) },
			"is_organization": func(_ *view, w *Workspace) any { return w.IsOrganization },
		})

	k.photo = newKind("", nil, photoSizes(), map[string]func(*view, *User) any{})
	for _, size := range photoSizes() {
		k.photo.fields[size] = field(func(_ *view, u *User) any { return u.Photo + "_" + size[len("image_"):] + ".png" })
	}

	k.user = newKind("user", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "email", "photo", "workspaces"},
		map[string]func(*view, *User) any{
			"gid":   func(_ *view, u *User) any { return u.GID },
			"name":  func(_ *view, u *User) any { return u.Name },
			"email": func(_ *view, u *User) any { return nullable(u.Email) },
			"photo": func(_ *view, u *User) any {
				if u.Photo == "" {
					return nil
				}
				return embed{k: k.photo, rec: u}
			},
			"workspaces": func(v *view, u *User) any {
				var out []any
				for _, mg := range v.st.wsMembersByUser[u.GID] {
					if m := v.st.wsMemberships.get(mg); m != nil && m.IsActive {
						out = append(out, v.refTo(v.kinds.workspace, m.WorkspaceGID))
					}
				}
				return nonNilAny(out)
			},
			"custom_fields": func(v *view, u *User) any { return v.userFieldValues(u) }, // user_custom_fields.go
		})

	k.workspaceMembership = newKind("workspace_membership",
		[]string{"resource_type", "user", "workspace"},
		[]string{"resource_type", "user", "workspace", "is_active", "is_admin", "is_guest", "is_view_only", "created_at"},
		map[string]func(*view, *WorkspaceMembership) any{
			"gid":            func(_ *view, m *WorkspaceMembership) any { return m.GID },
			"user":           func(v *view, m *WorkspaceMembership) any { return v.refTo(v.kinds.user, m.UserGID) },
			"workspace":      func(v *view, m *WorkspaceMembership) any { return v.refTo(v.kinds.workspace, m.WorkspaceGID) },
			"is_active":      func(_ *view, m *WorkspaceMembership) any { return m.IsActive },
			"is_admin":       func(_ *view, m *WorkspaceMembership) any { return m.IsAdmin },
			"is_guest":       func(_ *view, m *WorkspaceMembership) any { return m.IsGuest },
			"is_view_only":   func(_ *view, m *WorkspaceMembership) any { return m.IsViewOnly },
			"created_at":     func(_ *view, m *WorkspaceMembership) any { return m.CreatedAt },
			"vacation_dates": func(*view, *WorkspaceMembership) any { return nil },
			"user_task_list": func(_ *view, m *WorkspaceMembership) any { return ref{k: k.userTaskList, rec: m} },
		})

	// The spec's user_task_list is never null. Its GID is the membership's
	// with a leading 1: one more digit than any GID the fake allocates, so
	// it collides with none and stays the same across requests.
	k.userTaskList = newKind("user_task_list", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "owner", "workspace"},
		map[string]func(*view, *WorkspaceMembership) any{
			"gid":       func(_ *view, m *WorkspaceMembership) any { return "1" + m.GID },
			"name":      func(*view, *WorkspaceMembership) any { return "My Tasks" },
			"owner":     func(v *view, m *WorkspaceMembership) any { return v.refTo(v.kinds.user, m.UserGID) },
			"workspace": func(v *view, m *WorkspaceMembership) any { return v.refTo(v.kinds.workspace, m.WorkspaceGID) },
		})

	k.team = newKind("team", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "description", "html_description", "organization", "permalink_url", "visibility"},
		map[string]func(*view, *Team) any{
			"gid":              func(_ *view, t *Team) any { return t.GID },
			"name":             func(_ *view, t *Team) any { return t.Name },
			"description":      func(_ *view, t *Team) any { return t.Description },
			"html_description": func(_ *view, t *Team) any { return htmlBody(t.Description) },
			"organization":     func(v *view, t *Team) any { return v.refTo(v.kinds.workspace, t.OrganizationGID) },
			"permalink_url":    func(v *view, t *Team) any { return v.base + "/0/" + t.GID + "/list" },
			"visibility":       func(_ *view, t *Team) any { return teamVisibility(t) },
		})
	addTeamSettingFields(k.team) // team_settings.go

	k.teamMembership = newKind("team_membership",
		[]string{"resource_type", "user", "team", "is_guest", "is_limited_access", "is_admin"},
		[]string{"resource_type", "user", "team", "is_guest", "is_limited_access", "is_admin"},
		map[string]func(*view, *TeamMembership) any{
			"gid":               func(_ *view, m *TeamMembership) any { return m.GID },
			"user":              func(v *view, m *TeamMembership) any { return v.refTo(v.kinds.user, m.UserGID) },
			"team":              func(v *view, m *TeamMembership) any { return v.refTo(v.kinds.team, m.TeamGID) },
			"is_guest":          func(_ *view, m *TeamMembership) any { return m.IsGuest },
			"is_limited_access": func(_ *view, m *TeamMembership) any { return m.IsLimitedAccess },
			"is_admin":          func(_ *view, m *TeamMembership) any { return m.IsAdmin },
		})

	// The kinds below render what phase 1 stores; the helpers who own
	// their endpoints extend the field maps.
	k.project = newKind("project", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "archived", "color", "created_at", "modified_at", "notes", "owner", "team", "workspace", "members", "followers", "privacy_setting", "public", "due_on", "start_on", "permalink_url", "html_notes", "default_view", "completed", "completed_at"},
		map[string]func(*view, *Project) any{
			"gid":                   func(_ *view, p *Project) any { return p.GID },
			"name":                  func(_ *view, p *Project) any { return p.Name },
			"archived":              func(_ *view, p *Project) any { return p.Archived },
			"color":                 func(_ *view, p *Project) any { return nullable(p.Color) },
			"created_at":            func(_ *view, p *Project) any { return p.CreatedAt },
			"modified_at":           func(_ *view, p *Project) any { return p.ModifiedAt },
			"notes":                 func(_ *view, p *Project) any { return p.Notes },
			"owner":                 func(v *view, p *Project) any { return v.refTo(v.kinds.user, p.OwnerGID) },
			"created_from_template": func(v *view, p *Project) any { return v.refTo(projectTemplateKind, p.CreatedFromTemplateGID) },
			"team":                  func(v *view, p *Project) any { return v.refTo(v.kinds.team, p.TeamGID) },
			"workspace":             func(v *view, p *Project) any { return v.refTo(v.kinds.workspace, p.WorkspaceGID) },
			"members":               func(v *view, p *Project) any { return v.refs(v.kinds.user, p.MemberGIDs) },
			"followers":             func(v *view, p *Project) any { return v.refs(v.kinds.user, p.FollowerGIDs) },
			"privacy_setting":       func(_ *view, p *Project) any { return projectPrivacy(p) },
			"public":                func(_ *view, p *Project) any { return projectPrivacy(p) == PrivacyPublicToWorkspace },
			"due_on":                func(_ *view, p *Project) any { return nullable(p.DueOn) },
			"start_on":              func(_ *view, p *Project) any { return nullable(p.StartOn) },
			"permalink_url":         func(v *view, p *Project) any { return v.base + "/0/" + p.GID + "/list" },
			"html_notes":            func(_ *view, p *Project) any { return htmlBody(p.Notes) },
			"default_view":          func(*view, *Project) any { return "list" },
			"completed":             func(*view, *Project) any { return false },
			"completed_at":          func(*view, *Project) any { return nil },
			"custom_fields":         func(v *view, p *Project) any { return v.fieldValues(projectFieldGIDs(p), p.CustomFields) },
			"custom_field_settings": func(v *view, p *Project) any { return v.settingsOf(p.GID) },
			"icon":                  func(*view, *Project) any { return nil },
		})

	k.section = newKind("section", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "created_at", "project"},
		map[string]func(*view, *Section) any{
			"gid":        func(_ *view, s *Section) any { return s.GID },
			"name":       func(_ *view, s *Section) any { return s.Name },
			"created_at": func(_ *view, s *Section) any { return s.CreatedAt },
			"project":    func(v *view, s *Section) any { return v.refTo(v.kinds.project, s.ProjectGID) },
		})

	k.taskMembership = newKind("", nil, []string{"project", "section"},
		map[string]func(*view, *TaskMembership) any{
			"project": func(v *view, m *TaskMembership) any { return v.refTo(v.kinds.project, m.ProjectGID) },
			"section": func(v *view, m *TaskMembership) any { return v.refTo(v.kinds.section, m.SectionGID) },
		})

	k.task = newKind("task", []string{"resource_type", "name", "resource_subtype"},
		[]string{"resource_type", "name", "resource_subtype", "assignee", "assignee_section", "completed", "completed_at", "created_at", "modified_at", "due_on", "due_at", "start_on", "notes", "html_notes", "created_by", "parent", "memberships", "projects", "followers", "dependencies", "dependents", "tags", "workspace", "num_subtasks", "permalink_url"},
		map[string]func(*view, *Task) any{
			"gid":              func(_ *view, t *Task) any { return t.GID },
			"name":             func(_ *view, t *Task) any { return t.Name },
			"resource_subtype": func(_ *view, t *Task) any { return taskSubtype(t) },
			"assignee":         func(v *view, t *Task) any { return v.refTo(v.kinds.user, t.AssigneeGID) },
			"completed":        func(_ *view, t *Task) any { return t.Completed },
			"completed_at":     func(_ *view, t *Task) any { return t.CompletedAt },
			"created_at":       func(_ *view, t *Task) any { return t.CreatedAt },
			"modified_at":      func(_ *view, t *Task) any { return t.ModifiedAt },
			"created_by": func(v *view, t *Task) any {
				if t.CreatedByGID == "" {
					return nil
				}
				return map[string]any{"gid": t.CreatedByGID, "resource_type": "user"}
			},
			"due_on":   func(_ *view, t *Task) any { return nullable(t.DueOn) },
			"due_at":   func(_ *view, t *Task) any { return t.DueAt },
			"start_on": func(_ *view, t *Task) any { return nullable(t.StartOn) },
			"notes":    func(_ *view, t *Task) any { return t.Notes },
			"parent":   func(v *view, t *Task) any { return v.refTo(v.kinds.task, t.ParentGID) },
			"memberships": func(v *view, t *Task) any {
				out := make([]any, len(t.Memberships))
				for i := range t.Memberships {
					out[i] = embed{k: k.taskMembership, rec: &t.Memberships[i]}
				}
				return out
			},
			"projects": func(v *view, t *Task) any {
				out := make([]any, 0, len(t.Memberships))
				for _, m := range t.Memberships {
					if r := v.refTo(v.kinds.project, m.ProjectGID); r != nil {
						out = append(out, r)
					}
				}
				return out
			},
			"followers": func(v *view, t *Task) any { return v.refs(v.kinds.user, t.FollowerGIDs) },
			"workspace": func(v *view, t *Task) any { return v.refTo(v.kinds.workspace, t.WorkspaceGID) },
			"num_subtasks": func(v *view, t *Task) any {
				n := 0
				for _, g := range t.SubtaskGIDs {
					if v.st.liveTask(g) != nil {
						n++
					}
				}
				return n
			},
			"permalink_url":            func(v *view, t *Task) any { return v.base + "/0/0/" + t.GID },
			"html_notes":               func(_ *view, t *Task) any { return htmlBody(t.Notes) },
			"dependencies":             func(v *view, t *Task) any { return v.refs(v.kinds.taskResource, t.DependencyGIDs) },
			"dependents":               func(v *view, t *Task) any { return v.refs(v.kinds.taskResource, t.DependentGIDs) },
			"tags":                     func(v *view, t *Task) any { return v.refs(tagKind, t.TagGIDs) },
			"assignee_section":         func(v *view, t *Task) any { return v.assigneeSection(t) },
			"custom_fields":            func(v *view, t *Task) any { return v.fieldValues(v.st.taskFieldGIDs(t), t.CustomFields) },
			"num_likes":                func(*view, *Task) any { return 0 },
			"liked":                    func(*view, *Task) any { return false },
			"hearted":                  func(*view, *Task) any { return false },
			"num_hearts":               func(*view, *Task) any { return 0 },
			"is_rendered_as_separator": func(*view, *Task) any { return false },
			"approval_status": func(_ *view, t *Task) any {
				if taskSubtype(t) != "approval" {
					return nil
				}
				if t.Completed {
					return "approved"
				}
				return "pending"
			},
		})

	k.taskCounts = newKind("", nil, nil, map[string]func(*view, *taskCounts) any{
		"num_tasks":                 func(_ *view, c *taskCounts) any { return c.tasks },
		"num_incomplete_tasks":      func(_ *view, c *taskCounts) any { return c.tasks - c.completed },
		"num_completed_tasks":       func(_ *view, c *taskCounts) any { return c.completed },
		"num_milestones":            func(_ *view, c *taskCounts) any { return c.milestones },
		"num_incomplete_milestones": func(_ *view, c *taskCounts) any { return c.milestones - c.completedMilestones },
		"num_completed_milestones":  func(_ *view, c *taskCounts) any { return c.completedMilestones },
	})

	tr := *k.task
	tr.compact = []string{"resource_type"}
	k.taskResource = &tr
	tn := *k.task
	tn.compact = []string{"resource_type", "name"}
	k.taskNamed = &tn

	k.story = newKind("story", []string{"resource_type", "created_at", "created_by", "resource_subtype", "text"},
		[]string{"resource_type", "created_at", "created_by", "resource_subtype", "text", "html_text", "type", "is_pinned", "is_edited", "target"},
		map[string]func(*view, *Story) any{
			"gid":              func(_ *view, s *Story) any { return s.GID },
			"created_at":       func(_ *view, s *Story) any { return s.CreatedAt },
			"created_by":       func(v *view, s *Story) any { return v.refTo(v.kinds.user, s.CreatedByGID) },
			"resource_subtype": func(_ *view, s *Story) any { return storySubtype(s) },
			"text":             func(_ *view, s *Story) any { return s.Text },
			"type":             func(_ *view, s *Story) any { return storyType(s) },
			"is_pinned":        func(_ *view, s *Story) any { return s.IsPinned },
			"target": func(v *view, s *Story) any {
				if s.GoalGID != "" {
					return v.refTo(v.kinds.goalNamed, s.GoalGID)
				}
				return v.refTo(v.kinds.task, s.TaskGID)
			},
			"html_text":    func(_ *view, s *Story) any { return htmlBody(s.Text) },
			"is_edited":    func(*view, *Story) any { return false },
			"num_likes":    func(*view, *Story) any { return 0 },
			"liked":        func(*view, *Story) any { return false },
			"hearted":      func(*view, *Story) any { return false },
			"previews":     func(*view, *Story) any { return []any{} },
			"source":       func(*view, *Story) any { return "api" },
			"sticker_name": func(*view, *Story) any { return nil },
		})

	k.attachment = newKind("attachment", []string{"resource_type", "name", "resource_subtype"},
		[]string{"resource_type", "name", "resource_subtype", "created_at", "download_url", "host", "parent", "size", "view_url"},
		map[string]func(*view, *Attachment) any{
			"gid":              func(_ *view, a *Attachment) any { return a.GID },
			"name":             func(_ *view, a *Attachment) any { return a.Name },
			"resource_subtype": func(_ *view, a *Attachment) any { return nullable(a.ResourceSubtype) },
			"created_at":       func(_ *view, a *Attachment) any { return a.CreatedAt },
			"download_url":     func(v *view, a *Attachment) any { return nullable(v.attachmentDownloadURL(a)) },
			"host":             func(_ *view, a *Attachment) any { return nullable(a.Host) },
			"parent": func(v *view, a *Attachment) any {
				if r := v.refTo(v.kinds.task, a.ParentGID); r != nil {
					return r
				}
				if r := v.refTo(projectBriefKind, a.ParentGID); r != nil {
					return r
				}
				return v.refTo(v.kinds.project, a.ParentGID)
			},
			"permanent_url":    func(v *view, a *Attachment) any { return v.base + "/app/asana/-/get_asset?asset_id=" + a.GID },
			"connected_to_app": func(*view, *Attachment) any { return false },
			"size":             func(_ *view, a *Attachment) any { return a.Size },
			"view_url":         func(_ *view, a *Attachment) any { return nullable(a.ViewURL) },
		})

	k.export = newKind("organization_export", []string{"resource_type", "created_at", "download_url", "state", "organization"},
		[]string{"resource_type", "created_at", "download_url", "state", "organization"},
		// An export renders as seen at one moment (organization_exports.go):
		// its state then, and a download URL signed for an hour from then.
		map[string]func(*view, *exportAt) any{
			"gid":          func(_ *view, e *exportAt) any { return e.GID },
			"created_at":   func(_ *view, e *exportAt) any { return e.CreatedAt },
			"state":        func(_ *view, e *exportAt) any { return e.State },
			"organization": func(v *view, e *exportAt) any { return v.refTo(v.kinds.workspace, e.OrganizationGID) },
			"download_url": func(v *view, e *exportAt) any { return nullable(e.downloadURL) },
		})
	storedIn(k.workspace, func(st *state) *table[Workspace] { return &st.workspaces })
	storedIn(k.user, func(st *state) *table[User] { return &st.users })
	storedIn(k.workspaceMembership, func(st *state) *table[WorkspaceMembership] { return &st.wsMemberships })
	storedIn(k.team, func(st *state) *table[Team] { return &st.teams })
	storedIn(k.teamMembership, func(st *state) *table[TeamMembership] { return &st.teamMemberships })
	storedIn(k.project, func(st *state) *table[Project] { return &st.projects })
	storedIn(k.section, func(st *state) *table[Section] { return &st.sections })
	storedIn(k.story, func(st *state) *table[Story] { return &st.stories })
	storedIn(k.attachment, func(st *state) *table[Attachment] { return &st.attachments })
	k.task.lookup, k.taskResource.lookup, k.taskNamed.lookup = liveTaskLookup, liveTaskLookup, liveTaskLookup
	k.addTimePeriodKinds()
	k.addGoalKinds()
	k.addGoalRelationshipKind()
	k.addStatusUpdateKinds()
	k.addCustomFieldKinds()
	k.addProjectBriefFields()
	k.addTimeTrackingFields()
	k.addReactionFields() // reactions.go
	k.addUnmodelled()
	return k
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilAny(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

func htmlBody(s string) string {
	if s == "" {
		return ""
	}
	return "<body>" + html.EscapeString(s) + "</body>"
}

func teamVisibility(t *Team) string {
	if t.Visibility == "" {
		return VisibilityRequestToJoin
	}
	return t.Visibility
}

func projectPrivacy(p *Project) string {
	if p.PrivacySetting == "" {
		return PrivacyPublicToWorkspace
	}
	return p.PrivacySetting
}

func taskSubtype(t *Task) string {
	if t.ResourceSubtype == "" {
		return "default_task"
	}
	return t.ResourceSubtype
}

func storySubtype(s *Story) string {
	if s.ResourceSubtype == "" {
		return "comment_added"
	}
	return s.ResourceSubtype
}

func storyType(s *Story) string {
	if s.Type != "" {
		return s.Type
	}
	if storySubtype(s) == "comment_added" {
		return "comment"
	}
	return "system"
}
