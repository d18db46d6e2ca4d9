package asana

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

const attachmentJSON = `{
  "gid": "12345", "resource_type": "attachment", "name": "Screenshot.png", "resource_subtype": "asana",
  "created_at": "2012-02-22T02:06:58.147Z",
  "download_url": "https://s3.amazonaws.com/assets/123/Screenshot.png",
  "permanent_url": "https://app.asana.com/app/asana/-/get_asset?asset_id=1234567890",
  "host": "asana", "size": 12345, "view_url": "https://www.dropbox.com/s/123/Screenshot.png",
  "connected_to_app": false,
  "parent": {"gid": "1204", "resource_type": "task", "name": "Buy catnip", "resource_subtype": "default_task"}
}`

func wantAttachment() *Attachment {
	return &Attachment{
		GID: "12345", ResourceType: "attachment", Name: "Screenshot.png", ResourceSubtype: "asana",
		CreatedAt:    time.Date(2012, 2, 22, 2, 6, 58, 147e6, time.UTC),
		DownloadURL:  "https://s3.amazonaws.com/assets/123/Screenshot.png",
		PermanentURL: "https://app.asana.com/app/asana/-/get_asset?asset_id=1234567890",
		Host:         "asana", Size: 12345, ViewURL: "https://www.dropbox.com/s/123/Screenshot.png",
		Parent: &NamedResource{GID: "1204", ResourceType: "task", Name: "Buy catnip", ResourceSubtype: "default_task"},
	}
}

// formPart is one decoded part of a multipart/form-data body.
type formPart struct {
	filename    string // raw filename parameter, "" for plain fields
	contentType string
	value       string
}

// parseForm decodes a multipart/form-data request body by field name.
func parseForm(t testing.TB, contentType string, body []byte) map[string]formPart {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		t.Fatalf("Content-Type %q is not multipart/form-data with a boundary (%v)", contentType, err)
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	parts := map[string]formPart{}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return parts
		}
		if err != nil {
			t.Fatalf("bad multipart body: %v", err)
		}
		_, dp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil {
			t.Fatalf("bad Content-Disposition %q: %v", p.Header.Get("Content-Disposition"), err)
		}
		v, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := parts[dp["name"]]; dup {
			t.Errorf("field %q sent twice", dp["name"])
		}
		parts[dp["name"]] = formPart{filename: dp["filename"], contentType: p.Header.Get("Content-Type"), value: string(v)}
	}
}

