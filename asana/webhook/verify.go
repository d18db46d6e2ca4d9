package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Header names of Asana's webhook protocol.
const (
	// HeaderSecret carries the shared secret in the handshake request; the
	// target echoes it in its answer.
	HeaderSecret = "X-Hook-Secret"
	// HeaderSignature carries the hex HMAC-SHA256 of a delivery's body.
	HeaderSignature = "X-Hook-Signature"
)

// Sign returns the X-Hook-Signature of body under secret: the lower-case
// hex HMAC-SHA256.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature is the X-Hook-Signature of body under
// secret. The comparison takes the same time whatever the signature, and an
// empty secret verifies nothing.
func Verify(secret string, body []byte, signature string) bool {
	if secret == "" {
		return false
	}
	got, err := hex.DecodeString(signature)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}
