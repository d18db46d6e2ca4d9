//go:build unix

package export

import "syscall"

// openNonblock keeps an open of a named pipe from blocking.
const openNonblock = syscall.O_NONBLOCK
