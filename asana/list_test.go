package asana

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestListFuncGuards: a list with a cursor of its own (no client) goes
// through the same guards as an endpoint's: an offset handed back again
// and empty pages that keep pointing on end it with an error, not a loop.
func TestListFuncGuards(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fetch PageFunc
		want  error
	}{
		{"repeated offset", func(context.Context, string) (*Page[json.RawMessage], error) {
			return &Page[json.RawMessage]{Items: []json.RawMessage{json.RawMessage(`1`)}, NextOffset: strings.Repeat("x", 100)}, nil
		}, ErrRepeatedOffset},
		{"stalled", func(_ context.Context, offset string) (*Page[json.RawMessage], error) {
			return &Page[json.RawMessage]{NextOffset: offset + "n"}, nil
		}, ErrStalledPagination},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			var err error
			for _, e := range ListFunc[int](t.Context(), tt.fetch).All() {
				if e != nil {
					err = e
					break
				}
				n++
			}
			if !errors.Is(err, tt.want) || n > 2 {
				t.Fatalf("after %d items: %v, want %v", n, err, tt.want)
			}
		})
	}
}
