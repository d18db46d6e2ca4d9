// Package hostile holds worst-case inputs for the module's parsers and
// measures what handling them allocates, for the tests of every loader.
package hostile

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/asanakit/asana-go/internal/safeyaml"
)

// MemoryBudget is the promise: handling any input within a parser's limits
// allocates less than this.
const MemoryBudget = 64 << 20

// Allocated returns the bytes f allocates: the TotalAlloc delta, which
// counts every allocation, freed or not (testing.AllocsPerRun counts
// allocations, not bytes).
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Case is one hostile input.
type Case struct {
	// Name says what the input does.
	Name string
	// Src is the input.
	Src string
	// WithinLimits says whether the input is within the limits (a parser
	// may still refuse it for other reasons).
	WithinLimits bool
}

// fill repeats unit after prefix until the input is size bytes, then adds
// suffix.
func fill(prefix, unit, suffix string, size int) string {
	n := (size - len(prefix) - len(suffix)) / len(unit)
	return prefix + strings.Repeat(unit, max(n, 0)) + suffix
}

func lines(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// indented is n keys, each one space deeper than the last.
func indented(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

// blockMaps is a sequence of n block mappings of keys keys each.
func blockMaps(n, keys int) string {
	return strings.Repeat("-\n"+lines(keys, "  k%d: 1\n"), n)
}

// YAML returns inputs at or past each of safeyaml's default limits, built
// to make go-yaml spend the most.
func YAML() []Case {
	d := safeyaml.DefaultLimits()
	longKey := strings.Repeat("k", 2_000)
	var deepKeys strings.Builder
	for i := range d.MaxDepth - 2 {
		deepKeys.WriteString(strings.Repeat(" ", i) + longKey + fmt.Sprint(i) + ":\n")
	}
	return []Case{
		{"deep flow nesting at the limit", strings.Repeat("[", d.MaxDepth) + strings.Repeat("]", d.MaxDepth), true},
		{"deep flow nesting past the limit", strings.Repeat("[", d.MaxBytes), false},
		{"deep block nesting past the limit", strings.Repeat("- ", d.MaxBytes/2), false},
		{"deep indentation past the limit", indented(d.MaxDepth + 1), false},
		{"long flow sequence at the node limit", "[" + strings.Repeat("1,", d.MaxNodes-2) + "]", true},
		{"long flow sequence past the node limit", fill("[", "1,", "]", d.MaxBytes), false},
		{"long block sequence at the node limit", strings.Repeat("- a@b.example\n", d.MaxNodes/2-1), true},
		{"mappings at the key limit", lines(d.MaxNodes/4-1, "- {k%d: 1}\n"), true},
		{"block mappings at the key limit", blockMaps(d.MaxNodes/(2*d.MaxKeys+1), d.MaxKeys), true},
		{"a block mapping past the key limit", lines(d.MaxNodes/2, "k%d: 1\n"), false},
		{"long keys at the path limit", deepKeys.String() + strings.Repeat(" ", d.MaxDepth-2) + "[" + strings.Repeat("1,", 20) + "]\n", true},
		{"long keys past the path limit", deepKeys.String() + strings.Repeat(" ", d.MaxDepth-2) + "[" + strings.Repeat("1,", 2000) + "]\n", false},
		{"many keys and scalars in the bytes left", blockMaps(d.MaxNodes/(2*d.MaxKeys+1)-1, d.MaxKeys) + fill("- x: ", "x", "\n", d.MaxBytes-100_000), true},
		{"many spaces", fill("k: 1", " ", "\n", d.MaxBytes), true},
		{"one huge scalar", fill("k: ", "x", "\n", d.MaxBytes), true},
		{"one huge quoted scalar", fill(`k: "`, `\"`, "\"\n", d.MaxBytes), true},
		{"one huge comment", fill("#", "x", "\nk: 1\n", d.MaxBytes), true},
		{"many comments", fill("", "#\n", "k: 1\n", d.MaxBytes), false},
		{"many documents", fill("", "---\n", "", d.MaxBytes), false},
		{"blank lines", fill("", "\n", "k: 1\n", d.MaxBytes), true},
		{"aliases", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", false},
		{"too large", strings.Repeat(" ", d.MaxBytes+1), false},
	}
}
