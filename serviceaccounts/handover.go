package serviceaccounts

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/asanakit/asana-go/asana"
)

// This file carries out the changes of offboarding and of membership
// policy: their checks, targets, writes, and the reads that tell whether
// one is in effect or stale. Apply, Recheck and the journal treat them as
// every other change.

// parent is the project, portfolio or goal a membership change acts on.
func (c Change) parent() (*Ref, string) {
	switch {
	case c.Project != nil:
		return c.Project, "project"
	case c.Portfolio != nil:
		return c.Portfolio, "portfolio"
	case c.Goal != nil:
		return c.Goal, "goal"
	}
	return nil, ""
}

// otherTarget describes the target of the changes this file handles; ""
// for the others.
func (c Change) otherTarget() string {
	switch c.Kind {
	case MoveTaskToProject:
		return "task " + c.Task.String() + " of " + c.User.String() + " into project " + c.Project.String()
	case ReassignTask:
		return "task " + c.Task.String() + " from " + c.User.String() + " to " + c.To.String()
	case TransferProjectOwner:
		return "project " + c.Project.String() + " from " + c.User.String() + " to " + c.To.String()
	case TransferGoalOwner:
		return "goal " + c.Goal.String() + " from " + c.User.String() + " to " + c.To.String()
	case AddMember, SetAccessLevel, RemoveMember:
		p, kind := c.parent()
		s := c.User.String() + " in " + kind + " " + p.String()
		switch c.Kind {
		case AddMember:
			s += " as " + c.AccessLevel
		case SetAccessLevel:
			s += ": " + c.PreviousLevel + " to " + c.AccessLevel
		}
		return s
	case UpdateTeamSettings:
		return "team " + c.Team.String() + ": " + c.TeamSettings.String()
	}
	return ""
}

// accessLevels are the levels a membership can have, from most to least.
var accessLevels = []string{"admin", "editor", "commenter", "viewer"}

// checkOther verifies the fields of the changes this file handles.
func (c Change) checkOther(need func(*Ref, string) error) error {
	if c.Kind.handsOver() {
		if err := need(c.User, "user"); err != nil {
			return err
		}
	}
	switch c.Kind {
	case MoveTaskToProject:
		if err := need(c.Task, "task"); err != nil {
			return err
		}
		return need(c.Project, "project")
	case ReassignTask:
		if err := need(c.Task, "task"); err != nil {
			return err
		}
		return need(c.To, "to")
	case TransferProjectOwner:
		if err := need(c.Project, "project"); err != nil {
			return err
		}
		return need(c.To, "to")
	case TransferGoalOwner:
		if err := need(c.Goal, "goal"); err != nil {
			return err
		}
		return need(c.To, "to")
	case AddMember, SetAccessLevel, RemoveMember:
		p, _ := c.parent()
		if err := need(p, "project, portfolio or goal"); err != nil {
			return err
		}
		if err := need(c.User, "user"); err != nil {
			return err
		}
		if c.Kind != RemoveMember && !slices.Contains(accessLevels, c.AccessLevel) {
			return fmt.Errorf("%s: unknown access level %q", c.Kind, c.AccessLevel)
		}
		return nil
	case UpdateTeamSettings:
		if err := need(c.Team, "team"); err != nil {
			return err
		}
		if c.TeamSettings == nil || c.TeamSettings.empty() {
			return fmt.Errorf("%s names no settings", c.Kind)
		}
		return c.TeamSettings.validate("team_settings")
	}
	return fmt.Errorf("unknown change kind %q", c.Kind)
}

// writeOther sends the one write of a change this file handles.
func (a *applier) writeOther(ctx context.Context, ch Change) error {
	switch ch.Kind {
	case MoveTaskToProject:
		return a.c.Tasks.AddProject(ctx, ch.Task.GID, &asana.TaskAddProjectRequest{Project: ch.Project.GID})
	case ReassignTask:
		_, err := a.c.Tasks.Update(ctx, ch.Task.GID, &asana.TaskUpdateRequest{Assignee: asana.Ptr(ch.To.GID)}, nil)
		return err
	case TransferProjectOwner:
		_, err := a.c.Projects.Update(ctx, ch.Project.GID, &asana.ProjectUpdateRequest{Owner: asana.Ptr(ch.To.GID)},
			&asana.GetOptions{Fields: []string{"owner"}})
		return err
	case TransferGoalOwner:
		_, err := a.c.Goals.Update(ctx, ch.Goal.GID, &asana.GoalUpdateRequest{Owner: asana.Ptr(ch.To.GID)},
			&asana.GetOptions{Fields: []string{"owner"}})
		return err
	case AddMember:
		p, _ := ch.parent()
		_, err := a.c.Memberships.Create(ctx, &asana.MembershipCreateRequest{Parent: p.GID, Member: ch.User.GID, AccessLevel: ch.AccessLevel})
		return err
	case SetAccessLevel, RemoveMember:
		gid := ch.Membership
		if gid == "" {
			m, err := a.membershipOf(ctx, ch)
			if err != nil {
				return err
			}
			if m == nil {
				return fmt.Errorf("%w: %s is not a member", asana.ErrNotFound, ch.User.String())
			}
			gid = m.GID
		}
		if ch.Kind == RemoveMember {
			return a.c.Memberships.Delete(ctx, gid)
		}
		_, err := a.c.Memberships.Update(ctx, gid, &asana.MembershipUpdateRequest{AccessLevel: asana.Ptr(ch.AccessLevel)})
		return err
	case UpdateTeamSettings:
		_, err := a.c.Teams.Update(ctx, ch.Team.GID, ch.TeamSettings.request(), &asana.GetOptions{Fields: teamSettingFields})
		return err
	}
	return fmt.Errorf("unknown change kind %q", ch.Kind)
}

