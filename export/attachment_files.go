package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"regexp"

	"github.com/asanakit/asana-go/asana"
	"github.com/hashicorp/go-cleanhttp"
)

// AttachmentMode chooses what a backup keeps of attachments.
type AttachmentMode string

// The attachment modes of Backup.Attachments.
const (
	// AttachmentsMetadata keeps each attachment's record (the default).
	AttachmentsMetadata AttachmentMode = "metadata"
	// AttachmentsNone keeps no attachments at all.
	AttachmentsNone AttachmentMode = "none"
	// AttachmentsContent keeps the records and the files' bytes, stored
	// once per content under attachment_files/<sha256> and hard linked
	// from the previous snapshot when it holds them already.
	AttachmentsContent AttachmentMode = "content"
)

// DefaultMaxAttachmentBytes is the size cap of Backup.MaxAttachmentBytes.
const DefaultMaxAttachmentBytes = 100 << 20

const (
	unitAttachmentContents = "attachment_contents"
	attachmentFilesDir     = "attachment_files"
	blobKind               = "attachment_files"
)

// blobPathRE matches the path of a stored attachment file.
var blobPathRE = regexp.MustCompile(`^attachment_files/[0-9a-f]{64}$`)

// attachmentContent is a line of attachment_contents.jsonl.
type attachmentContent struct {
	GID    string `json:"gid"`
	Parent *ref   `json:"parent,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Size   int64  `json:"size"`
	// Skipped says why the bytes were not kept: "too large", "external"
	// (a link to another service, no bytes at Asana).
	Skipped string `json:"skipped,omitempty"`
}

// attachmentSources are the files of a snapshot that hold attachment
// records, projects' files aside.
var attachmentSources = []string{"project_attachments.jsonl", "brief_attachments.jsonl", "user_task_list_task_attachments.jsonl"}

// attachmentContentsUnit downloads the bytes of every attachment of the
// snapshot whose host is Asana, each once, without the token.
func (r *run) attachmentContentsUnit(ctx context.Context) (unitDone, error) {
	base := map[string]attachmentContent{}
	if r.base != nil {
		_ = eachRecord(r.base, unitAttachmentContents+".jsonl", func(c attachmentContent) error {
			if c.SHA256 != "" {
				base[c.GID] = c
			}
			return nil
		})
	}
	files, err := openDir(r.snap, attachmentFilesDir, true)
	if err != nil {
		return unitDone{}, err
	}
	defer files.Close()
	blobs := map[string]FileInfo{}
	u, err := r.fileUnit(unitAttachmentContents+".jsonl", unitAttachmentContents, func(w *jsonlWriter) error {
		each := func(rel string) error {
			return eachLine(r.snap, rel, func(line []byte) error {
				c, err := r.attachmentContent(ctx, line, base, files, blobs)
				if err != nil {
					return err
				}
				if c.GID == "" {
					return nil
				}
				b, err := json.Marshal(c)
				if err != nil {
					return err
				}
				return w.writeRaw(b)
			})
		}
		err := eachGID(r.snap, "projects.jsonl", "", "project", func(gid string) error {
			err := each(projectFile(gid, attachmentsFile))
			if errors.Is(err, fs.ErrNotExist) {
				return nil // a skipped project
			}
			return err
		})
		for _, rel := range attachmentSources {
			if err == nil {
				if err = each(rel); errors.Is(err, fs.ErrNotExist) {
					err = nil
				}
			}
		}
		return err
	})
	if err != nil {
		return unitDone{}, err
	}
	// A file an earlier, stopped run stored for an attachment gone since
	// belongs to no record: it goes.
	if d, err := files.Open("."); err == nil {
		entries, _ := d.ReadDir(-1)
		d.Close()
		for _, e := range entries {
			if _, ok := blobs[e.Name()]; !ok && !e.IsDir() {
				_ = files.Remove(e.Name())
			}
		}
	}
	for _, b := range blobs {
		u.Files = append(u.Files, b)
	}
	sortFiles(u.Files)
	return u, nil
}

// attachmentContent stores the bytes of the attachment record line
// (unless they are stored already) and returns its line of
// attachment_contents.jsonl; a zero GID for a record without bytes.
func (r *run) attachmentContent(ctx context.Context, line []byte, base map[string]attachmentContent, files *os.Root, blobs map[string]FileInfo) (attachmentContent, error) {
	var a struct {
		GID    string `json:"gid"`
		Host   string `json:"host"`
		Size   int64  `json:"size"`
		Parent *ref   `json:"parent"`
	}
	if err := json.Unmarshal(line, &a); err != nil {
		return attachmentContent{}, err
	}
	if err := checkGID("attachment", a.GID); err != nil {
		return attachmentContent{}, err
	}
	c := attachmentContent{GID: a.GID, Size: a.Size}
	if a.Parent != nil {
		c.Parent = &ref{GID: a.Parent.GID}
	}
	max := r.b.MaxAttachmentBytes
	if max <= 0 {
		max = DefaultMaxAttachmentBytes
	}
	switch {
	case a.Host != "" && a.Host != "asana":
		c.Skipped = "external"
		return c, nil
	case a.Size > max:
		c.Skipped = "too large"
		return c, nil
	}
	if old, ok := base[a.GID]; ok && validSHA(old.SHA256) {
		if info, err := r.shareBlob(files, old.SHA256); err == nil {
			c.SHA256, c.Size = old.SHA256, info.Bytes
			blobs[old.SHA256] = info
			return c, nil
		}
		// Not in the base after all (or damaged there): download it.
	}
	info, err := r.downloadBlob(ctx, files, a.GID, max)
	if err != nil {
		return attachmentContent{}, err
	}
	c.SHA256, c.Size = info.SHA256, info.Bytes
	blobs[info.SHA256] = info
	return c, nil
}

func validSHA(s string) bool { return blobPathRE.MatchString(attachmentFilesDir + "/" + s) }

// shareBlob makes the base snapshot's file sha a file of this snapshot: a
// hard link, checked by hashing it.
func (r *run) shareBlob(files *os.Root, sha string) (FileInfo, error) {
	rel := attachmentFilesDir + "/" + sha
	if info, err := hashPath(r.snap, rel, 1<<62); err == nil && info.SHA256 == sha {
		return blobInfo(rel, info), nil // stored already by this run
	}
	// Both directories are opened one component at a time (no links)
	// before the link is made inside the backup directory.
	bd, err := openDir(r.base, attachmentFilesDir, false)
	if err != nil {
		return FileInfo{}, err
	}
	fi, err := bd.Lstat(sha)
	bd.Close()
	if err != nil {
		return FileInfo{}, err
	}
	if !fi.Mode().IsRegular() {
		return FileInfo{}, fmt.Errorf("export: base %s is not a regular file", rel)
	}
	_ = files.Remove(sha)
	if err := r.root.Link(r.st.Base+"/"+rel, r.name+"/"+rel); err != nil {
		return FileInfo{}, err
	}
	info, err := hashPath(r.snap, rel, 1<<62)
	if err == nil && info.SHA256 != sha {
		err = fmt.Errorf("export: base %s does not hold its content", rel)
	}
	if err != nil {
		_ = files.Remove(sha)
		return FileInfo{}, err
	}
	return blobInfo(rel, info), nil
}

func blobInfo(rel string, info FileInfo) FileInfo {
	info.Path, info.Kind = rel, blobKind
	return info
}

// downloadBlob reads a fresh download URL of the attachment gid and
// streams its bytes into attachment_files, at most max of them.
func (r *run) downloadBlob(ctx context.Context, files *os.Root, gid string, max int64) (FileInfo, error) {
	hc := r.b.HTTPClient
	if hc == nil {
		hc = cleanhttp.DefaultClient()
	}
	var last error
	for attempt := 0; attempt < 2; attempt++ {
		raw, err := r.c.RawGet(ctx, asana.RawRouteOf("Attachments.Get", gid), url.Values{"opt_fields": {"download_url"}})
		r.requests.Add(1)
		r.report(unitAttachmentContents)
		if err != nil {
			return FileInfo{}, err
		}
		var a struct {
			DownloadURL string `json:"download_url"`
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			return FileInfo{}, err
		}
		if u, err := url.Parse(a.DownloadURL); err != nil || u.Scheme != "https" && u.Scheme != "http" {
			return FileInfo{}, fmt.Errorf("export: attachment %s has no download URL", gid)
		}
		tmp := gid + ".blob.tmp"
		f, err := createExclusive(files, tmp)
		if err != nil {
			return FileInfo{}, err
		}
		h := sha256.New()
		lw := &limitWriter{w: io.MultiWriter(f, h), n: max}
		n, retry, err := fetch(ctx, hc, a.DownloadURL, lw)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = files.Remove(tmp)
			if lw.over {
				return FileInfo{}, fmt.Errorf("export: attachment %s is over %d bytes", gid, max)
			}
			if retry {
				last = err
				continue
			}
			return FileInfo{}, err
		}
		sha := hex.EncodeToString(h.Sum(nil))
		if err := files.Rename(tmp, sha); err != nil {
			_ = files.Remove(tmp)
			return FileInfo{}, err
		}
		rel := attachmentFilesDir + "/" + sha
		info, err := hashPath(r.snap, rel, n+1)
		if err == nil && info.SHA256 != sha {
			err = fmt.Errorf("export: %s changed as it was stored", rel)
		}
		return blobInfo(rel, info), err
	}
	return FileInfo{}, last
}

// limitWriter fails a write past n bytes.
type limitWriter struct {
	w    io.Writer
	n    int64
	over bool
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.n {
		l.over = true
		return 0, errors.New("export: attachment over the size cap")
	}
	l.n -= int64(len(p))
	return l.w.Write(p)
}

// checkBlobFiles checks the files the attachment unit lists: its file
// and stored attachment files, nothing else.
func checkBlobFiles(got []string) error {
	n := 0
	for _, p := range got {
		if p == unitAttachmentContents+".jsonl" {
			n++
		} else if !blobPathRE.MatchString(p) {
			n = -1
			break
		}
	}
	if n != 1 {
		return fmt.Errorf("export: checkpoint: unit %s lists files %.200q", unitAttachmentContents, got)
	}
	return nil
}

// objectCount is what a file adds to its kind's count: its lines, or one
// stored attachment file.
func objectCount(f FileInfo) int64 {
	if f.Kind == blobKind {
		return 1
	}
	return f.Count
}
