package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/internal/safeyaml"
)

// compiled is a rule with its names resolved to gids.
type compiled struct {
	*Rule
	field                *fieldInfo // When.CustomField
	tagAdded, tagRemoved string
	section              string
	comment              *regexp.Regexp
	condSection          string
	condTag, condNotTag  string
	condFields           map[string]string // field gid -> wanted value
}

// check rejects triggers that could never match, such as a misspelt
// action, which would otherwise leave a rule silently idle.
func (t *Trigger) check() error {
	switch t.Action {
	case "", asana.EventAdded, asana.EventChanged, asana.EventRemoved, asana.EventDeleted, asana.EventUndeleted:
	default:
		return fmt.Errorf("unknown action %s (want added, changed, removed, deleted or undeleted)", safeyaml.Quote(t.Action))
	}
	if t.Field != "" && t.Action != "" && t.Action != asana.EventChanged {
		return fmt.Errorf("field %s needs the action changed, not %s", safeyaml.Quote(t.Field), safeyaml.Quote(t.Action))
	}
	if t.CustomField != nil && strings.TrimSpace(t.CustomField.Name) == "" {
		return fmt.Errorf("custom_field needs a name")
	}
	if t.Section != "" && t.Project == "" && !isGID(t.Section) {
		return fmt.Errorf("section %s is a name: it needs the project it is in", safeyaml.Quote(t.Section))
	}
	if t.CommentMatches != "" {
		if _, err := regexp.Compile(t.CommentMatches); err != nil {
			return fmt.Errorf("comment_matches: %w", err)
		}
	}
	if t.AssignedTo != "" && !isGID(t.AssignedTo) {
		return fmt.Errorf("assigned_to %s: want a user gid", safeyaml.Quote(t.AssignedTo))
	}
	return nil
}

