package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/asanakit/asana-go/asana"
)

// backupKind is one kind of object a backup keeps in a file of its own,
// <name>.jsonl at the top of the snapshot. Adding a kind to backups is
// one entry in backupKinds (and its fields); the projects' own files
// (sections, tasks, stories, attachments) are project.go's.
type backupKind struct {
	// name is the unit, the file (name + ".jsonl") and the manifest's kind.
	name string
	// op is the typed method read (asana.RawRouteOf): a list, or with get
	// one object.
	op  string
	get bool
	// each, when set, is the kind whose objects each have a list (or an
	// object) of this kind: the file holds them parent by parent, in the
	// parent file's order. Empty: one list of the organization.
	each string
	// ref is the field of the parent object that holds the gid read (the
	// project_brief of a project); empty for the parent's own gid. A
	// parent whose ref is empty has nothing of this kind.
	ref string
	// when, if set, is a field of the parent object (a reference) that is
	// null when the parent has nothing of this kind: such a parent costs
	// no request (a project without a current status update has no
	// status updates).
	when string
	// param is the query parameter that carries the gid read (workspace,
	// parent, project); empty when it is the route's path argument.
	param string
	// query holds fixed parameters.
	query url.Values
	// fields are the opt_fields asked for: every field the backup keeps.
	// None for an endpoint without opt_fields (the audit log).
	fields []string
	// optional kinds may be out of the token's reach (a 402 on a plan
	// without the feature, a 403 without the scope, a 404 for a parent
	// gone since): such a list is left out and named in Manifest.Skipped.
	optional bool
	// keep, when set, drops the objects it refuses.
	keep func(line []byte) bool
	// attachments are left out (the file is empty) with AttachmentsNone.
	attachments bool
	// parentKey, when set, is a field added to every object, {"gid": ...}
	// of its parent, for lists whose objects do not name it (a
	// portfolio's items).
	parentKey string
	// reuse, when set, is the field of an object naming its parent (the
	// gid read; "gid" for the object's own): an incremental run may copy
	// an unchanged parent's objects from the base (reuse.go).
	reuse string
	// since, when set, is the query parameter bounding the list's
	// created_at from below, for an append-only log of the organization:
	// an incremental run copies the base's objects and asks only for the
	// newer ones (appendlog.go).
	since string
	// after, when set, is a kind that must be done before this one
	// besides its parents (the placement lists My Tasks derives from).
	after string
	// derive, when set, writes a parent's objects without listing them
	// where it can, reporting false where the list is to be requested.
	derive func(r *run, ctx context.Context, k backupKind, parent string, w *jsonlWriter) (bool, error)
}

