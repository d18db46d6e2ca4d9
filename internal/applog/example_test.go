package applog_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/asanakit/asana-go/internal/applog"
)

func Example() {
	dir, _ := os.MkdirTemp("", "applog")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "journal.jsonl")
	// A crash cut the second record short.
	_ = os.WriteFile(path, []byte(`{"step":"one"}`+"\n"+`{"st`), 0o600)

	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	log, err := applog.Open(f, 0, func(line []byte) error {
		var e struct{ Step string }
		if err := json.Unmarshal(line, &e); err != nil {
			return err
		}
		fmt.Println("done before:", e.Step)
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = log.Append(map[string]string{"step": "two"})
	log.Close()
	data, _ := os.ReadFile(path)
	fmt.Print(string(data))
	// Output:
	// done before: one
	// {"step":"one"}
	// {"step":"two"}
}
