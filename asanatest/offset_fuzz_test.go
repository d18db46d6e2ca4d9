package asanatest

import (
	"strings"
	"testing"
)

func FuzzParseOffset(f *testing.F) {
	key := []byte("fuzz key")
	good := signOffset(key, offsetClaims{After: "1200000000000042", Query: "q", IAT: 100, EXP: 1000})
	for _, s := range []string{good, "", "a.b.c", "eyJ0eXAiOiJKV1QifQ..", good + "x", strings.Replace(good, ".", "..", 1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := parseOffset(key, tok)
		if err != nil {
			return
		}
		// Only tokens this key signed pass, and they re-sign identically.
		if again := signOffset(key, c); again != tok {
			// Base64 has non-canonical spellings of the same bytes; the
			// claims must still be the ones signed.
			c2, err := parseOffset(key, again)
			if err != nil || c2 != c {
				t.Fatalf("accepted %q with claims %+v that do not re-sign", tok, c)
			}
		}
		if c.After == "" || c.EXP < c.IAT {
			t.Fatalf("accepted invalid claims %+v", c)
		}
		if _, err := parseOffset([]byte("other key"), tok); err == nil {
			t.Fatalf("%q verified under another key", tok)
		}
	})
}

func TestOffsetRoundTrip(t *testing.T) {
	key := []byte("k")
	c := offsetClaims{After: "1200000000000001", Query: "abc", IAT: 5, EXP: 905}
	tok := signOffset(key, c)
	if !strings.HasPrefix(tok, "eyJ") || strings.Count(tok, ".") != 2 {
		t.Errorf("not JWT-shaped: %s", tok)
	}
	got, err := parseOffset(key, tok)
	if err != nil || got != c {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := parseOffset([]byte("x"), tok); err == nil {
		t.Error("verified with the wrong key")
	}
}
