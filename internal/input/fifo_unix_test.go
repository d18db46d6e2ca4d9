//go:build unix

package input

import (
	"syscall"
	"testing"
)

// mkfifo makes a named pipe that no one writes to.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
}
