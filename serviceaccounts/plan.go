package serviceaccounts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/asanakit/asana-go/internal/input"
)

// ChangeKind is what a Change does.
type ChangeKind string

// The changes a plan can list.
const (
	// AddTeamMember adds a member of the organization to a team.
	AddTeamMember ChangeKind = "add_team_member"
	// RemoveTeamMember removes a member from a team.
	RemoveTeamMember ChangeKind = "remove_team_member"
	// RemoveGuest removes a guest from the organization (removeUser).
	RemoveGuest ChangeKind = "remove_guest"
	// DeprovisionUser removes a user from the organization (removeUser):
	// they lose every team, project and the organization itself.
	DeprovisionUser ChangeKind = "deprovision_user"
	// ArchiveProject archives a project.
	ArchiveProject ChangeKind = "archive_project"
	// DeleteProject deletes an archived project.
	DeleteProject ChangeKind = "delete_project"
	// ProvisionUser makes a person an active member of the organization
	// with SCIM: it creates the user (User.GID empty) or reactivates a
	// deactivated one (User.GID set).
	ProvisionUser ChangeKind = "provision_user"

	// The handover of an offboarding (PlanOffboarding). Each names the
	// person who leaves in User and, when work passes to someone, the
	// recipient in To.

	// MoveTaskToProject adds a task that is only in User's My Tasks (in no
	// project, no subtask) to Project, so that it outlives their list.
	MoveTaskToProject ChangeKind = "move_task_to_project"
	// ReassignTask assigns an incomplete task of User to To.
	ReassignTask ChangeKind = "reassign_task"
	// TransferProjectOwner makes To the owner of a project User owns.
	TransferProjectOwner ChangeKind = "transfer_project_owner"
	// TransferGoalOwner makes To the owner of a goal User owns.
	TransferGoalOwner ChangeKind = "transfer_goal_owner"

	// Memberships of projects, portfolios and goals (POST, PUT and DELETE
	// /memberships): the parent is Project, Portfolio or Goal, the member
	// User.

	// AddMember makes User a member of the parent with AccessLevel.
	AddMember ChangeKind = "add_member"
	// SetAccessLevel changes User's access level on the parent to
	// AccessLevel.
	SetAccessLevel ChangeKind = "set_access_level"
	// RemoveMember ends User's membership of the parent.
	RemoveMember ChangeKind = "remove_member"
	// UpdateTeamSettings sets Team's settings (Change.TeamSettings).
	UpdateTeamSettings ChangeKind = "update_team_settings"
)

// ViaSCIM is the Change.Via of a deprovision_user done with SCIM.
const ViaSCIM = "scim"

// removesUser reports whether the change takes a user out of the
// organization: the changes the deprovision cap counts.
func (k ChangeKind) removesUser() bool { return k == RemoveGuest || k == DeprovisionUser }

// removesAccess reports whether the change takes access away from someone:
// the changes that must name their evidence.
func (k ChangeKind) removesAccess() bool {
	return k.removesUser() || k == RemoveTeamMember || k == RemoveMember || k == SetAccessLevel || k.handsOver()
}

// handsOver reports whether the change passes a leaver's work on: the
// changes of an offboarding's first phase.
func (k ChangeKind) handsOver() bool {
	switch k {
	case MoveTaskToProject, ReassignTask, TransferProjectOwner, TransferGoalOwner:
		return true
	}
	return false
}

// phase orders Apply: every change of a phase is done before any of the
// next starts, and a failure stops the later phases. Handing over and
// granting come first, membership removals next, removals from the
// organization last, so that nothing a person owns is lost with them.
func (k ChangeKind) phase() int {
	switch k {
	case RemoveMember:
		return 1
	case DeprovisionUser, RemoveGuest:
		return 2
	}
	return 0
}