// wantForm returns a check that the request is the multipart form want.
func wantForm(want map[string]formPart) func(testing.TB, *http.Request, []byte) {
	return func(t testing.TB, r *http.Request, body []byte) {
		got := parseForm(t, r.Header.Get("Content-Type"), body)
		for k, p := range got {
			if p.filename == "" {
				p.contentType = "" // plain fields carry no type
				got[k] = p
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("form\n got %+v\nwant %+v", got, want)
		}
	}
}

func TestAttachments(t *testing.T) {
	att := wantAttachment()
	png := "\x89PNG\r\n\x1a\n fake image bytes"
	runCases(t, []svcCase{
		{
			name: "Get",
			calls: []apiCall{{method: "GET", path: "/attachments/12345", query: qv("opt_fields", "download_url"),
				resp: dataJSON(attachmentJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Attachments.Get(ctx, "12345", &GetOptions{Fields: []string{"download_url"}})
			},
			want: att,
		},
		{
			name:    "Get empty gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Attachments.Get(ctx, "", nil) },
			wantErr: "asana: Attachments.Get: empty attachment gid",
		},
		{
			name:  "Delete",
			calls: []apiCall{{method: "DELETE", path: "/attachments/12345", resp: `{"data":{}}`}},
			run:   func(ctx context.Context, c *Client) (any, error) { return nil, c.Attachments.Delete(ctx, "12345") },
		},
		{
			name:    "Delete empty gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Attachments.Delete(ctx, "") },
			wantErr: "asana: Attachments.Delete: empty attachment gid",
		},
		{
			name: "Create uploads a file",
			calls: []apiCall{{method: "POST", path: "/attachments", status: 200, resp: dataJSON(attachmentJSON),
				check: wantForm(map[string]formPart{
					"parent": {value: "1204"},
					"file":   {filename: "Screenshot.png", contentType: "image/png", value: png},
				})}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Attachments.Create(ctx, &AttachmentCreateRequest{Parent: "1204",
					File: strings.NewReader(png), FileName: "Screenshot.png"}, nil)
			},
			want: att,
		},
		{
			name: "Create encodes non-ASCII names and keeps the given type",
			calls: []apiCall{{method: "POST", path: "/attachments", resp: dataJSON(attachmentJSON),
				check: wantForm(map[string]formPart{
					"parent": {value: "1204"},
					"file":   {filename: "r%C3%A9sum%C3%A9.pdf", contentType: "application/pdf", value: "%PDF-1.4"},
				})}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Attachments.Create(ctx, &AttachmentCreateRequest{Parent: "1204",
					File: strings.NewReader("%PDF-1.4"), FileName: "résumé.pdf", ContentType: "application/pdf"}, nil)
			},
			want: att,
		},
		{
			name: "Create without a known extension",
			calls: []apiCall{{method: "POST", path: "/attachments", resp: dataJSON(attachmentJSON),
				check: wantForm(map[string]formPart{
					"parent": {value: "1204"},
					"file":   {filename: `notes "final"`, contentType: "application/octet-stream", value: ""},
				})}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Attachments.Create(ctx, &AttachmentCreateRequest{Parent: "1204",
					File: strings.NewReader(""), FileName: `notes "final"`}, nil)
			},
			want: att,
		},
		{
			name: "Create attaches a URL",
			calls: []apiCall{{method: "POST", path: "/attachments", resp: dataJSON(attachmentJSON),
				check: wantForm(map[string]formPart{
					"parent":           {value: "1204"},
					"resource_subtype": {value: "external"},
					"url":              {value: "https://example.com/spec?id=1&x=y"},
					"name":             {value: "Spec"},
					"connect_to_app":   {value: "true"},
				})}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Attachments.Create(ctx, &AttachmentCreateRequest{Parent: "1204",
					URL: "https://example.com/spec?id=1&x=y", Name: "Spec", ConnectToApp: true}, nil)
			},
			want: att,
		},
		{
			name: "Create is not retried after a 500",
			calls: []apiCall{{method: "POST", path: "/attachments", status: 500, resp: `{"errors":[{"message":"Server Error"}]}`,
				check: func(testing.TB, *http.Request, []byte) {}}},
			run: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Attachments.Create(ctx, &AttachmentCreateRequest{Parent: "1204", URL: "https://x", Name: "x"}, nil)
				if !errors.Is(err, ErrServer) {
					t.Errorf("errors.Is(%v, ErrServer) = false", err)
				}
				return nil, err
			},
			wantErr: "Server Error",
		},
	})
}

// failingReader fails after its content, like a broken upload source.
type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestAttachmentCreateValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  *AttachmentCreateRequest
		err  string
	}{
		{"nil", nil, "nil request"},
		{"no parent", &AttachmentCreateRequest{File: strings.NewReader("x"), FileName: "x"}, "empty parent gid"},
		{"nothing to attach", &AttachmentCreateRequest{Parent: "1"}, "set File (with FileName) or URL"},
		{"both", &AttachmentCreateRequest{Parent: "1", File: strings.NewReader("x"), FileName: "x", URL: "https://x", Name: "x"}, "set File or URL, not both"},
		{"url without name", &AttachmentCreateRequest{Parent: "1", URL: "https://x"}, "needs a Name"},
		{"file without name", &AttachmentCreateRequest{Parent: "1", File: strings.NewReader("x")}, "empty FileName"},
		{"connect a file", &AttachmentCreateRequest{Parent: "1", File: strings.NewReader("x"), FileName: "x", ConnectToApp: true}, "external (URL) attachments only"},
		{"read error", &AttachmentCreateRequest{Parent: "1", File: failingReader{errors.New("disk gone")}, FileName: "x"}, "reading file: disk gone"},
		{"too large, known size", &AttachmentCreateRequest{Parent: "1", File: sizedReader{MaxAttachmentSize + 1}, FileName: "big.bin"},
			"file of 104857601 bytes is larger than Asana's limit of 104857600 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := scriptedClient(t) // any request fails the test
			_, err := c.Attachments.Create(t.Context(), tc.req, nil)
			errContains(t, err, "asana: Attachments.Create: ", tc.err)
		})
	}
}

// sizedReader claims a size and must not be read.
type sizedReader struct{ n int }

func (s sizedReader) Len() int                 { return s.n }
func (s sizedReader) Read([]byte) (int, error) { return 0, errors.New("read an oversized file") }

