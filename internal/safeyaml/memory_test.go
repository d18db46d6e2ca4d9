package safeyaml_test

import (
	"errors"
	"testing"

	"github.com/asanakit/asana-go/internal/hostile"
	"github.com/asanakit/asana-go/internal/safeyaml"
	"github.com/goccy/go-yaml"
)

func TestDecodeMemoryIsBounded(t *testing.T) {
	for _, tc := range hostile.YAML() {
		t.Run(tc.Name, func(t *testing.T) {
			var err error
			n := hostile.Allocated(func() {
				var v any
				_, err = safeyaml.Decode([]byte(tc.Src), &v, safeyaml.Limits{})
			})
			// Into a struct, most inputs fail to decode: errors must be
			// cheap too.
			var typed struct {
				K string `yaml:"k"`
			}
			n = max(n, hostile.Allocated(func() {
				_, _ = safeyaml.Decode([]byte(tc.Src), &typed, safeyaml.Limits{}, yaml.Strict(), yaml.DisallowUnknownField())
			}))
			t.Logf("%d bytes in, %.1f MiB allocated, err %v", len(tc.Src), float64(n)/(1<<20), err)
			if tc.WithinLimits != (err == nil) {
				t.Errorf("accepted = %v (err %v), want %v", err == nil, err, tc.WithinLimits)
			}
			var e *safeyaml.Error
			if err != nil && !errors.As(err, &e) {
				t.Errorf("error %T, want *Error", err)
			}
			if n > hostile.MemoryBudget {
				t.Errorf("allocated %d MiB, want under %d MiB", n>>20, hostile.MemoryBudget>>20)
			}
		})
	}
}
