//go:build !unix

package export

// openNonblock is 0 where named pipes do not block an open this way.
const openNonblock = 0