// membershipOf reads the user's membership of the change's parent; nil
// when there is none.
func (a *applier) membershipOf(ctx context.Context, ch Change) (*asana.Membership, error) {
	p, _ := ch.parent()
	opts := &asana.MembershipListOptions{Parent: p.GID, Member: ch.User.GID,
		ListOptions: asana.ListOptions{Fields: []string{"access_level", "member"}}}
	for m, err := range a.c.Memberships.List(ctx, opts).All() {
		if err != nil {
			return nil, err
		}
		if m.Member == nil || m.Member.GID == ch.User.GID {
			return &m, nil
		}
	}
	return nil, nil
}

// taskState is what inEffect and Recheck read of a task.
func (a *applier) task(ctx context.Context, gid string) (*asana.Task, error) {
	return a.c.Tasks.Get(ctx, gid, &asana.GetOptions{Fields: []string{"assignee", "completed", "projects", "parent"}})
}

// inEffectOther reports whether a change this file handles holds already.
func (a *applier) inEffectOther(ctx context.Context, ch Change) (bool, error) {
	switch ch.Kind {
	case MoveTaskToProject, ReassignTask:
		t, err := a.task(ctx, ch.Task.GID)
		if err != nil {
			return false, err
		}
		if ch.Kind == ReassignTask {
			return t.Assignee != nil && t.Assignee.GID == ch.To.GID, nil
		}
		return slices.ContainsFunc(t.Projects, func(p asana.Project) bool { return p.GID == ch.Project.GID }), nil
	case TransferProjectOwner:
		p, err := a.c.Projects.Get(ctx, ch.Project.GID, &asana.GetOptions{Fields: []string{"owner"}})
		if err != nil {
			return false, err
		}
		return p.Owner != nil && p.Owner.GID == ch.To.GID, nil
	case TransferGoalOwner:
		g, err := a.c.Goals.Get(ctx, ch.Goal.GID, &asana.GetOptions{Fields: []string{"owner"}})
		if err != nil {
			return false, err
		}
		return g.Owner != nil && g.Owner.GID == ch.To.GID, nil
	case AddMember, SetAccessLevel, RemoveMember:
		m, err := a.membershipOf(ctx, ch)
		if err != nil {
			return false, err
		}
		if ch.Kind == RemoveMember {
			return m == nil, nil
		}
		return m != nil && m.AccessLevel == ch.AccessLevel, nil
	case UpdateTeamSettings:
		t, err := a.c.Teams.Get(ctx, ch.Team.GID, &asana.GetOptions{Fields: teamSettingFields})
		if err != nil {
			return false, err
		}
		return ch.TeamSettings.matches(t), nil
	}
	return false, fmt.Errorf("unknown change kind %q", ch.Kind)
}

// staleOther says how the target of a change this file handles differs
// from what the plan saw; "" when it does not.
func (a *applier) staleOther(ctx context.Context, ch Change) (string, error) {
	done, err := a.inEffectOther(ctx, ch)
	if errors.Is(err, asana.ErrNotFound) {
		return "the " + ch.objectWord() + " no longer exists", nil
	}
	if err != nil || done {
		return "already in effect", err
	}
	switch ch.Kind {
	case MoveTaskToProject, ReassignTask:
		t, err := a.task(ctx, ch.Task.GID)
		if err != nil {
			return "", err
		}
		if t.Assignee == nil || t.Assignee.GID != ch.User.GID {
			return "the task is no longer assigned to " + ch.User.String(), nil
		}
		if ch.Kind == MoveTaskToProject && (len(t.Projects) > 0 || t.Parent != nil) {
			return "the task is no longer only in My Tasks", nil
		}
	case TransferProjectOwner:
		p, err := a.c.Projects.Get(ctx, ch.Project.GID, &asana.GetOptions{Fields: []string{"owner"}})
		if err != nil {
			return "", err
		}
		if p.Owner == nil || p.Owner.GID != ch.User.GID {
			return "the project is no longer owned by " + ch.User.String(), nil
		}
	case TransferGoalOwner:
		g, err := a.c.Goals.Get(ctx, ch.Goal.GID, &asana.GetOptions{Fields: []string{"owner"}})
		if err != nil {
			return "", err
		}
		if g.Owner == nil || g.Owner.GID != ch.User.GID {
			return "the goal is no longer owned by " + ch.User.String(), nil
		}
	case SetAccessLevel, AddMember:
		m, err := a.membershipOf(ctx, ch)
		if err != nil {
			return "", err
		}
		switch {
		case ch.Kind == AddMember && m != nil:
			return fmt.Sprintf("the user is a member now, at %s", m.AccessLevel), nil
		case ch.Kind == AddMember:
		case m == nil:
			return "the user is no longer a member", nil
		case ch.PreviousLevel != "" && m.AccessLevel != ch.PreviousLevel:
			return fmt.Sprintf("the access level is %s now, the plan saw %s", m.AccessLevel, ch.PreviousLevel), nil
		}
	}
	return "", nil
}

// objectWord names what the change acts on, for messages.
func (c Change) objectWord() string {
	switch {
	case c.Task != nil:
		return "task"
	case c.Goal != nil:
		return "goal"
	case c.Portfolio != nil:
		return "portfolio"
	case c.Project != nil:
		return "project"
	case c.Team != nil:
		return "team"
	}
	return "object"
}
