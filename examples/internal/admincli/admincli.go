// Package admincli is what the admin examples (accesspolicy, teamsync,
// cleanup, provision) share: a service-account session (package demo
// connects), and the plan, review, apply flow with its flags:
//
//	NAME [planning flags]                       print the plan
//	NAME [planning flags] -plan-out plan.json   print it and save it
//	NAME -plan plan.json -apply                 apply exactly the saved plan
//
// Applying a saved plan re-reads the target of every change first and
// refuses the whole plan if any went stale (serviceaccounts.Recheck); the
// journal that lets an interrupted apply resume sits beside the plan
// (plan.journal).
package admincli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/serviceaccounts"
)

// demoOrigin is the origin of plans made in demo mode (see
// serviceaccounts.WritePlanFile): they apply to the demo only.
const demoOrigin = "demo"

// Session is a verified connection to one organization (see demo.Session).
type Session struct {
	*demo.Session
	// scratch is the demo's own directory for the journal of a plan
	// applied without a plan file, removed by close.
	scratch string
}

func (s *Session) close() {
	s.Session.Close()
	if s.scratch != "" {
		os.RemoveAll(s.scratch)
	}
}

// Planner makes the plan of an example from its own flags.
type Planner func(context.Context, *Session) (*serviceaccounts.Plan, error)

// Command is an admin example: its flag set, with the flags every admin
// example has, and what it needs to plan.
type Command struct {
	// FS holds the flags; the example adds its own planning flags.
	FS *flag.FlagSet
	// Check, when set, validates the example's own flags.
	Check func() error

	name, kind string
	common     cli.Flags
	org        string
	apply      bool
	asJSON     bool
	planOut    string
	planIn     string
	maxDeprov  int
	maxDeletes int
	override   bool
	conc       int
}

// New returns the command name, which makes and applies plans of kind,
// with usage (the synopsis and description) as the start of its -h text.
func New(name, kind, usage string, stderr io.Writer) *Command {
	c := &Command{name: name, kind: kind, FS: flag.NewFlagSet(name, flag.ContinueOnError)}
	fs := c.FS
	fs.SetOutput(stderr)
	c.common.Register(fs)
	fs.StringVar(&c.org, "org", "", "organization `GID` (default: the service account's organization, or the saved plan's)")
	fs.BoolVar(&c.apply, "apply", false, "carry the plan out (without it, only print the plan)")
	fs.BoolVar(&c.asJSON, "json", false, "print the plan and the report as one JSON object instead of tables")
	fs.StringVar(&c.planOut, "plan-out", "", "save the plan to `file` for review; apply it later with -plan")
	fs.StringVar(&c.planIn, "plan", "", "apply (with -apply) or print the plan saved in `file` instead of planning again; the planning flags are not used")
	fs.IntVar(&c.maxDeprov, "max-deprovisions", serviceaccounts.DefaultMaxDeprovisions, "refuse plans that remove more than `N` users from the organization")
	fs.IntVar(&c.maxDeletes, "max-deletes", serviceaccounts.DefaultMaxProjectDeletes, "refuse plans that delete more than `N` projects")
	fs.BoolVar(&c.override, "override", false, "lift the -max-deprovisions and -max-deletes caps")
	fs.IntVar(&c.conc, "concurrency", serviceaccounts.DefaultConcurrency, "changes to apply at once")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage+`
Plan, review, apply: -plan-out FILE saves the plan; -plan FILE -apply
carries out exactly that plan, after checking that none of its changes
went stale (it refuses the plan if any did), with a journal beside it
(FILE without .json, plus .journal) so that an interrupted apply resumes
when run again. With a token, -apply needs -plan or -plan-out.

`+cli.EnvHelp+`
Exit codes: 0 done, 1 failure (a change failed, the plan went stale or
exceeds a cap), 2 usage or configuration, 130/143 interrupted by
SIGINT/SIGTERM (run the same command again to resume).

Flags:
`)
		fs.PrintDefaults()
	}
	return c
}

