//go:build unix

package input

import "syscall"

// openFlags opens a named pipe without waiting for a writer; reads of a
// regular file are not affected.
const openFlags = syscall.O_NONBLOCK
