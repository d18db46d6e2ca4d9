package asanatest

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAttachmentDownload(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	content := "exact\x00bytes\r\n\xff" + strings.Repeat("z", 5000)
	code, doc := upload(t, s, tok, map[string]string{"parent": f.t1.GID}, "data.bin", content)
	if code != 200 {
		t.Fatalf("upload: %d %v", code, doc)
	}
	a := data(t, doc)
	dl, _ := a["download_url"].(string)
	if dl == "" || strings.Contains(dl, APIPrefix) || !strings.Contains(dl, "signature=") {
		t.Fatalf("download_url %q", dl)
	}
	get := func(u string, auth bool) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", u, nil)
		if auth {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(dl, false); code != 200 || body != content {
		t.Fatalf("download: %d, %d bytes (want %d)", code, len(body), len(content))
	}
	fresh := data(t, must(t, s, tok, "GET", "/attachments/"+a["gid"].(string), "", 200))["download_url"].(string)
	tampered := strings.Replace(dl, "/attachments/"+a["gid"].(string), "/attachments/"+f.t1.GID, 1)
	tests := []struct {
		name string
		url  string
		auth bool
		want int
	}{
		{"with Authorization", dl, true, http.StatusBadRequest},
		{"other gid, same signature", tampered, false, http.StatusForbidden},
		{"no signature", dl[:strings.Index(dl, "?")], false, http.StatusForbidden},
		{"bad expiry", strings.Replace(dl, "expires=", "expires=x", 1), false, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, body := get(tt.url, tt.auth); code != tt.want {
				t.Errorf("%d %s, want %d", code, body, tt.want)
			}
		})
	}

	// Expiry follows the fake's clock: two minutes after the read.
	s.Clock().Advance(attachmentURLTTL + time.Second)
	if code, _ := get(dl, false); code != http.StatusForbidden {
		t.Errorf("expired URL: %d, want 403", code)
	}
	if code, _ := get(fresh, false); code != http.StatusForbidden {
		t.Errorf("expired fresh URL: %d, want 403", code)
	}
	again := data(t, must(t, s, tok, "GET", "/attachments/"+a["gid"].(string), "", 200))["download_url"].(string)
	if code, body := get(again, false); code != 200 || body != content {
		t.Errorf("re-read URL: %d", code)
	}

	// A deleted attachment's URL serves nothing.
	must(t, s, tok, "DELETE", "/attachments/"+a["gid"].(string), "", 200)
	if code, _ := get(again, false); code != http.StatusNotFound {
		t.Errorf("deleted: %d, want 404", code)
	}

	// Seeded content, on a project, is served too; an empty file as well.
	sa, err := s.AddAttachment(Attachment{ParentGID: f.pub.GID, Name: "key.txt", ResourceSubtype: "asana", Host: "asana", Content: []byte("key resource")})
	if err != nil || sa.Size != int64(len("key resource")) {
		t.Fatalf("seed: %v %+v", err, sa)
	}
	u := data(t, must(t, s, tok, "GET", "/attachments/"+sa.GID, "", 200))["download_url"].(string)
	if code, body := get(u, false); code != 200 || body != "key resource" {
		t.Errorf("seeded download: %d %q", code, body)
	}
	code, doc = upload(t, s, tok, map[string]string{"parent": f.t2.GID}, "empty.txt", "")
	if code != 200 {
		t.Fatalf("empty upload: %d %v", code, doc)
	}
	if code, body := get(data(t, doc)["download_url"].(string), false); code != 200 || body != "" {
		t.Errorf("empty download: %d %q", code, body)
	}
}
