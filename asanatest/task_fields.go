package asanatest

// The writable fields of a task: what createTask and updateTask read from
// a body, with the stories Asana records for each change.

import (
	"slices"
	"time"
)

// taskSubtypes are the writable resource_subtype values of a task.
var taskSubtypes = []string{"default_task", "milestone", "section", "approval"}

// taskFields applies the writable fields of a create or update body to t
// and returns the system stories the change warrants (subtype and text).
func (rq *request) taskFields(b *body, t *Task, create bool) ([][2]string, error) {
	var stories [][2]string
	if create || b.has("name") {
		name, err := b.str("name", false)
		if err != nil {
			return nil, err
		}
		if !create && name != t.Name {
			stories = append(stories, [2]string{"name_changed", "changed the name to \"" + name + "\""})
		}
		t.Name = name
	}
	if b.has("resource_subtype") {
		v, err := b.str("resource_subtype", true)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(taskSubtypes, v) {
			return nil, badRequest("resource_subtype", "Not a valid enum value: %q", v)
		}
		t.ResourceSubtype = v
	}
	notes, err := notesField(b, "notes", "html_notes")
	if err != nil {
		return nil, err
	}
	if notes != nil {
		if !create && *notes != t.Notes {
			stories = append(stories, [2]string{"notes_changed", "changed the description"})
		}
		t.Notes = *notes
	}
	if b.has("assignee") {
		v, err := b.str("assignee", false)
		if err != nil {
			if v, err = b.gid("assignee", false); err != nil {
				return nil, err
			}
		}
		prev := t.AssigneeGID
		t.AssigneeGID = ""
		if v != "" {
			u, err := rq.userParam("assignee", v)
			if err != nil {
				return nil, err
			}
			if !rq.st.activeMember(t.WorkspaceGID, u.GID) {
				return nil, badRequest("assignee", "Not a member of the task's workspace: %s", u.GID)
			}
			t.AssigneeGID = u.GID
			t.FollowerGIDs = appendUnique(t.FollowerGIDs, u.GID)
		}
		if t.AssigneeGID != prev {
			t.AssigneeSectionGID = "" // a new assignee's first section
		}
		switch {
		case t.AssigneeGID == prev:
		case t.AssigneeGID != "":
			stories = append(stories, [2]string{"assigned", "assigned to " + rq.userName(t.AssigneeGID)})
		default:
			stories = append(stories, [2]string{"unassigned", "unassigned from " + rq.userName(prev)})
		}
	}
	if b.has("approval_status") {
		v, err := b.str("approval_status", true)
		if err != nil {
			return nil, err
		}
		if !slices.Contains([]string{"pending", "approved", "rejected", "changes_requested"}, v) {
			return nil, badRequest("approval_status", "Not a valid enum value: %q", v)
		}
		if taskSubtype(t) != "approval" {
			return nil, badRequest("approval_status", "Only approval tasks have an approval status")
		}
		b.fields["completed"] = []byte(boolJSON(v == "approved"))
	}
	if b.has("completed") {
		done, err := b.boolean("completed", t.Completed)
		if err != nil {
			return nil, err
		}
		if done != t.Completed {
			t.Completed = done
			if done {
				t.CompletedAt = rq.now
				stories = append(stories, [2]string{"marked_complete", "marked this task complete"})
			} else {
				t.CompletedAt = time.Time{}
				stories = append(stories, [2]string{"marked_incomplete", "marked incomplete"})
			}
		}
	}
	if err := rq.taskDates(b, t, &stories); err != nil {
		return nil, err
	}
	return stories, nil
}

func boolJSON(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// taskDates applies due_on, due_at and start_on (due_on and due_at are
// exclusive; due_at sets the due date too; start_on needs a due date).
func (rq *request) taskDates(b *body, t *Task, stories *[][2]string) error {
	if b.has("due_on") && b.has("due_at") {
		return badRequest("due_at", "You may only provide one of due_on and due_at")
	}
	prevOn, prevAt := t.DueOn, t.DueAt
	if v, set, err := b.date("due_on"); err != nil {
		return err
	} else if set {
		t.DueOn, t.DueAt = v, time.Time{}
	}
	if v, set, err := b.dateTime("due_at"); err != nil {
		return err
	} else if set {
		t.DueAt, t.DueOn = v, ""
		if !v.IsZero() {
			t.DueOn = v.Format(time.DateOnly)
		}
	}
	if v, set, err := b.date("start_on"); err != nil {
		return err
	} else if set {
		t.StartOn = v
	}
	if t.StartOn != "" && (t.DueOn == "" || t.StartOn > t.DueOn) {
		return badRequest("start_on", "Must be set together with a due date, and not after it")
	}
	if t.DueOn != prevOn || !t.DueAt.Equal(prevAt) {
		*stories = append(*stories, [2]string{"due_date_changed", "changed the due date to " + nonEmpty(t.DueOn, "no due date")})
	}
	return nil
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
