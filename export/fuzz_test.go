package export

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzCanonical: canonical form is a fixed point, keeps the value (numbers
// exactly), and is one line.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{
		`{"gid":"1","name":"x"}`,
		`{"b":1,"a":{"d":[1,2,{"z":null,"y":true}],"c":"<&>"}}`,
		`{"n":12345678901234567890123,"f":1.50,"e":1e400}`,
		`{"s":"line\nbreak \u2028 \ud83d\ude00"}`,
		`[1,2]`,
		`{"a":1} {"b":2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var buf bytes.Buffer
		if err := canonical(&buf, raw); err != nil {
			return
		}
		out := buf.Bytes()
		if bytes.Count(out, []byte("\n")) != 1 || out[len(out)-1] != '\n' {
			t.Fatalf("not one line: %q", out)
		}
		var again bytes.Buffer
		if err := canonical(&again, out); err != nil || !bytes.Equal(again.Bytes(), out) {
			t.Fatalf("not a fixed point: %q -> %q (%v)", out, again.Bytes(), err)
		}
		decode := func(b []byte) any {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			var v any
			if err := d.Decode(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		if !reflect.DeepEqual(decode(raw), decode(out)) {
			t.Fatalf("value changed: %q -> %q", raw, out)
		}
	})
}
