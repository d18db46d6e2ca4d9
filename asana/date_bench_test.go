package asana

import "testing"

// BenchmarkDateUnmarshalJSON decodes one due_on value, as every task of a
// list page carries one or two.
func BenchmarkDateUnmarshalJSON(b *testing.B) {
	in := []byte(`"2025-03-09"`)
	b.ReportAllocs()
	for b.Loop() {
		var d Date
		if err := d.UnmarshalJSON(in); err != nil {
			b.Fatal(err)
		}
	}
}
