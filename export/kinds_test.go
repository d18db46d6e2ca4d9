package export

import (
	"strings"
	"testing"
)

// TestBackupKindsTable: every kind of the table reaches a route the client
// knows, and comes after the kind of its parents.
func TestBackupKindsTable(t *testing.T) {
	if err := checkKinds(backupKinds); err != nil {
		t.Fatal(err)
	}
	levels, err := kindLevels(backupKinds)
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	n := 0
	for i, wave := range levels {
		for _, k := range wave {
			if _, dup := at[k.name]; dup {
				t.Errorf("kind %s twice", k.name)
			}
			at[k.name] = i
			n++
		}
	}
	if n != len(backupKinds) {
		t.Errorf("%d kinds in the waves, %d in the table", n, len(backupKinds))
	}
	for _, k := range backupKinds {
		if k.each != "" && at[k.each] >= at[k.name] {
			t.Errorf("%s runs in wave %d, its parents %s in wave %d", k.name, at[k.name], k.each, at[k.each])
		}
		if files, ok := unitFiles(k.name); !ok || len(files) != 1 || files[0] != k.name+".jsonl" {
			t.Errorf("unitFiles(%s) = %q, %v", k.name, files, ok)
		}
	}
}

func TestKindTableErrors(t *testing.T) {
	for _, tt := range []struct {
		name  string
		kinds []backupKind
		want  string
	}{
		{"unknown route", []backupKind{{name: "x", op: "Nope.List"}}, "backup kind x"},
		{"argument where a parameter goes", []backupKind{{name: "x", op: "Users.List"}}, "path arguments"},
		{"parent not in the table", []backupKind{{name: "x", op: "Tags.ListForWorkspace", each: "y"}}, "parent kind"},
		{"parents in a loop", []backupKind{{name: "x", op: "Tags.ListForWorkspace", each: "y"}, {name: "y", op: "Tags.ListForWorkspace", each: "x"}}, "parent kind"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := checkKinds(tt.kinds)
			if err == nil {
				_, err = kindLevels(tt.kinds)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCheckBlobFiles(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	for _, tt := range []struct {
		files []string
		ok    bool
	}{
		{[]string{"attachment_contents.jsonl"}, true},
		{[]string{"attachment_contents.jsonl", "attachment_files/" + sha}, true},
		{[]string{"attachment_files/" + sha}, false},
		{[]string{"attachment_contents.jsonl", "attachment_contents.jsonl"}, false},
		{[]string{"attachment_contents.jsonl", "attachment_files/../../x"}, false},
		{[]string{"attachment_contents.jsonl", "attachment_files/" + strings.ToUpper(sha)}, false},
		{[]string{"attachment_contents.jsonl", "users.jsonl"}, false},
		{nil, false},
	} {
		if err := checkBlobFiles(tt.files); (err == nil) != tt.ok {
			t.Errorf("%q: %v", tt.files, err)
		}
	}
}
