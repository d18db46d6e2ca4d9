package asanatest

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
)

// Attachments: the tag "Attachments" of the spec. An uploaded file's bytes
// are kept and served at a signed download_url (attachment_downloads.go).
// Parents are tasks, projects or project briefs.
func (s *Server) attachmentRoutes() {
	s.attachmentDownloadRoutes()
	s.handle("GET /attachments/{attachment_gid}", s.getAttachment)
	s.handle("DELETE /attachments/{attachment_gid}", s.deleteAttachment)
	s.handle("GET /attachments", s.getAttachmentsForObject)
	s.handle("POST /attachments", s.createAttachmentForObject)
}

// maxAttachmentSize is Asana's upload limit (100 MB).
const maxAttachmentSize = 100 << 20

// attachmentParent resolves a parent (a live task, a project or a
// project brief) the caller can see, or may change when edit is set. It
// returns the task, if the parent is one.
func (rq *request) attachmentParent(param, gid string, edit bool) (*Task, error) {
	if _, err := checkGID(param, gid); err != nil {
		return nil, err
	}
	if t := rq.st.liveTask(gid); t != nil {
		if edit {
			return rq.editableTask(param, gid)
		}
		return rq.taskParam(param, gid)
	}
	if b := projectBriefs(rq.st).briefs.get(gid); b != nil {
		_, _, err := rq.briefParam(param, gid, edit)
		return nil, err
	}
	p := rq.st.projects.get(gid)
	switch {
	case p == nil:
		return nil, notFound(param, gid)
	case !rq.s.canSeeProject(rq.p, p):
		return nil, forbidden("")
	case edit && !rq.s.canEditProject(rq.p, p):
		return nil, forbidden("You do not have permission to edit this project")
	}
	return nil, nil
}

// pathAttachment resolves an attachment whose parent the caller can see.
func (rq *request) pathAttachment(edit bool) (*Attachment, *Task, error) {
	g, err := rq.pathGID("attachment_gid")
	if err != nil {
		return nil, nil, err
	}
	a := rq.st.attachments.get(g)
	if a == nil {
		return nil, nil, notFound("attachment", g)
	}
	t, err := rq.attachmentParent("attachment", a.ParentGID, edit)
	if err != nil {
		if e, ok := err.(*apiError); ok && e.status == http.StatusNotFound {
			err = notFound("attachment", g) // its task was deleted
		}
		return nil, nil, err
	}
	return a, t, nil
}

func (s *Server) getAttachment(rq *request) reply {
	a, _, err := rq.pathAttachment(false)
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.attachment, a)
}

func (s *Server) deleteAttachment(rq *request) reply {
	a, t, err := rq.pathAttachment(true)
	if err != nil {
		return rq.fail(err)
	}
	rq.st.removeAttachment(a)
	if t != nil {
		t.ModifiedAt = rq.now
	}
	return rq.empty()
}

func (s *Server) getAttachmentsForObject(rq *request) reply {
	parent, err := rq.queryGID("parent", true)
	if err != nil {
		return rq.fail(err)
	}
	if _, err := rq.attachmentParent("parent", parent, false); err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(rq.st.taskAttachments[parent], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.attachment, p)
}

// attachmentForm is what a createAttachmentForObject request carries.
type attachmentForm struct {
	fields   url.Values
	fileName string
	content  []byte
	hasFile  bool
}

// readAttachmentForm reads a multipart/form-data (or urlencoded, enough
// for external attachments) body, keeping the file's bytes.
func readAttachmentForm(r *http.Request) (*attachmentForm, error) {
	f := &attachmentForm{fields: url.Values{}}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "multipart/form-data":
	case "application/x-www-form-urlencoded":
		raw, err := readAllLimited(r, 1<<20)
		if err != nil {
			return nil, err
		}
		if f.fields, err = url.ParseQuery(string(raw)); err != nil {
			return nil, errorf(http.StatusBadRequest, "Could not parse request data, invalid form")
		}
		return f, nil
	default:
		return nil, errorf(http.StatusBadRequest, "Request data must be multipart/form-data")
	}
	mr := multipart.NewReader(http.MaxBytesReader(nil, r.Body, maxAttachmentSize+1<<20), params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			return nil, errorf(http.StatusBadRequest, "Could not parse request data, invalid multipart body")
		}
		if part.FormName() == "file" {
			content, err := io.ReadAll(io.LimitReader(part, maxAttachmentSize+1))
			if err != nil || len(content) > maxAttachmentSize {
				return nil, errorf(http.StatusRequestEntityTooLarge, "file: Too large (the limit is 100 MB)")
			}
			f.fileName, f.content, f.hasFile = part.FileName(), content, true
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, 64<<10))
		if err != nil {
			return nil, errorf(http.StatusBadRequest, "Could not parse request data, invalid multipart body")
		}
		f.fields.Add(part.FormName(), string(v))
	}
}

// createAttachmentForObject attaches an uploaded file (resource_subtype
// asana, the default) or an external URL to a task or project.
func (s *Server) createAttachmentForObject(rq *request) reply {
	f, err := readAttachmentForm(rq.r)
	if err != nil {
		return rq.fail(err)
	}
	parent := f.fields.Get("parent")
	if parent == "" {
		return rq.fail(missingInput("parent"))
	}
	t, err := rq.attachmentParent("parent", parent, true)
	if err != nil {
		return rq.fail(err)
	}
	a := &Attachment{ParentGID: parent, CreatedAt: rq.now}
	switch sub := f.fields.Get("resource_subtype"); sub {
	case "", "asana":
		if !f.hasFile {
			return rq.fail(missingInput("file"))
		}
		a.ResourceSubtype, a.Host, a.Size, a.Content = "asana", "asana", int64(len(f.content)), f.content
		a.Name = f.fileName
		if n := f.fields.Get("name"); n != "" {
			a.Name = n
		}
		if a.Name == "" {
			return rq.fail(badRequest("file", "The file needs a file name"))
		}
	case "external":
		u, name := f.fields.Get("url"), f.fields.Get("name")
		if u == "" {
			return rq.fail(missingInput("url"))
		}
		if name == "" {
			return rq.fail(missingInput("name"))
		}
		if pu, err := url.Parse(u); err != nil || pu.Host == "" || !strings.HasPrefix(pu.Scheme, "http") {
			return rq.fail(badRequest("url", "Not a valid URL: %s", u))
		}
		a.ResourceSubtype, a.Host, a.Name, a.ViewURL = "external", "external", name, u
	default:
		return rq.fail(badRequest("resource_subtype", "Not a valid enum value: %q", sub))
	}
	a.GID = rq.st.newGID()
	if a.ResourceSubtype == "asana" {
		a.ViewURL = rq.origin + "/app/asana/-/get_asset?asset_id=" + a.GID
	}
	rq.st.insertAttachment(a)
	if t != nil {
		rq.addStoryLocked(t, "attachment_added", "attached "+a.Name)
	}
	// The spec documents 200, not 201, for createAttachmentForObject.
	return rq.one(s.kinds.attachment, a)
}