// Ref names an Asana object in a plan: its gid for the API, its name (and a
// user's email) for people reading the plan.
type Ref struct {
	GID   string `json:"gid"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

// String is the name (or email) and gid.
func (r *Ref) String() string {
	if r == nil {
		return ""
	}
	label := r.Name
	if r.Email != "" {
		label = r.Email
	}
	switch {
	case label == "":
		return r.GID
	case r.GID == "":
		return label
	}
	return label + " (" + r.GID + ")"
}

// Change is one write that a plan proposes, with its reason.
type Change struct {
	Kind    ChangeKind `json:"kind"`
	Team    *Ref       `json:"team,omitempty"`
	User    *Ref       `json:"user,omitempty"`
	Project *Ref       `json:"project,omitempty"`
	// Portfolio, Goal and Task are the other objects a change can act on
	// (memberships, ownership, handover).
	Portfolio *Ref `json:"portfolio,omitempty"`
	Goal      *Ref `json:"goal,omitempty"`
	Task      *Ref `json:"task,omitempty"`
	// To is who receives a leaver's work (handover changes).
	To *Ref `json:"to,omitempty"`
	// AccessLevel is the level of an add_member or set_access_level
	// (admin, editor, commenter, viewer); PreviousLevel the level a
	// set_access_level found.
	AccessLevel   string `json:"access_level,omitempty"`
	PreviousLevel string `json:"previous_level,omitempty"`
	// Membership is the gid of the membership a set_access_level or
	// remove_member changes.
	Membership string `json:"membership,omitempty"`
	// TeamSettings are the settings an update_team_settings writes.
	TeamSettings *TeamSettings `json:"team_settings,omitempty"`
	// Reason says which rule asks for the change and why.
	Reason string `json:"reason"`
	// ModifiedAt is the project's modified_at when the plan saw it
	// (project changes only). Apply refuses to archive or delete a
	// project that changed since: it is not the project the plan judged.
	ModifiedAt time.Time `json:"modified_at,omitzero"`
	// QuietSince is the start of the quiet period the plan checked
	// (project changes only): no task of the project changed after it.
	// Apply checks it again before it writes.
	QuietSince time.Time `json:"quiet_since,omitzero"`
	// Activity lists what else the plan counted as activity in the quiet
	// period (ActivityStatusUpdates, ActivityComments); Apply checks it
	// again before it writes.
	Activity []string `json:"activity,omitempty"`
	// Department is the directory's department of a person to provision,
	// sent as SCIM's enterprise department.
	Department string `json:"department,omitempty"`
	// Via is how a deprovision_user is done: ViaSCIM, or empty for
	// removeUser.
	Via string `json:"via,omitempty"`
	// Evidence names what the decision rests on, for every change that
	// removes access: the directory's file and line ("people.csv line 12:
	// status \"terminated\""), the file a person is absent from and its
	// size ("absent from people.csv with 1200 rows"), or the policy rule
	// ("policy.yaml teams[0].must_not[1]"). Apply refuses a removal
	// without it.
	Evidence string `json:"evidence,omitempty"`
}

// ID identifies the change within an organization: its kind and targets.
// Journals key on it.
func (c Change) ID() string {
	gid := func(r *Ref) string {
		if r == nil {
			return "-"
		}
		return r.GID
	}
	user := gid(c.User)
	if c.Kind == ProvisionUser && c.User != nil {
		// A person to create has no gid yet: their email names them.
		user = strings.ToLower(c.User.Email)
	}
	id := string(c.Kind) + ":" + gid(c.Team) + ":" + user + ":" + gid(c.Project)
	// The fields added with offboarding and memberships extend the ID
	// only when set, so that older plans keep theirs.
	for _, x := range []struct {
		key string
		ref *Ref
	}{{"portfolio", c.Portfolio}, {"goal", c.Goal}, {"task", c.Task}, {"to", c.To}} {
		if x.ref != nil {
			id += ":" + x.key + "=" + x.ref.GID
		}
	}
	if c.AccessLevel != "" {
		id += ":level=" + c.AccessLevel
	}
	if c.TeamSettings != nil {
		id += ":settings=" + c.TeamSettings.String()
	}
	return id
}

// Action names the change for tables: its kind, and how when there is a
// choice ("deprovision_user via scim").
func (c Change) Action() string {
	if c.Via != "" {
		return string(c.Kind) + " via " + c.Via
	}
	return string(c.Kind)
}

// Target describes what the change acts on, for tables.
func (c Change) Target() string {
	if t := c.otherTarget(); t != "" {
		return t
	}
	switch {
	case c.Project != nil:
		s := c.Project.String()
		if c.Team != nil {
			s += " in " + c.Team.Name
		}
		return s
	case c.Team != nil:
		return c.User.String() + " in " + c.Team.String()
	}
	return c.User.String()
}

// Finding is something a plan noticed but cannot change through the API,
// for a person to handle (an admin the policy does not allow, a listed
// member who is not in the organization).
type Finding struct {
	User   *Ref   `json:"user,omitempty"`
	Team   *Ref   `json:"team,omitempty"`
	Detail string `json:"detail"`
}

// Plan is a reviewed-before-run list of changes to an organization. It
// renders as a table (WriteText) or JSON (encoding/json), and Apply carries
// it out. A plan read back from JSON applies the same way.
type Plan struct {
	// Kind says which planner made it: "access", "team_sync" or "cleanup".
	Kind         string    `json:"kind"`
	Organization Ref       `json:"organization"`
	CreatedAt    time.Time `json:"created_at"`
	Changes      []Change  `json:"changes"`
	Findings     []Finding `json:"findings,omitempty"`
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }

// ID is a digest of the plan: its kind, organization and changes, not the
// time of planning, so the same input plans the same ID and a plan read
// back from a file has the ID it had, and its journal resumes. Because a
// later plan with the same changes has the same ID too, keep a journal with
// its plan (JournalPath) and start a new one with a new plan, or an old
// journal would make Apply skip changes as done earlier.
func (p *Plan) ID() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", p.Kind, p.Organization.GID)
	for _, c := range p.Changes {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", c.ID(), c.ModifiedAt.UTC().Format(time.RFC3339Nano), c.QuietSince.UTC().Format(time.RFC3339Nano))
		if c.Via != "" || c.Department != "" {
			fmt.Fprintf(h, "via=%s\x00dept=%s\x00", c.Via, c.Department)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Count returns how many changes have the kind.
func (p *Plan) Count(kind ChangeKind) int {
	return countOf(p.Changes, func(c Change) bool { return c.Kind == kind })
}

// countOf counts the elements for which keep is true.
func countOf[T any](xs []T, keep func(T) bool) int {
	n := 0
	for _, x := range xs {
		if keep(x) {
			n++
		}
	}
	return n
}

// WriteText writes the plan as a table for people:
//
//	Plan access 3f1c… for Acme (1200…): 3 changes
//	#  ACTION            TARGET                    REASON                        EVIDENCE
//	1  deprovision_user  eve@acme.example (1200…)  not in the company directory  absent from people.csv with 1200 rows
func (p *Plan) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Plan %s %s for %s: %s\n", p.Kind, p.ID(), p.Organization.String(), plural(len(p.Changes), "change"))
	if len(p.Changes) == 0 {
		fmt.Fprintln(tw, "Nothing to do: the organization matches.")
	} else {
		fmt.Fprintln(tw, "#\tACTION\tTARGET\tREASON\tEVIDENCE")
		for i, c := range p.Changes {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", i+1, c.Action(), oneLine(c.Target()), oneLine(c.Reason), oneLine(c.Evidence))
		}
	}
	if len(p.Findings) > 0 {
		fmt.Fprintf(tw, "\nFor a person to handle (%s):\n", plural(len(p.Findings), "finding"))
		for _, f := range p.Findings {
			who := f.User.String()
			if f.Team != nil {
				who += " in " + f.Team.String()
			}
			fmt.Fprintf(tw, "-\t%s\t%s\n", oneLine(who), oneLine(f.Detail))
		}
	}
	return tw.Flush()
}

// maxPlanSize bounds what ReadPlan reads.
const maxPlanSize = 64 << 20

// ReadPlan decodes a plan written as JSON (a leading byte order mark is
// skipped; more than 64 MiB is an error).
func ReadPlan(r io.Reader) (*Plan, error) {
	var p Plan
	dec := json.NewDecoder(input.NewReader(r, maxPlanSize))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("serviceaccounts: read plan: %w", err)
	}
	for i, c := range p.Changes {
		if err := c.check(); err != nil {
			return nil, fmt.Errorf("serviceaccounts: read plan: change %d: %w", i+1, err)
		}
	}
	return &p, nil
}

// check verifies that a change names what its kind needs, and that a
// removal names its evidence.
func (c Change) check() error {
	if c.Kind.removesAccess() && strings.TrimSpace(c.Evidence) == "" {
		return fmt.Errorf("%s names no evidence: plan it again", c.Kind)
	}
	need := func(r *Ref, what string) error {
		if r == nil || r.GID == "" {
			return fmt.Errorf("%s needs a %s gid", c.Kind, what)
		}
		return nil
	}
	switch c.Kind {
	case AddTeamMember, RemoveTeamMember:
		if err := need(c.Team, "team"); err != nil {
			return err
		}
		return need(c.User, "user")
	case DeprovisionUser:
		if c.Via != "" && c.Via != ViaSCIM {
			return fmt.Errorf("%s: unknown via %q", c.Kind, c.Via)
		}
		return need(c.User, "user")
	case RemoveGuest:
		return need(c.User, "user")
	case ProvisionUser:
		if c.User == nil || !validEmail(c.User.Email) {
			return fmt.Errorf("%s needs the user's email", c.Kind)
		}
		return nil
	case ArchiveProject, DeleteProject:
		if c.ModifiedAt.IsZero() || c.QuietSince.IsZero() {
			return fmt.Errorf("%s needs the project's modified_at and quiet_since", c.Kind)
		}
		for _, a := range c.Activity {
			if a != ActivityStatusUpdates && a != ActivityComments {
				return fmt.Errorf("%s: unknown activity %q", c.Kind, a)
			}
		}
		return need(c.Project, "project")
	case MoveTaskToProject, ReassignTask, TransferProjectOwner, TransferGoalOwner,
		AddMember, SetAccessLevel, RemoveMember, UpdateTeamSettings:
		return c.checkOther(need)
	}
	return fmt.Errorf("unknown change kind %q", c.Kind)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "s") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// oneLine keeps a table cell on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
