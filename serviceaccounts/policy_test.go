package serviceaccounts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const samplePolicy = `# Acme access policy
directory: people.csv
teams:
  - team: Engineering
    members: [ada@acme.example]
    departments: [Engineering]
    must_not: [eve@acme.example]
    exclusive: true
admins: [root@acme.example]
guests:
  allowed_domains: [partner.example]
deprovision:
  missing_from_directory: true
  inactive_in_directory: true
  users: [mallory@acme.example]
  keep: [breakglass@acme.example]
`

func TestParsePolicy(t *testing.T) {
	p, err := ParsePolicy([]byte(samplePolicy), "policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Teams) != 1 || p.Teams[0].Team != "Engineering" || !p.Teams[0].Exclusive ||
		p.Teams[0].Departments[0] != "Engineering" || p.Teams[0].MustNot[0] != "eve@acme.example" {
		t.Errorf("teams: %+v", p.Teams)
	}
	if p.Guests.AllowedDomains[0] != "partner.example" || !p.Deprovision.MissingFromDirectory ||
		p.Deprovision.Keep[0] != "breakglass@acme.example" || p.Admins[0] != "root@acme.example" || p.Directory != "people.csv" {
		t.Errorf("policy: %+v %+v %+v", p, p.Guests, p.Deprovision)
	}
	// The same policy in JSON decodes the same.
	js := `{"directory": "people.csv", "teams": [{"team": "Engineering", "members": ["ada@acme.example"],
	  "departments": ["Engineering"], "must_not": ["eve@acme.example"], "exclusive": true}],
	  "admins": ["root@acme.example"], "guests": {"allowed_domains": ["partner.example"]},
	  "deprovision": {"missing_from_directory": true, "inactive_in_directory": true,
	  "users": ["mallory@acme.example"], "keep": ["breakglass@acme.example"]}}`
	pj, err := ParsePolicy([]byte(js), "policy.json")
	if err != nil {
		t.Fatal(err)
	}
	if pj.Teams[0].Team != p.Teams[0].Team || pj.Deprovision.Users[0] != p.Deprovision.Users[0] || pj.Guests.AllowedDomains[0] != "partner.example" {
		t.Errorf("JSON policy differs: %+v", pj)
	}
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		name, file, src string
		line            int
		field, msg      string
	}{
		{"unknown field", "p.yaml", "teams:\n  - team: Eng\n    memberz: [a@b.example]\n", 3, "teams[0].memberz", `unknown field "memberz"`},
		{"unknown top-level field", "p.yaml", "admins: []\nguest:\n  allowed_domains: []\n", 2, "guest", `unknown field "guest"`},
		{"wrong type bool", "p.yaml", "teams:\n  - team: Eng\n    members: [a@b.example]\n    exclusive: maybe\n", 4, "teams[0].exclusive", "want true or false"},
		{"wrong type list", "p.yaml", "admins: root@acme.example\n", 1, "admins", "sequence is expected"},
		{"bad email", "p.yaml", "teams:\n  - team: Eng\n    members:\n      - ada@acme.example\n      - bob\n", 5, "teams[0].members[1]", `not an email address: "bob"`},
		{"missing team", "p.yaml", "teams:\n  - members: [a@b.example]\n", 2, "teams[0].team", "missing"},
		{"duplicate team", "p.yaml", "teams:\n  - team: Eng\n  - team: eng\n", 3, "teams[1].team", "already has a rule at teams[0]"},
		{"duplicate key", "p.yaml", "teams:\n  - team: Eng\n    team: Ops\n", 3, "", "already defined"},
		{"bad domain", "p.yaml", "guests:\n  allowed_domains: [partner.example, 'not a domain']\n", 2, "guests.allowed_domains[1]", "not a domain name"},
		{"must_not and members", "p.yaml", "teams:\n  - team: Eng\n    members: [a@b.example]\n    must_not: [A@b.example]\n", 4, "teams[0].must_not[0]", "also in members"},
		{"empty exclusive", "p.yaml", "teams:\n  - team: Eng\n    exclusive: true\n", 3, "teams[0].exclusive", "would empty the team"},
		{"keep and deprovision", "p.yaml", "deprovision:\n  users: [a@b.example]\n  keep: [a@b.example]\n", 2, "deprovision.users[0]", "also in deprovision.keep"},
		{"twice", "p.yaml", "admins:\n  - a@b.example\n  - a@b.example\n", 3, "admins[1]", "listed twice"},
		{"tag", "p.yaml", "guests:\n allowed_domains: !custom [a.example]\n", 2, "guests.allowed_domains", "tags, anchors and aliases are not allowed"},
		{"alias", "p.yaml", "admins: &a [a@b.example]\ndeprovision:\n  keep: *a\n", 1, "admins", "tags, anchors and aliases are not allowed"},
		{"syntax", "p.yaml", "teams:\n  - team: [Eng\n", 2, "", ""},
		{"json unknown field", "p.json", "{\n  \"teams\": [\n    {\"team\": \"Eng\", \"exclusiv\": true}\n  ]\n}\n", 3, "teams[0].exclusiv", `unknown field "exclusiv"`},
		{"json trailing comma", "p.json", "{\n  \"admins\": [\"a@b.example\",]\n}\n", 2, "", "invalid JSON"},
		{"json comment", "p.json", "{\n  # no comments in JSON\n  \"admins\": []\n}\n", 2, "", "invalid JSON"},
		{"json bad email", "p.json", "{\"teams\": [\n {\"team\": \"Eng\",\n  \"members\": [\"x\"]}]}\n", 3, "teams[0].members[0]", "not an email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tt.src), tt.file)
			var pe *PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want a *PolicyError", err, err)
			}
			if pe.File != tt.file || pe.Line != tt.line || pe.Field != tt.field || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("got file %q line %d field %q msg %q, want %q line %d field %q msg containing %q",
					pe.File, pe.Line, pe.Field, pe.Msg, tt.file, tt.line, tt.field, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), tt.file+":") || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("message %q should start with the file and line and name the field", err)
			}
		})
	}
}

