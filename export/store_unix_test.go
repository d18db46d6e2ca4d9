//go:build unix

package export

import (
	"io/fs"
	"syscall"
)

// fileID identifies a file's inode, so that hard links count once.
func fileID(p string, fi fs.FileInfo) any {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return [2]uint64{uint64(st.Dev), uint64(st.Ino)}
	}
	return p
}
