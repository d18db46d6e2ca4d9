package asanatest

import (
	"fmt"
	"testing"
)

// BenchmarkTaskUpdateEvents measures a task update through the fake's HTTP
// pipeline, events recording included, against an organization of 10k
// tasks: the change tracker's cost does not grow with the organization.
func BenchmarkTaskUpdateEvents(b *testing.B) {
	s, err := New(WithRateLimit(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	org, err := s.Generate(1, Sizes{Users: 20, Teams: 3, Projects: 10, TasksPerProject: 1000})
	if err != nil {
		b.Fatal(err)
	}
	tg := firstTask(b, s, org)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		must(b, s, org.ServiceAccountToken, "PUT", "/tasks/"+tg, fmt.Sprintf(`{"data":{"name":"n%d"}}`, i), 200)
	}
	b.ReportMetric(float64(len(s.Events(tg)))/float64(i), "events/op")
}

func firstTask(b *testing.B, s *Server, org *Org) string {
	doc := must(b, s, org.ServiceAccountToken, "GET", "/projects/"+org.Projects[0].GID+"/tasks?limit=1", "", 200)
	return gids(b, doc)[0]
}