func TestLoadPolicyFileWithDirectory(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("people.csv", "Name,Email,Department,Status\nAda,ada@acme.example,Engineering,active\nBob,bob@acme.example,Engineering,terminated\n")
	p, err := LoadPolicyFile(write("policy.yaml", samplePolicy))
	if err != nil {
		t.Fatal(err)
	}
	if p.dir == nil || p.dir.Len() != 2 {
		t.Fatalf("directory not loaded: %+v", p.dir)
	}
	if got := p.dir.InDepartment("engineering"); len(got) != 1 || got[0] != "ada@acme.example" {
		t.Errorf("InDepartment = %v, want the active engineer only", got)
	}
	write("bad.csv", "Name,Email\nAda,ada@acme.example\nBob,not-an-email\n")
	_, err = LoadPolicyFile(write("p2.yaml", "directory: bad.csv\n"))
	var pe *PolicyError
	if !errors.As(err, &pe) || pe.Line != 3 || pe.Field != "email" || !strings.HasSuffix(pe.File, "bad.csv") {
		t.Errorf("bad directory: %v", err)
	}
	if _, err := LoadPolicyFile(filepath.Join(dir, "nope.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestLoadDirectoryErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		field     string
		msg       string
	}{
		{"empty", "", 1, "", "empty file"},
		{"no email column", "name,dept\nAda,Eng\n", 1, "header", "no email column"},
		{"duplicate", "email\nada@acme.example\nADA@acme.example\n", 3, "email", "already on line 2"},
		{"bad quote", "email,name\nada@acme.example,\"Ada\n", 2, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadDirectory(strings.NewReader(tt.src), "people.csv")
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.Line != tt.line || pe.Field != tt.field || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("err = %#v", err)
			}
		})
	}
}
