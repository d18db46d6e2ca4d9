package asana

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
)

// DefaultBaseURL is the base URL of Asana's REST API.
const DefaultBaseURL = "https://app.asana.com/api/1.0"

// Request quotas of Asana's plans, in requests per minute per token.
const (
	PaidPlanRequestsPerMinute = 1500
	FreePlanRequestsPerMinute = 150
)

// Asana's caps on concurrent requests per token.
const (
	DefaultMaxConcurrentReads  = 50
	DefaultMaxConcurrentWrites = 15
)

const defaultUserAgent = "asana-go (+https://github.com/asanakit/asana-go)"

// Client talks to the Asana API with one access token. It is safe for
// concurrent use; share one Client per token so that its rate limiter and
// concurrency limits see every request.
type Client struct {
	baseURL *url.URL
	// token sits behind a pointer: fmt prints unexported fields without
	// calling their methods, and with a bad verb (a service printed with %s)
	// it dumps the Client struct itself, but never follows a pointer field.
	token     *secret
	http      *http.Client
	userAgent string
	logger    *slog.Logger
	clock     Clock
	retry     RetryPolicy
	limits    *limiter
	hook      func(RequestInfo)
	// maxResponse bounds the body of a successful answer.
	maxResponse int64

	// The deprecation channel (deprecations.go): the Asana-Enable and
	// Asana-Disable of every request, the change hook, and the change
	// names already warned about.
	toggles    *changeToggles
	changeHook func(Change, RequestInfo)
	changeLog  *changeLog

	// Services, one per area of the API.
	Workspaces           *WorkspacesService
	Users                *UsersService
	WorkspaceMemberships *WorkspaceMembershipsService
	Teams                *TeamsService
	TeamMemberships      *TeamMembershipsService
	Projects             *ProjectsService
	Sections             *SectionsService
	Tasks                *TasksService
	Stories              *StoriesService
	Attachments          *AttachmentsService
	Jobs                 *JobsService
	OrganizationExports  *OrganizationExportsService
	Webhooks             *WebhooksService
	Events               *EventsService
	AuditLog             *AuditLogService
	Batch                *BatchService
	// The services generated from the spec (zz_services.go).
	GeneratedServices
}

// service is the shared base of every service.
type service struct{ client *Client }

// The services: each wraps one area of the API and shares the client's
// pipeline.
type (
	// WorkspacesService wraps workspaces and organizations.
	WorkspacesService service
	// UsersService wraps users.
	UsersService service
	// WorkspaceMembershipsService wraps workspace memberships.
	WorkspaceMembershipsService service
	// TeamsService wraps teams and their members.
	TeamsService service
	// TeamMembershipsService wraps team memberships.
	TeamMembershipsService service
	// ProjectsService wraps projects.
	ProjectsService service
	// SectionsService wraps sections of projects.
	SectionsService service
	// TasksService wraps tasks and subtasks.
	TasksService service
	// StoriesService wraps stories (comments and activity).
	StoriesService service
	// AttachmentsService wraps attachment metadata.
	AttachmentsService service
	// JobsService wraps asynchronous jobs.
	JobsService service
	// OrganizationExportsService wraps organization exports.
	OrganizationExportsService service
	// BatchService wraps the batch API (batch.go).
	BatchService service
)

type config struct {
	baseURL       string
	httpClient    *http.Client
	transport     http.RoundTripper
	perMinute     float64
	burst         int
	reads, writes int
	retry         RetryPolicy
	userAgent     string
	logger        *slog.Logger
	clock         Clock
	hook          func(RequestInfo)
	enable        []string
	disable       []string
	changeHook    func(Change, RequestInfo)
	maxResponse   int64
}

// Option configures a Client.
type Option func(*config) error

// WithBaseURL sets the API base URL, for example a proxy or an asanatest
// server ("http://127.0.0.1:8080/api/1.0"). It must be an absolute http or
// https URL; plain http is accepted only for loopback hosts.
func WithBaseURL(raw string) Option {
	return func(c *config) error {
		u, err := url.Parse(raw)
		if err != nil {
			return fmt.Errorf("asana: invalid base URL: %w", err)
		}
		if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Errorf("asana: invalid base URL %q: want an absolute http(s) URL", raw)
		}
		if u.Scheme == "http" && !isLoopback(u.Hostname()) {
			return fmt.Errorf("asana: base URL %q: plain http is allowed only on loopback; the token would travel in clear text", raw)
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("asana: invalid base URL %q: no user info, query or fragment allowed", raw)
		}
		c.baseURL = raw
		return nil
	}
}

