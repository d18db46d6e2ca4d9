package serviceaccounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/scim"
)

// Defaults of ApplyOptions.
const (
	DefaultConcurrency       = 8
	DefaultMaxDeprovisions   = 10
	DefaultMaxProjectDeletes = 25
)

// ErrCapExceeded reports a plan that removes more users (or deletes more
// projects) than ApplyOptions allow; Apply then does nothing.
var ErrCapExceeded = errors.New("serviceaccounts: the plan exceeds a safety cap")

// ErrStale reports a project that changed after the plan judged it: Apply
// leaves it alone; plan again.
var ErrStale = errors.New("serviceaccounts: changed since the plan")

// ApplyOptions tune Apply. The zero value applies for real with the default
// concurrency and caps and no journal.
type ApplyOptions struct {
	// DryRun reports what would be done and writes nothing.
	DryRun bool
	// Concurrency is how many changes run at once (default
	// DefaultConcurrency, at most Asana's 15 concurrent writes). The
	// client's rate limiter paces them further.
	Concurrency int
	// MaxDeprovisions caps the users a plan may remove from the
	// organization (deprovision_user and remove_guest); 0 means
	// DefaultMaxDeprovisions, a negative value allows none.
	MaxDeprovisions int
	// MaxProjectDeletes caps the projects a plan may delete; 0 means
	// DefaultMaxProjectDeletes, a negative value allows none.
	MaxProjectDeletes int
	// Override lifts both caps: the explicit "yes, all of them".
	Override bool
	// Journal is the path of a journal file (created with mode 0600).
	// With one, an interrupted Apply of the same plan resumes: changes
	// recorded as done are skipped, and a change that was being written
	// when the run stopped is checked in Asana before it is written again.
	Journal string
	// Progress, when set, is called after each change (one call at a time).
	Progress func(Result)
}

// Status is the outcome of one change.
type Status string

// Outcomes of a change.
const (
	StatusDone         Status = "done"          // written now
	StatusAlreadyDone  Status = "already_done"  // found done in Asana, not written
	StatusJournaled    Status = "journaled"     // the journal says an earlier run did it
	StatusFailed       Status = "failed"        // see Result.Err
	StatusNotAttempted Status = "not_attempted" // the run stopped first
	StatusDryRun       Status = "dry_run"       // would be done
)

// Result is what happened to one change.
type Result struct {
	Change Change `json:"change"`
	Status Status `json:"status"`
	// Err says why a change failed; nil otherwise.
	Err error `json:"-"`
}

// MarshalJSON adds the error's text as "error".
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	var msg string
	if r.Err != nil {
		msg = r.Err.Error()
	}
	return json.Marshal(struct {
		plain
		Error string `json:"error,omitempty"`
	}{plain(r), msg})
}

// Report is what Apply did, change by change, in plan order.
type Report struct {
	PlanID  string   `json:"plan_id"`
	DryRun  bool     `json:"dry_run"`
	Results []Result `json:"results"`
}

// Count returns how many changes ended with the status.
func (r *Report) Count(s Status) int {
	return countOf(r.Results, func(res Result) bool { return res.Status == s })
}

// Err joins the errors of the failed changes; nil if none failed.
func (r *Report) Err() error {
	var errs []error
	for _, res := range r.Results {
		if res.Err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", res.Change.Kind, res.Change.Target(), res.Err))
		}
	}
	return errors.Join(errs...)
}

// WriteText writes the report as a table.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	mode := "Applied"
	if r.DryRun {
		mode = "Dry run of"
	}
	fmt.Fprintf(tw, "%s plan %s: %d done, %d already done, %d done earlier, %d failed, %d not attempted\n", mode, r.PlanID,
		r.Count(StatusDone), r.Count(StatusAlreadyDone), r.Count(StatusJournaled), r.Count(StatusFailed), r.Count(StatusNotAttempted))
	fmt.Fprintln(tw, "#\tSTATUS\tACTION\tTARGET\tERROR")
	for i, res := range r.Results {
		var msg string
		if res.Err != nil {
			msg = oneLine(res.Err.Error())
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", i+1, res.Status, res.Change.Action(), oneLine(res.Change.Target()), msg)
	}
	return tw.Flush()
}

