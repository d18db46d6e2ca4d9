package conformance

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzCheck feeds arbitrary paths, statuses, content types and bodies to
// Check: it must not panic, must name an operation, and must flag a body
// that is not JSON whenever the operation documents a JSON body for the
// status.
func FuzzCheck(f *testing.F) {
	f.Add("/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":"1","workspaces":[{"gid":"2"}]}}`)
	f.Add("/api/1.0/users?workspace=1&opt_fields=email", 200, jsonCT, `{"data":[{"gid":"1","email":null}],"next_page":null}`)
	f.Add("/api/1.0/users/1", 404, jsonCT, `{"errors":[{"message":"x"}]}`)
	f.Add("/api/1.0/nope/%zz", 500, "text/html", `<html>`)
	f.Add("/api/1.0/users/1", 200, jsonCT, `[1,{"a":[null,true]}]`)
	s := mini(f)
	f.Fuzz(func(t *testing.T, target string, status int, ct, body string) {
		u, err := url.Parse(target)
		if err != nil {
			t.Skip()
		}
		op, vs := s.Check(t.Context(), exchange("GET", u.String(), status, ct, body))
		if !strings.HasPrefix(op, "GET ") {
			t.Fatalf("operation %q", op)
		}
		if op == "GET /users/{user_gid}" && status == 200 && isJSON(exchange("GET", "/", 0, ct, "").Header) {
			if _, err := decodeJSON([]byte(body)); err != nil && len(vs) == 0 {
				t.Fatalf("a body that is not JSON passed: %q", body)
			}
		}
		for _, v := range vs {
			if v.Operation != op || v.Status != status || v.Reason == "" {
				t.Fatalf("malformed violation %+v for %s", v, op)
			}
		}
	})
}
