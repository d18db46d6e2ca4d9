package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// DemoMarker is the file that marks a directory as the demo's: demo mode
// writes its backups (and restore journals) only into a directory that
// has it, or into a new or empty one, where it puts it; a run with a
// token refuses a directory that has it. Demo data and real data never
// mix, so a demo run can neither resume from, add to, nor prune a real
// backup.
const DemoMarker = ".asana-demo"

const demoMarkerText = "This directory holds backups of the embedded fake Asana's demo organization,\n" +
	"made by an example run without a token. Runs with a token refuse it.\n"

// ClaimDir checks that the run may write into dir and, in demo mode, marks
// it. In demo mode dir must not exist, be empty, or have the demo marker;
// with a token it must not have the marker. Refusals are usage errors.
func (e *Env) ClaimDir(dir string) error {
	demo, entries, err := inspectDir(dir)
	if err != nil {
		return err
	}
	switch {
	case e.Demo() && !demo && entries > 0:
		return Usagef("%s holds data that demo mode did not make (backups made with a token, perhaps): demo mode never writes there; choose another directory, or set ASANA_TOKEN or ASANA_TOKEN_FILE", dir)
	case !e.Demo() && demo:
		return Usagef("%s holds the demo's backups (it has %s): use another directory for real backups", dir, DemoMarker)
	case e.Demo() && !demo:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, DemoMarker), []byte(demoMarkerText), 0o644)
	}
	return nil
}

// CheckSource checks that the run may read backups from dir (a backup
// directory or one of its snapshots): in demo mode only the demo's, with a
// token only real ones (usage errors otherwise).
func (e *Env) CheckSource(dir string) error {
	demo, _, err := inspectDir(dir)
	if err == nil && !demo {
		demo, _, err = inspectDir(filepath.Dir(filepath.Clean(dir)))
	}
	switch {
	case err != nil:
		return err
	case e.Demo() && !demo:
		return Usagef("%s is not a demo backup (it has no %s): demo mode reads only the demo's backups", dir, DemoMarker)
	case !e.Demo() && demo:
		return Usagef("%s holds the demo's backups (it has %s): a run with a token does not read them", dir, DemoMarker)
	}
	return nil
}

// inspectDir reports whether dir has the demo marker and how many entries
// it has; a missing dir has neither.
func inspectDir(dir string) (demo bool, entries int, err error) {
	list, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, fmt.Errorf("%s: %w", dir, err)
	}
	for _, e := range list {
		if e.Name() == DemoMarker {
			demo = true
		}
	}
	return demo, len(list), nil
}
