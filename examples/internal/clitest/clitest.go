// Package clitest sets up the environment of the examples' tests: demo
// mode, a token, a token file.
package clitest

import (
	"os"
	"path/filepath"
	"testing"
)

// The variables the examples read.
var vars = []string{"ASANA_TOKEN", "ASANA_TOKEN_FILE", "ASANA_BASE_URL"}

// DemoEnv unsets every token setting for the test (demo mode); they come
// back when it ends.
func DemoEnv(t testing.TB) {
	t.Helper()
	for _, v := range vars {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
}

// TokenEnv sets ASANA_TOKEN to token and ASANA_BASE_URL to base (unset when
// empty) for the test.
func TokenEnv(t testing.TB, token, base string) {
	t.Helper()
	DemoEnv(t)
	t.Setenv("ASANA_TOKEN", token)
	if base != "" {
		t.Setenv("ASANA_BASE_URL", base)
	}
}

// TokenFile writes token into a new file of mode perm in a temporary
// directory and returns its path.
func TokenFile(t testing.TB, token string, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte(token+"\n"), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
	return path
}
