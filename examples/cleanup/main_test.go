package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestDemoCleanup(t *testing.T) {
	t.Setenv("ASANA_TOKEN", "")
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"Plan cleanup", "delete_project", "Roadmap planning", "run again with -apply"}},
		{[]string{"-grace-days", "0"}, []string{"0 changes", "Nothing to do"}},
		{[]string{"-exclude-team", "Marketing"}, []string{"0 changes"}},
		{[]string{"-exclude-name", "roadmap*", "-apply"}, []string{"0 changes"}},
		{[]string{"-apply"}, []string{"1 done", "delete_project"}},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		if code := run(tt.args, &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errb.String())
		}
		for _, w := range tt.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out.String())
			}
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-inactive-days", "0"}, &out, &errb); code != 2 {
		t.Errorf("-inactive-days 0: exit %d", code)
	}
}