// TestAttachmentSizeLimit checks the limit on readers of unknown size,
// with a small limit so that the test stays fast.
func TestAttachmentSizeLimit(t *testing.T) {
	for _, tc := range []struct {
		size int64
		ok   bool
	}{{0, true}, {9, true}, {10, true}, {11, false}, {1000, false}} {
		req := &AttachmentCreateRequest{Parent: "1", FileName: "f",
			File: io.MultiReader(io.LimitReader(strings.NewReader(strings.Repeat("a", 1000)), tc.size))}
		_, _, err := req.multipart(10)
		if tc.ok != (err == nil) {
			t.Errorf("size %d: err = %v, want ok=%v", tc.size, err, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "larger than Asana's limit of 10 bytes") {
			t.Errorf("size %d: unclear error %v", tc.size, err)
		}
	}
}

func TestAttachmentLists(t *testing.T) {
	item2 := `{"gid":"12346","resource_type":"attachment","name":"Spec","resource_subtype":"external","host":"external"}`
	a2 := Attachment{GID: "12346", ResourceType: "attachment", Name: "Spec", ResourceSubtype: "external", Host: "external"}
	testList(t, listCase[Attachment]{
		name: "List", path: "/attachments", fields: defaultAttachmentFields, query: []string{"parent", "1204"},
		seq: func(c *Client, o ListOptions) iter.Seq2[Attachment, error] {
			return c.Attachments.List(t.Context(), "1204", &o).All()
		},
		page: func(c *Client, o ListOptions) (*Page[Attachment], error) {
			return c.Attachments.List(t.Context(), "1204", &o).Page("")
		},
		emptySeq: func(c *Client) iter.Seq2[Attachment, error] { return c.Attachments.List(t.Context(), "", nil).All() },
		emptyPage: func(c *Client) (*Page[Attachment], error) {
			return c.Attachments.List(t.Context(), " ", nil).Page("")
		},
		emptyErr: "asana: Attachments.List: empty parent",
	}, attachmentJSON, item2, *wantAttachment(), a2)

	t.Run("nil options", func(t *testing.T) {
		c := scriptedClient(t, apiCall{method: "GET", path: "/attachments",
			query: listQueryOf(defaultAttachmentFields, "parent", "1204"), resp: pageJSON("")})
		got, err := collect(c.Attachments.List(t.Context(), "1204", nil).All())
		if err != nil || len(got) != 0 {
			t.Errorf("got %v, %v", got, err)
		}
	})
}

// FuzzAttachmentMultipart checks that any file name and content survive the
// multipart encoding: the parent and the bytes come back unchanged, and
// the file name comes back as sent or, when it had to be, URL-encoded.
func FuzzAttachmentMultipart(f *testing.F) {
	for _, s := range [][2]string{
		{"Screenshot.png", "\x89PNG"},
		{"résumé.pdf", "%PDF"},
		{`a "quoted" \ name`, ""},
		{"tab\there.txt", "x"},
		{"%41.txt", "y"},
		{"\xff\xfe", "z"},
		{"..\\..//etc/passwd", "--boundary\r\n"},
	} {
		f.Add(s[0], []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, name string, content []byte) {
		if name == "" {
			return
		}
		req := &AttachmentCreateRequest{Parent: "1204", File: bytes.NewReader(content), FileName: name}
		body, ct, err := req.multipart(MaxAttachmentSize)
		if err != nil {
			t.Fatal(err)
		}
		form := parseForm(t, ct, body)
		if form["parent"].value != "1204" {
			t.Errorf("parent = %q", form["parent"].value)
		}
		file := form["file"]
		if file.value != string(content) {
			t.Errorf("content changed: %q -> %q", content, file.value)
		}
		sent := file.filename
		if sent != name {
			decoded, err := url.PathUnescape(sent)
			if err != nil || decoded != name {
				t.Errorf("file name %q sent as %q (decodes to %q, %v)", name, sent, decoded, err)
			}
		}
	})
}

// BenchmarkAttachmentMultipart encodes a 1 MiB upload.
func BenchmarkAttachmentMultipart(b *testing.B) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		req := &AttachmentCreateRequest{Parent: "1204", File: bytes.NewReader(content), FileName: "résumé.pdf"}
		if _, _, err := req.multipart(MaxAttachmentSize); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRequestRawBody checks the pipeline extension that uploads use: a raw
// body goes out as is with its content type, and misuse fails before any
// request is sent.
func TestRequestRawBody(t *testing.T) {
	c := scriptedClient(t, apiCall{method: "PUT", path: "/raw", resp: `{"data":{}}`,
		check: func(t testing.TB, r *http.Request, body []byte) {
			if ct := r.Header.Get("Content-Type"); ct != "text/plain" || string(body) != "as is" {
				t.Errorf("sent %q with Content-Type %q", body, ct)
			}
		}})
	ctx := t.Context()
	if _, err := c.Do(ctx, &Request{Method: "PUT", Path: "/raw", RawBody: []byte("as is"), ContentType: "text/plain"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, req := range []*Request{
		{Method: "PUT", Path: "/raw", RawBody: []byte("x")},
		{Method: "PUT", Path: "/raw", RawBody: []byte("x"), ContentType: "text/plain", Body: map[string]string{}},
	} {
		_, err := c.Do(ctx, req, nil)
		errContains(t, err, "asana: PUT /raw: RawBody needs a ContentType and no Body")
	}
}
