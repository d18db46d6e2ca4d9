package asana

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Asana's deprecation channel (developers.asana.com/docs/deprecations): an
// answer announces each ongoing breaking change in an Asana-Change header,
// "name=new_sections;info=https://asa.na/api-sections;affected=true", once
// per change or several joined by commas; a request opts into the new
// behaviour of a change with Asana-Enable and out of it with Asana-Disable,
// both comma-separated lists of change names.
const (
	changeHeader  = "Asana-Change"
	enableHeader  = "Asana-Enable"
	disableHeader = "Asana-Disable"
)

// Bounds on what one answer's Asana-Change headers may cost, and on the
// change names a client remembers for its once-per-name warning: the
// headers come from the network.
const (
	maxChangesPerAnswer = 32
	maxChangeHeaderSize = 16 << 10 // bytes of header values parsed per answer
	maxChangeName       = 128
	maxChangeInfo       = 2048
	maxWarnedChanges    = 256
)

// Change is one breaking change that Asana announced in an Asana-Change
// header of an answer.
type Change struct {
	// Name identifies the change, as WithEnable, WithDisable,
	// EnableChanges and DisableChanges take it: "new_sections".
	Name string
	// Info is the address of Asana's description of the change and its
	// dates; empty when the header had none or an unusable one.
	Info string
	// Affected is Asana's statement that this request is affected. Its
	// absence means "may be": Asana never says affected=false.
	Affected bool
}

// WithEnable sends Asana-Enable with every request of the client, opting
// into the new behaviour of the named changes before Asana's activation
// date. A name is letters, digits, '_', '-' or '.'; naming a change in both
// WithEnable and WithDisable is an error.
func WithEnable(names ...string) Option {
	return func(c *config) error {
		if err := checkChangeNames("WithEnable", names); err != nil {
			return err
		}
		c.enable = append(c.enable, names...)
		return nil
	}
}

// WithDisable sends Asana-Disable with every request of the client, keeping
// the old behaviour of the named changes after Asana's activation date,
// until the change's end date.
func WithDisable(names ...string) Option {
	return func(c *config) error {
		if err := checkChangeNames("WithDisable", names); err != nil {
			return err
		}
		c.disable = append(c.disable, names...)
		return nil
	}
}

// WithChangeHook calls fn for each change announced on each answer (every
// attempt, every request, after the WithRequestHook call), with the
// attempt it came with, so that callers can count which operations a
// change affects. The client's logger (WithLogger) warns once per change
// name, and once more the first time Asana says a request is affected, so
// that the log names each change without repeating it on every request.
// fn must be safe for concurrent use and return quickly.
func WithChangeHook(fn func(Change, RequestInfo)) Option {
	return func(c *config) error {
		c.changeHook = fn
		return nil
	}
}

// EnableChanges returns a context whose requests send the named changes in
// Asana-Enable, on top of the client's WithEnable and WithDisable: for the
// requests of this context a name given here is enabled even if the client
// disables it. Every request made with the context carries them, each page
// of a list included. An invalid name fails each request, before it is
// sent, with an error naming it.
func EnableChanges(ctx context.Context, names ...string) context.Context {
	t := togglesFrom(ctx).clone()
	t.setAll(true, names, "EnableChanges") // an invalid name is kept in t.invalid
	return context.WithValue(ctx, togglesKey{}, t)
}

// DisableChanges is EnableChanges for Asana-Disable: the requests of the
// returned context keep the old behaviour of the named changes.
func DisableChanges(ctx context.Context, names ...string) context.Context {
	t := togglesFrom(ctx).clone()
	t.setAll(false, names, "DisableChanges")
	return context.WithValue(ctx, togglesKey{}, t)
}

type togglesKey struct{}

// changeToggles is a set of change names to enable and to disable; a name
// is in at most one of the two.
type changeToggles struct {
	enable, disable []string // sorted
	// invalid is the first bad name a context helper was given, reported
	// when a request is made with it, since the helper cannot return errors.
	invalid error
}

func togglesFrom(ctx context.Context) *changeToggles {
	t, _ := ctx.Value(togglesKey{}).(*changeToggles)
	return t
}

