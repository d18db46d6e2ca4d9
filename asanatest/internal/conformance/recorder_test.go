package conformance

import (
	"strings"
	"sync"
	"testing"
)

func TestAllowanceMatches(t *testing.T) {
	v := Violation{Operation: "GET /users", Status: 200, Field: "/data/*/photo", Reason: "Value is not nullable"}
	tests := []struct {
		name string
		a    Allowance
		want bool
	}{
		{"reason substring", Allowance{Reason: "nullable"}, true},
		{"exact field", Allowance{Field: "/data/*/photo"}, true},
		{"field suffix", Allowance{Field: "**/photo"}, true},
		{"field suffix elsewhere", Allowance{Field: "**/email"}, false},
		{"other field", Allowance{Field: "/data/photo"}, false},
		{"operation", Allowance{Operation: "GET /users", Reason: "nullable"}, true},
		{"other operation", Allowance{Operation: "GET /users/{user_gid}", Reason: "nullable"}, false},
		{"status", Allowance{Status: 200, Reason: "nullable"}, true},
		{"other status", Allowance{Status: 201, Reason: "nullable"}, false},
		{"other reason", Allowance{Reason: "string"}, false},
	}
	for _, tt := range tests {
		if got := tt.a.matches(v); got != tt.want {
			t.Errorf("%s: matches = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNewRecorderRejectsBadAllowances(t *testing.T) {
	s := mini(t)
	tests := []struct {
		a   Allowance
		err string
	}{
		{Allowance{Reason: "x"}, "Why is empty"},
		{Allowance{Why: "because", Status: 429}, "needs an Operation, a Field or a Reason"},
		{Allowance{Why: "because", Reason: "x", Operation: "GET /nope"}, "no such operation"},
	}
	for _, tt := range tests {
		_, err := NewRecorder(s, []Allowance{tt.a})
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%v: error %v, want %q", tt.a, err, tt.err)
		}
	}
	if _, err := NewRecorder(s, []Allowance{{Why: "ok", Operation: "GET /users", Reason: "x"}}); err != nil {
		t.Errorf("valid allowance rejected: %v", err)
	}
}

func TestRecorderSummary(t *testing.T) {
	s := mini(t)
	allow := []Allowance{
		{Status: 429, Reason: ReasonUndocumentedStatus, Why: "rate limits are everywhere"},
		{Field: "**/photo", Reason: "never used", Why: "stale"},
	}
	r, err := NewRecorder(s, allow)
	if err != nil {
		t.Fatal(err)
	}
	good := exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":"1","name":"A"}}`)
	bad := exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":1}}`)
	limited := exchange("GET", "/api/1.0/users/2", 429, jsonCT, `{"errors":[{"message":"slow down"}]}`)
	var wg sync.WaitGroup
	for range 10 { // concurrent observers, identical exchanges counted each time
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, ex := range []Exchange{good, bad, limited} {
				r.Observe(t.Context(), ex)
			}
		}()
	}
	wg.Wait()

	sum := r.Summary()
	if sum.Total != 30 {
		t.Errorf("Total = %d, want 30", sum.Total)
	}
	if got := sum.Counts["GET /users/{user_gid}"]; got[200] != 20 || got[429] != 10 {
		t.Errorf("Counts = %v", got)
	}
	if len(sum.Violations) != 1 || sum.Violations[0].Field != "/data/gid" || sum.Violations[0].Count != 10 {
		t.Errorf("Violations = %+v", sum.Violations)
	}
	if len(sum.Excused) != 1 || sum.Excused[0].Allowance != 0 || sum.Excused[0].Count != 10 {
		t.Errorf("Excused = %+v", sum.Excused)
	}
	if len(sum.Unused) != 1 || sum.Unused[0].Why != "stale" {
		t.Errorf("Unused = %+v", sum.Unused)
	}
	var b strings.Builder
	sum.Write(&b, allow)
	for _, want := range []string{
		"30 responses validated across 1 operations",
		"GET /users/{user_gid}", "200×20 429×10",
		"because rate limits are everywhere:",
		"VIOLATIONS: 1", "/data/gid", "e.g. GET /api/1.0/users/1",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}
