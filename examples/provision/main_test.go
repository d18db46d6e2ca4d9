package main

import (
	"bytes"
	"strings"
	"testing"
)

func runDemo(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("ASANA_TOKEN", "")
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemo(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		want     []string
		dontWant []string
	}{
		{"plan", nil, 0, []string{"3 changes", "provision_user", "priya.nair@lakeshore.example", "tomas.berg@lakeshore.example",
			"victor.patel@lakeshore.example (1200000000000016)", "deactivated in the organization", "run again with -apply"},
			[]string{"lena.okafor", "deprovision_user", "noah.wagner"}},
		{"apply", []string{"-apply"}, 0, []string{"3 done, 0 already done"}, nil},
		{"plan with deprovision", []string{"-deprovision", "-keep", "rafael.alvarez@lakeshore.example"}, 0,
			[]string{"4 changes", "deprovision_user via scim", "isaac.abbott@lakeshore.example"}, []string{"rafael.alvarez"}},
		{"apply with deprovision", []string{"-deprovision", "-apply"}, 0, []string{"4 done, 0 already done"}, nil},
		{"domain filter", []string{"-domains", "elsewhere.example"}, 0, []string{"0 changes", "Nothing to do"}, nil},
		{"help", []string{"-h"}, 0, nil, nil},
		{"stray argument", []string{"now"}, 2, nil, nil},
		{"missing directory file", []string{"-directory", "/nonexistent/people.csv"}, 1, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runDemo(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}
