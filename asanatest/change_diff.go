package asanatest

import (
	"slices"
	"strings"
)

// The write-diff engine's comparisons: one diff per kind, each turning a
// record's before and after into Asana events and audit entries.

func (t *changeTracker) diffTask(g string) {
	b := t.tasks[g]
	cur := t.rq.st.tasks.get(g)
	if cur == nil {
		return
	}
	a := *cur
	ws := a.WorkspaceGID
	keys := taskKeys(&b, &a)
	res := t.taskRef(&a)
	ev := func(action string, parent *evRef, c *evChange) { t.event(ws, action, res, parent, c, keys...) }
	if b.GID == "" { // created
		for _, m := range a.Memberships {
			ev("added", t.projectRef(m.ProjectGID), nil)
		}
		if a.ParentGID != "" {
			ev("added", &evRef{Kind: "task", GID: a.ParentGID}, nil)
		}
		if len(a.Memberships) == 0 && a.ParentGID == "" {
			ev("added", nil, nil)
		}
		return
	}
	switch {
	case a.Deleted && !b.Deleted:
		ev("deleted", nil, nil)
		return
	case !a.Deleted && b.Deleted:
		ev("undeleted", nil, nil)
	}
	changed := func(field string, value *evRef) {
		ev("changed", nil, &evChange{field: field, action: "changed", value: value})
	}
	scalar := []struct {
		field string
		diff  bool
	}{
		{"name", a.Name != b.Name}, {"notes", a.Notes != b.Notes}, {"completed", a.Completed != b.Completed},
		{"due_on", a.DueOn != b.DueOn}, {"due_at", !a.DueAt.Equal(b.DueAt)}, {"start_on", a.StartOn != b.StartOn},
		{"resource_subtype", taskSubtype(&a) != taskSubtype(&b)},
	}
	for _, f := range scalar {
		if f.diff {
			changed(f.field, nil)
		}
	}
	if a.AssigneeGID != b.AssigneeGID {
		changed("assignee", t.userRef(a.AssigneeGID))
	}
	if !valuesEqual(a.CustomFields, b.CustomFields) {
		changed("custom_fields", nil)
	}
	if a.ParentGID != b.ParentGID {
		if b.ParentGID != "" {
			ev("removed", &evRef{Kind: "task", GID: b.ParentGID}, nil)
		}
		if a.ParentGID != "" {
			ev("added", &evRef{Kind: "task", GID: a.ParentGID}, nil)
		}
	}
	t.listChange(ev, "followers", b.FollowerGIDs, a.FollowerGIDs, t.userRef)
	taskRef := func(g string) *evRef { return &evRef{Kind: "task", GID: g} }
	t.listChange(ev, "dependencies", b.DependencyGIDs, a.DependencyGIDs, taskRef)
	t.listChange(ev, "dependents", b.DependentGIDs, a.DependentGIDs, taskRef)
	t.tagChanges(ev, b.TagGIDs, a.TagGIDs)
	// Project and section memberships: added to / removed from a parent.
	secOf := func(ms []TaskMembership, p string) (string, bool) {
		for _, m := range ms {
			if m.ProjectGID == p {
				return m.SectionGID, true
			}
		}
		return "", false
	}
	for _, m := range a.Memberships {
		sec, was := secOf(b.Memberships, m.ProjectGID)
		switch {
		case !was:
			ev("added", t.projectRef(m.ProjectGID), nil)
		case sec != m.SectionGID && m.SectionGID != "":
			ev("added", &evRef{Kind: "section", GID: m.SectionGID}, nil)
		}
	}
	for _, m := range b.Memberships {
		if _, still := secOf(a.Memberships, m.ProjectGID); !still {
			ev("removed", t.projectRef(m.ProjectGID), nil)
		}
	}
}