// output is the -json rendering of a run: one object.
type output struct {
	Plan     *serviceaccounts.Plan   `json:"plan,omitempty"`
	PlanID   string                  `json:"plan_id,omitempty"`
	PlanFile string                  `json:"plan_file,omitempty"`
	Journal  string                  `json:"journal,omitempty"`
	Stale    []serviceaccounts.Stale `json:"stale,omitempty"`
	Report   *serviceaccounts.Report `json:"report,omitempty"`
	Error    string                  `json:"error,omitempty"`
}

// Run runs the command with args and returns the exit code: it parses the
// flags, connects, gets the plan (from -plan, or from planner), prints
// it, saves it (-plan-out) and applies it (-apply).
func (c *Command) Run(ctx context.Context, args []string, stdout, stderr io.Writer, planner Planner) int {
	err := cli.Parse(c.FS, args)
	if err == nil {
		err = c.checkFlags()
	}
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup(c.name, &c.common, stderr)
	}
	if err == nil && !env.Demo() && c.apply && c.planIn == "" && c.planOut == "" {
		err = cli.Usagef("with a token, -apply needs -plan FILE (a reviewed plan) or -plan-out FILE (to keep the plan it applies, and its journal beside it)")
	}
	if err != nil {
		return cli.ParseFailed(c.name, err, stderr)
	}
	out := &output{}
	err = c.run(ctx, env, planner, stdout, out)
	if c.asJSON && out.Plan != nil {
		if err != nil {
			out.Error = err.Error()
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if jerr := enc.Encode(out); jerr != nil && err == nil {
			err = jerr
		}
	}
	hint := ""
	if ctx.Err() != nil && out.Journal != "" {
		hint = "what is done is recorded in " + out.Journal + "; to resume, run " + c.name + " -plan " + out.PlanFile + " -apply"
		if out.PlanFile == "" {
			hint = "demo mode: nothing to resume, the embedded fake is gone"
		}
	}
	return env.Fail(ctx, err, hint)
}

func (c *Command) checkFlags() error {
	switch {
	case c.planIn != "" && c.planOut != "":
		return cli.Usagef("-plan and -plan-out do not go together: -plan applies a saved plan as it is")
	case c.conc < 1:
		return cli.Usagef("-concurrency must be at least 1")
	case c.maxDeprov < 0 || c.maxDeletes < 0:
		return cli.Usagef("-max-deprovisions and -max-deletes must not be negative")
	case c.Check != nil:
		return cli.Usage(c.Check())
	}
	return nil
}

func (c *Command) run(ctx context.Context, env *cli.Env, planner Planner, stdout io.Writer, out *output) error {
	var saved *serviceaccounts.SavedPlan
	org := c.org
	if c.planIn != "" {
		var err error
		if saved, err = c.loadPlan(env); err != nil {
			return err
		}
		org = saved.Organization.GID
	}
	ds, err := demo.Connect(ctx, env, demo.Options{Org: org, Find: demo.ServiceAccountOrg})
	if err != nil {
		return err
	}
	s := &Session{Session: ds}
	defer s.close()

	plan := (*serviceaccounts.Plan)(nil)
	if saved != nil {
		plan, out.PlanFile = saved.Plan, c.planIn
		env.Logger.Info("loaded the saved plan", "file", c.planIn, "plan", plan.ID(), "sha256", saved.SHA256)
	} else if plan, err = planner(ctx, s); err != nil {
		return err
	}
	out.Plan, out.PlanID = plan, plan.ID()
	if c.planOut != "" {
		if err := c.savePlan(env, plan); err != nil {
			return err
		}
		out.PlanFile = c.planOut
	}
	if !c.asJSON {
		if err := plan.WriteText(stdout); err != nil {
			return err
		}
		if c.planOut != "" {
			fmt.Fprintf(stdout, "\nPlan saved to %s. Review it, then apply exactly it with: %s -plan %s -apply\n", c.planOut, c.name, c.planOut)
		}
	}
	if !c.apply || plan.Empty() {
		if !c.apply && !plan.Empty() && !c.asJSON && c.planOut == "" {
			fmt.Fprintln(stdout, "\nNothing was changed. Review the plan, then run again with -apply (or save it with -plan-out FILE and apply that).")
		}
		return nil
	}
	if out.PlanFile != "" {
		out.Journal = serviceaccounts.JournalPath(out.PlanFile)
	} else {
		// Demo mode only (Run sees to it): the fake dies with the run.
		if s.scratch, err = os.MkdirTemp("", "asana-demo-"); err != nil {
			return err
		}
		out.Journal = filepath.Join(s.scratch, "plan.journal")
	}
	if saved != nil {
		stale, err := serviceaccounts.Recheck(ctx, s.Client, plan, out.Journal)
		if err != nil {
			return err
		}
		if out.Stale = stale; len(stale) > 0 {
			if !c.asJSON {
				fmt.Fprintf(stdout, "\nThe organization changed since the plan was made; nothing was applied:\n")
				for _, st := range stale {
					fmt.Fprintf(stdout, "  %d  %s %s: %s\n", st.Index+1, st.Change.Action(), st.Change.Target(), st.Reason)
				}
			}
			return fmt.Errorf("the plan in %s is stale (%d of %d changes no longer match): plan again", c.planIn, len(stale), len(plan.Changes))
		}
	}
	return c.applyPlan(ctx, env, s, plan, stdout, out)
}