func (t *changeToggles) clone() *changeToggles {
	if t == nil {
		return &changeToggles{}
	}
	return &changeToggles{enable: slices.Clone(t.enable), disable: slices.Clone(t.disable), invalid: t.invalid}
}

// setAll puts names in the enable (or disable) set, taking them out of the
// other one. The first invalid name is the error, also kept in t.invalid.
func (t *changeToggles) setAll(enable bool, names []string, op string) error {
	for _, n := range names {
		if !validChangeName(n) {
			err := fmt.Errorf("asana: %s: invalid change name %q", op, n)
			if t.invalid == nil {
				t.invalid = err
			}
			return err
		}
		add, remove := &t.enable, &t.disable
		if !enable {
			add, remove = remove, add
		}
		if i, found := slices.BinarySearch(*remove, n); found {
			*remove = slices.Delete(*remove, i, i+1)
		}
		if i, found := slices.BinarySearch(*add, n); !found {
			*add = slices.Insert(*add, i, n)
		}
	}
	return nil
}

func checkChangeNames(op string, names []string) error {
	for _, n := range names {
		if !validChangeName(n) {
			return fmt.Errorf("asana: %s: invalid change name %q", op, n)
		}
	}
	return nil
}

// clientToggles builds a client's toggles from its options. A name both
// enabled and disabled is an error rather than a silent win of whichever
// option came last.
func clientToggles(enabled, disabled []string) (*changeToggles, error) {
	for _, n := range enabled {
		if slices.Contains(disabled, n) {
			return nil, fmt.Errorf("asana: change %q given to both WithEnable and WithDisable", n)
		}
	}
	t := &changeToggles{}
	_ = t.setAll(true, enabled, "WithEnable") // validated by the options
	_ = t.setAll(false, disabled, "WithDisable")
	return t, nil
}

// merged returns the client's toggles with the context's applied over
// them.
func (t *changeToggles) merged(ctx context.Context) (*changeToggles, error) {
	over := togglesFrom(ctx)
	if over == nil {
		return t, nil
	}
	if over.invalid != nil {
		return nil, over.invalid
	}
	m := t.clone()
	_ = m.setAll(true, over.enable, "")   // names already validated
	_ = m.setAll(false, over.disable, "") // over's sets are disjoint
	return m, nil
}

// set writes the Asana-Enable and Asana-Disable headers.
func (t *changeToggles) set(h http.Header) {
	if t == nil {
		return
	}
	if len(t.enable) > 0 {
		h.Set(enableHeader, strings.Join(t.enable, ","))
	}
	if len(t.disable) > 0 {
		h.Set(disableHeader, strings.Join(t.disable, ","))
	}
}

// validChangeName accepts the names Asana uses (security_headers,
// new_sections): they go into headers and log lines, so nothing else is.
func validChangeName(n string) bool {
	if n == "" || len(n) > maxChangeName {
		return false
	}
	for i := 0; i < len(n); i++ {
		switch b := n[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '_', b == '-', b == '.':
		default:
			return false
		}
	}
	return true
}

// parseChanges reads the Asana-Change header values of an answer. Each
// value holds one change or several joined by commas; each change is
// ';'-separated key=value parameters, of which name, info and affected are
// known and others ignored. Since an info address may itself contain ',' or
// ';', a piece continues the one before unless it starts with a key= (for
// ',', one of the known keys); empty pieces are skipped.
// A change without a valid name is dropped, an unusable info is left
// empty, and a name seen twice is one change (affected if either says so).
// It never fails: the header is advice, and bad advice is ignored.
func parseChanges(values []string) []Change {
	var out []Change
	budget := maxChangeHeaderSize
	for _, v := range values {
		if len(v) > budget {
			break
		}
		budget -= len(v)
		for _, entry := range splitContinued(v, ',') {
			ch, ok := parseChange(entry)
			if !ok {
				continue
			}
			if i := slices.IndexFunc(out, func(o Change) bool { return o.Name == ch.Name }); i >= 0 {
				out[i].Affected = out[i].Affected || ch.Affected
				if out[i].Info == "" {
					out[i].Info = ch.Info
				}
				continue
			}
			if len(out) == maxChangesPerAnswer {
				return out
			}
			out = append(out, ch)
		}
	}
	return out
}

