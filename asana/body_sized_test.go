package asana

import "testing"

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
			_, hasData, err := decodeEnvelope([]byte(tt.body), &items)
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