// backupKinds is every kind a backup keeps besides the projects' files, in
// no particular order: a kind runs once the kind of its parents is done.
var backupKinds = []backupKind{
	{name: unitWorkspaceMemberships, op: "WorkspaceMemberships.ListForWorkspace", fields: workspaceMembershipFields},
	{name: unitUsers, op: "Users.List", param: "workspace", fields: userFields},
	{name: unitTeams, op: "Teams.ListForWorkspace", fields: teamFields},
	{name: unitProjects, op: "Projects.ListForWorkspace", fields: projectFields},
	{name: "custom_fields", op: "CustomFields.ListForWorkspace", fields: customFieldFields, optional: true},
	{name: "tags", op: "Tags.ListForWorkspace", fields: tagFields},
	{name: "portfolios", op: "Portfolios.List", param: "workspace", fields: portfolioFields, optional: true},
	{name: "goals", op: "Goals.List", param: "workspace", fields: goalFields, optional: true},
	{name: "time_periods", op: "TimePeriods.List", param: "workspace", fields: timePeriodFields, optional: true},
	{name: "webhooks", op: "Webhooks.List", param: "workspace", fields: webhookFields, optional: true},
	// The audit log (Asana keeps 90 days; it has no opt_fields): a request
	// per 100 events, whole in a full run, only the events since the
	// base's newest in an incremental one (appendlog.go). Only a service
	// account of an Enterprise+ organization may read it, so a 402 or 403
	// leaves it out.
	{name: "audit_log_events", op: "AuditLog.List", optional: true, since: "start_at"},

	{name: unitTeamMemberships, op: "TeamMemberships.ListForTeam", each: unitTeams, fields: teamMembershipFields},
	{name: "project_templates", op: "ProjectTemplates.ListForTeam", each: unitTeams, fields: projectTemplateFields, optional: true},
	{name: "project_memberships", op: "Memberships.List", each: unitProjects, param: "parent", fields: membershipFields, optional: true, reuse: "parent"},
	{name: "project_custom_field_settings", op: "CustomFieldSettings.ListForProject", each: unitProjects, fields: customFieldSettingFields, optional: true, reuse: "parent"},
	{name: "project_status_updates", op: "StatusUpdates.List", each: unitProjects, when: "current_status_update", param: "parent", fields: statusUpdateFields, optional: true, reuse: "parent"},
	{name: "project_briefs", op: "ProjectBriefs.Get", get: true, each: unitProjects, ref: "project_brief", fields: projectBriefFields, optional: true},
	{name: "project_attachments", op: "Attachments.List", each: unitProjects, param: "parent", fields: attachmentFields, optional: true, attachments: true, reuse: "parent"},
	{name: "task_templates", op: "TaskTemplates.List", each: unitProjects, param: "project", fields: taskTemplateFields, optional: true, reuse: "project"},
	{name: "portfolio_items", op: "Portfolios.ListItems", each: "portfolios", fields: portfolioItemFields, optional: true, parentKey: "portfolio"},
	{name: "portfolio_memberships", op: "Memberships.List", each: "portfolios", param: "parent", fields: membershipFields, optional: true},
	{name: "portfolio_custom_field_settings", op: "CustomFieldSettings.ListForPortfolio", each: "portfolios", fields: customFieldSettingFields, optional: true},
	{name: "portfolio_status_updates", op: "StatusUpdates.List", each: "portfolios", when: "current_status_update", param: "parent", fields: statusUpdateFields, optional: true},
	{name: "goal_relationships", op: "GoalRelationships.List", each: "goals", param: "supported_goal", fields: goalRelationshipFields, optional: true},
	{name: "goal_stories", op: "Stories.ListForGoal", each: "goals", fields: storyFields, optional: true},
	{name: "goal_status_updates", op: "StatusUpdates.List", each: "goals", when: "current_status_update", param: "parent", fields: statusUpdateFields, optional: true},
	{name: "user_task_list_sections", op: "Sections.ListForProject", each: unitWorkspaceMemberships, ref: "user_task_list", fields: sectionFields, optional: true},
	{name: "user_task_list_tasks", op: "Tasks.ListForUserTaskList", each: unitWorkspaceMemberships, ref: "user_task_list", fields: taskFields, optional: true, keep: onlyInMyTasks,
		after: "user_task_list_section_tasks", derive: (*run).myTasksOnly},

	// The placement; modified_at, parent and memberships let an
	// incremental run derive user_task_list_tasks from it (mytasks.go).
	{name: "user_task_list_section_tasks", op: "Tasks.ListForSection", each: "user_task_list_sections", fields: placementFields, optional: true, parentKey: "section"},
	{name: "user_task_list_task_stories", op: "Stories.ListForTask", each: "user_task_list_tasks", fields: storyFields, optional: true},
	{name: "user_task_list_task_attachments", op: "Attachments.List", each: "user_task_list_tasks", param: "parent", fields: attachmentFields, optional: true, attachments: true},
	{name: "user_task_list_subtasks", op: "Tasks.ListSubtasks", each: "user_task_list_tasks", fields: taskFields, optional: true},
	{name: "brief_attachments", op: "Attachments.List", each: "project_briefs", param: "parent", fields: attachmentFields, optional: true, attachments: true},
}

// kindLevels orders backupKinds in waves: the kinds of the organization,
// then those whose parents are in an earlier wave. A kind whose parent is
// no kind is a programming error.
func kindLevels(kinds []backupKind) ([][]backupKind, error) {
	level := map[string]int{}
	var levels [][]backupKind
	for placed := 0; placed < len(kinds); {
		var wave []backupKind
		for _, k := range kinds {
			if _, ok := level[k.name]; ok {
				continue
			}
			if placedBefore(level, k.each, len(levels)) && placedBefore(level, k.after, len(levels)) {
				wave = append(wave, k)
			}
		}
		if len(wave) == 0 {
			return nil, errors.New("export: backup kinds whose parent kind is not in the table")
		}
		for _, k := range wave {
			level[k.name] = len(levels)
		}
		levels = append(levels, wave)
		placed += len(wave)
	}
	return levels, nil
}

// placedBefore reports whether kind name (none when empty) is in a wave
// before wave n.
func placedBefore(level map[string]int, name string, n int) bool {
	l, ok := level[name]
	return name == "" || ok && l < n
}

// onlyInMyTasks keeps the tasks of a user task list that are in no project
// and have no parent: every other task is in a project's files already.
func onlyInMyTasks(line []byte) bool {
	var t struct {
		Parent      *ref              `json:"parent"`
		Memberships []json.RawMessage `json:"memberships"`
	}
	return json.Unmarshal(line, &t) == nil && t.Parent == nil && len(t.Memberships) == 0
}

