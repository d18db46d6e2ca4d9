package report

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// chromium runs headless Chromium (ASANA_TEST_CHROMIUM) with args on an
// isolated profile and returns its standard output. The page is a local
// file and loads nothing.
func chromium(t *testing.T, args ...string) []byte {
	t.Helper()
	bin := os.Getenv("ASANA_TEST_CHROMIUM")
	if bin == "" {
		t.Skip("ASANA_TEST_CHROMIUM is unset: the HTML report is not checked in a browser (.ci/run sets it to /usr/bin/chromium)")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	home := t.TempDir()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--disable-extensions", "--disable-background-networking", "--user-data-dir=" + filepath.Join(home, "profile")}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+home)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, stderr.Bytes())
	}
	return out
}

// TestHTMLInBrowser renders the HTML report in headless Chromium and
// checks that the browser drew the charts: its DOM holds one SVG chart
// per charted report with a bar or point per data point, and its
// screenshot has pixels of the charts' colors.
func TestHTMLInBrowser(t *testing.T) {
	f := newFixture(t)
	results, err := RunAll(t.Context(), f.db, Params{})
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := WriteHTML(&page, "Organization report", results); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// What the charts must hold, from the results.
	charts, bars, points := 0, 0, 0
	for _, r := range results {
		switch r.Report.Chart.Kind {
		case Bars:
			charts++
			labels := map[string]bool{}
			for _, row := range r.Rows {
				labels[cell(row[r.Column(r.Report.Chart.Label)])] = true
			}
			bars += min(len(labels), maxBars) * len(r.Report.Chart.Values)
		case Lines:
			charts++
			series := map[string]bool{}
			for _, row := range r.Rows {
				series[cell(row[r.Column(r.Report.Chart.Series)])] = true
			}
			points += len(series) * len(r.weeks())
		}
	}
	if charts < 4 || bars == 0 || points == 0 {
		t.Fatalf("results give %d charts, %d bars, %d points", charts, bars, points)
	}

	dom := chromium(t, "--dump-dom", "file://"+file)
	countOf := func(re string) int { return len(regexp.MustCompile(re).FindAllIndex(dom, -1)) }
	if n := countOf(`<svg class="chart `); n != charts {
		t.Errorf("the browser's DOM has %d charts, want %d", n, charts)
	}
	if n := countOf(`<rect class="bar" `); n != bars {
		t.Errorf("the browser's DOM has %d bars, want %d", n, bars)
	}
	if n := countOf(`<circle class="point" `); n != points {
		t.Errorf("the browser's DOM has %d line points, want %d", n, points)
	}
	if n := countOf(`<polyline class="line" `); n == 0 {
		t.Error("the browser's DOM has no line")
	}
	// Bars of positive values have a positive height.
	for _, m := range regexp.MustCompile(`<rect class="bar" [^>]*data-value="([0-9.]+)"[^>]*height="([0-9.]+)"`).FindAllSubmatch(dom, -1) {
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if (v > 0) != (h > 0) {
			t.Errorf("a bar of value %v is %v high", v, h)
		}
	}

	shot := filepath.Join(t.TempDir(), "report.png")
	chromium(t, "--screenshot="+shot, "--window-size=1000,4000", "--hide-scrollbars", "file://"+file)
	fh, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	colors := map[[3]uint32]int{}
	want := [][3]uint32{{0x4e, 0x79, 0xa7}, {0xf2, 0x8e, 0x2b}}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			colors[[3]uint32{r >> 8, g >> 8, b >> 8}]++
		}
	}
	for _, c := range want {
		if colors[c] < 500 {
			t.Errorf("the screenshot has %d pixels of the chart color #%02x%02x%02x: the charts were not drawn", colors[c], c[0], c[1], c[2])
		}
	}
}
