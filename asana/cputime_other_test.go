//go:build !unix

package asana

import "time"

// processCPU is not measured off unix; the CPU ratio reads 0 there.
func processCPU() time.Duration { return 0 }
