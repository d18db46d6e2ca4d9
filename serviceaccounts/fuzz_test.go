package serviceaccounts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// FuzzParsePolicy checks that the loader never panics, that every error
// it returns is a *PolicyError that names the file, and that an accepted
// policy is valid and survives a round trip through JSON.
func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(samplePolicy), false)
	f.Add([]byte("teams:\n  - team: Eng\n    memberz: [a@b.example]\n"), false)
	f.Add([]byte(`{"teams": [{"team": "Eng", "members": ["a@b.example"], "exclusive": true}]}`), true)
	f.Add([]byte(`{"admins": ["a@b.example",]}`), true)
	f.Add([]byte("guests:\n  allowed_domains: [partner.example]\n"), false)
	f.Add([]byte("deprovision: {users: [a@b.example], keep: [a@b.example]}\n"), false)
	f.Add([]byte("memberships:\n  - team_projects: Eng\n    grant: [{team: Eng, level: editor}]\n  - all: true\n    max_level: [{outside_domains: [acme.example], guests: true, level: none}]\n"), false)
	f.Add([]byte("guest_access:\n  - {domain: '*', max_level: viewer, projects: [P]}\nteams:\n  - {team: T, settings: {visibility: secret, content_management: no_restriction}}\n"), false)
	f.Add([]byte("&a [*a]"), false)
	f.Add([]byte(strings.Repeat("[", 64)), false)
	f.Add([]byte("teams: [{team: "+strings.Repeat("x", 500)+", members: ["+strings.Repeat("y", 500)+"]}]"), false)
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "p.yaml"
		if asJSON {
			name = "p.json"
		}
		p, err := ParsePolicy(data, name)
		if err != nil {
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.File != name || !strings.HasPrefix(err.Error(), name) {
				t.Fatalf("error %q (%T) is not a PolicyError naming the file", err, err)
			}
			if len(err.Error()) > len(name)+maxPolicyErrorBytes {
				t.Fatalf("error of %d bytes", len(err.Error()))
			}
			return
		}
		if err := p.validate(); err != nil {
			t.Fatalf("accepted an invalid policy: %v", err)
		}
		js, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal an accepted policy: %v", err)
		}
		back, err := ParsePolicy(js, "round.json")
		if err != nil {
			t.Fatalf("the JSON of an accepted policy is refused: %v\n%s", err, js)
		}
		if js2, _ := json.Marshal(back); !bytes.Equal(js, js2) {
			t.Fatalf("JSON round trip changed the policy:\n%s\n%s", js, js2)
		}
	})
}

// FuzzLoadDirectory checks that the directory loader never panics, that
// every error is a *PolicyError naming the file, that an accepted
// directory holds valid, distinct addresses in line order, and that a
// leading byte order mark changes nothing.
func FuzzLoadDirectory(f *testing.F) {
	f.Add([]byte("email,name,department,status\nada@acme.example,Ada,Eng,active\nbob@acme.example,Bob,Eng,terminated\n"))
	f.Add([]byte("\ufeff\"email\",\"name\"\n\"ada@acme.example\",\"Ada\"\n"))
	f.Add([]byte("email\r\nada@acme.example\r\n"))
	f.Add([]byte("email\n"))
	f.Add([]byte("name\nAda\n"))
	f.Add([]byte("email,name\nada@acme.example,\"Ada\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := LoadDirectory(bytes.NewReader(data), "people.csv")
		if err != nil {
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.File != "people.csv" {
				t.Fatalf("error %q (%T) is not a PolicyError naming the file", err, err)
			}
		} else {
			people := d.People()
			if len(people) != d.Len() {
				t.Fatalf("People has %d, Len %d", len(people), d.Len())
			}
			for i, p := range people {
				if !validEmail(p.Email) || strings.HasPrefix(p.Email, "\ufeff") {
					t.Fatalf("accepted %q", p.Email)
				}
				if got, ok := d.Lookup(strings.ToUpper(p.Email)); !ok || got != p {
					t.Fatalf("Lookup(%q) = %+v, %v", p.Email, got, ok)
				}
				if i > 0 && p.Line <= people[i-1].Line {
					t.Fatalf("lines out of order: %d after %d", p.Line, people[i-1].Line)
				}
			}
		}
		if bytes.HasPrefix(data, []byte("\ufeff")) {
			return
		}
		d2, err2 := LoadDirectory(bytes.NewReader(append([]byte("\ufeff"), data...)), "people.csv")
		if fmt.Sprint(err) != fmt.Sprint(err2) || (err == nil && !slices.Equal(d.People(), d2.People())) {
			t.Fatalf("a byte order mark changed the result: %v / %v", err, err2)
		}
	})
}

// FuzzParseMemberList checks that the member-list parser never panics,
// that every error is a *PolicyError naming the file, that an accepted list
// is non-empty with valid, distinct addresses, that errors are short, and
// that a leading byte order mark changes nothing.
func FuzzParseMemberList(f *testing.F) {
	f.Add([]byte("ada@acme.example\nbob@acme.example\n"), uint8(0))
	f.Add([]byte("\ufeffada@acme.example\r\nbob@acme.example\r\n"), uint8(0))
	f.Add([]byte("\ufeff\"email\",\"name\"\n\"ada@acme.example\",\"Ada\"\n"), uint8(0))
	f.Add([]byte("name,email\nAda,ada@acme.example\n"), uint8(1))
	f.Add([]byte("\ufeffmembers:\n  - ada@acme.example\n"), uint8(2))
	f.Add([]byte("- ada@acme.example\n- ADA@acme.example\n"), uint8(2))
	f.Add([]byte(`{"members": ["ada@acme.example"]}`), uint8(3))
	f.Add([]byte("members: []\n"), uint8(2))
	f.Add([]byte("members: !x\n0"), uint8(2))
	f.Add([]byte("a: &a [x@y.example]\nmembers: *a\n"), uint8(2))
	names := []string{"m.csv", "m.txt", "m.yaml", "m.json"}
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		name := names[int(format)%len(names)]
		list, err := ParseMemberList(data, name)
		if err != nil {
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.File != name {
				t.Fatalf("error %q (%T) is not a PolicyError naming the file", err, err)
			}
			if len(err.Error()) > len(name)+maxPolicyErrorBytes {
				t.Fatalf("error of %d bytes", len(err.Error()))
			}
		} else {
			if len(list) == 0 {
				t.Fatal("accepted an empty list")
			}
			if err := checkEmails("members", list); err != nil {
				t.Fatalf("accepted %v: %v", list, err)
			}
		}
		if bytes.HasPrefix(data, []byte("\ufeff")) {
			return
		}
		list2, err2 := ParseMemberList(append([]byte("\ufeff"), data...), name)
		if fmt.Sprint(err) != fmt.Sprint(err2) || !slices.Equal(list, list2) {
			t.Fatalf("a byte order mark changed the result: %q, %v / %q, %v", list, err, list2, err2)
		}
	})
}
