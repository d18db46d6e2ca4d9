package serviceaccounts

import (
	"errors"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/internal/hostile"
	"github.com/asanakit/asana-go/internal/safeyaml"
)

// maxPolicyErrorBytes bounds a PolicyError's text beyond the file name.
const maxPolicyErrorBytes = 2 * safeyaml.MaxErrorBytes

// yamlLoaders are the policy and member-list loaders, for tests that run
// hostile input through each.
var yamlLoaders = []struct {
	name string
	load func(data []byte, name string) error
}{
	{"ParsePolicy", func(data []byte, name string) error { _, err := ParsePolicy(data, name); return err }},
	{"ParseMemberList", func(data []byte, name string) error { _, err := ParseMemberList(data, name); return err }},
}

// TestYAMLLoadersUnderHostileInput checks the policy and member-list
// loaders against the worst cases at the YAML limits and the reported
// attacks: the memory stays in budget and errors are short PolicyErrors
// naming the file.
func TestYAMLLoadersUnderHostileInput(t *testing.T) {
	cases := hostile.YAML()
	cases = append(cases,
		hostile.Case{Name: "40 KB of [", Src: strings.Repeat("[", 40<<10)},
		hostile.Case{Name: "100 KB of [", Src: strings.Repeat("[", 100<<10)},
		hostile.Case{Name: "members behind a tag", Src: "members: !x\n0"},
		hostile.Case{Name: "long address", Src: "members: [" + strings.Repeat("a", 200_000) + "]"},
		hostile.Case{Name: "long key", Src: strings.Repeat("k", 200_000) + ": 1"},
	)
	for _, l := range yamlLoaders {
		for _, tc := range cases {
			t.Run(l.name+"/"+tc.Name, func(t *testing.T) {
				for _, name := range []string{"p.yaml", "p.json"} {
					var err error
					n := hostile.Allocated(func() { err = l.load([]byte(tc.Src), name) })
					if n > hostile.MemoryBudget {
						t.Errorf("%s: allocated %d MiB, want under %d MiB", name, n>>20, hostile.MemoryBudget>>20)
					}
					if err == nil {
						continue
					}
					var pe *PolicyError
					if !errors.As(err, &pe) || pe.File != name {
						t.Errorf("%s: error %T %.200v, want a PolicyError naming the file", name, err, err)
					}
					if len(err.Error()) > len(name)+maxPolicyErrorBytes {
						t.Errorf("%s: error of %d bytes: %.200s", name, len(err.Error()), err)
					}
				}
			})
		}
	}
}
