package asanatest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
)

// FuzzAttachmentDownload feeds the download handler made-up gids and
// queries: it serves bytes only for a signature this fake made for that
// gid and an expiry not yet past, and never panics.
func FuzzAttachmentDownload(f *testing.F) {
	s := Must(New())
	f.Cleanup(s.Close)
	ws := Must(s.AddWorkspace(Workspace{Name: "Acme"}))
	p := Must(s.AddProject(Project{WorkspaceGID: ws.GID, Name: "Files"}))
	a := Must(s.AddAttachment(Attachment{ParentGID: p.GID, Name: "f.bin", ResourceSubtype: "asana", Host: "asana", Content: []byte("secret bytes")}))
	exp := strconv.FormatInt(s.Clock().Now().Add(attachmentURLTTL).Unix(), 10)
	good := url.Values{"expires": {exp}, "signature": {s.attachmentSignature(a.GID, exp)}}.Encode()
	for _, q := range []string{good, "", "expires=1&signature=00", "expires=" + exp + "&signature=" + s.attachmentSignature(a.GID, exp)[:10], good + "&expires=9"} {
		f.Add(a.GID, q)
		f.Add(p.GID, q)
	}
	f.Fuzz(func(t *testing.T, gid, rawQuery string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.RawQuery = rawQuery
		r.SetPathValue("attachment_gid", gid)
		w := httptest.NewRecorder()
		s.downloadAttachment(w, r)
		if w.Code != http.StatusOK {
			return
		}
		q := r.URL.Query()
		e, err := strconv.ParseInt(q.Get("expires"), 10, 64)
		if gid != a.GID || q.Get("signature") == "" || err != nil || e < s.Clock().Now().Unix() || w.Body.String() != "secret bytes" {
			t.Fatalf("served %q for gid %q query %q", w.Body.String(), gid, rawQuery)
		}
	})
}
