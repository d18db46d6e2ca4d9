package asanatest

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkGetOneInProcess measures an authenticated GET of one object
// through the in-process transport (the whole pipeline: routing, auth,
// rate limiter, projection, JSON): a task with its full default record (the
// issue's figure) and a user.
func BenchmarkGetOneInProcess(b *testing.B) {
	f := newWorkFixture(b, WithRateLimit(0, 0), WithConcurrency(0, 0))
	task := Must(f.s.AddTask(Task{Name: "bench", Notes: "notes", AssigneeGID: f.member.GID,
		Memberships: []TaskMembership{{ProjectGID: f.pub.GID, SectionGID: f.secA.GID}}}))
	for _, bc := range []struct{ name, path string }{
		{"task", "/tasks/" + task.GID},
		{"user", "/users/" + f.member.GID},
	} {
		b.Run(bc.name, func(b *testing.B) {
			client := f.s.HTTPClient()
			url := f.s.URL() + bc.path
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest("GET", url, nil)
					req.Header.Set("Authorization", "Bearer "+f.saTok)
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}

// BenchmarkListPageLoopback measures one page of 100 workspace memberships
// over a loopback listener.
func BenchmarkListPageLoopback(b *testing.B) {
	f := newFixture(b, WithRateLimit(0, 0), WithConcurrency(0, 0))
	for range 300 {
		u := Must(f.s.AddUser(User{Name: "u"}))
		Must(f.s.AddWorkspaceMember(f.org.GID, u.GID, MemberOptions{}))
	}
	base, err := f.s.Start()
	if err != nil {
		b.Fatal(err)
	}
	url := base + "/workspaces/" + f.org.GID + "/workspace_memberships?limit=100"
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+f.saTok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