// checkCaps refuses a plan over the caps unless opts.Override.
func checkCaps(plan *Plan, opts ApplyOptions) error {
	if opts.Override {
		return nil
	}
	limit := func(v, def int) int {
		switch {
		case v == 0:
			return def
		case v < 0:
			return 0
		}
		return v
	}
	users := countOf(plan.Changes, func(c Change) bool { return c.Kind.removesUser() })
	if max := limit(opts.MaxDeprovisions, DefaultMaxDeprovisions); users > max {
		return fmt.Errorf("%w: it removes %d users from the organization, more than the cap of %d; review the plan and raise the cap or override it", ErrCapExceeded, users, max)
	}
	if n, max := plan.Count(DeleteProject), limit(opts.MaxProjectDeletes, DefaultMaxProjectDeletes); n > max {
		return fmt.Errorf("%w: it deletes %d projects, more than the cap of %d; review the plan and raise the cap or override it", ErrCapExceeded, n, max)
	}
	return nil
}

// Apply carries out a plan. It checks the plan and the caps first and does
// nothing if either fails. Changes run with bounded concurrency, in
// phases: first everything that hands over or grants (and the other
// changes), then remove_member, then deprovision_user and remove_guest,
// each phase finished before the next starts. When a change fails, the
// later phases are not attempted and Apply returns ErrPhaseBlocked, so
// that nobody is removed before their work is handed over. Each change's
// outcome is in the report. A failed change does not stop the others of
// its phase, but a refused token (ErrTokenRevoked) or the end of ctx stops
// the run at once: the returned error says so and the report marks what
// was not attempted. With opts.Journal, running Apply again on the same plan
// finishes the job without repeating a write.
//
// Before archiving or deleting a project, Apply reads it and its tasks
// again: a project that changed since the plan is left alone (ErrStale).
// A write that Asana refuses with a 4xx is checked too: if the change turns
// out to be in effect already (someone else made it), it is already_done.
func Apply(ctx context.Context, c *asana.Client, plan *Plan, opts ApplyOptions) (*Report, error) {
	rep := &Report{PlanID: plan.ID(), DryRun: opts.DryRun, Results: make([]Result, len(plan.Changes))}
	for i, ch := range plan.Changes {
		rep.Results[i] = Result{Change: ch, Status: StatusNotAttempted}
		if err := ch.check(); err != nil {
			return rep, fmt.Errorf("serviceaccounts: change %d: %w", i+1, err)
		}
	}
	if err := checkCaps(plan, opts); err != nil {
		return rep, err
	}
	if opts.DryRun {
		for i := range rep.Results {
			rep.Results[i].Status = StatusDryRun
		}
		return rep, nil
	}
	var j *journal
	if opts.Journal != "" {
		var err error
		if j, err = openJournal(opts.Journal, rep.PlanID); err != nil {
			return rep, err
		}
		defer j.close()
	}
	n := opts.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	n = min(n, asana.DefaultMaxConcurrentWrites, max(len(plan.Changes), 1))

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	a := &applier{c: c, org: plan.Organization.GID, j: j}
	var (
		mu       sync.Mutex // guards fatal, failed and Progress calls
		fatal    error
		failed   bool
		progress = opts.Progress
	)
	worker := func(jobs <-chan int, wg *sync.WaitGroup) {
		defer wg.Done()
		for i := range jobs {
			res := a.apply(runCtx, plan.Changes[i])
			rep.Results[i] = res
			mu.Lock()
			if res.Status == StatusFailed {
				failed = true
			}
			if errors.Is(res.Err, ErrTokenRevoked) || errors.Is(res.Err, errJournal) {
				if fatal == nil {
					fatal = res.Err
				}
				cancel()
			}
			if progress != nil {
				progress(res)
			}
			mu.Unlock()
		}
	}
	// Phases run one after the other (ChangeKind.phase): hand over and
	// grant, then remove memberships, then remove people from the
	// organization. A failure ends the run after its phase.
	var blocked error
	ps := phases(plan.Changes)
	for k, phase := range ps {
		if failed {
			left := 0
			for _, p := range ps[k:] {
				left += len(p)
			}
			blocked = fmt.Errorf("%w: a change failed, so the %s after it (removals) were not attempted; fix the failure and apply again", ErrPhaseBlocked, plural(left, "change"))
			break
		}
		var wg sync.WaitGroup
		jobs := make(chan int)
		for range min(n, len(phase)) {
			wg.Add(1)
			go worker(jobs, &wg)
		}
	feed:
		for _, i := range phase {
			select {
			case jobs <- i:
			case <-runCtx.Done():
				break feed
			}
		}
		close(jobs)
		wg.Wait()
		if runCtx.Err() != nil {
			break
		}
	}
	if fatal != nil {
		return rep, fatal
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	return rep, blocked
}

// ErrPhaseBlocked reports an Apply that stopped before the removals of a
// plan because an earlier change (a handover, say) failed: nothing a
// person owned is removed with them before it is handed over.
var ErrPhaseBlocked = errors.New("serviceaccounts: removals held back after a failure")

// phases groups the indexes of the changes by ChangeKind.phase, in plan
// order within each phase; empty phases are left out.
func phases(cs []Change) [][]int {
	var out [3][]int
	for i, c := range cs {
		out[c.Kind.phase()] = append(out[c.Kind.phase()], i)
	}
	var ps [][]int
	for _, p := range out {
		if len(p) > 0 {
			ps = append(ps, p)
		}
	}
	return ps
}

// errJournal marks a journal write failure, which stops the run: without
// the journal a resumed run could repeat a write.
var errJournal = errors.New("serviceaccounts: journal write failed")

// applier carries out single changes.
type applier struct {
	c   *asana.Client
	org string
	j   *journal
}

func (a *applier) apply(ctx context.Context, ch Change) Result {
	res := Result{Change: ch}
	fail := func(err error) Result {
		res.Status, res.Err = StatusFailed, err
		return res
	}
	if err := ctx.Err(); err != nil {
		res.Status = StatusNotAttempted
		return res
	}
	id := ch.ID()
	switch a.j.state(id) {
	case journalDone:
		res.Status = StatusJournaled
		return res
	case journalBegun:
		// The last run sent this write, or was about to: ask Asana.
		done, err := a.inEffect(ctx, ch)
		if err != nil {
			return fail(tokenError("check "+string(ch.Kind), err))
		}
		if done {
			if err := a.record(id, journalDone); err != nil {
				return fail(err)
			}
			res.Status = StatusAlreadyDone
			return res
		}
	}
	if err := a.recheckProject(ctx, ch); err != nil {
		return fail(err)
	}
	if err := a.record(id, journalBegun); err != nil {
		return fail(err)
	}
	err := a.write(ctx, ch)
	if err != nil && isRefusal(err) {
		// Asana said no without an outage: maybe it is done already.
		if done, cerr := a.inEffect(ctx, ch); cerr == nil && done {
			res.Status, err = StatusAlreadyDone, nil
		}
	}
	if err != nil {
		return fail(tokenError(string(ch.Kind), err))
	}
	if err := a.record(id, journalDone); err != nil {
		return fail(err)
	}
	if res.Status == "" {
		res.Status = StatusDone
	}
	return res
}

func (a *applier) record(id, state string) error {
	if err := a.j.record(id, state, time.Now()); err != nil {
		return fmt.Errorf("%w: %w", errJournal, err)
	}
	return nil
}

// isRefusal reports an answer that means "not like this" rather than "not
// now": 400, 403 or 404.
func isRefusal(err error) bool {
	return errors.Is(err, asana.ErrBadRequest) || errors.Is(err, asana.ErrNotFound) || errors.Is(err, asana.ErrForbidden) ||
		errors.Is(err, scim.ErrUniqueness) // a user created by an earlier, interrupted run
}

// write sends the change's one write.
func (a *applier) write(ctx context.Context, ch Change) error {
	switch ch.Kind {
	case AddTeamMember:
		_, err := a.c.Teams.AddUser(ctx, ch.Team.GID, ch.User.GID, &asana.GetOptions{Fields: []string{"is_guest"}})
		return err
	case RemoveTeamMember:
		return a.c.Teams.RemoveUser(ctx, ch.Team.GID, ch.User.GID)
	case DeprovisionUser:
		if ch.Via == ViaSCIM {
			return scim.New(a.c).Users.Delete(ctx, ch.User.GID)
		}
		return a.c.Workspaces.RemoveUser(ctx, a.org, ch.User.GID)
	case RemoveGuest:
		return a.c.Workspaces.RemoveUser(ctx, a.org, ch.User.GID)
	case ProvisionUser:
		return provision(ctx, scim.New(a.c), ch)
	case ArchiveProject:
		_, err := a.c.Projects.Update(ctx, ch.Project.GID, &asana.ProjectUpdateRequest{Archived: asana.Ptr(true)},
			&asana.GetOptions{Fields: []string{"archived"}})
		return err
	case DeleteProject:
		return a.c.Projects.Delete(ctx, ch.Project.GID)
	}
	return a.writeOther(ctx, ch)
}

// inEffect reports whether the change already holds in Asana.
func (a *applier) inEffect(ctx context.Context, ch Change) (bool, error) {
	switch ch.Kind {
	case AddTeamMember, RemoveTeamMember:
		in := false
		for m, err := range a.c.TeamMemberships.ListForUser(ctx, ch.User.GID, a.org, &asana.ListOptions{Fields: []string{"team"}}).All() {
			if err != nil {
				return false, err
			}
			if m.Team != nil && m.Team.GID == ch.Team.GID {
				in = true
				break
			}
		}
		return in == (ch.Kind == AddTeamMember), nil
	case RemoveGuest, DeprovisionUser:
		opts := &asana.WorkspaceMembershipListOptions{User: ch.User.GID, ListOptions: asana.ListOptions{Fields: []string{"is_active"}}}
		for m, err := range a.c.WorkspaceMemberships.ListForWorkspace(ctx, a.org, opts).All() {
			if err != nil {
				return false, err
			}
			if m.IsActive {
				return false, nil
			}
		}
		return true, nil
	case ProvisionUser:
		u, err := scim.New(a.c).Users.GetByUserName(ctx, ch.User.Email)
		if errors.Is(err, asana.ErrNotFound) {
			return false, nil
		}
		return err == nil && u.Active, err
	case ArchiveProject:
		p, err := a.c.Projects.Get(ctx, ch.Project.GID, &asana.GetOptions{Fields: []string{"archived"}})
		if err != nil {
			return false, err
		}
		return p.Archived, nil
	case DeleteProject:
		_, err := a.c.Projects.Get(ctx, ch.Project.GID, &asana.GetOptions{Fields: []string{"archived"}})
		if errors.Is(err, asana.ErrNotFound) {
			return true, nil
		}
		return false, err
	}
	return a.inEffectOther(ctx, ch)
}

// recheckProject makes sure a project is still as the plan judged it: the
// same modified_at (archived, for a delete) and no task changed since the
// quiet period began. This is what keeps a delete from touching a project
// that a plan did not list as it is now.
func (a *applier) recheckProject(ctx context.Context, ch Change) error {
	if ch.Kind != ArchiveProject && ch.Kind != DeleteProject {
		return nil
	}
	p, err := a.c.Projects.Get(ctx, ch.Project.GID, &asana.GetOptions{Fields: []string{"archived", "modified_at"}})
	if err != nil {
		return tokenError("re-read project", err)
	}
	if !p.ModifiedAt.Equal(ch.ModifiedAt) {
		return fmt.Errorf("%w: the project was modified at %s, the plan saw %s", ErrStale,
			p.ModifiedAt.Format(time.RFC3339), ch.ModifiedAt.Format(time.RFC3339))
	}
	if ch.Kind == DeleteProject && !p.Archived {
		return fmt.Errorf("%w: the project is no longer archived", ErrStale)
	}
	active, err := taskChangedSince(ctx, a.c, ch.Project.GID, ch.QuietSince)
	if err != nil {
		return err
	}
	if active {
		return fmt.Errorf("%w: a task of the project changed after %s", ErrStale, ch.QuietSince.Format(time.RFC3339))
	}
	act, err := otherActivity(ctx, a.c, ch.Project.GID, ch.QuietSince, ch.Activity)
	if err != nil {
		return err
	}
	if act != "" {
		return fmt.Errorf("%w: the project had %s after %s", ErrStale, act, ch.QuietSince.Format(time.RFC3339))
	}
	return nil
}

// taskChangedSince reports whether any task of the project was modified at
// or after since: one request for a page of one task.
func taskChangedSince(ctx context.Context, c *asana.Client, projectGID string, since time.Time) (bool, error) {
	page, err := c.Tasks.List(ctx, &asana.TaskListOptions{Project: projectGID, ModifiedSince: since,
		ListOptions: asana.ListOptions{Limit: 1, Fields: []string{"modified_at"}}}).Page("")
	if err != nil {
		return false, tokenError("list recently modified tasks of project "+projectGID, err)
	}
	return len(page.Items) > 0, nil
}

// provision creates the user of a provision_user change with SCIM, or
// reactivates them when the plan found them deactivated.
func provision(ctx context.Context, sc *scim.Client, ch Change) error {
	if ch.User.GID != "" {
		_, err := sc.Users.Patch(ctx, ch.User.GID, scim.Replace("active", true))
		return err
	}
	u := scim.User{UserName: ch.User.Email, Active: true}
	if ch.User.Name != "" {
		u.Name = &scim.Name{Formatted: ch.User.Name}
	}
	if ch.Department != "" {
		u.Enterprise = &scim.EnterpriseUser{Department: ch.Department}
	}
	_, err := sc.Users.Create(ctx, u)
	return err
}
