package asanatest

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"
)

// fingerprint hashes everything the fake stores, in GID order, so that two
// fakes can be compared whole (token secrets are not stored, only hashed).
func fingerprint(s *Server) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	h := sha256.New()
	st := s.st
	dumpTable(h, &st.workspaces)
	dumpTable(h, &st.users)
	dumpTable(h, &st.tokens) // metadata only: the fake keeps no secrets
	dumpTable(h, &st.wsMemberships)
	dumpTable(h, &st.teams)
	dumpTable(h, &st.teamMemberships)
	dumpTable(h, &st.projects)
	dumpTable(h, &st.sections)
	dumpTable(h, &st.tasks)
	dumpTable(h, &st.stories)
	dumpTable(h, &portfolios(st).portfolios)
	dumpTable(h, &memberships(st).memberships)
	for _, p := range st.projects.order {
		fmt.Fprintln(h, p, st.projectTasks[p].tasks())
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func dumpTable[T any](h hash.Hash, t *table[T]) {
	for _, g := range t.order {
		fmt.Fprintf(h, "%+v\n", *t.get(g))
	}
}

func generate(t *testing.T, seed uint64, sz Sizes, opts ...Option) (*Server, *Org) {
	t.Helper()
	s, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	org, err := s.Generate(seed, sz)
	if err != nil {
		t.Fatal(err)
	}
	return s, org
}

func TestGenerateDeterministic(t *testing.T) {
	sz := Sizes{Users: 40, Teams: 5, Projects: 12, Tasks: 300}
	tests := []struct {
		name       string
		seedA      uint64
		seedB      uint64
		sameServer bool // the fakes' own seed (token secrets)
		wantSame   bool
	}{
		{"same seed", 7, 7, true, true},
		{"other seed", 7, 8, true, false},
		{"other fake seed changes only token secrets", 7, 7, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, orgA := generate(t, tt.seedA, sz, WithSeed(1))
			fakeSeed := uint64(1)
			if !tt.sameServer {
				fakeSeed = 2
			}
			b, orgB := generate(t, tt.seedB, sz, WithSeed(fakeSeed))
			if got := fingerprint(a) == fingerprint(b); got != tt.wantSame {
				t.Errorf("same state = %v, want %v", got, tt.wantSame)
			}
			if !tt.sameServer {
				// Everything but the token secrets matches.
				if orgA.String() != orgB.String() || orgA.Users[3] != orgB.Users[3] {
					t.Errorf("orgs differ beyond tokens: %v vs %v", orgA, orgB)
				}
				if orgA.ServiceAccountToken == orgB.ServiceAccountToken {
					t.Error("token secrets should follow the fake's seed")
				}
			}
		})
	}
}

