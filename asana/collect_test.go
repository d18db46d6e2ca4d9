package asana

import (
	"errors"
	"iter"
	"slices"
	"testing"
)

func TestCollect(t *testing.T) {
	boom := errors.New("boom")
	seq := func(items []int, err error) iter.Seq2[int, error] {
		return func(yield func(int, error) bool) {
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if err != nil {
				yield(0, err)
			}
		}
	}
	tests := []struct {
		name    string
		items   []int
		err     error
		want    []int
		wantErr error
	}{
		{"empty", nil, nil, nil, nil},
		{"all", []int{1, 2, 3}, nil, []int{1, 2, 3}, nil},
		{"error keeps what came before", []int{1, 2}, boom, []int{1, 2}, boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Collect(seq(tt.items, tt.err))
			if !slices.Equal(got, tt.want) || !errors.Is(err, tt.wantErr) {
				t.Errorf("Collect = %v, %v; want %v, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
