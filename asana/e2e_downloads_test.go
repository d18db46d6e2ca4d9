package asana_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// downloadsExactly fetches a pre-signed attachment URL as a client must:
// off the API, with no Authorization header. The fake refuses a download
// that carries one (as S3 does for a pre-signed URL), so a 200 here is
// the proof that the download path received none; the same URL with the
// header must be refused, or the proof would be empty.
func downloadsExactly(ctx context.Context, s *suite, rawURL, want string) error {
	if rawURL == "" || strings.Contains(rawURL, "/api/1.0") {
		return fmt.Errorf("download_url %q: want a path of the fake outside the API", rawURL)
	}
	get := func(auth bool) (int, string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
		if err != nil {
			return 0, "", err
		}
		if auth {
			req.Header.Set("Authorization", "Bearer leaked")
		}
		resp, err := s.srv.HTTPClient().Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	// Client.Download, the way a program fetches it.
	var buf strings.Builder
	if n, err := s.sa.Download(ctx, rawURL, &buf); err != nil || buf.String() != want || n != int64(len(want)) {
		return fmt.Errorf("Client.Download: %d %q %v, want %q", n, buf.String(), err, want)
	}
	code, body, err := get(false)
	if err != nil || code != http.StatusOK || body != want {
		return fmt.Errorf("download: %d %q %v, want 200 %q", code, body, err, want)
	}
	if code, _, err := get(true); err != nil || code != http.StatusBadRequest {
		return fmt.Errorf("download with Authorization: %d %v, want 400", code, err)
	}
	return nil
}