func TestGenerateSizes(t *testing.T) {
	tests := []struct {
		name string
		sz   Sizes
		want Sizes // resolved
	}{
		{"defaults", Sizes{}, Sizes{Users: 20, Admins: 1, Guests: 2, Inactive: 1, Teams: 4, Projects: 10,
			TasksPerProject: 20, Tasks: 200, SubtaskRatio: 0.3, CommentsPerTask: 0.5, ArchivedRatio: 0.1, Goals: 5}},
		{"total tasks win", Sizes{Users: 100, Projects: 7, TasksPerProject: 3, Tasks: 71}, Sizes{Users: 100, Admins: 2,
			Guests: 10, Inactive: 5, Teams: 4, Projects: 7, TasksPerProject: 10, Tasks: 71, SubtaskRatio: 0.3,
			CommentsPerTask: 0.5, ArchivedRatio: 0.1, Goals: 3}},
		{"negative means none", Sizes{Users: 5, Admins: -1, Guests: -1, Inactive: -1, Projects: 2, TasksPerProject: 4,
			SubtaskRatio: -1, CommentsPerTask: -1, ArchivedRatio: -1, Goals: -1}, Sizes{Users: 5, Teams: 4, Projects: 2,
			TasksPerProject: 4, Tasks: 8}},
		{"no projects", Sizes{Users: 2, Guests: -1, Teams: -1, Projects: -1}, Sizes{Users: 2, Admins: 1,
			SubtaskRatio: 0.3, CommentsPerTask: 0.5, ArchivedRatio: 0.1, Goals: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.sz.resolve()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("resolve:\n got %+v\nwant %+v", got, tt.want)
			}
			s, org := generate(t, 3, tt.sz)
			members := s.WorkspaceMembers(org.Organization.GID)
			var admins, guests, inactive int
			for _, m := range members {
				admins += b2i(m.IsAdmin)
				guests += b2i(m.IsGuest)
				inactive += b2i(!m.IsActive)
			}
			checks := []struct {
				what      string
				got, want int
			}{
				{"users", len(org.Users), got.Users},
				{"members", len(members), got.Users + 1}, // + the service account
				{"admins", admins, got.Admins},
				{"guests", guests, got.Guests},
				{"inactive", inactive, got.Inactive},
				{"inactive list", len(org.Inactive), got.Inactive},
				{"teams", len(org.Teams), got.Teams},
				{"projects", len(org.Projects), got.Projects},
				{"tasks", org.Tasks, got.Tasks},
				{"archived", countArchived(org.Projects), int(math.Round(float64(got.Projects) * got.ArchivedRatio))},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
				}
			}
			if got.SubtaskRatio == 0 && org.Subtasks != 0 || got.CommentsPerTask == 0 && org.Comments != 0 {
				t.Errorf("%d subtasks and %d comments, want none", org.Subtasks, org.Comments)
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func countArchived(ps []Project) int {
	n := 0
	for _, p := range ps {
		n += b2i(p.Archived)
	}
	return n
}

func TestGenerateSizesInvalid(t *testing.T) {
	tests := []struct {
		name string
		sz   Sizes
		want string
	}{
		{"roles overflow", Sizes{Users: 3, Admins: 2, Guests: 2}, "do not fit"},
		{"projects without teams", Sizes{Teams: -1}, "at least one team"},
		{"tasks without projects", Sizes{Projects: -1, Tasks: 10}, "at least one project"},
		{"NaN ratio", Sizes{SubtaskRatio: math.NaN()}, "SubtaskRatio"},
		{"huge ratio", Sizes{CommentsPerTask: 1e9}, "CommentsPerTask"},
		{"archived over one", Sizes{ArchivedRatio: 1.5}, "ArchivedRatio"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New()
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			_, err = s.Generate(1, tt.sz)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want one mentioning %q", err, tt.want)
			}
			if got := len(s.st.workspaces.order); got != 0 {
				t.Errorf("%d workspaces added by a rejected Generate", got)
			}
		})
	}
}

// TestGenerateRealistic checks the invariants a real organization has.
func TestGenerateRealistic(t *testing.T) {
	s, org := generate(t, 11, Sizes{Users: 60, Teams: 6, Projects: 15, Tasks: 600, SubtaskRatio: 0.5, CommentsPerTask: 1.5})
	now := s.Clock().Now()

	emails := map[string]bool{}
	domain := org.Organization.EmailDomains[0]
	for _, u := range org.Users {
		if emails[u.Email] {
			t.Errorf("duplicate email %s", u.Email)
		}
		emails[u.Email] = true
		m, _ := s.WorkspaceMembership(org.Organization.GID, u.GID)
		if m.IsGuest == strings.HasSuffix(u.Email, "@"+domain) {
			t.Errorf("%s: guest %v with email %s (org domain %s)", u.Name, m.IsGuest, u.Email, domain)
		}
		if !m.IsActive && len(s.userTeams(u.GID)) > 0 {
			t.Errorf("deprovisioned %s still in teams", u.Name)
		}
		if u.CreatedAt.After(now) {
			t.Errorf("user %s created in the future", u.Name)
		}
	}
	if !org.ServiceAccount.ServiceAccount || org.ServiceAccount.Photo == "" {
		t.Errorf("service account %+v", org.ServiceAccount)
	}
	for _, tm := range org.Teams {
		if len(s.TeamMembers(tm.GID)) == 0 {
			t.Errorf("team %s has no members", tm.Name)
		}
	}

	var tasks, subtasks, comments, myTasksOnly, tagged int
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, g := range s.st.tasks.order {
		tk := s.st.tasks.get(g)
		if len(tk.TagGIDs) > 0 {
			tagged++
		}
		switch {
		case tk.ParentGID == "" && len(tk.Memberships) == 0:
			myTasksOnly++
			if tk.AssigneeGID == "" || assigneeSectionOf(s.st, tk) == "" {
				t.Errorf("task %s in no project is in nobody's My Tasks", g)
			}
		case tk.ParentGID == "":
			tasks++
		default:
			subtasks++
			if parent := s.st.tasks.get(tk.ParentGID); tk.CreatedAt.Before(parent.CreatedAt) {
				t.Errorf("subtask %s created before its parent", g)
			}
		}
		if tk.CreatedAt.After(tk.ModifiedAt) || tk.ModifiedAt.After(now) {
			t.Errorf("task %s: created %v modified %v now %v", g, tk.CreatedAt, tk.ModifiedAt, now)
		}
		if tk.Completed != !tk.CompletedAt.IsZero() {
			t.Errorf("task %s: completed %v at %v", g, tk.Completed, tk.CompletedAt)
		}
		if tk.DueOn != "" {
			if _, err := time.Parse(time.DateOnly, tk.DueOn); err != nil {
				t.Errorf("task %s: due_on %q", g, tk.DueOn)
			}
		}
		for _, sg := range s.st.taskStories[g] {
			st := s.st.stories.get(sg)
			comments++
			if st.CreatedAt.Before(tk.CreatedAt) || st.CreatedAt.After(tk.ModifiedAt) {
				t.Errorf("comment %s at %v outside its task's life %v..%v", sg, st.CreatedAt, tk.CreatedAt, tk.ModifiedAt)
			}
		}
	}
	if myTasksOnly != org.MyTasksOnly || myTasksOnly == 0 || tagged != org.TaggedTasks || tagged < (tasks+subtasks)/5 {
		t.Errorf("stored %d tasks only in My Tasks and %d tagged tasks, Org says %d and %d", myTasksOnly, tagged, org.MyTasksOnly, org.TaggedTasks)
	}
	if len(org.Tags) < 3 || org.MyTasksSections < 2*(len(org.Users)-len(org.Inactive)) {
		t.Errorf("%d tags, %d My Tasks sections for %d users", len(org.Tags), org.MyTasksSections, len(org.Users))
	}
	if tasks != org.Tasks || subtasks != org.Subtasks || comments != org.Comments {
		t.Errorf("stored %d/%d/%d tasks/subtasks/comments, Org says %d/%d/%d", tasks, subtasks, comments, org.Tasks, org.Subtasks, org.Comments)
	}
	// Averages land near the ratios asked for.
	if r := float64(subtasks) / float64(tasks); r < 0.4 || r > 0.6 {
		t.Errorf("subtask ratio %.2f, want about 0.5", r)
	}
	if r := float64(comments) / float64(tasks); r < 1.3 || r > 1.7 {
		t.Errorf("comments per task %.2f, want about 1.5", r)
	}
}

// userTeams lists the teams a user belongs to.
func (s *Server) userTeams(userGID string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for _, mg := range s.st.teamMembersByUser[userGID] {
		out = append(out, s.st.teamMemberships.get(mg).TeamGID)
	}
	return out
}

// TestGenerateTokens checks that the role tokens work over HTTP with the
// role's powers.
func TestGenerateTokens(t *testing.T) {
	s, org := generate(t, 5, Sizes{})
	tests := []struct {
		name, token, path string
		status            int
		wantName          string
	}{
		{"service account", org.ServiceAccountToken, "/users/me", http.StatusOK, org.ServiceAccount.Name},
		{"admin", org.AdminToken, "/users/me", http.StatusOK, org.Admin.Name},
		{"member", org.MemberToken, "/users/me", http.StatusOK, org.Member.Name},
		{"guest", org.GuestToken, "/users/me", http.StatusOK, org.Guest.Name},
		{"member sees the organization", org.MemberToken, "/workspaces/" + org.Organization.GID, http.StatusOK, org.Organization.Name},
		{"deprovisioned user is invisible to a guest", org.GuestToken, "/users/" + org.Inactive[0], http.StatusForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, s, tt.token, http.MethodGet, tt.path, "")
			if code != tt.status {
				t.Fatalf("status %d, want %d: %v", code, tt.status, doc)
			}
			if tt.wantName == "" {
				return
			}
			data, _ := doc["data"].(map[string]any)
			if data["name"] != tt.wantName {
				t.Errorf("name %v, want %q", data["name"], tt.wantName)
			}
		})
	}
}

