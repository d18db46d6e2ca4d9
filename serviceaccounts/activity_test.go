package serviceaccounts

import (
	"errors"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// TestCleanupCountsStatusUpdatesAndComments: a status update on a project
// or a comment on one of its tasks keeps it out of a cleanup that counts
// them, and one posted after the plan makes Apply leave it alone.
func TestCleanupCountsStatusUpdatesAndComments(t *testing.T) {
	co := newCleanupOrg(t)
	ctx := t.Context()
	c := clientFor(t, co.srv, co.sa)
	ada := clientFor(t, co.srv, co.member)
	if _, err := ada.StatusUpdates.Create(ctx, &asana.StatusUpdateCreateRequest{Parent: co.projects["quiet"].GID, StatusType: "on_track", Text: "Still going"}, nil); err != nil {
		t.Fatal(err)
	}
	// Seeded, as Asana has it: a comment does not move the task's
	// modified_at (the fake's POST .../stories does move it).
	comment := func(task string) {
		t.Helper()
		if _, err := co.srv.AddStory(asanatest.Story{TaskGID: task, Type: "comment", ResourceSubtype: "comment_added", Text: "Do we still need this?"}); err != nil {
			t.Fatal(err)
		}
	}
	comment(co.tasks["oldArchived"].GID)
	tests := []struct {
		name                    string
		statuses, comments      bool
		archiveQuiet, deleteOld bool
	}{
		{"modified_at only", false, false, true, true},
		{"status updates", true, false, false, true},
		{"comments", false, true, true, false},
		{"both", true, true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := co.rules()
			r.CountStatusUpdates, r.CountComments = tt.statuses, tt.comments
			plan, err := PlanCleanup(ctx, c, co.org.GID, r)
			if err != nil {
				t.Fatal(err)
			}
			if got := projectsOf(plan, ArchiveProject)[co.projects["quiet"].GID]; got != tt.archiveQuiet {
				t.Errorf("archive the project with a status update: %v, want %v\n%s", got, tt.archiveQuiet, text(plan))
			}
			if got := projectsOf(plan, DeleteProject)[co.projects["oldArchived"].GID]; got != tt.deleteOld {
				t.Errorf("delete the project with a comment: %v, want %v\n%s", got, tt.deleteOld, text(plan))
			}
		})
	}
	// Planned with both counted, then a comment arrives: Apply refuses.
	r := co.rules()
	r.CountStatusUpdates, r.CountComments = true, true
	plan, err := PlanCleanup(ctx, c, co.org.GID, r)
	if err != nil || plan.Empty() {
		t.Fatalf("plan: %v\n%s", err, text(plan))
	}
	target := plan.Changes[0]
	task, err := ada.Tasks.ListForProject(ctx, target.Project.GID, &asana.TaskListForOptions{ListOptions: asana.ListOptions{Limit: 1}}).Page("")
	if err != nil || len(task.Items) == 0 {
		t.Fatalf("a task of %s: %v", target.Project, err)
	}
	comment(task.Items[0].GID)
	rep, err := Apply(ctx, c, plan, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res := rep.Results[0]; res.Status != StatusFailed || !errors.Is(res.Err, ErrStale) {
		t.Errorf("a project commented on after the plan: %s %v", res.Status, res.Err)
	}
}