// loadPlan reads -plan and checks that it is this command's and this
// mode's.
func (c *Command) loadPlan(env *cli.Env) (*serviceaccounts.SavedPlan, error) {
	saved, err := serviceaccounts.LoadPlanFile(c.planIn)
	if err != nil {
		return nil, cli.Usage(err)
	}
	switch {
	case saved.Kind != c.kind:
		return nil, cli.Usagef("%s is a %s plan, not a %s plan", c.planIn, saved.Kind, c.kind)
	case env.Demo() && saved.Origin != demoOrigin:
		return nil, cli.Usagef("%s was planned with a token: demo mode applies only the demo's plans", c.planIn)
	case !env.Demo() && saved.Origin == demoOrigin:
		return nil, cli.Usagef("%s is a plan of the demo organization: it cannot be applied with a token", c.planIn)
	case c.org != "" && c.org != saved.Organization.GID:
		return nil, cli.Usagef("%s is a plan for organization %s, not %s", c.planIn, saved.Organization.GID, c.org)
	}
	return saved, nil
}

// savePlan writes -plan-out. The journal of an earlier plan saved there
// goes: a new plan starts a new journal, or one with the same changes (the
// same ID) would skip them as done earlier.
func (c *Command) savePlan(env *cli.Env, plan *serviceaccounts.Plan) error {
	origin := "asana"
	if env.Demo() {
		origin = demoOrigin
	}
	if err := serviceaccounts.WritePlanFile(c.planOut, plan, origin); err != nil {
		return err
	}
	journal := serviceaccounts.JournalPath(c.planOut)
	if err := os.Remove(journal); err == nil {
		env.Logger.Info("removed the journal of the plan saved there before", "journal", journal)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// applyPlan carries the plan out and prints the report.
func (c *Command) applyPlan(ctx context.Context, env *cli.Env, s *Session, plan *serviceaccounts.Plan, stdout io.Writer, out *output) error {
	bar := env.NewProgress("changes")
	done := 0
	rep, err := serviceaccounts.Apply(ctx, s.Client, plan, serviceaccounts.ApplyOptions{
		Journal: out.Journal, MaxDeprovisions: nonZero(c.maxDeprov), MaxProjectDeletes: nonZero(c.maxDeletes),
		Override: c.override, Concurrency: c.conc,
		Progress: func(serviceaccounts.Result) { done++; bar.Update(done, len(plan.Changes)) }})
	bar.Clear()
	if errors.Is(err, serviceaccounts.ErrCapExceeded) {
		return err
	}
	out.Report = rep
	if !c.asJSON {
		fmt.Fprintln(stdout)
		if perr := rep.WriteText(stdout); perr != nil && err == nil {
			err = perr
		}
	}
	if err != nil {
		return fmt.Errorf("%w (journal %s)", err, out.Journal)
	}
	return rep.Err()
}

// nonZero maps a flag's 0 ("none allowed") to the option's negative value.
func nonZero(n int) int {
	if n == 0 {
		return -1
	}
	return n
}