// WithMaxResponseBytes bounds the body of a successful answer, which the
// client reads whole before decoding it (DefaultMaxResponseBytes unless
// set). A longer answer fails with an *Error after costing about n bytes of
// memory; with up to 50 reads in flight, n times 50 is the worst case.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n < 1<<10 {
			return fmt.Errorf("asana: WithMaxResponseBytes(%d): want at least 1 KiB", n)
		}
		c.maxResponse = n
		return nil
	}
}

// WithHTTPClient sets the HTTP client used to send requests. Its Transport
// is used as is; the client's CheckRedirect is kept, and the Authorization
// header is added only to requests for the API host in any case.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("asana: WithHTTPClient: nil client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithTransport sets the RoundTripper of the default HTTP client, for
// example an asanatest in-process transport or an httpmock.MockTransport.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return errors.New("asana: WithTransport: nil transport")
		}
		c.transport = rt
		return nil
	}
}

// WithRateLimit paces requests so that no minute holds more than perMinute
// of them, bursts of up to burst requests included: the bucket refills at
// perMinute-burst a minute, so a server that counts requests per minute, in
// fixed or sliding windows, never sees more than perMinute (see newLimiter).
// The default is PaidPlanRequestsPerMinute, the quota of every organization
// that can have service accounts; use FreePlanRequestsPerMinute on a free
// workspace. burst 0 picks one second's worth of the quota. perMinute 0 turns
// pacing off (429 answers are still honoured).
func WithRateLimit(perMinute float64, burst int) Option {
	return func(c *config) error {
		if perMinute < 0 || burst < 0 {
			return fmt.Errorf("asana: WithRateLimit(%v, %d): negative value", perMinute, burst)
		}
		if perMinute > 0 && burst == 0 {
			burst = defaultBurst(perMinute)
		}
		if perMinute > 0 && float64(burst) >= perMinute {
			return fmt.Errorf("asana: WithRateLimit(%v, %d): burst must be below the quota", perMinute, burst)
		}
		c.perMinute, c.burst = perMinute, burst
		return nil
	}
}

// WithConcurrency caps the requests in flight: reads (GET) and writes (all
// other methods). Asana allows 50 concurrent reads and 15 concurrent writes
// per token.
func WithConcurrency(reads, writes int) Option {
	return func(c *config) error {
		if reads < 1 || writes < 1 {
			return fmt.Errorf("asana: WithConcurrency(%d, %d): both must be at least 1", reads, writes)
		}
		c.reads, c.writes = reads, writes
		return nil
	}
}

// WithRetryPolicy sets how failed requests are retried.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if ua == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("asana: invalid user agent %q", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// WithLogger logs each request (method, path, status, duration, attempt) at
// debug level and retries at info level. The token is never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithClock sets the clock that paces requests, times backoff and pauses
// after a 429. Tests pass a fake clock (asanatest's satisfies Clock).
func WithClock(clk Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return errors.New("asana: WithClock: nil clock")
		}
		c.clock = clk
		return nil
	}
}

// WithRequestHook calls fn after every attempt of every request, for metrics.
// fn must be safe for concurrent use and return quickly.
func WithRequestHook(fn func(RequestInfo)) Option {
	return func(c *config) error {
		c.hook = fn
		return nil
	}
}

// RequestInfo describes one attempt of a request, for WithRequestHook and
// WithChangeHook.
type RequestInfo struct {
	// Context is the request's context, for tracing and request-scoped
	// values.
	Context context.Context
	Method  string
	// Path is the request's path, gids and all: use Route or Operation as
	// a metric label.
	Path string
	// Route is the path's template, "/tasks/{task_gid}", a bounded label.
	// For Do and ListOf it is the path with each segment of
	// digits (a gid) replaced by "{gid}".
	Route string
	// Operation names the typed method that made the request,
	// "Tasks.Get"; empty for Do and ListOf.
	Operation  string
	Attempt    int
	StatusCode int // 0 when no response was received
	Duration   time.Duration
	Err        error
}

