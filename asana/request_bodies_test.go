package asana

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestRequestBodiesWire pins the whole body of the requests whose zero
// dates and times are left out through omitzero: every member, and nothing
// else (the key order is free).
func TestRequestBodiesWire(t *testing.T) {
	day := Date{2024, time.March, 5}
	paris := time.FixedZone("CET", 3600)
	at := time.Date(2024, time.March, 5, 9, 30, 0, 500, paris)
	tests := []struct {
		name string
		body any
		want string
	}{
		{"task create, empty", TaskCreateRequest{}, `{}`},
		{"task create, all dates", TaskCreateRequest{Name: "x", DueAt: at, DueOn: day, StartAt: at, StartOn: day, Completed: true},
			`{"name":"x","completed":true,"due_at":"2024-03-05T09:30:00.0000005+01:00","due_on":"2024-03-05",
			  "start_at":"2024-03-05T09:30:00.0000005+01:00","start_on":"2024-03-05"}`},
		{"task create, members", TaskCreateRequest{Name: "x", Memberships: []TaskMembershipRequest{{Project: "1"}}, Workspace: "9"},
			`{"name":"x","memberships":[{"project":"1"}],"workspace":"9"}`},
		{"project create, empty", ProjectCreateRequest{}, `{}`},
		{"project create, dates and followers", ProjectCreateRequest{Name: "p", Team: "3", DueOn: day, StartOn: day, Followers: []string{"1", "me"}},
			`{"name":"p","team":"3","due_on":"2024-03-05","start_on":"2024-03-05","followers":"1,me"}`},
		{"schedule dates, zero", ProjectScheduleDates{}, `{"should_skip_weekends":false}`},
		{"schedule dates, both", ProjectScheduleDates{DueOn: day, StartOn: day},
			`{"should_skip_weekends":false,"due_on":"2024-03-05","start_on":"2024-03-05"}`},
		{"duplicate, zero schedule", ProjectDuplicateRequest{Name: "d", Include: []string{"task_dates", "members"}, ScheduleDates: &ProjectScheduleDates{}},
			`{"name":"d","include":"task_dates,members","schedule_dates":{"should_skip_weekends":false}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			var got, want any
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("body %s\nwant      %s", b, tt.want)
			}
		})
	}
}

// TestRequestBodiesLeaveZeroDatesOut checks the bodies that carry dates:
// zero dates and times are not sent, set ones are.
func TestRequestBodiesLeaveZeroDatesOut(t *testing.T) {
	day := Date{2024, time.March, 5}
	at := time.Date(2024, time.March, 5, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name      string
		body      any
		want      map[string]any
		forbidden []string
	}{
		{"task create, no dates", TaskCreateRequest{Name: "x"},
			map[string]any{"name": "x"}, []string{"due_on", "due_at", "start_on", "start_at"}},
		{"task create, dates", TaskCreateRequest{Name: "x", DueAt: at, StartOn: day},
			map[string]any{"due_at": "2024-03-05T09:30:00Z", "start_on": "2024-03-05"}, []string{"due_on", "start_at"}},
		{"project create, no dates", ProjectCreateRequest{Name: "p"},
			map[string]any{"name": "p"}, []string{"due_on", "start_on", "followers"}},
		{"project create, dates", ProjectCreateRequest{Name: "p", DueOn: day, Followers: []string{"1", "2"}},
			map[string]any{"due_on": "2024-03-05", "followers": "1,2"}, []string{"start_on"}},
		{"schedule dates, due", ProjectScheduleDates{DueOn: day},
			map[string]any{"due_on": "2024-03-05", "should_skip_weekends": false}, []string{"start_on"}},
		{"schedule dates, start", ProjectScheduleDates{StartOn: day, ShouldSkipWeekends: true},
			map[string]any{"start_on": "2024-03-05", "should_skip_weekends": true}, []string{"due_on"}},
		{"duplicate with schedule", ProjectDuplicateRequest{Name: "d", ScheduleDates: &ProjectScheduleDates{DueOn: day}},
			map[string]any{"schedule_dates": map[string]any{"due_on": "2024-03-05", "should_skip_weekends": false}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("%s = %#v, want %#v (body %s)", k, got[k], v, b)
				}
			}
			for _, k := range tt.forbidden {
				if _, ok := got[k]; ok {
					t.Errorf("%s sent: %s", k, b)
				}
			}
		})
	}
}
