package rules

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/internal/safeyaml"
)

// The actions. Each one that sets a value is idempotent by nature; those
// that create something (Comment, CreateSubtask) first look for what an
// earlier run of the same job made, so that a job run again after a crash
// acts once.

// Assign assigns the event's task to a user (a gid, an email or "me").
type Assign struct{ User string }

// Run implements Action.
func (a Assign) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	_, err = c.Client.Tasks.Update(ctx, t.GID, &asana.TaskUpdateRequest{Assignee: asana.Ptr(a.User)}, nil)
	return err
}

// AddToProject adds the event's task to a project, in a section if one is
// given (a name, resolved in that project, or a gid). Adding a task to a
// project it is in already moves it there.
type AddToProject struct{ Project, Section string }

// Run implements Action.
func (a AddToProject) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	sec := a.Section
	if sec != "" {
		if sec, err = c.engine.res.section(ctx, a.Project, a.Section); err != nil {
			return err
		}
	}
	return c.Client.Tasks.AddProject(ctx, t.GID, &asana.TaskAddProjectRequest{Project: a.Project, Section: sec})
}

func (a AddToProject) resolve(ctx context.Context, r *resolver, _ *Rule) error {
	if a.Section == "" {
		return nil
	}
	_, err := r.section(ctx, a.Project, a.Section)
	return err
}

// MoveToSection moves the event's task into a section: a gid, or a name
// looked up in Project (default: the rule's trigger project).
type MoveToSection struct{ Project, Section string }

func (a MoveToSection) project(when *Trigger) string {
	if a.Project != "" {
		return a.Project
	}
	return when.Project
}

// Run implements Action.
func (a MoveToSection) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	p := a.Project
	if r := c.engine.byName[c.Rule]; p == "" && r != nil {
		p = r.When.Project
	}
	sec, err := c.engine.res.section(ctx, p, a.Section)
	if err != nil {
		return err
	}
	return c.Client.Sections.AddTask(ctx, sec, &asana.SectionAddTaskRequest{Task: t.GID})
}

func (a MoveToSection) resolve(ctx context.Context, r *resolver, rule *Rule) error {
	_, err := r.section(ctx, a.project(&rule.When), a.Section)
	return err
}

// Comment adds a comment to the event's task, once: if the engine's account
// already left this text on the task since the job was accepted, it does
// nothing.
type Comment struct{ Text string }

// Run implements Action.
func (a Comment) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	opts := &asana.ListOptions{Fields: []string{"resource_subtype", "text", "created_by", "created_at"}}
	for s, err := range c.Client.Stories.ListForTask(ctx, t.GID, opts).All() {
		if err != nil {
			return err
		}
		if s.ResourceSubtype == "comment_added" && s.Text == a.Text && s.CreatedBy != nil && s.CreatedBy.GID == c.Self && c.since(s.CreatedAt) {
			return nil // an earlier run of this job made it
		}
	}
	_, err = c.Client.Stories.CreateForTask(ctx, t.GID, &asana.StoryCreateRequest{Text: a.Text}, nil)
	return err
}

// clockSkew is how much older than its job an effect may look and still
// count as the job's: the engine's and Asana's clocks differ a little.
const clockSkew = 2 * time.Minute

func (c *Context) since(t time.Time) bool {
	return c.Since.IsZero() || !t.Before(c.Since.Add(-clockSkew))
}

// CreateSubtask creates a subtask of the event's task, once (a subtask of
// that name made by the engine's account since the job was accepted counts
// as done), optionally assigned.
type CreateSubtask struct{ Name, Assignee string }

// Run implements Action.
func (a CreateSubtask) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	for s, err := range c.Client.Tasks.ListSubtasks(ctx, t.GID, &asana.ListOptions{Fields: []string{"name", "created_at", "created_by"}}).All() {
		if err != nil {
			return err
		}
		if s.Name == a.Name && (s.CreatedBy == nil || s.CreatedBy.GID == c.Self) && c.since(s.CreatedAt) {
			return nil
		}
	}
	_, err = c.Client.Tasks.CreateSubtask(ctx, t.GID, &asana.TaskCreateRequest{Name: a.Name, Assignee: a.Assignee}, nil)
	return err
}

// AddTag adds a tag (a name, resolved in the workspace, or a gid) to the
// event's task.
type AddTag struct{ Tag string }

// Run implements Action.
func (a AddTag) Run(ctx context.Context, c *Context) error {
	return onTag(ctx, c, a.Tag, c.Client.Tasks.AddTag)
}

func (a AddTag) resolve(ctx context.Context, r *resolver, _ *Rule) error {
	_, err := r.tag(ctx, a.Tag)
	return err
}

// onTag resolves tag (a name or gid) and applies op to the event's task
// and it.
func onTag(ctx context.Context, c *Context, tag string, op func(ctx context.Context, task, tag string) error) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	g, err := c.engine.res.tag(ctx, tag)
	if err != nil {
		return err
	}
	return op(ctx, t.GID, g)
}