// kindUnit writes the file of one kind.
func (r *run) kindUnit(ctx context.Context, k backupKind) (unitDone, error) {
	var omitted []Skipped
	u, err := r.fileUnit(k.name+".jsonl", k.name, func(w *jsonlWriter) error {
		if k.attachments && r.b.Attachments == AttachmentsNone {
			return nil
		}
		prev := r.reusable(k)
		if k.each == "" {
			err := r.appendOrList(ctx, k, w)
			if s, ok := k.skip(err, ""); ok {
				omitted = append(omitted, s)
				return nil
			}
			return err
		}
		rel := k.each + ".jsonl"
		return eachLine(r.snap, rel, func(line []byte) error {
			parent, err := refGID(line, k.ref)
			if err != nil {
				return fmt.Errorf("export: %s: %w", rel, err)
			}
			if parent == "" && k.ref != "" {
				return nil // nothing of this kind (no brief, no My Tasks)
			}
			if k.when != "" {
				if g, err := refGID(line, k.when); err != nil || g == "" {
					return err // nothing of this kind, or a broken line
				}
			}
			if err := checkGID(strings.TrimSuffix(k.each, "s"), parent); err != nil {
				return fmt.Errorf("export: %s: %w", rel, err)
			}
			if objs, ok := prev.lookup(r, line, parent); ok {
				return r.copyObjects(w, objs)
			}
			if k.derive != nil {
				if ok, err := k.derive(r, ctx, k, parent, w); ok || err != nil {
					return err
				}
			}
			err = r.kindList(ctx, k, parent, w)
			if s, ok := k.skip(err, parent); ok {
				omitted = append(omitted, s)
				return nil
			}
			return err
		})
	})
	u.Omitted = omitted
	return u, err
}

// skip reports whether err leaves the list of parent out rather than
// stopping the run, and how the manifest names it.
func (k backupKind) skip(err error, parent string) (Skipped, bool) {
	var ae *asana.Error
	if !k.optional || !errors.As(err, &ae) {
		return Skipped{}, false
	}
	switch ae.StatusCode {
	case http.StatusPaymentRequired, http.StatusForbidden, http.StatusNotFound:
		return Skipped{Kind: k.name, Parent: parent, Status: ae.StatusCode, Error: ae.Error()}, true
	}
	return Skipped{}, false
}

// kindList writes the objects of kind k that gid (the organization, or
// a parent) has.
func (r *run) kindList(ctx context.Context, k backupKind, gid string, w *jsonlWriter) error {
	q := url.Values{}
	if len(k.fields) > 0 {
		q.Set("opt_fields", strings.Join(k.fields, ","))
	}
	for key, v := range k.query {
		q[key] = v
	}
	var rt asana.RawRoute
	if k.param != "" {
		q.Set(k.param, gid)
		rt = asana.RawRouteOf(k.op)
	} else {
		rt = asana.RawRouteOf(k.op, gid)
	}
	write := func(items []json.RawMessage) error {
		for _, it := range items {
			if k.parentKey != "" {
				var obj map[string]json.RawMessage
				if err := json.Unmarshal(it, &obj); err != nil {
					return err
				}
				obj[k.parentKey] = json.RawMessage(`{"gid":"` + gid + `"}`) // gid passed checkGID
				var err error
				if it, err = json.Marshal(obj); err != nil {
					return err
				}
			}
			line, err := canonicalLine(it)
			if err != nil {
				return err
			}
			if k.keep != nil && !k.keep(line) {
				continue
			}
			if err := w.writeLine(line); err != nil {
				return err
			}
		}
		return nil
	}
	if k.get {
		raw, err := r.c.RawGet(ctx, rt, q)
		r.requests.Add(1)
		if err != nil {
			return err
		}
		r.objects.Add(1)
		r.report(k.name)
		return write([]json.RawMessage{raw})
	}
	return r.rawPages(ctx, k.name, rt, q, "", func(items []json.RawMessage, _ string) error { return write(items) })
}

// rawPages requests every page of the list at rt from offset start (empty
// for the first page) with the query q, and hands each page's items to fn
// with the offset of the next page, empty after the last.
func (r *run) rawPages(ctx context.Context, unit string, rt asana.RawRoute, q url.Values, start string, fn func([]json.RawMessage, string) error) error {
	if start != "" {
		q.Set("offset", start)
	}
	// RawList is the module's one pagination loop: it ends a list whose
	// offsets repeat or whose pages stay empty, so a hostile server cannot
	// keep a backup fetching forever.
	for page, err := range r.c.RawList(ctx, rt, q).Pages() {
		if err != nil {
			return err
		}
		r.requests.Add(1)
		r.objects.Add(int64(len(page.Items)))
		r.report(unit)
		if err := fn(page.Items, page.NextOffset); err != nil {
			return err
		}
	}
	return nil
}

// checkKinds is run once per backup: a table entry naming an unknown
// route would otherwise fail only when its turn comes.
func checkKinds(kinds []backupKind) error {
	for _, k := range kinds {
		n := 1
		if k.param != "" {
			n = 0
		}
		gids := make([]string, n)
		for i := range gids {
			gids[i] = "1"
		}
		if err := asana.RawRouteOf(k.op, gids...).Err(); err != nil {
			return fmt.Errorf("export: backup kind %s: %w", k.name, err)
		}
	}
	return nil
}
