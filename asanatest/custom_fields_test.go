package asanatest

import "testing"

// must2 is Must for seeding calls with two results.
func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

var _ = testing.Short
