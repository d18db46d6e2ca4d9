package asana

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// roundTripFunc is a minimal transport for benchmarks, free of the
// matching overhead of a mock.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// projectPage returns a page of n full projects (projectJSON with distinct
// gids) as Asana would send it with the default fields.
func projectPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strings.Replace(projectJSON, `"gid": "1331"`, `"gid": "`+strconv.Itoa(1000+i)+`"`, 1))
	}
	b.WriteString(`],"next_page":{"offset":"next","path":"/projects?offset=next","uri":"https://app.asana.com/api/1.0/projects?offset=next"}}`)
	return []byte(b.String())
}

// BenchmarkProjectsListPage decodes pages of 100 full projects through the
// whole pipeline (query, rate limiter off, transport, envelope decode); the
// "bare" case is encoding/json alone on the same bytes, for the ratio.
func BenchmarkProjectsListPage(b *testing.B) {
	const n = 100
	body := projectPage(n)
	b.Run("pipeline", func(b *testing.B) {
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
		})
		c, err := NewClient("bench-token", WithTransport(rt), WithRateLimit(0, 0))
		if err != nil {
			b.Fatal(err)
		}
		ctx := b.Context()
		opts := &ProjectListOptions{Workspace: "12347"}
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			p, err := c.Projects.List(ctx, opts).Page("")
			if err != nil || len(p.Items) != n {
				b.Fatalf("page: %v, %d items", err, len(p.Items))
			}
		}
		b.ReportMetric(float64(testing.AllocsPerRun(10, func() { _, _ = c.Projects.List(ctx, opts).Page("") }))/n, "allocs/project")
	})
	b.Run("bare", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var env struct {
				Data     []Project `json:"data"`
				NextPage *NextPage `json:"next_page"`
			}
			if err := json.Unmarshal(body, &env); err != nil || len(env.Data) != n {
				b.Fatal(err)
			}
		}
	})
}