func parseChange(entry string) (Change, bool) {
	var ch Change
	for _, param := range splitContinued(entry, ';') {
		key, val, _ := strings.Cut(param, "=")
		val = strings.TrimSpace(val)
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			val = val[1 : len(val)-1]
		}
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "name":
			ch.Name = val
		case "info":
			ch.Info = val
		case "affected":
			ch.Affected = strings.EqualFold(val, "true")
		}
	}
	if !validChangeName(ch.Name) {
		return Change{}, false
	}
	if !usableInfo(ch.Info) {
		ch.Info = ""
	}
	return ch, true
}

// splitContinued splits s at sep, gluing a piece back onto the one before
// unless it starts with a parameter key: for ',' (between changes) one of
// name, info or affected, for ';' (between parameters) any.
func splitContinued(s string, sep byte) []string {
	var out []string
	for piece := range strings.SplitSeq(s, string(sep)) {
		if strings.TrimSpace(piece) == "" {
			continue
		}
		if len(out) > 0 && !startsWithKey(piece, sep == ',') {
			out[len(out)-1] += string(sep) + piece
			continue
		}
		out = append(out, piece)
	}
	return out
}

func startsWithKey(s string, known bool) bool {
	key, _, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if known {
		switch strings.ToLower(key) {
		case "name", "info", "affected":
			return ok
		}
		return false
	}
	return ok && validChangeName(key)
}

// usableInfo accepts an address short enough to log, valid UTF-8 without
// spaces or control characters.
func usableInfo(s string) bool {
	if s == "" || len(s) > maxChangeInfo || !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

// changeLog remembers which change names a client has warned about.
type changeLog struct {
	mu   sync.Mutex
	seen map[string]bool // name: whether an affected request was reported
	full bool            // maxWarnedChanges reached, and said so
}

// firstSighting reports whether ch deserves a warning: its name is new, or
// it is the first answer that says a request is affected. overflow is true
// once, when the log stops remembering new names.
func (l *changeLog) firstSighting(ch Change) (warn, overflow bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	affected, known := l.seen[ch.Name]
	switch {
	case known:
		if ch.Affected && !affected {
			l.seen[ch.Name] = true
			return true, false
		}
		return false, false
	case len(l.seen) >= maxWarnedChanges:
		overflow, l.full = !l.full, true
		return false, overflow
	}
	if l.seen == nil {
		l.seen = make(map[string]bool)
	}
	l.seen[ch.Name] = ch.Affected
	return true, false
}

// noticeChanges warns about and hands to the hook the changes an answer
// announced.
func (c *Client) noticeChanges(ctx context.Context, changes []Change, info RequestInfo) {
	for _, ch := range changes {
		if c.logger != nil {
			c.warnChange(ctx, ch, info)
		}
		if c.changeHook != nil {
			c.changeHook(ch, info)
		}
	}
}

func (c *Client) warnChange(ctx context.Context, ch Change, info RequestInfo) {
	warn, overflow := c.changeLog.firstSighting(ch)
	if overflow {
		c.logger.LogAttrs(ctx, slog.LevelWarn, "asana: too many distinct Asana-Change names; new ones are no longer logged",
			slog.Int("limit", maxWarnedChanges))
	}
	if !warn {
		return
	}
	msg := "asana: Asana announced a breaking API change"
	if ch.Affected {
		msg = "asana: a request is affected by an announced breaking API change"
	}
	c.logger.LogAttrs(ctx, slog.LevelWarn, msg,
		slog.String("change", ch.Name), slog.String("info", c.redact(ch.Info)),
		slog.Bool("affected", ch.Affected), slog.String("method", info.Method),
		slog.String("route", info.Route),
		slog.String("hint", "test the new behaviour with asana.WithEnable or asana.EnableChanges; keep the old one with WithDisable"))
}
