//go:build !unix

package input

import "testing"

func mkfifo(t *testing.T, _ string) { t.Skip("named pipes are a unix test") }
