package asanatest

import (
	"fmt"
	"testing"
)

// BenchmarkGenerate builds large organizations: N top-level tasks (plus
// about 0.3 N subtasks and 0.5 N comments) in N/100 projects, with N/50
// users in N/2000 teams. Each iteration starts from an empty fake.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		sz := Sizes{Users: max(n/50, 20), Teams: max(n/2000, 4), Projects: n / 100, Tasks: n}
		b.Run(fmt.Sprintf("tasks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, err := New()
				if err != nil {
					b.Fatal(err)
				}
				org, err := s.Generate(1, sz)
				if err != nil {
					b.Fatal(err)
				}
				if org.Tasks != n {
					b.Fatalf("%d tasks", org.Tasks)
				}
				b.ReportMetric(float64(org.Tasks+org.Subtasks+org.Comments), "records/op")
				s.Close()
			}
		})
	}
}