// listChange records the values added to and removed from a list field.
func (t *changeTracker) listChange(ev func(string, *evRef, *evChange), field string, before, after []string, ref func(string) *evRef) {
	for _, g := range after {
		if !slices.Contains(before, g) {
			ev("changed", nil, &evChange{field: field, action: "added", value: ref(g)})
		}
	}
	for _, g := range before {
		if !slices.Contains(after, g) {
			ev("changed", nil, &evChange{field: field, action: "removed", value: ref(g)})
		}
	}
}

func (t *changeTracker) diffProject(g string) {
	b := t.projects[g]
	st := t.rq.st
	cur := st.projects.get(g)
	keysOf := func(p *Project) []string { return []string{p.GID, p.TeamGID} }
	if cur == nil { // deleted
		if b.GID == "" {
			return
		}
		res := evRef{Kind: "project", GID: g, Name: b.Name}
		t.event(b.WorkspaceGID, "deleted", res, nil, nil, keysOf(&b)...)
		t.s.auditLocked(t.rq, b.WorkspaceGID, AuditProjectDeleted, "deletion",
			auditResource{Kind: "project", GID: g, Name: b.Name}, nil)
		// Its tasks left it; those left with no home were deleted.
		for _, tg := range t.projectTasks[g] {
			if x := st.tasks.get(tg); x != nil {
				if _, seen := t.tasks[tg]; !seen {
					before := x.clone()
					before.Deleted = false
					before.Memberships = append(before.Memberships, TaskMembership{ProjectGID: g})
					t.tasks[tg] = before
				}
			}
		}
		return
	}
	a := *cur
	res := evRef{Kind: "project", GID: g, Name: a.Name}
	ev := func(action string, parent *evRef, c *evChange) {
		t.event(a.WorkspaceGID, action, res, parent, c, keysOf(&a)...)
	}
	if b.GID == "" {
		if a.TeamGID != "" {
			ev("added", &evRef{Kind: "team", GID: a.TeamGID}, nil)
		} else {
			ev("added", &evRef{Kind: "workspace", GID: a.WorkspaceGID}, nil)
		}
		return
	}
	for _, f := range []struct {
		field string
		diff  bool
	}{
		{"name", a.Name != b.Name}, {"notes", a.Notes != b.Notes}, {"color", a.Color != b.Color},
		{"archived", a.Archived != b.Archived}, {"due_on", a.DueOn != b.DueOn}, {"start_on", a.StartOn != b.StartOn},
		{"privacy_setting", projectPrivacy(&a) != projectPrivacy(&b)},
		{"custom_fields", !valuesEqual(a.CustomFields, b.CustomFields)},
	} {
		if f.diff {
			ev("changed", nil, &evChange{field: f.field, action: "changed"})
		}
	}
	if a.OwnerGID != b.OwnerGID {
		ev("changed", nil, &evChange{field: "owner", action: "changed", value: t.userRef(a.OwnerGID)})
	}
	if a.TeamGID != b.TeamGID {
		ev("changed", nil, &evChange{field: "team", action: "changed", value: &evRef{Kind: "team", GID: a.TeamGID}})
	}
	t.listChange(ev, "members", b.MemberGIDs, a.MemberGIDs, t.userRef)
	t.listChange(ev, "followers", b.FollowerGIDs, a.FollowerGIDs, t.userRef)
}

func (t *changeTracker) diffSection(g string) {
	b := t.sections[g]
	st := t.rq.st
	cur := st.sections.get(g)
	wsOf := func(p string) string {
		if pr := st.projects.get(p); pr != nil {
			return pr.WorkspaceGID
		}
		return t.projects[p].WorkspaceGID
	}
	switch {
	case cur == nil && b.GID != "":
		if st.projects.get(b.ProjectGID) != nil { // not part of a project deletion
			t.event(wsOf(b.ProjectGID), "deleted", evRef{Kind: "section", GID: g, Name: b.Name}, nil, nil, g, b.ProjectGID)
		}
	case cur != nil && b.GID == "":
		t.event(wsOf(cur.ProjectGID), "added", evRef{Kind: "section", GID: g, Name: cur.Name}, t.projectRef(cur.ProjectGID), nil, g, cur.ProjectGID)
	case cur != nil && cur.Name != b.Name:
		t.event(wsOf(cur.ProjectGID), "changed", evRef{Kind: "section", GID: g, Name: cur.Name}, nil,
			&evChange{field: "name", action: "changed"}, g, cur.ProjectGID)
	}
}

