package asanatest

import (
	"net/http"
	"slices"
	"testing"
)

func TestWithChangeNotice(t *testing.T) {
	notices := []string{"name=new_sections;info=https://asa.na/api-sections;affected=true", "name=string_ids;info=https://asa.na/api-string-ids"}
	s := Must(New(WithChangeNotice(notices...)))
	defer s.Close()
	org, err := s.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, token, path string
		status            int
	}{
		{"answer", org.MemberToken, "/users/me", http.StatusOK},
		{"error answer", org.MemberToken, "/workspaces/1", http.StatusNotFound},
		{"unauthenticated", "", "/users/me", http.StatusUnauthorized},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, h, _ := call(t, s, tt.token, http.MethodGet, tt.path, "")
			if got := h.Values("Asana-Change"); code != tt.status || !slices.Equal(got, notices) {
				t.Errorf("status %d, Asana-Change %q; want %d, %q", code, got, tt.status, notices)
			}
		})
	}

	plain := Must(New())
	defer plain.Close()
	if _, h, _ := call(t, plain, "", http.MethodGet, "/users/me", ""); h.Get("Asana-Change") != "" {
		t.Errorf("a fake without WithChangeNotice sent Asana-Change %q", h.Get("Asana-Change"))
	}
	for _, bad := range []string{"", "  ", "name=a\r\nX-Evil: 1", "name=a\x00"} {
		if _, err := New(WithChangeNotice("name=ok", bad)); err == nil {
			t.Errorf("WithChangeNotice(%q) accepted", bad)
		}
	}
}
