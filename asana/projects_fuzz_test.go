package asana

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzProjectJSONRoundTrip checks that whatever project Asana sends
// decodes without panicking and that re-encoding is stable: a backup that
// writes a decoded project and reads it back gets the same project.
func FuzzProjectJSONRoundTrip(f *testing.F) {
	f.Add([]byte(projectJSON))
	f.Add([]byte(sectionJSON))
	f.Add([]byte(`{"gid":"1","due_on":null,"start_on":"2024-02-29","completed_at":null,"owner":null}`))
	f.Add([]byte(`{"custom_fields":[{"gid":"1","number_value":null,"display_value":null,"date_value":{"date":"2024-01-01","date_time":"2024-01-01T10:00:00+05:30"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		roundTrip[Project](t, data)
		roundTrip[Section](t, data)
	})
}

// roundTrip decodes data into a T; if that works, encoding and decoding
// again must give the same bytes.
func roundTrip[T any](t *testing.T, data []byte) {
	var v T
	if json.Unmarshal(data, &v) != nil {
		return
	}
	b1, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("decoded %T does not encode: %v\ninput: %s", v, err, data)
	}
	var w T
	if err := json.Unmarshal(b1, &w); err != nil {
		t.Fatalf("re-decoding %s: %v", b1, err)
	}
	b2, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("unstable round trip:\n%s\n%s", b1, b2)
	}
}
