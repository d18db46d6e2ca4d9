package serviceaccounts

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// CleanupRules say which projects PlanCleanup treats as inactive and what it
// does with them.
type CleanupRules struct {
	// InactiveFor is how long neither a project nor any of its tasks may
	// have changed for the project to count as inactive (say 180 days).
	// Required.
	InactiveFor time.Duration
	// GracePeriod is how long an archived, inactive project stays
	// archived before the plan deletes it. Zero never deletes.
	GracePeriod time.Duration
	// ExcludeTeams are teams (names or gids) whose projects are never
	// touched.
	ExcludeTeams []string
	// ExcludeNames are name patterns (path.Match syntax, case-insensitive,
	// such as "*[Keep]*" or "Handbook*") of projects never touched.
	ExcludeNames []string
	// ExcludeTemplates leaves alone projects whose name says they are a
	// template ("template", any case). Asana's API has no flag for a
	// project used as a template; real project templates are separate
	// objects that cleanup never touches.
	ExcludeTemplates bool
	// KeepFutureWork leaves alone projects that have an incomplete task
	// due in the future, however quiet they are.
	KeepFutureWork bool
	// CountStatusUpdates counts a status update posted on a project in
	// the period as activity (one more request per quiet project).
	CountStatusUpdates bool
	// CountComments counts a comment on one of a project's tasks in the
	// period as activity: a comment does not move a task's modified_at.
	// It costs one request per 100 tasks and one per task of each
	// otherwise quiet project.
	CountComments bool
	// Now is the time the plan judges from; zero means time.Now().
	Now time.Time
}

// PlanCleanup lists the inactive projects of the organization orgGID: it
// archives projects in which nothing changed for rules.InactiveFor, and
// deletes archived projects in which nothing changed for the longer of
// InactiveFor and GracePeriod (archiving sets a project's modified_at, so
// that is at least the grace period since it was archived).
//
// A project's modified_at ignores changes to its tasks, so a project is only
// inactive if, in addition, no task of it was modified in the period
// (GET /tasks?project=&modified_since=, one request for one task). A
// subtask edit does not count as a change of its parent: Asana's
// modified_since works that way, so a project whose only recent activity is
// in subtasks that are not themselves in the project looks inactive.
//
// Reads: three requests to check the token (a service account is
// required) and read the organization, one per 100 projects, plus, for each project whose own
// modified_at is old enough, one task request (and with KeepFutureWork, one
// page of its incomplete tasks per 100 until one is due in the future).
// Nothing is written: Apply carries out the plan, and re-checks each project
// before it writes.
func PlanCleanup(ctx context.Context, c *asana.Client, orgGID string, rules CleanupRules) (*Plan, error) {
	if rules.InactiveFor <= 0 {
		return nil, errors.New("serviceaccounts: cleanup: InactiveFor must be positive")
	}
	if rules.GracePeriod < 0 {
		return nil, errors.New("serviceaccounts: cleanup: GracePeriod must not be negative")
	}
	for _, pat := range rules.ExcludeNames {
		if _, err := path.Match(strings.ToLower(pat), ""); err != nil {
			return nil, fmt.Errorf("serviceaccounts: cleanup: bad name pattern %q: %w", pat, err)
		}
	}
	now := rules.Now
	if now.IsZero() {
		now = time.Now()
	}
	if _, err := requireServiceAccount(ctx, c, orgGID); err != nil {
		return nil, err
	}
	ws, err := c.Workspaces.Get(ctx, orgGID, &asana.GetOptions{Fields: []string{"name"}})
	if err != nil {
		return nil, tokenError("read organization "+orgGID, err)
	}
	plan := &Plan{Kind: "cleanup", Organization: Ref{GID: ws.GID, Name: ws.Name}, CreatedAt: now.UTC()}
	activeCutoff := now.Add(-rules.InactiveFor)
	deleteCutoff := now.Add(-max(rules.InactiveFor, rules.GracePeriod))
	opts := &asana.ProjectArchivedListOptions{ListOptions: asana.ListOptions{
		Fields: []string{"name", "archived", "modified_at", "team", "team.name"}}}
	for p, err := range c.Projects.ListForWorkspace(ctx, orgGID, opts).All() {
		if err != nil {
			return nil, tokenError("list projects", err)
		}
		if rules.excluded(p) {
			continue
		}
		kind, cutoff := ArchiveProject, activeCutoff
		if p.Archived {
			if rules.GracePeriod == 0 {
				continue
			}
			kind, cutoff = DeleteProject, deleteCutoff
		}
		if !p.ModifiedAt.Before(cutoff) {
			continue
		}
		busy, err := taskChangedSince(ctx, c, p.GID, cutoff)
		if err != nil {
			return nil, err
		}
		if busy {
			continue
		}
		if act, err := otherActivity(ctx, c, p.GID, cutoff, rules.activities()); err != nil || act != "" {
			if err != nil {
				return nil, err
			}
			continue
		}
		if rules.KeepFutureWork {
			future, err := futureWork(ctx, c, p.GID, now)
			if err != nil {
				return nil, err
			}
			if future {
				continue
			}
		}
		ch := Change{Kind: kind, Project: &Ref{GID: p.GID, Name: p.Name}, ModifiedAt: p.ModifiedAt, QuietSince: cutoff, Activity: rules.activities()}
		if p.Team != nil {
			ch.Team = &Ref{GID: p.Team.GID, Name: p.Team.Name}
		}
		days := int(now.Sub(cutoff).Hours() / 24)
		what := "no change to the project or its tasks"
		switch {
		case rules.CountStatusUpdates && rules.CountComments:
			what += ", no status update and no comment,"
		case rules.CountStatusUpdates:
			what += " and no status update"
		case rules.CountComments:
			what += " and no comment"
		}
		if kind == ArchiveProject {
			ch.Reason = fmt.Sprintf("%s in %d days (since %s)", what, days, cutoff.Format(time.DateOnly))
		} else {
			ch.Reason = fmt.Sprintf("archived, and %s in %d days (since %s)", what, days, cutoff.Format(time.DateOnly))
		}
		plan.Changes = append(plan.Changes, ch)
	}
	sortChanges(plan.Changes)
	return plan, nil
}

// excluded applies the team, name and template exclusions.
func (r *CleanupRules) excluded(p asana.Project) bool {
	if p.Team != nil {
		for _, t := range r.ExcludeTeams {
			if t == p.Team.GID || strings.EqualFold(t, p.Team.Name) {
				return true
			}
		}
	}
	name := strings.ToLower(p.Name)
	if r.ExcludeTemplates && strings.Contains(name, "template") {
		return true
	}
	for _, pat := range r.ExcludeNames {
		if ok, _ := path.Match(strings.ToLower(pat), name); ok {
			return true
		}
	}
	return false
}

// futureWork reports whether the project has an incomplete task due after
// now.
func futureWork(ctx context.Context, c *asana.Client, projectGID string, now time.Time) (bool, error) {
	opts := &asana.TaskListForOptions{CompletedSince: asana.Since{Now: true},
		ListOptions: asana.ListOptions{Fields: []string{"due_on", "due_at", "completed"}}}
	today := asana.NewDate(now.UTC())
	for t, err := range c.Tasks.ListForProject(ctx, projectGID, opts).All() {
		if err != nil {
			return false, tokenError("list open tasks of project "+projectGID, err)
		}
		if t.Completed {
			continue
		}
		if (!t.DueAt.IsZero() && t.DueAt.After(now)) || (!t.DueOn.IsZero() && t.DueOn.Time(time.UTC).After(today.Time(time.UTC))) {
			return true, nil
		}
	}
	return false, nil
}
