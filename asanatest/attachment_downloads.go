package asanatest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// Attachment downloads: an uploaded attachment's download_url points at
// the fake itself, outside the API prefix, like Asana's pre-signed storage
// URL: it needs no Authorization, carries an HMAC signature of the gid and
// its expiry, and works for attachmentURLTTL on the fake's clock after the
// read that returned it. As S3 does for a pre-signed URL, a request that
// also sends an Authorization header is refused (400), so a client that
// leaks its token to the storage host fails its tests.
func (s *Server) attachmentDownloadRoutes() {
	s.ctl.HandleFunc("GET "+controlPrefix+"/downloads/attachments/{attachment_gid}", s.downloadAttachment)
}

// attachmentURLTTL is how long a download URL works: Asana documents that
// it "may only be valid for two minutes from the time of retrieval".
const attachmentURLTTL = 2 * time.Minute

// attachmentDownloadURL is a's download_url as rendered now: a seeded URL
// as is, a fresh signed URL for stored content, else none.
func (v *view) attachmentDownloadURL(a *Attachment) string {
	if a.DownloadURL != "" || a.Content == nil || v.s == nil {
		return a.DownloadURL
	}
	exp := strconv.FormatInt(v.s.clock.Now().Add(attachmentURLTTL).Unix(), 10)
	return v.base + controlPrefix + "/downloads/attachments/" + a.GID +
		"?expires=" + exp + "&signature=" + v.s.attachmentSignature(a.GID, exp)
}

func (s *Server) attachmentSignature(gid, expires string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte("attachment " + gid + " " + expires))
	return hex.EncodeToString(mac.Sum(nil))
}

// downloadAttachment serves an attachment's exact bytes at its signed URL.
func (s *Server) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "" {
		writeJSON(w, http.StatusBadRequest, errorBody("Only one auth mechanism allowed: the URL is pre-signed, send no Authorization header"))
		return
	}
	gid, exp := r.PathValue("attachment_gid"), r.URL.Query().Get("expires")
	sig, _ := hex.DecodeString(r.URL.Query().Get("signature"))
	want, _ := hex.DecodeString(s.attachmentSignature(gid, exp))
	expires, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !hmac.Equal(sig, want) {
		writeJSON(w, http.StatusForbidden, errorBody("Invalid download URL signature"))
		return
	}
	if s.clock.Now().Unix() > expires {
		writeJSON(w, http.StatusForbidden, errorBody("Request has expired"))
		return
	}
	s.mu.RLock()
	var body []byte
	if a := s.st.attachments.get(gid); a != nil {
		body = a.Content // never changed in place: safe to write unlocked
	}
	s.mu.RUnlock()
	if body == nil {
		writeJSON(w, http.StatusNotFound, errorBody("The attachment does not exist"))
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}
