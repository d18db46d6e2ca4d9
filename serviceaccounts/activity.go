package serviceaccounts

import (
	"context"
	"slices"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// Activity a cleanup counts beyond modified_at (Change.Activity).
const (
	// ActivityStatusUpdates is a status update posted on the project.
	ActivityStatusUpdates = "status_updates"
	// ActivityComments is a comment on one of the project's tasks:
	// Asana's modified_at of a task does not move with a comment.
	ActivityComments = "comments"
)

// activities lists the activity the rules count beyond modified_at.
func (r *CleanupRules) activities() []string {
	var out []string
	if r.CountStatusUpdates {
		out = append(out, ActivityStatusUpdates)
	}
	if r.CountComments {
		out = append(out, ActivityComments)
	}
	return out
}

// otherActivity reports which kind of activity (of kinds) the project had
// at or after since; "" when none.
func otherActivity(ctx context.Context, c *asana.Client, projectGID string, since time.Time, kinds []string) (string, error) {
	if slices.Contains(kinds, ActivityStatusUpdates) {
		page, err := c.StatusUpdates.List(ctx, projectGID, &asana.StatusUpdateListOptions{CreatedSince: since,
			ListOptions: asana.ListOptions{Limit: 1, Fields: []string{"created_at"}}}).Page("")
		if err != nil {
			return "", tokenError("list the status updates of project "+projectGID, err)
		}
		if len(page.Items) > 0 {
			return "a status update", nil
		}
	}
	if slices.Contains(kinds, ActivityComments) {
		for t, err := range c.Tasks.ListForProject(ctx, projectGID, &asana.TaskListForOptions{ListOptions: asana.ListOptions{Fields: []string{"name"}}}).All() {
			if err != nil {
				return "", tokenError("list the tasks of project "+projectGID, err)
			}
			for st, err := range c.Stories.ListForTask(ctx, t.GID, &asana.ListOptions{Fields: []string{"type", "created_at"}}).All() {
				if err != nil {
					return "", tokenError("list the stories of task "+t.GID, err)
				}
				if st.Type == "comment" && !st.CreatedAt.Before(since) {
					return "a comment", nil
				}
			}
		}
	}
	return "", nil
}
