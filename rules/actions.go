package rules

import (
	"context"
	"errors"
	"fmt"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/internal/safeyaml"
)

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
// given. Adding a task to a project it is in already moves it there.
type AddToProject struct{ Project, Section string }

// Run implements Action.
func (a AddToProject) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	return c.Client.Tasks.AddProject(ctx, t.GID, &asana.TaskAddProjectRequest{Project: a.Project, Section: a.Section})
}

// Comment adds a comment to the event's task.
type Comment struct{ Text string }

// Run implements Action.
func (a Comment) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	_, err = c.Client.Stories.CreateForTask(ctx, t.GID, &asana.StoryCreateRequest{Text: a.Text}, nil)
	return err
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
		return err
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
		return nil, fmt.Errorf("rules: set: unsupported field %s (use a Func action)", safeyaml.Quote(a.Field))
	}
	return req, nil
}

// AddSections adds sections, in order, to the event's project, skipping
// those it has already (so that a rerun after a failure completes the set).
type AddSections struct{ Names []string }

// Run implements Action.
func (a AddSections) Run(ctx context.Context, c *Context) error {
	if c.Project == nil {
		return errors.New("rules: add sections: the event is not about a project")
	}
	have := map[string]bool{}
	for s, err := range c.Client.Sections.ListForProject(ctx, c.Project.GID, nil) {
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
		return nil, errors.New("rules: the event is not about a task")
	}
	return c.Task, nil
}
