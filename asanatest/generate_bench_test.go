package asanatest

import "testing"

// benchSizes is a large organization: 100,000 top-level tasks (plus about
// 30,000 subtasks and 50,000 comments) in 1,000 projects.
var benchSizes = Sizes{Users: 2000, Teams: 50, Projects: 1000, Tasks: 100_000}

func BenchmarkGenerate100k(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		s, err := New()
		if err != nil {
			b.Fatal(err)
		}
		org, err := s.Generate(1, benchSizes)
		if err != nil {
			b.Fatal(err)
		}
		if org.Tasks != benchSizes.Tasks {
			b.Fatalf("%d tasks", org.Tasks)
		}
		b.ReportMetric(float64(org.Tasks+org.Subtasks), "tasks/op")
		s.Close()
	}
}
