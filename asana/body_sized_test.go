package asana

import (
	"strings"
	"testing"
)

// TestDecodeEnvelopeIntoSizedSlice: a page slice sized before decoding
// (fetchPage) is filled in place, and an empty, null or missing "data"
// is told apart as with an unsized one.
func TestDecodeEnvelopeIntoSizedSlice(t *testing.T) {
	tests := []struct {
		body     string
		wantData bool
		wantLen  int
	}{
		{`{"data":[{"gid":"1"},{"gid":"2"}]}`, true, 2},
		{`{"data":[]}`, true, 0},
		{`{"data":null}`, false, 0},
		{`{"next_page":null}`, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			items := make([]Task, 0, 4)
			backing := &items[:1][0]
			_, hasData, err := decodeEnvelope([]byte(tt.body), &items, 0)
			if err != nil {
				t.Fatal(err)
			}
			if hasData != tt.wantData || len(items) != tt.wantLen {
				t.Fatalf("hasData %v, %d items; want %v, %d", hasData, len(items), tt.wantData, tt.wantLen)
			}
			if tt.wantLen > 0 && (&items[0] != backing || items[1].GID != "2") {
				t.Errorf("items were not decoded into the sized slice: %+v", items)
			}
		})
	}
}

// TestDecodeEnvelopeSizeHint: a page's slice is sized before decoding to
// its limit, but never to more items than the answer's length can hold,
// so a short page stays small and a full one never grows.
func TestDecodeEnvelopeSizeHint(t *testing.T) {
	item := `{"gid":"1","name":"` + strings.Repeat("x", 300) + `"}`
	page := func(n int) []byte {
		return []byte(`{"data":[` + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + `]}`)
	}
	tests := []struct {
		name            string
		body            []byte
		hint            int
		wantLen, maxCap int
	}{
		{"three of a hundred", page(3), 100, 3, 4},
		{"a full page", page(100), 100, 100, 100},
		{"limit below the body", page(10), 5, 10, 10}, // a server sending more than asked: the slice grows
		{"no hint", page(3), 0, 3, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []Task
			if _, ok, err := decodeEnvelope(tt.body, &items, tt.hint); err != nil || !ok {
				t.Fatal(ok, err)
			}
			if len(items) != tt.wantLen || cap(items) > tt.maxCap {
				t.Errorf("len %d cap %d, want len %d cap <= %d", len(items), cap(items), tt.wantLen, tt.maxCap)
			}
		})
	}
}
