package export

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// TestSearchPaging: searchAll pages by created_at through ties at a page
// boundary, and gives up (false, no error) on a server that does not move
// on, that answers out of order, or that refuses search; a 401 is an error.
func TestSearchPaging(t *testing.T) {
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	tasks := make([]string, 250)
	for i := range tasks {
		// Three tasks share each millisecond: page boundaries fall on ties.
		tasks[i] = fmt.Sprintf(`{"gid":"%d","created_at":"%s"}`, 1200000000000000+i, formatTime(start.Add(time.Duration(i/3)*time.Millisecond)))
	}
	honest := func(r *http.Request) (int, string) {
		after := r.URL.Query().Get("created_at.after")
		var page []string
		for i, tk := range tasks {
			if after != "" && formatTime(start.Add(time.Duration(i/3)*time.Millisecond)) <= after {
				continue
			}
			if page = append(page, tk); len(page) == 100 {
				break
			}
		}
		return 200, `{"data":[` + strings.Join(page, ",") + `]}`
	}
	for _, tt := range []struct {
		name     string
		answer   func(*http.Request) (int, string)
		ok       bool
		err      bool
		found    int
		requests int64
	}{
		{"ties at the boundaries", honest, true, false, 250, 3},
		{"ignores created_at.after", func(*http.Request) (int, string) {
			return 200, `{"data":[` + strings.Join(tasks[:100], ",") + `]}`
		}, false, false, 100, 2},
		{"out of order", func(*http.Request) (int, string) {
			// Refused whole: no task of the page is taken.
			return 200, `{"data":[` + tasks[5] + "," + tasks[0] + `]}`
		}, false, false, 0, 1},
		{"not premium", func(*http.Request) (int, string) {
			return 402, `{"errors":[{"message":"Search is only available to premium users"}]}`
		}, false, false, 0, 0},
		{"unauthorized", func(*http.Request) (int, string) {
			return 401, `{"errors":[{"message":"Not Authorized"}]}`
		}, false, true, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var sent atomic.Int64
			rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				sent.Add(1)
				code, body := tt.answer(r)
				return &http.Response{StatusCode: code, Request: r, Header: http.Header{"Content-Type": {"application/json"}},
					Body: io.NopCloser(bytes.NewReader([]byte(body))), ContentLength: int64(len(body))}, nil
			})
			c, err := asana.NewClient("0/test-token", asana.WithTransport(rt), asana.WithRateLimit(0, 0))
			if err != nil {
				t.Fatal(err)
			}
			r := &run{b: &Backup{Organization: "1200000000000001"}, c: c}
			seen := map[string]bool{}
			ok, err := r.searchAll(t.Context(), nil, []string{"created_at"}, func(_ []byte, m *searchMeta) error {
				if seen[m.GID] {
					t.Errorf("%s found twice", m.GID)
				}
				seen[m.GID] = true
				return nil
			})
			if ok != tt.ok || (err != nil) != tt.err {
				t.Fatalf("ok %v, err %v", ok, err)
			}
			if len(seen) != tt.found {
				t.Errorf("found %d tasks, want %d", len(seen), tt.found)
			}
			if tt.requests > 0 && sent.Load() != tt.requests {
				t.Errorf("%d requests, want %d", sent.Load(), tt.requests)
			}
		})
	}
}
