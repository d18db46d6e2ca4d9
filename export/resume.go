package export

import (
	"fmt"
	"os"
	"slices"
	"strings"
)

// unitFiles are the files the unit name writes; ok is false for a name
// no unit has.
func unitFiles(name string) (files []string, ok bool) {
	switch name {
	case unitAttachmentContents:
		return nil, true // checkBlobFiles
	}
	for _, k := range backupKinds {
		if k.name == name {
			return []string{name + ".jsonl"}, true
		}
	}
	gid, ok := strings.CutPrefix(name, unitProjectPrefix)
	if !ok || checkGID("project", gid) != nil {
		return nil, false
	}
	for _, fk := range projectFileKinds {
		files = append(files, projectFile(gid, fk.name))
	}
	return files, true
}

// checkDone checks a unit the checkpoint says is finished against the
// snapshot before a resumed run keeps it: the unit must exist, list the
// files it writes (none for a skipped project), and each file must be a
// regular file that still has the recorded size, lines and SHA-256.
func checkDone(snap *os.Root, u unitDone) error {
	want, ok := unitFiles(u.Unit)
	if !ok {
		return fmt.Errorf("export: checkpoint: no unit %.60q", u.Unit)
	}
	var got []string
	for _, f := range u.Files {
		got = append(got, f.Path)
	}
	if u.Skipped != nil && len(got) == 0 {
		return nil
	}
	if u.Unit == unitAttachmentContents {
		if err := checkBlobFiles(got); err != nil {
			return err
		}
	} else if !slices.Equal(got, want) {
		return fmt.Errorf("export: checkpoint: unit %s lists files %.200q", u.Unit, got)
	}
	for _, f := range u.Files {
		info, err := hashPath(snap, f.Path, f.Bytes+1)
		if err != nil {
			return err
		}
		if info.Bytes != f.Bytes || info.Count != f.Count || info.SHA256 != f.SHA256 {
			return fmt.Errorf("export: %s changed since its unit finished", f.Path)
		}
	}
	return nil
}
