package asanatest

// DemoSeed is the seed of the demo organization.
const DemoSeed = 2026

// DemoSizes returns the demo organization's sizes: small enough to read in
// a terminal, with one of everything (admin, guest, deprovisioned user,
// archived project, subtasks, comments).
func DemoSizes() Sizes {
	return Sizes{
		Users:           8,
		Admins:          1,
		Guests:          1,
		Inactive:        1,
		Teams:           3,
		Projects:        5,
		TasksPerProject: 6,
		SubtaskRatio:    0.5,
		CommentsPerTask: 1,
		ArchivedRatio:   0.2,
	}
}

// DemoOrganization adds the demo organization, the one every example of
// this module uses: Generate(DemoSeed, DemoSizes()). It is an Enterprise
// organization with three teams, eight people (an admin, a guest and a
// deprovisioned user among them), a service account, and five projects
// (one archived) with tasks, subtasks and comments. On a fresh fake with a
// manual clock it is the same in every run, GIDs and timestamps included.
func (s *Server) DemoOrganization() (*Org, error) {
	return s.Generate(DemoSeed, DemoSizes())
}
