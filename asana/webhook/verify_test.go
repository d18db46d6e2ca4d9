package webhook_test

import (
	"bytes"
	"testing"

	"github.com/asanakit/asana-go/asana/webhook"
)

func TestVerify(t *testing.T) {
	body := []byte(`{"events":[]}`)
	sig := webhook.Sign("s", body)
	cases := []struct {
		name   string
		secret string
		body   []byte
		sig    string
		want   bool
	}{
		{"valid", "s", body, sig, true},
		{"empty secret", "", body, webhook.Sign("", body), false},
		{"empty signature", "s", body, "", false},
		{"truncated", "s", body, sig[:len(sig)-2], false},
		{"extra byte", "s", body, sig + "00", false},
		{"other body", "s", []byte(`{"events":[] }`), sig, false},
		{"known vector", "secret", []byte("hello"), "88aab3ede8d3adf94d26ab90d3bafd4a2083070c3bcce9c014ee04a443847c0b", true},
	}
	for _, tc := range cases {
		if got := webhook.Verify(tc.secret, tc.body, tc.sig); got != tc.want {
			t.Errorf("%s: Verify = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// FuzzVerify checks that Verify never panics and never accepts a body other
// than the signed one, nor a signature other than the right one.
func FuzzVerify(f *testing.F) {
	f.Add("secret", []byte(`{"events":[]}`), []byte{0}, "")
	f.Add("s", []byte{}, []byte("x"), "zz")
	f.Add("k", []byte(`{"events":[{"action":"changed"}]}`), []byte(`{"events":[{"action":"deleted"}]}`), "ffff")
	f.Fuzz(func(t *testing.T, secret string, body, other []byte, sig string) {
		good := webhook.Sign(secret, body)
		if secret != "" && !webhook.Verify(secret, body, good) {
			t.Fatal("rejects its own signature")
		}
		if !bytes.Equal(body, other) && webhook.Verify(secret, other, good) {
			t.Fatalf("accepts a changed body %q for %q", other, body)
		}
		if webhook.Verify(secret, body, sig) && !bytesEqualFold(sig, good) {
			t.Fatalf("accepts signature %q, want %q", sig, good)
		}
	})
}

// bytesEqualFold compares hex strings ignoring case.
func bytesEqualFold(a, b string) bool { return bytes.EqualFold([]byte(a), []byte(b)) }
