package asanatest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestVisibility checks the shared canSee* rules that the project and task
// handlers build on, for each kind of principal.
func TestVisibility(t *testing.T) {
	f := newFixture(t)
	s := f.s
	pub := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Open"}))
	teamOnly := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Team", PrivacySetting: PrivacyPrivateToTeam}))
	private := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.secret.GID, Name: "Mine", PrivacySetting: PrivacyPrivate, OwnerGID: f.admin.GID}))
	inPub := Must(s.AddTask(Task{Name: "a", Memberships: []TaskMembership{{ProjectGID: pub.GID}}}))
	inPrivate := Must(s.AddTask(Task{Name: "b", Memberships: []TaskMembership{{ProjectGID: private.GID}}}))
	sub := Must(s.AddTask(Task{Name: "c", ParentGID: inPrivate.GID}))
	assigned := Must(s.AddTask(Task{Name: "d", WorkspaceGID: f.org.GID, AssigneeGID: f.guest.GID}))

	tokens := map[string]string{"sa": f.saTok, "admin": f.adminTok, "member": f.memberTok, "guest": f.guestTok, "outsider": f.outsiderTok}
	tests := []struct {
		who                          string
		pub, teamOnly, private       bool
		inPub, inPrivate, sub, assig bool
		orgAdmin, orgSA              bool
	}{
		{"sa", true, true, true, true, true, true, true, true, true},
		{"admin", true, false, true, true, true, true, false, true, false},
		{"member", true, true, false, true, false, false, false, false, false},
		{"guest", false, false, false, false, false, false, true, false, false},
		{"outsider", false, false, false, false, false, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			s.mu.RLock()
			defer s.mu.RUnlock()
			p := s.authenticate(&http.Request{Header: http.Header{"Authorization": {"Bearer " + tokens[tt.who]}}})
			if p == nil {
				t.Fatal("token not accepted")
			}
			proj := func(g string) bool { return s.canSeeProject(p, s.st.projects.get(g)) }
			task := func(g string) bool { return s.canSeeTask(p, s.st.tasks.get(g)) }
			got := []bool{proj(pub.GID), proj(teamOnly.GID), proj(private.GID), task(inPub.GID), task(inPrivate.GID), task(sub.GID), task(assigned.GID),
				s.isAdmin(p, f.org.GID), s.isServiceAccountOf(p, f.org.GID)}
			want := []bool{tt.pub, tt.teamOnly, tt.private, tt.inPub, tt.inPrivate, tt.sub, tt.assig, tt.orgAdmin, tt.orgSA}
			names := []string{"public project", "team project", "private project", "task in public", "task in private", "subtask", "assigned task", "isAdmin", "isServiceAccountOf"}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s: got %v, want %v", names[i], got[i], want[i])
				}
			}
		})
	}
}

// TestBodyAndQueryParsing covers the typed readers handlers use.
func TestBodyAndQueryParsing(t *testing.T) {
	tests := []struct {
		name, body, query string
		check             func(*request) error
		wantErr           string
	}{
		{"bool body", `{"data":{"archived":true}}`, "", func(rq *request) error {
			b, _ := rq.body()
			v, err := b.boolean("archived", false)
			if err == nil && !v {
				return errorf(500, "got false")
			}
			return err
		}, ""},
		{"bool body wrong type", `{"data":{"archived":"yes"}}`, "", func(rq *request) error {
			b, _ := rq.body()
			_, err := b.boolean("archived", false)
			return err
		}, `archived: Not a boolean: "yes"`},
		{"broken json", `{"data":`, "", func(rq *request) error { _, err := rq.body(); return err }, msgInvalidJSON},
		{"data not object", `{"data":[1]}`, "", func(rq *request) error { _, err := rq.body(); return err }, "data: Must be an object"},
		{"missing", `{"data":{}}`, "", func(rq *request) error {
			b, _ := rq.body()
			_, err := b.str("name", true)
			return err
		}, "name: Missing input"},
		{"gid as number", `{"data":{"team":1200000000000001}}`, "", func(rq *request) error {
			b, _ := rq.body()
			g, err := b.gid("team", true)
			if err == nil && g != "1200000000000001" {
				return errorf(500, "got %s", g)
			}
			return err
		}, ""},
		{"query bool", "", "archived=maybe", func(rq *request) error { _, err := rq.queryBool("archived", false); return err }, "archived: Not a boolean: maybe"},
		{"query bool ok", "", "archived=true", func(rq *request) error {
			v, err := rq.queryBool("archived", false)
			if err == nil && !v {
				return errorf(500, "got false")
			}
			return err
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest("POST", "http://x/api/1.0/x?"+tt.query, strings.NewReader(tt.body))
			q, _ := url.ParseQuery(tt.query)
			err := tt.check(&request{r: r, query: q})
			got := ""
			if err != nil {
				got = err.(*apiError).message
			}
			if got != tt.wantErr {
				t.Errorf("error %q, want %q", got, tt.wantErr)
			}
		})
	}
}
