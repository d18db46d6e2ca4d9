package serviceaccounts

import (
	"bytes"
	"encoding/json"
	"errors"
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
