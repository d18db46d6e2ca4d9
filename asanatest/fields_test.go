package asanatest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseOptFields(t *testing.T) {
	tests := []struct {
		in      []string
		want    string // rendered selection
		wantErr bool
	}{
		{nil, "", false},
		{[]string{"name"}, "name", false},
		{[]string{"name,email", "photo"}, "name email photo", false},
		{[]string{"name,,email,"}, "name email", false},
		{[]string{"assignee.name,assignee.email,assignee"}, "assignee(name email)", false},
		{[]string{"memberships.project.name,memberships.section"}, "memberships(project(name) section)", false},
		{[]string{"a..b"}, "", true},
		{[]string{".a"}, "", true},
		{[]string{"na me"}, "", true},
	}
	for _, tt := range tests {
		sel, err := parseOptFields(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("%q: err %v", tt.in, err)
			continue
		}
		if got := selString(sel); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.in, got, tt.want)
		}
	}
}

func selString(s selection) string {
	var parts []string
	for _, f := range s {
		p := f.name
		if f.sub != nil {
			p += "(" + selString(f.sub) + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

func FuzzParseOptFields(f *testing.F) {
	for _, s := range []string{"name", "a,b.c,b.d", "memberships.project.name", "a..b", ",,", "x.y.z.w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		sel, err := parseOptFields([]string{in})
		if err != nil {
			return
		}
		// Every parsed path segment is a valid name, and re-parsing the
		// rendered selection gives the same selection.
		var paths []string
		var walk func(prefix string, s selection)
		walk = func(prefix string, s selection) {
			for _, f := range s {
				if !validFieldName(f.name) {
					t.Fatalf("invalid name %q from %q", f.name, in)
				}
				if f.sub == nil {
					paths = append(paths, prefix+f.name)
				} else {
					walk(prefix+f.name+".", f.sub)
				}
			}
		}
		walk("", sel)
		again, err := parseOptFields([]string{strings.Join(paths, ",")})
		if err != nil {
			t.Fatalf("re-parse of %q: %v", paths, err)
		}
		if selString(again) != selString(sel) && !hasLeafAndSub(in) {
			t.Fatalf("%q: %s then %s", in, selString(sel), selString(again))
		}
	})
}

// hasLeafAndSub reports a path asked both as a leaf and with sub-fields
// ("a,a.b"): the selection keeps the sub-fields, so it does not round-trip
// to the same text.
func hasLeafAndSub(in string) bool {
	items := strings.Split(in, ",")
	for _, a := range items {
		for _, b := range items {
			if a = strings.TrimSpace(a); a != "" && strings.HasPrefix(strings.TrimSpace(b), a+".") {
				return true
			}
		}
	}
	return false
}

func TestProjection(t *testing.T) {
	f := newFixture(t)
	if err := f.s.SetPhoto(f.admin.GID, "https://img.test/ada"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		want       string // JSON of data
		status     int
	}{
		{"full by default", "/workspaces/" + f.org.GID,
			`{"gid":"` + f.org.GID + `","resource_type":"workspace","name":"Acme","email_domains":["acme.test"],"is_organization":true}`, 200},
		{"opt_fields subset, gid always", "/workspaces/" + f.org.GID + "?opt_fields=name",
			`{"gid":"` + f.org.GID + `","name":"Acme"}`, 200},
		{"encoded comma and repeated keys", "/users/" + f.member.GID + "?opt_fields=name%2Cemail&opt_fields=photo",
			`{"gid":"` + f.member.GID + `","name":"Max","email":"max@acme.test","photo":null}`, 200},
		{"nested dotted path", "/users/" + f.admin.GID + "?opt_fields=photo.image_21x21,workspaces.name",
			`{"gid":"` + f.admin.GID + `","photo":{"image_21x21":"https://img.test/ada_21x21.png"},"workspaces":[{"gid":"` + f.org.GID + `","name":"Acme"}]}`, 200},
		{"nested compact by default", "/teams/" + f.public.GID + "?opt_fields=organization",
			`{"gid":"` + f.public.GID + `","organization":{"gid":"` + f.org.GID + `","resource_type":"workspace","name":"Acme"}}`, 200},
		{"unknown field", "/teams/" + f.public.GID + "?opt_fields=nope", "", 400},
		{"sub-fields of a scalar", "/teams/" + f.public.GID + "?opt_fields=name.x", "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, f.saTok, "GET", tt.path, "")
			if code != tt.status {
				t.Fatalf("%d %v", code, doc)
			}
			if tt.want == "" {
				return
			}
			got, _ := json.Marshal(doc["data"])
			var w any
			_ = json.Unmarshal([]byte(tt.want), &w)
			want, _ := json.Marshal(w)
			if string(got) != string(want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestListsAreCompact(t *testing.T) {
	f := newFixture(t)
	_, _, doc := call(t, f.s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/teams", "")
	for _, d := range doc["data"].([]any) {
		m := d.(map[string]any)
		if len(m) != 3 || m["resource_type"] != "team" || m["gid"] == nil || m["name"] == nil {
			t.Errorf("not compact: %v", m)
		}
	}
	// Membership timestamps read the fake's clock.
	_, _, doc = call(t, f.s, f.saTok, "GET", "/users/me/workspace_memberships?opt_fields=created_at", "")
	if got := doc["data"].([]any)[0].(map[string]any)["created_at"]; got != DefaultStart.Format(timeFormat) {
		t.Errorf("created_at %v, want %v", got, DefaultStart.Format(time.RFC3339))
	}
}
