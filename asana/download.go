package asana

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// maxDownloadRedirects bounds the redirects a download follows.
const maxDownloadRedirects = 10

// Download streams the file behind a download URL that Asana handed out
// (Attachment.DownloadURL, the DownloadURL of a finished resource or graph
// export) into w, and returns the number of bytes written.
//
// Such URLs are pre-signed and short-lived (an attachment's lasts about two
// minutes: fetch the attachment again for a fresh one). The request carries
// no Authorization header and no cookies, whatever its host, so the token
// never reaches the storage host (which refuses a signed URL with one
// anyway); redirects are followed the same way. The URL must be https, or
// http on a loopback host or the client's own API host (a test fake). It is
// not paced or retried like an API call: w may hold part of the file when
// an error comes back. Errors are *Error with the status of a non-2xx
// answer; they name the host and path only, never the signed query.
func (c *Client) Download(ctx context.Context, rawURL string, w io.Writer) (int64, error) {
	if ctx == nil {
		return 0, errors.New("asana: Download: nil context")
	}
	if w == nil {
		return 0, errors.New("asana: Download: nil writer")
	}
	u, err := c.downloadURL(rawURL)
	if err != nil {
		return 0, err
	}
	where := u.Host + u.EscapedPath()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, fmt.Errorf("asana: Download %s: %w", where, err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	hc := &http.Client{Transport: c.downloadTransport(), CheckRedirect: func(next *http.Request, via []*http.Request) error {
		if len(via) >= maxDownloadRedirects {
			return fmt.Errorf("more than %d redirects", maxDownloadRedirects)
		}
		if _, err := c.downloadURL(next.URL.String()); err != nil {
			return err
		}
		next.Header.Del("Authorization")
		return nil
	}}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, &Error{Method: http.MethodGet, Path: where, Err: c.scrub(err), sent: true}
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return 0, &Error{StatusCode: resp.StatusCode, Method: http.MethodGet, Path: where, Body: c.snippet(body), sent: true}
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		return n, &Error{StatusCode: resp.StatusCode, Method: http.MethodGet, Path: where, Err: fmt.Errorf("copying the download: %w", c.scrub(err)), sent: true}
	}
	return n, nil
}

// downloadURL checks a download URL: absolute, https (http only on a
// loopback host or the API's own host), no user information, no token.
func (c *Client) downloadURL(rawURL string) (*url.URL, error) {
	if c.holdsToken(rawURL) {
		return nil, errors.New("asana: Download: refused: the URL contains the access token")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("asana: Download: invalid URL")
	}
	switch {
	case u.Host == "" || u.Opaque != "":
		return nil, fmt.Errorf("asana: Download: %q is not an absolute URL", c.shorten(u.Redacted(), 100))
	case u.User != nil:
		return nil, errors.New("asana: Download: refused: the URL carries user information")
	case u.Scheme == "https":
		return u, nil
	case u.Scheme == "http" && (isLoopback(u.Hostname()) || (u.Host == c.baseURL.Host && c.baseURL.Scheme == "http")):
		return u, nil
	}
	return nil, fmt.Errorf("asana: Download: refused: scheme %q (want https)", c.shorten(u.Scheme, 20))
}

// downloadTransport is the client's transport without the Authorization
// that authorizingClient adds for the API's host: a download never
// carries the token, even from the API's own host.
func (c *Client) downloadTransport() http.RoundTripper {
	if at, ok := c.http.Transport.(*authTransport); ok {
		return at.base
	}
	return c.http.Transport
}
