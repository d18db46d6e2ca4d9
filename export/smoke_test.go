package export

import (
	"context"
	"fmt"
	"os"
	"testing"
)

func TestSmoke(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	dir := t.TempDir()
	res, err := f.backup(dir).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(res.Dir, res.Requests, res.Manifest.Counts)
	b, _ := os.ReadFile(res.Dir + "/manifest.json")
	fmt.Println(string(b)[:600])
	res2, err := f.backup(dir).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(res2.Dir, res2.Requests, res2.Manifest.Counts, res2.Manifest.Mode)
	sameData(t, res.Dir, res2.Dir)
}