// NewClient returns a client that authenticates with token, a service account
// token or a personal access token. Load it from the environment or a file,
// never from a literal in code (package serviceaccounts has loaders).
func NewClient(token string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(token) == "" {
		return nil, errors.New("asana: NewClient: empty token")
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return nil, errors.New("asana: NewClient: token contains white space")
	}
	cfg := config{
		baseURL:   DefaultBaseURL,
		perMinute: PaidPlanRequestsPerMinute,
		reads:     DefaultMaxConcurrentReads,
		writes:    DefaultMaxConcurrentWrites,
		retry:     DefaultRetryPolicy(),
		userAgent: defaultUserAgent,
		clock:     realClock{},

		maxResponse: DefaultMaxResponseBytes,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	base, err := url.Parse(strings.TrimSuffix(cfg.baseURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("asana: invalid base URL: %w", err)
	}
	hc := cfg.httpClient
	if hc == nil {
		hc = cleanhttp.DefaultPooledClient()
		hc.Timeout = 0 // contexts bound each call
		if cfg.transport != nil {
			hc.Transport = cfg.transport
		}
	} else if cfg.transport != nil {
		copied := *hc
		copied.Transport = cfg.transport
		hc = &copied
	}
	toggles, err := clientToggles(cfg.enable, cfg.disable)
	if err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:   base,
		token:     &secret{token},
		userAgent: cfg.userAgent,
		logger:    cfg.logger,
		clock:     cfg.clock,
		retry:     cfg.retry,
		limits:    newLimiter(cfg.perMinute, cfg.burst, cfg.reads, cfg.writes, cfg.clock),
		hook:      cfg.hook,
		toggles:   toggles,

		changeHook:  cfg.changeHook,
		changeLog:   &changeLog{},
		maxResponse: cfg.maxResponse,
	}
	c.http = c.authorizingClient(hc)
	s := &service{client: c}
	c.Workspaces = (*WorkspacesService)(s)
	c.Users = (*UsersService)(s)
	c.WorkspaceMemberships = (*WorkspaceMembershipsService)(s)
	c.Teams = (*TeamsService)(s)
	c.TeamMemberships = (*TeamMembershipsService)(s)
	c.Projects = (*ProjectsService)(s)
	c.Sections = (*SectionsService)(s)
	c.Tasks = (*TasksService)(s)
	c.Stories = (*StoriesService)(s)
	c.Attachments = (*AttachmentsService)(s)
	c.Jobs = (*JobsService)(s)
	c.OrganizationExports = (*OrganizationExportsService)(s)
	c.Webhooks, c.Events, c.AuditLog = (*WebhooksService)(s), (*EventsService)(s), (*AuditLogService)(s)
	c.Batch = (*BatchService)(s)
	c.GeneratedServices.wire(s)
	return c, nil
}

// BaseURL returns the API base URL the client sends requests to.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// Clock returns the clock the client paces and backs off on (WithClock, or
// the wall clock), so that code built on the client, such as polling an
// export, waits on the same time source.
func (c *Client) Clock() Clock { return c.clock }

// String describes the client without its token.
func (c *Client) String() string {
	return fmt.Sprintf("asana.Client{BaseURL: %s, Token: [REDACTED]}", c.baseURL)
}

// GoString is like String, so that %#v does not print the token either.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb (%v, %+v, %#v, %s, %q).
func (c *Client) Format(f fmt.State, verb rune) {
	s := c.String()
	if verb == 'q' {
		s = fmt.Sprintf("%q", s)
	}
	_, _ = f.Write([]byte(s))
}

// LogValue keeps the token out of slog output.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// authorizingClient returns a copy of hc whose transport adds the
// Authorization header only to requests for the API's own scheme and host.
// Redirects to another host therefore never carry the token, whatever the
// caller's CheckRedirect does.
func (c *Client) authorizingClient(hc *http.Client) *http.Client {
	copied := *hc
	base := hc.Transport
	if base == nil {
		base = cleanhttp.DefaultPooledTransport()
	}
	copied.Transport = &authTransport{base: base, scheme: c.baseURL.Scheme, host: c.baseURL.Host, token: c.token}
	return &copied
}

type authTransport struct {
	base         http.RoundTripper
	scheme, host string
	token        *secret
}

// secret holds the access token; see Client.token.
type secret struct{ value string }

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == t.scheme && req.URL.Host == t.host {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+t.token.value)
	}
	return t.base.RoundTrip(req)
}

// isLoopback reports whether host is exactly "localhost" or a loopback IP
// address. Anything looser lets a look-alike name through: a prefix test
// accepted 127.attacker.example, a suffix test evil.localhost (which the
// resolver may send anywhere).
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
