package asanatest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// FuzzCustomFieldValue sends arbitrary JSON as the value of each type of
// custom field on a task: the fake must answer 200 or 400 (never a 500 or
// a panic), keep only values of the field's type, and render every field
// it keeps.
func FuzzCustomFieldValue(f *testing.F) {
	for _, seed := range []string{`"text"`, `3.25`, `"4"`, `null`, `"OPT"`, `["OPT","OPT"]`, `{"date":"2025-01-02"}`,
		`{"date_time":"2025-01-02T03:04:05Z"}`, `{"date":null}`, `["ME"]`, `[]`, `{}`, `[1,{}]`, `1e400`, `"` + string(rune(0)) + `"`} {
		for i := range 8 {
			f.Add(uint8(i), seed)
		}
	}
	cf := newCFFixture(f, WithRateLimit(0, 0)) // many requests, no quota
	fields := []CustomField{cf.text, cf.estimate, cf.priority, cf.platforms, cf.due, cf.reviewers, cf.money, cf.pct}
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		field := fields[int(which)%len(fields)]
		opt := cf.high.GID
		if field.GID == cf.platforms.GID {
			opt = cf.web.GID
		}
		value = strings.NewReplacer("OPT", opt, "ME", cf.member.GID).Replace(value)
		body := `{"data":{"custom_fields":{"` + field.GID + `":` + value + `}}}`
		code, _, doc := call(t, cf.s, cf.memberTok, http.MethodPut, "/tasks/"+cf.task.GID, body)
		switch code {
		case 200:
			if !json.Valid([]byte(body)) {
				t.Fatalf("%q: invalid JSON accepted", body)
			}
			if taskField(t, data(t, doc), field.GID) == nil {
				t.Fatalf("%s: field missing from %v", value, doc)
			}
		case 400:
		default:
			t.Fatalf("%s on a %s field: status %d %v", value, field.ResourceSubtype, code, doc)
		}
	})
}
