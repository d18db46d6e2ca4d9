package export

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

const childDirEnv = "EXPORT_TEST_CHILD_DIR"

func sigkillSizes() asanatest.Sizes {
	return asanatest.Sizes{Users: 10, Teams: 2, Projects: 3, Tasks: 400, SubtaskRatio: 0.3, CommentsPerTask: 0.5}
}

// TestBackupChild is the process TestBackupSIGKILL kills: it backs up the
// same generated organization and prints its request count as it goes.
func TestBackupChild(t *testing.T) {
	dir := os.Getenv(childDirEnv)
	if dir == "" {
		t.Skip("run by TestBackupSIGKILL")
	}
	f := newFakeOrg(t, sigkillSizes(), nil)
	b := f.backup(dir)
	b.Progress = func(p Progress) { fmt.Printf("requests %d\n", p.Requests) }
	if _, err := b.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	fmt.Println("finished")
}

// TestBackupSIGKILL kills a backup process at several points with SIGKILL
// and checks that runs resumed from what it left give the same snapshot as
// an uninterrupted run.
func TestBackupSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	f := newFakeOrg(t, sigkillSizes(), nil) // same seeds: same gids as the child's
	clean, err := f.backup(t.TempDir()).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, frac := range []int64{5, 3, 2} {
		killAt := clean.Requests / frac
		cmd := exec.Command(os.Args[0], "-test.run=^TestBackupChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), childDirEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		killed := false
		for sc.Scan() {
			n, err := strconv.ParseInt(strings.TrimPrefix(sc.Text(), "requests "), 10, 64)
			if err == nil && n >= killAt {
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				killed = true
				break
			}
		}
		_, _ = io.Copy(io.Discard, out)
		_ = cmd.Wait()
		if !killed {
			t.Fatalf("child finished before %d requests", killAt)
		}
	}
	res, err := f.backup(dir).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resumed {
		t.Error("the run after the kills did not resume")
	}
	sameData(t, clean.Dir, res.Dir)
	if _, err := Verify(res.Dir); err != nil {
		t.Error(err)
	}
}