func TestOrgStringHidesTokens(t *testing.T) {
	_, org := generate(t, 1, DemoSizes())
	for _, out := range []string{
		fmt.Sprint(org), fmt.Sprint(*org), fmt.Sprintf("%+v", *org), fmt.Sprintf("%#v", *org), fmt.Sprintf("%v", org),
	} {
		for _, tok := range []string{org.ServiceAccountToken, org.AdminToken, org.MemberToken, org.GuestToken} {
			if tok == "" || strings.Contains(out, tok) {
				t.Fatalf("token %q missing or printed in %q", tok, out)
			}
		}
		if !strings.Contains(out, org.Organization.Name) {
			t.Errorf("%q does not name the organization", out)
		}
	}
}

func TestDemoOrganization(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	org, err := s.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	if !org.Organization.Enterprise || len(org.Teams) < 3 || len(org.Users) < 5 {
		t.Errorf("demo org too small: %v", org)
	}
	for _, u := range []User{org.Admin, org.Member, org.Guest, org.ServiceAccount} {
		if u.GID == "" {
			t.Errorf("demo org lacks a role: %+v", org)
		}
	}
	if org.Subtasks == 0 || org.Comments == 0 || countArchived(org.Projects) != 1 || len(org.Inactive) != 1 {
		t.Errorf("demo org lacks subtasks, comments, an archived project or a deprovisioned user: %v", org)
	}
}

