package asanatest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// upload posts a multipart form to /attachments: fields, plus a file part
// when fileName is set.
func upload(t *testing.T, s *Server, tok string, fields map[string]string, fileName, content string) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		_, _ = fw.Write([]byte(content))
	}
	_ = mw.Close()
	return post(t, s, tok, mw.FormDataContentType(), &buf)
}

func post(t *testing.T, s *Server, tok, contentType string, body *bytes.Buffer) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.URL()+"/attachments", body)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", contentType)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&doc)
	return resp.StatusCode, doc
}

func TestAttachments(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	code, doc := upload(t, s, tok, map[string]string{"parent": f.t1.GID}, "plan.pdf", strings.Repeat("x", 1234))
	if code != 200 {
		t.Fatalf("upload: %d %v", code, doc)
	}
	a := data(t, doc)
	if a["name"] != "plan.pdf" || a["size"] != 1234.0 || a["resource_subtype"] != "asana" || a["host"] != "asana" ||
		a["parent"].(map[string]any)["gid"] != f.t1.GID || a["download_url"] == nil || a["view_url"] == nil {
		t.Errorf("uploaded %v", a)
	}
	code, doc = upload(t, s, tok, map[string]string{"parent": f.pub.GID, "resource_subtype": "external", "url": "https://example.com/spec", "name": "Spec"}, "", "")
	if code != 200 {
		t.Fatalf("external: %d %v", code, doc)
	}
	ext := data(t, doc)
	if ext["view_url"] != "https://example.com/spec" || ext["host"] != "external" || ext["parent"].(map[string]any)["gid"] != f.pub.GID {
		t.Errorf("external %v", ext)
	}
	form := url.Values{"parent": {f.t2.GID}, "resource_subtype": {"external"}, "url": {"https://example.com/x"}, "name": {"X"}}
	if code, doc := post(t, s, tok, "application/x-www-form-urlencoded", bytes.NewBufferString(form.Encode())); code != 200 {
		t.Errorf("urlencoded external: %d %v", code, doc)
	}
	for parent, want := range map[string]string{f.t1.GID: a["gid"].(string), f.pub.GID: ext["gid"].(string)} {
		if got := gids(t, must(t, s, tok, "GET", "/attachments?parent="+parent, "", 200)); len(got) != 1 || got[0] != want {
			t.Errorf("attachments of %s: %v", parent, got)
		}
	}
	stories := must(t, s, tok, "GET", "/tasks/"+f.t1.GID+"/stories?opt_fields=resource_subtype", "", 200)["data"].([]any)
	if len(stories) != 1 || stories[0].(map[string]any)["resource_subtype"] != "attachment_added" {
		t.Errorf("stories %v", stories)
	}

	tests := []struct {
		name   string
		tok    string
		fields map[string]string
		file   string
		status int
		msg    string
	}{
		{"no parent", tok, map[string]string{}, "a.txt", 400, "parent: Missing input"},
		{"no file", tok, map[string]string{"parent": f.t1.GID}, "", 400, "file: Missing input"},
		{"external no url", tok, map[string]string{"parent": f.t1.GID, "resource_subtype": "external", "name": "n"}, "", 400, "url: Missing input"},
		{"external no name", tok, map[string]string{"parent": f.t1.GID, "resource_subtype": "external", "url": "https://e.com"}, "", 400, "name: Missing input"},
		{"external bad url", tok, map[string]string{"parent": f.t1.GID, "resource_subtype": "external", "url": "ftp:x", "name": "n"}, "", 400, "url: Not a valid URL: ftp:x"},
		{"bad subtype", tok, map[string]string{"parent": f.t1.GID, "resource_subtype": "dropbox"}, "", 400, `resource_subtype: Not a valid enum value: "dropbox"`},
		{"unknown parent", tok, map[string]string{"parent": "3"}, "a.txt", 404, "parent: Unknown object: 3"},
		{"hidden parent", f.guestTok, map[string]string{"parent": f.t1.GID}, "a.txt", 403, msgForbidden},
	}
	for _, tt := range tests {
		code, doc := upload(t, s, tt.tok, tt.fields, tt.file, "data")
		if code != tt.status || errMessage(doc) != tt.msg {
			t.Errorf("%s: got %d %q, want %d %q", tt.name, code, errMessage(doc), tt.status, tt.msg)
		}
	}
	code, _, doc = call(t, s, tok, "POST", "/attachments", `{"data":{"parent":"`+f.t1.GID+`"}}`)
	if code != 400 || errMessage(doc) != "Request data must be multipart/form-data" {
		t.Errorf("JSON upload: %d %v", code, doc)
	}
	must(t, s, f.guestTok, "GET", "/attachments/"+a["gid"].(string), "", 403)
	must(t, s, f.guestTok, "GET", "/attachments?parent="+f.t1.GID, "", 403)
	must(t, s, tok, "GET", "/attachments", "", 400)
	must(t, s, tok, "DELETE", "/attachments/"+ext["gid"].(string), "", 200)
	must(t, s, tok, "GET", "/attachments/"+ext["gid"].(string), "", 404)
	// An attachment of a deleted task is gone with it.
	must(t, s, tok, "DELETE", "/tasks/"+f.t1.GID, "", 200)
	if code, _, doc := call(t, s, tok, "GET", "/attachments/"+a["gid"].(string), ""); code != 404 || errMessage(doc) != "attachment: Unknown object: "+a["gid"].(string) {
		t.Errorf("attachment of deleted task: %d %v", code, doc)
	}
}
