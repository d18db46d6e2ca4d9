package asanatest

import (
	"math"
	"testing"
)

// FuzzGenerate feeds Generate small, odd sizes: it must either refuse them
// with an error, adding nothing, or build exactly what it reports.
func FuzzGenerate(f *testing.F) {
	f.Add(uint64(1), int8(0), int8(0), int8(0), int8(0), int8(0), int8(0), int8(0), int8(0), float32(0), float32(0), float32(0))
	f.Add(uint64(2), int8(1), int8(1), int8(-1), int8(-1), int8(1), int8(1), int8(0), int8(1), float32(-1), float32(-1), float32(1))
	f.Add(uint64(3), int8(3), int8(2), int8(2), int8(0), int8(9), int8(2), int8(5), int8(0), float32(2.5), float32(0.1), float32(0.5))
	f.Add(uint64(4), int8(2), int8(0), int8(0), int8(0), int8(-1), int8(3), int8(0), int8(0), float32(0), float32(0), float32(0))
	f.Fuzz(func(t *testing.T, seed uint64, users, admins, guests, inactive, teams, projects, perProject, tasks int8, sub, comments, archived float32) {
		sz := Sizes{
			Users: int(users), Admins: int(admins), Guests: int(guests), Inactive: int(inactive),
			Teams: int(teams), Projects: int(projects), TasksPerProject: int(perProject) % 8, Tasks: int(tasks),
			SubtaskRatio: float64(sub), CommentsPerTask: float64(comments), ArchivedRatio: float64(archived),
		}
		s, err := New()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		want, rerr := sz.resolve()
		org, err := s.Generate(seed, sz)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("Generate error %v, resolve error %v", err, rerr)
		}
		if err != nil {
			if n := len(s.st.workspaces.order); n != 0 {
				t.Fatalf("rejected sizes %+v left %d workspaces", sz, n)
			}
			return
		}
		if len(org.Users) != want.Users || len(org.Teams) != want.Teams || len(org.Projects) != want.Projects || org.Tasks != want.Tasks {
			t.Fatalf("sizes %+v resolved to %+v, got %v", sz, want, org)
		}
		if archived := countArchived(org.Projects); archived != int(math.Round(float64(want.Projects)*want.ArchivedRatio)) {
			t.Fatalf("%d archived projects for %+v", archived, want)
		}
		if want.Users > want.Admins+want.Guests+want.Inactive && org.Member.GID == "" {
			t.Fatalf("no member token for %+v", want)
		}
		if len(s.st.tasks.order) != org.Tasks+org.Subtasks+org.MyTasksOnly || len(s.st.stories.order) != org.Comments {
			t.Fatalf("stored %d tasks and %d stories, Org says %v", len(s.st.tasks.order), len(s.st.stories.order), org)
		}
	})
}
