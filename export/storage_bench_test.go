package export

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkBackupStorage runs a month of daily backups with Keep 7 and 1 %
// of the tasks changed each day (different ones each day), and reports
// what the backup directory holds (bytes by inode, directories included)
// at its largest and at the end, as a multiple of one full snapshot: what
// pruning gives back, and what sharing saves, with chunks and with whole
// files.
//
//	go test ./export -run '^$' -bench BackupStorage -benchtime 1x -timeout 30m
func BenchmarkBackupStorage(b *testing.B) {
	const days, keep = 30, 7
	for _, mode := range []struct {
		name string
		set  func(*Backup)
	}{
		{"chunks", func(*Backup) {}},
		{"whole-files", func(b *Backup) { b.WholeFiles = true }},
	} {
		b.Run(fmt.Sprintf("tasks=2000/%s", mode.name), func(b *testing.B) {
			for b.Loop() {
				f := newFakeOrg(b, demoShape(2000), nil)
				f.srv.Clock().Advance(time.Hour)
				dir := b.TempDir()
				var full, peak, last int64
				for day := range days {
					bk := f.backup(dir)
					bk.Keep = keep
					mode.set(bk)
					res, err := bk.Run(b.Context())
					if err != nil {
						b.Fatal(err)
					}
					files, dirs := storedBytes(b, dir)
					last = sumBytes(files) + sumBytes(dirs)
					if day == 0 {
						full = last
					}
					peak = max(peak, last)
					f.srv.Clock().Advance(24 * time.Hour)
					changeShareFrom(b, f, res.Dir, 100, day)
					f.srv.Clock().Advance(time.Hour)
				}
				b.ReportMetric(float64(full), "full-bytes")
				b.ReportMetric(float64(peak)/float64(full), "peak-x-full")
				b.ReportMetric(float64(last)/float64(full), "end-x-full")
			}
		})
	}
}