func TestAddTokenWithSecret(t *testing.T) {
	s, org := generate(t, 1, DemoSizes())
	const secret = "my-fixed-token"
	tests := []struct {
		name, user, secret string
		wantErr            string
	}{
		{"service account", org.ServiceAccount.GID, secret, ""},
		{"personal", org.Member.GID, "member-token", ""},
		{"reused", org.Admin.GID, secret, "already in use"},
		{"empty", org.Admin.GID, "", "non-empty"},
		{"space", org.Admin.GID, "a b", "whitespace"},
		{"no user", "1", "other", "no user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.AddTokenWithSecret(tt.user, tt.secret)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				if tt.secret != "" && strings.Contains(err.Error(), tt.secret) {
					t.Errorf("error %q quotes the secret", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			code, _, doc := call(t, s, tt.secret, http.MethodGet, "/users/me", "")
			data, _ := doc["data"].(map[string]any)
			if code != http.StatusOK || data["gid"] != tt.user {
				t.Fatalf("GET /users/me with the new token: %d %v", code, doc)
			}
		})
	}
	toks := s.Tokens(org.ServiceAccount.GID)
	if len(toks) != 2 || toks[1].Kind != TokenServiceAccount {
		t.Errorf("service account tokens %+v", toks)
	}
}

// TestNullReferenceSubfields: a dotted opt_field through an empty
// reference (an unassigned task's assignee.name) renders null, as in
// Asana, instead of failing the request.
func TestNullReferenceSubfields(t *testing.T) {
	s, org := generate(t, 1, DemoSizes())
	var unassigned, assigned Task
	for _, p := range org.Projects {
		for _, g := range s.st.projectTasks[p.GID].tasks() {
			tk, _ := s.Task(g)
			if tk.AssigneeGID == "" && unassigned.GID == "" {
				unassigned = tk
			}
			if tk.AssigneeGID != "" && assigned.GID == "" {
				assigned = tk
			}
		}
	}
	if unassigned.GID == "" || assigned.GID == "" {
		t.Fatal("demo organization lacks an unassigned or an assigned task")
	}
	assignee, _ := s.User(assigned.AssigneeGID)
	tests := []struct {
		task Task
		want any
	}{
		{unassigned, nil},
		{assigned, map[string]any{"gid": assignee.GID, "name": assignee.Name}},
	}
	for _, tt := range tests {
		code, _, doc := call(t, s, org.ServiceAccountToken, http.MethodGet, "/tasks/"+tt.task.GID+"?opt_fields=assignee.name", "")
		if code != http.StatusOK {
			t.Fatalf("status %d: %v", code, doc)
		}
		data := doc["data"].(map[string]any)
		if got, ok := data["assignee"]; !ok || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("assignee %v (present %v), want %v", got, ok, tt.want)
		}
	}
}

func TestBetween(t *testing.T) {
	g := &generator{r: rand.New(rand.NewPCG(1, 2))}
	a := DefaultStart
	tests := []struct {
		name string
		b    time.Time
		max  time.Duration
	}{
		{"before", a.Add(-time.Hour), 0},
		{"same", a, 0},
		{"under a second", a.Add(600 * time.Millisecond), 0},
		{"hours", a.Add(5 * time.Hour), 5*time.Hour - time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 100 {
				got := g.between(a, tt.b)
				if d := got.Sub(a); d < 0 || d > tt.max || d%time.Second != 0 {
					t.Fatalf("between(a, a%+v) = a%+v", tt.b.Sub(a), d)
				}
			}
		})
	}
}
