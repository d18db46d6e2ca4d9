//go:build unix

package asana

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the test process has used, all threads (the
// garbage collector's included). Unlike the wall clock it does not count
// time the machine gave to other processes, so a ratio of two CPU times
// holds on a loaded machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
