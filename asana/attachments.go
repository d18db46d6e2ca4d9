package asana

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// MaxAttachmentSize is Asana's limit on an uploaded file: 100 MB.
const MaxAttachmentSize = 100 << 20

// defaultAttachmentFields are the opt_fields of attachment lists when the
// caller sets no Fields: the whole record, so that a backup can download
// each file without another GET. Download URLs expire after a few minutes.
var defaultAttachmentFields = []string{
	"name", "resource_subtype", "created_at", "size", "host",
	"download_url", "permanent_url", "view_url",
	"parent", "parent.name", "parent.resource_subtype", "connected_to_app",
}

// AttachmentCreateRequest describes a new attachment: either a file (File
// and FileName) or a link to an external resource (URL and Name).
type AttachmentCreateRequest struct {
	// Parent is the gid of the task, project or project brief to attach to.
	Parent string
	// File is the content to upload, at most MaxAttachmentSize bytes. It is
	// read to the end before the request is sent.
	File io.Reader
	// FileName is the name of the uploaded file; non-ASCII names are
	// URL-encoded as Asana asks.
	FileName string
	// ContentType is the file's media type; empty means a guess from the
	// extension of FileName, or application/octet-stream.
	ContentType string

	// URL links an external resource instead of uploading a file
	// (resource_subtype "external"); Name is then required.
	URL  string
	Name string
	// ConnectToApp connects an OAuth app to an external attachment on a
	// task, to show the app's widget.
	ConnectToApp bool
}

// multipart encodes r as the multipart/form-data body Asana expects,
// failing if the file is larger than limit bytes.
func (r *AttachmentCreateRequest) multipart(limit int64) (body []byte, contentType string, err error) {
	var buf bytes.Buffer
	if n, ok := sizeOf(r.File); ok && n <= limit {
		buf.Grow(int(n) + 1024) // the form fields and part headers are small
	}
	w := multipart.NewWriter(&buf)
	fields := [][2]string{{"parent", r.Parent}}
	if r.URL != "" {
		fields = append(fields, [2]string{"resource_subtype", "external"},
			[2]string{"url", r.URL}, [2]string{"name", r.Name})
		if r.ConnectToApp {
			fields = append(fields, [2]string{"connect_to_app", strconv.FormatBool(true)})
		}
	}
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return nil, "", err
		}
	}
	if r.URL == "" {
		if n, ok := sizeOf(r.File); ok && n > limit {
			return nil, "", fmt.Errorf("file of %d bytes is larger than Asana's limit of %d bytes", n, limit)
		}
		ct := r.ContentType
		if ct == "" {
			ct = mime.TypeByExtension(path.Ext(r.FileName))
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="`+attachmentFileName(r.FileName)+`"`)
		h.Set("Content-Type", ct)
		part, err := w.CreatePart(h)
		if err != nil {
			return nil, "", err
		}
		n, err := io.Copy(part, io.LimitReader(r.File, limit+1))
		if err != nil {
			return nil, "", fmt.Errorf("reading file: %w", err)
		}
		if n > limit {
			return nil, "", fmt.Errorf("file larger than Asana's limit of %d bytes", limit)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// sizeOf tells the remaining size of readers that know it (bytes.Reader,
// strings.Reader, bytes.Buffer, regular files), so that an oversized file
// fails before it is read.
func sizeOf(r io.Reader) (int64, bool) {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len()), true
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size(), true
		}
	}
	return 0, false
}

// attachmentFileName prepares a file name for a Content-Disposition header:
// names with non-ASCII or control characters are URL-encoded, as Asana's
// documentation asks ("résumé.pdf" -> "r%C3%A9sum%C3%A9.pdf"); quotes and
// backslashes are escaped.
func attachmentFileName(name string) string {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c >= 0x7f {
			return url.PathEscape(name)
		}
	}
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name)
}

func (r *AttachmentCreateRequest) validate() error {
	switch {
	case r == nil:
		return errors.New("nil request")
	case strings.TrimSpace(r.Parent) == "":
		return errors.New("empty parent gid")
	case r.URL != "" && r.File != nil:
		return errors.New("set File or URL, not both")
	case r.URL != "" && r.Name == "":
		return errors.New("an external attachment (URL) needs a Name")
	case r.URL == "" && r.File == nil:
		return errors.New("set File (with FileName) or URL")
	case r.URL == "" && r.FileName == "":
		return errors.New("empty FileName")
	case r.URL == "" && r.ConnectToApp:
		return errors.New("ConnectToApp applies to external (URL) attachments only")
	}
	return nil
}

// Create uploads a file to a task, project or project brief, or attaches
// an external URL, and returns the new attachment. The body is sent as
// multipart/form-data; since a POST that reached Asana is never replayed,
// a failed upload is not retried once sent.
//
// asana:operation POST /attachments
func (s *AttachmentsService) Create(ctx context.Context, req *AttachmentCreateRequest, opts *GetOptions) (*Attachment, error) {
	if err := req.validate(); err != nil {
		return nil, fmt.Errorf("asana: Attachments.Create: %w", err)
	}
	body, ct, err := req.multipart(MaxAttachmentSize)
	if err != nil {
		return nil, fmt.Errorf("asana: Attachments.Create: %w", err)
	}
	a := new(Attachment)
	ctx = withLabel(ctx, "Attachments.Create", "/attachments")
	if _, err := s.client.Do(ctx, &Request{Method: http.MethodPost, Path: "/attachments", Query: opts, RawBody: body, ContentType: ct}, a); err != nil {
		return nil, err
	}
	return a, nil
}
