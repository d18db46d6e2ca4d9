//go:build !unix

package export

import "io/fs"

// fileID identifies a file by its path where inodes are not at hand.
func fileID(p string, _ fs.FileInfo) any { return p }