func isGID(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// taskTrigger reports whether the trigger is about tasks only.
func (t *Trigger) taskTrigger() bool {
	return t.CustomField != nil || t.TagAdded != "" || t.TagRemoved != "" || t.Section != "" || t.AddedToProject != "" ||
		t.AssigneeChanged || t.AssignedTo != "" || t.DueDateChanged || t.Completed != nil
}

// matchesEvent checks what the event itself says.
func (c *compiled) matchesEvent(ev asana.Event) bool {
	t := &c.When
	if ev.Resource == nil {
		return false
	}
	if t.ResourceType != "" && t.ResourceType != ev.Resource.ResourceType ||
		t.Action != "" && t.Action != ev.Action {
		return false
	}
	if t.Field != "" && (ev.Change == nil || ev.Change.Field != t.Field) {
		return false
	}
	isTask := ev.Resource.ResourceType == "task"
	// An "added to project P" event names P as parent: a task added to
	// another project does not match, even if it is also in P.
	if t.Project != "" && ev.Action == asana.EventAdded && ev.Parent != nil && ev.Parent.ResourceType == "project" &&
		isTask && ev.Parent.GID != t.Project {
		return false
	}
	if t.taskTrigger() && !isTask {
		return false
	}
	changed := func(fields ...string) bool {
		return ev.Action == asana.EventChanged && ev.Change != nil && slices.Contains(fields, ev.Change.Field)
	}
	addedTo := func(kind, gid string) bool {
		return ev.Action == asana.EventAdded && ev.Parent != nil && ev.Parent.ResourceType == kind && ev.Parent.GID == gid
	}
	if c.field != nil {
		if !changed("custom_fields") {
			return false
		}
		var v struct {
			GID string `json:"gid"`
		}
		if len(ev.Change.NewValue) > 0 && json.Unmarshal(ev.Change.NewValue, &v) == nil && v.GID != "" && v.GID != c.field.gid {
			return false
		}
	}
	tagChange := func(gid, action string) bool {
		if ev.Action == action && ev.Parent != nil && ev.Parent.ResourceType == "tag" {
			return ev.Parent.GID == gid
		}
		return changed("tags") && ev.Change.Action == action && ev.Change.Value() != nil && ev.Change.Value().GID == gid
	}
	switch {
	case c.tagAdded != "" && !tagChange(c.tagAdded, asana.EventAdded),
		c.tagRemoved != "" && !tagChange(c.tagRemoved, asana.EventRemoved),
		c.section != "" && !addedTo("section", c.section),
		t.AddedToProject != "" && !addedTo("project", t.AddedToProject),
		(t.AssigneeChanged || t.AssignedTo != "") && !changed("assignee"),
		t.AssignedTo != "" && (ev.Change.Value() == nil || ev.Change.Value().GID != t.AssignedTo),
		t.DueDateChanged && !changed("due_on", "due_at"),
		t.Completed != nil && !changed("completed"):
		return false
	}
	if c.comment != nil && !(ev.Resource.ResourceType == "story" && ev.Action == asana.EventAdded &&
		ev.Parent != nil && ev.Parent.ResourceType == "task") {
		return false
	}
	return true
}

// matchesState checks the scope, the conditions and the parts of the
// trigger that need the resource as it is now. It may remember values
// (a custom field's last value) in the store.
func (e *Engine) matchesState(ctx context.Context, c *compiled, rc *Context) (bool, error) {
	t := &c.When
	if task := rc.Task; task != nil {
		if t.Unassigned && task.Assignee != nil {
			return false, nil
		}
		if t.Project != "" && !inProject(task, t.Project) {
			return false, nil
		}
		if t.Team != "" && !slices.ContainsFunc(task.Projects, func(p asana.Project) bool {
			return p.Team != nil && p.Team.GID == t.Team
		}) {
			return false, nil
		}
		if t.Completed != nil && task.Completed != *t.Completed {
			return false, nil
		}
		if ok := c.conditionsHold(task); !ok {
			return false, nil
		}
		if c.comment != nil {
			st, err := e.client.Stories.Get(ctx, rc.Event.Resource.GID, &asana.GetOptions{Fields: []string{"text", "resource_subtype"}})
			if err != nil {
				return false, err
			}
			if st.ResourceSubtype != "comment_added" || !c.comment.MatchString(st.Text) {
				return false, nil
			}
		}
		if c.field != nil {
			return e.fieldChangeHolds(ctx, c, task, rc.JobKey)
		}
		return true, nil
	}
	if t.taskTrigger() || c.comment != nil || c.condSection != "" || c.condTag != "" || len(c.condFields) > 0 || c.If.Assignee != "" || c.If.Project != "" {
		return false, nil
	}
	if p := rc.Project; p != nil {
		return (t.Project == "" || t.Project == p.GID) && (t.Team == "" || p.Team != nil && p.Team.GID == t.Team) && !t.Unassigned, nil
	}
	return t.Project == "" && t.Team == "" && !t.Unassigned, nil
}

func inProject(task *asana.Task, project string) bool {
	return slices.ContainsFunc(task.Memberships, func(m asana.TaskMembership) bool {
		return m.Project != nil && m.Project.GID == project
	})
}

func (c *compiled) conditionsHold(task *asana.Task) bool {
	cd := &c.If
	if cd.Project != "" && !inProject(task, cd.Project) {
		return false
	}
	if c.condSection != "" && !slices.ContainsFunc(task.Memberships, func(m asana.TaskMembership) bool {
		return m.Section != nil && m.Section.GID == c.condSection
	}) {
		return false
	}
	hasTag := func(g string) bool {
		return slices.ContainsFunc(task.Tags, func(t asana.Tag) bool { return t.GID == g })
	}
	if c.condTag != "" && !hasTag(c.condTag) || c.condNotTag != "" && hasTag(c.condNotTag) {
		return false
	}
	switch {
	case cd.Assignee == "":
	case cd.Assignee == "none":
		if task.Assignee != nil {
			return false
		}
	default:
		if task.Assignee == nil || task.Assignee.GID != cd.Assignee {
			return false
		}
	}
	for gid, want := range c.condFields {
		if !valueMatches(want, fieldValue(task, gid)) {
			return false
		}
	}
	return true
}

// fieldChangeHolds compares the watched field's value now (To) and the
// value last seen by this rule (From), then remembers the value now.
func (e *Engine) fieldChangeHolds(ctx context.Context, c *compiled, task *asana.Task, jobKey string) (bool, error) {
	now := fieldValue(task, c.field.gid)
	key := c.Name + "|" + task.GID + "|" + c.field.gid
	raw, seen, err := e.store.Value(ctx, key)
	if err != nil {
		return false, err
	}
	// The memory names the job that wrote it, so that a job checked again
	// after a crash compares with the same previous value.
	var m struct {
		V, Prev, Job string
		Seen         bool
	}
	if seen && json.Unmarshal([]byte(raw), &m) != nil {
		seen = false
	}
	prev := m.V
	if m.Job == jobKey {
		prev, seen = m.Prev, m.Seen
	}
	b, _ := json.Marshal(struct {
		V, Prev, Job string
		Seen         bool
	}{now, prev, jobKey, seen})
	if err := e.store.SetValue(ctx, key, string(b)); err != nil {
		return false, err
	}
	fc := c.When.CustomField
	if fc.From != "" && (!seen || !valueMatches(fc.From, prev)) {
		return false, nil
	}
	if seen && prev == now && fc.From == "" {
		return false, nil // a change of another field, or of nothing this rule sees
	}
	return valueMatches(fc.To, now), nil
}

// valueMatches compares a wanted value ("" any, "none" empty) to a shown
// one, case-insensitively.
func valueMatches(want, got string) bool {
	switch want {
	case "":
		return true
	case "none":
		return got == ""
	}
	return strings.EqualFold(want, got)
}

// fieldValue is how a task's custom field shows: an option's name (names
// joined with ", " for a multi-enum), else the display value; "" when
// empty or absent.
func fieldValue(task *asana.Task, gid string) string {
	for _, f := range task.CustomFields {
		if f.GID != gid {
			continue
		}
		switch {
		case f.EnumValue != nil:
			return f.EnumValue.Name
		case len(f.MultiEnumValues) > 0:
			names := make([]string, len(f.MultiEnumValues))
			for i, o := range f.MultiEnumValues {
				names[i] = o.Name
			}
			return strings.Join(names, ", ")
		case f.DisplayValue != nil:
			return *f.DisplayValue
		case f.TextValue != nil:
			return *f.TextValue
		case f.NumberValue != nil:
			return fmt.Sprint(*f.NumberValue)
		}
		return ""
	}
	return ""
}
