package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestBackupAttachmentContents: with AttachmentsContent each attachment's
// bytes are stored once under their SHA-256, checked by Verify, and an
// incremental run hard links them from its base instead of downloading.
func TestBackupAttachmentContents(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	dir := t.TempDir()
	b := f.backup(dir)
	b.Attachments, b.HTTPClient = AttachmentsContent, f.srv.HTTPClient()
	first, err := b.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	contents := readLines[attachmentContent](t, filepath.Join(first.Dir, "attachment_contents.jsonl"))
	stored := 0
	for _, c := range contents {
		if c.SHA256 == "" {
			continue
		}
		stored++
		data, err := os.ReadFile(filepath.Join(first.Dir, attachmentFilesDir, c.SHA256))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != c.SHA256 || int64(len(data)) != c.Size {
			t.Errorf("attachment %s: %d bytes that do not hash to %s", c.GID, len(data), c.SHA256)
		}
	}
	if stored == 0 || first.Manifest.Counts[blobKind] == 0 || first.Manifest.Counts[unitAttachmentContents] != int64(len(contents)) {
		t.Fatalf("%d of %d attachments stored; counts %v", stored, len(contents), first.Manifest.Counts)
	}
	if _, err := Verify(first.Dir); err != nil {
		t.Fatal(err)
	}

	before := len(f.srv.Requests())
	second, err := b.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range f.srv.Requests()[before:] {
		if rec.Route == "/attachments/{attachment_gid}" {
			t.Errorf("incremental run read %s again", rec.Path)
		}
	}
	for _, c := range contents {
		if c.SHA256 == "" {
			continue
		}
		a, err := os.Stat(filepath.Join(first.Dir, attachmentFilesDir, c.SHA256))
		if err != nil {
			t.Fatal(err)
		}
		bb, err := os.Stat(filepath.Join(second.Dir, attachmentFilesDir, c.SHA256))
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(a, bb) {
			t.Errorf("%s is a copy, not shared", c.SHA256)
		}
		if st, ok := bb.Sys().(*syscall.Stat_t); ok && st.Nlink < 2 {
			t.Errorf("%s has %d links", c.SHA256, st.Nlink)
		}
	}
	if _, err := Verify(second.Dir); err != nil {
		t.Fatal(err)
	}

	// A cap below every file keeps none, and says why.
	b2 := f.backup(t.TempDir())
	b2.Attachments, b2.HTTPClient, b2.MaxAttachmentBytes = AttachmentsContent, f.srv.HTTPClient(), 1
	res, err := b2.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range readLines[attachmentContent](t, filepath.Join(res.Dir, "attachment_contents.jsonl")) {
		if c.SHA256 != "" || c.Skipped == "" {
			t.Errorf("over the cap: %+v", c)
		}
	}

	// AttachmentsNone keeps no attachment records.
	b3 := f.backup(t.TempDir())
	b3.Attachments = AttachmentsNone
	if res, err = b3.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := res.Manifest.Counts["attachments"] + res.Manifest.Counts["project_attachments"]; n != 0 {
		t.Errorf("AttachmentsNone kept %d attachments", n)
	}
}

// TestBackupAttachmentContentsResume: a run stopped while it downloads
// files resumes to the same snapshot as a run that was not.
func TestBackupAttachmentContentsResume(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	content := func(dir string) *Backup {
		b := f.backup(dir)
		b.Attachments, b.HTTPClient = AttachmentsContent, f.srv.HTTPClient()
		return b
	}
	clean, err := content(t.TempDir()).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	b := content(dir)
	b.Progress = func(p Progress) {
		if p.Unit == unitAttachmentContents {
			cancel()
		}
	}
	if _, err := b.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: %v", err)
	}
	b.Progress = nil
	res, err := b.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resumed {
		t.Error("the second run did not resume")
	}
	sameData(t, clean.Dir, res.Dir)
}
