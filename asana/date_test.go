package asana

import (
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-querystring/query"
)

func TestDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{`"2025-03-09"`, Date{2025, time.March, 9}, false},
		{`null`, Date{}, false},
		{`"2025-02-30"`, Date{}, true},
		{`"2025-3-9"`, Date{}, true},
		{`"2025-03-09T10:00:00Z"`, Date{}, true},
		{`20250309`, Date{}, true},
		{`"`, Date{}, true},
	}
	for _, tt := range tests {
		var d Date
		err := json.Unmarshal([]byte(tt.in), &d)
		if (err != nil) != tt.wantErr || d != tt.want {
			t.Errorf("Unmarshal(%s) = %v, %v", tt.in, d, err)
		}
	}
	type holder struct {
		Due  Date `json:"due"`
		Zero Date `json:"zero"`
		Omit Date `json:"omit,omitzero"`
	}
	out, err := json.Marshal(holder{Due: Date{2025, time.December, 31}})
	if err != nil || string(out) != `{"due":"2025-12-31","zero":null}` {
		t.Errorf("Marshal = %s, %v", out, err)
	}
	d := NewDate(time.Date(2025, 1, 2, 23, 59, 0, 0, time.FixedZone("x", -8*3600)))
	if d != (Date{2025, 1, 2}) || d.String() != "2025-01-02" || !d.Time(time.UTC).Equal(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("NewDate = %v", d)
	}
	if (Date{}).String() != "" || !(Date{}).IsZero() {
		t.Error("zero Date")
	}
	if _, err := ParseDate("tomorrow"); err == nil {
		t.Error("ParseDate accepted garbage")
	}
	v, err := query.Values(struct {
		DueOn  Date `url:"due_on"`
		Before Date `url:"due_on.before,omitempty"`
	}{DueOn: Date{2025, 4, 5}})
	if err != nil || v.Encode() != (url.Values{"due_on": {"2025-04-05"}}).Encode() {
		t.Errorf("query = %v, %v", v, err)
	}
}

func TestPtr(t *testing.T) {
	p := Ptr(false)
	if p == nil || *p {
		t.Errorf("Ptr(false) = %v", p)
	}
	if a, b := Ptr(1), Ptr(1); a == b {
		t.Error("Ptr returned a shared pointer")
	}
}

// TestDateBytesMatchesTimeParse: the allocation-free parser accepts and
// rejects exactly what time.Parse(time.DateOnly) does, every day of a leap
// and a common year and malformed inputs included.
func TestDateBytesMatchesTimeParse(t *testing.T) {
	inputs := []string{"0000-01-01", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29",
		"2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "2025-1-01", "2025/01/01",
		"+025-01-01", "2025-01-0a", "", "2025-01-011", " 2025-01-01"}
	for d := time.Date(2023, 12, 25, 0, 0, 0, 0, time.UTC); d.Year() < 2025; d = d.AddDate(0, 0, 1) {
		inputs = append(inputs, d.Format(time.DateOnly))
	}
	for m := 1; m <= 12; m++ {
		for _, day := range []int{28, 29, 30, 31, 32} {
			inputs = append(inputs, fmt.Sprintf("2100-%02d-%02d", m, day))
		}
	}
	for _, in := range inputs {
		got, ok := parseDateBytes([]byte(in))
		tm, err := time.Parse(time.DateOnly, in)
		if ok != (err == nil) || (ok && got != NewDate(tm)) {
			t.Errorf("%q: got %v, %v; time.Parse gives %v, %v", in, got, ok, tm, err)
		}
	}
}
