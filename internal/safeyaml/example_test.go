package safeyaml_test

import (
	"fmt"

	"github.com/asanakit/asana-go/internal/safeyaml"
	"github.com/goccy/go-yaml"
)

func ExampleDecode() {
	var cfg struct {
		Members []string `yaml:"members"`
	}
	_, err := safeyaml.Decode([]byte("members: [ada@acme.example]\n"), &cfg, safeyaml.Limits{}, yaml.DisallowUnknownField())
	fmt.Println(cfg.Members, err)

	_, err = safeyaml.Decode([]byte("a: &x [1, 2]\nmembers: *x\n"), &cfg, safeyaml.Limits{})
	fmt.Println(err)
	// Output:
	// [ada@acme.example] <nil>
	// 1:4: a: YAML tags, anchors and aliases are not allowed
}