// RemoveTag removes a tag (a name or gid) from the event's task.
type RemoveTag struct{ Tag string }

// Run implements Action.
func (a RemoveTag) Run(ctx context.Context, c *Context) error {
	return onTag(ctx, c, a.Tag, c.Client.Tasks.RemoveTag)
}

func (a RemoveTag) resolve(ctx context.Context, r *resolver, _ *Rule) error {
	_, err := r.tag(ctx, a.Tag)
	return err
}

// AddFollower adds a follower (a user gid, an email or "me") to the
// event's task.
type AddFollower struct{ User string }

// Run implements Action.
func (a AddFollower) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	_, err = c.Client.Tasks.AddFollowers(ctx, t.GID, []string{a.User}, nil)
	return err
}

// AddDependency makes the event's task depend on another task (a gid).
type AddDependency struct{ Task string }

// Run implements Action.
func (a AddDependency) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	return c.Client.Tasks.AddDependencies(ctx, t.GID, []string{a.Task})
}

// SetDates sets the event's task's due and start dates: absolute
// (YYYY-MM-DD) or relative to the day the action runs (DueInDays,
// StartInDays; nil leaves the date alone).
type SetDates struct {
	DueOn, StartOn         string
	DueInDays, StartInDays *int
}

// Run implements Action.
func (a SetDates) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	now := time.Now()
	if c.engine != nil {
		now = c.engine.clock.Now()
	}
	req, err := a.request(now)
	if err != nil {
		return Permanent(err)
	}
	_, err = c.Client.Tasks.Update(ctx, t.GID, req, nil)
	return err
}

func (a SetDates) request(now time.Time) (*asana.TaskUpdateRequest, error) {
	req := &asana.TaskUpdateRequest{}
	day := func(abs string, rel *int) (*asana.Date, error) {
		switch {
		case abs != "":
			d, err := asana.ParseDate(abs)
			if err != nil {
				return nil, fmt.Errorf("rules: set_dates: %s is not YYYY-MM-DD", safeyaml.Quote(abs))
			}
			return &d, nil
		case rel != nil:
			y, m, dd := now.AddDate(0, 0, *rel).Date()
			d, _ := asana.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, m, dd))
			return &d, nil
		}
		return nil, nil
	}
	var err error
	if req.DueOn, err = day(a.DueOn, a.DueInDays); err != nil {
		return nil, err
	}
	if req.StartOn, err = day(a.StartOn, a.StartInDays); err != nil {
		return nil, err
	}
	if req.DueOn == nil && req.StartOn == nil {
		return nil, errors.New("rules: set_dates sets nothing")
	}
	return req, nil
}

// SetField sets one field of the event's task: "name" or "notes" (a
// string), "completed" (a bool) or "due_on" (a YYYY-MM-DD string).
type SetField struct {
	Field string
	Value any
}

// Run implements Action.
func (a SetField) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	req, err := a.request()
	if err != nil {
		return Permanent(err)
	}
	_, err = c.Client.Tasks.Update(ctx, t.GID, req, nil)
	return err
}

func (a SetField) request() (*asana.TaskUpdateRequest, error) {
	req := &asana.TaskUpdateRequest{}
	bad := fmt.Errorf("rules: set %s: unsupported value %s (%T)", safeyaml.Quote(a.Field), safeyaml.Quote(fmt.Sprint(a.Value)), a.Value)
	switch a.Field {
	case "name", "notes":
		s, ok := a.Value.(string)
		if !ok {
			return nil, bad
		}
		if a.Field == "name" {
			req.Name = &s
		} else {
			req.Notes = &s
		}
	case "completed":
		b, ok := a.Value.(bool)
		if !ok {
			return nil, bad
		}
		req.Completed = &b
	case "due_on":
		s, ok := a.Value.(string)
		d, err := asana.ParseDate(s)
		if !ok || err != nil {
			return nil, bad
		}
		req.DueOn = &d
	default:
		return nil, fmt.Errorf("rules: set: unsupported field %s (use set_custom_field or a Func action)", safeyaml.Quote(a.Field))
	}
	return req, nil
}

// AddSections adds sections, in order, to the event's project, skipping
// those it has already (so that a rerun after a failure completes the set).
type AddSections struct{ Names []string }

// Run implements Action.
func (a AddSections) Run(ctx context.Context, c *Context) error {
	if c.Project == nil {
		return Permanent(errors.New("rules: add sections: the event is not about a project"))
	}
	have := map[string]bool{}
	for s, err := range c.Client.Sections.ListForProject(ctx, c.Project.GID, nil).All() {
		if err != nil {
			return err
		}
		have[s.Name] = true
	}
	for _, n := range a.Names {
		if have[n] {
			continue
		}
		if _, err := c.Client.Sections.Create(ctx, c.Project.GID, &asana.SectionRequest{Name: n}, nil); err != nil {
			return err
		}
	}
	return nil
}

func needTask(c *Context) (*asana.Task, error) {
	if c.Task == nil {
		return nil, Permanent(errors.New("rules: the event is not about a task"))
	}
	return c.Task, nil
}