func (t *changeTracker) diffStory(g string) {
	b := t.stories[g]
	st := t.rq.st
	cur := st.stories.get(g)
	x := cur
	if x == nil {
		x = &b
	}
	task := st.tasks.get(x.TaskGID)
	if task == nil || x.GID == "" {
		return
	}
	res := evRef{Kind: "story", GID: g, Subtype: storySubtype(x)}
	keys := append(taskKeys(task), g)
	switch {
	case cur == nil:
		t.event(task.WorkspaceGID, "removed", res, &evRef{Kind: "task", GID: task.GID, Name: task.Name}, nil, keys...)
	case b.GID == "":
		t.event(task.WorkspaceGID, "added", res, &evRef{Kind: "task", GID: task.GID, Name: task.Name}, nil, keys...)
	case cur.Text != b.Text:
		t.event(task.WorkspaceGID, "changed", res, nil, &evChange{field: "text", action: "changed"}, keys...)
	}
}

func (t *changeTracker) diffTeam(g string) {
	b := t.teams[g]
	cur := t.rq.st.teams.get(g)
	if cur == nil {
		return
	}
	res := evRef{Kind: "team", GID: g, Name: cur.Name}
	switch {
	case b.GID == "":
		t.event(cur.OrganizationGID, "added", res, &evRef{Kind: "workspace", GID: cur.OrganizationGID}, nil, g)
	case cur.Name != b.Name:
		t.event(cur.OrganizationGID, "changed", res, nil, &evChange{field: "name", action: "changed"}, g)
	case cur.Description != b.Description:
		t.event(cur.OrganizationGID, "changed", res, nil, &evChange{field: "description", action: "changed"}, g)
	}
}

// diffMemberships records users joining and leaving workspaces and teams,
// and the audit entries of workspace membership changes.
func (t *changeTracker) diffMemberships() {
	st := t.rq.st
	keys := make([][2]string, 0, len(t.wsMembers))
	for k := range t.wsMembers {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	for _, k := range keys {
		b, ws, user := t.wsMembers[k], k[0], k[1]
		a := st.membership(ws, user)
		was, is := b.GID != "" && b.IsActive, a != nil && a.IsActive
		u := st.users.get(user)
		if was == is || u == nil {
			continue
		}
		res := evRef{Kind: "user", GID: user, Name: u.Name}
		parent := &evRef{Kind: "workspace", GID: ws}
		ar := auditResource{Kind: "user", GID: user, Name: u.Name, Email: u.Email}
		switch {
		case is && b.GID == "":
			t.event(ws, "added", res, parent, nil, user)
			t.s.auditLocked(t.rq, ws, AuditUserInvited, "user", ar, nil)
		case is:
			t.event(ws, "added", res, parent, nil, user)
			t.s.auditLocked(t.rq, ws, AuditUserReprovisioned, "user", ar, nil)
		default:
			t.event(ws, "removed", res, parent, nil, user)
			t.s.auditLocked(t.rq, ws, AuditUserDeprovisioned, "user", ar, nil)
		}
	}
	tkeys := make([][2]string, 0, len(t.teamMembers))
	for k := range t.teamMembers {
		tkeys = append(tkeys, k)
	}
	slices.SortFunc(tkeys, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	for _, k := range tkeys {
		team := st.teams.get(k[0])
		u := st.users.get(k[1])
		was, is := t.teamMembers[k], st.teamMembership(k[0], k[1]) != nil
		if team == nil || u == nil || was == is {
			continue
		}
		action := "added"
		if !is {
			action = "removed"
		}
		t.event(team.OrganizationGID, action, evRef{Kind: "user", GID: u.GID, Name: u.Name},
			&evRef{Kind: "team", GID: team.GID, Name: team.Name}, nil, team.GID, u.GID)
	}
}
