//go:build !unix

package input

// openFlags is empty where the system has no non-blocking open.
const openFlags = 0
