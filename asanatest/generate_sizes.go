package asanatest

import (
	"errors"
	"fmt"
	"math"
)

// What Generate builds: the Sizes it takes and the Org it returns.

// Sizes says how large an organization Generate builds. A zero field takes
// its default (see DefaultSizes; the role counts default to a share of
// Users); a negative field means none. Counts of users by role are part of
// Users, not added to it.
type Sizes struct {
	// Users is the number of people, the service account not included.
	Users int
	// Admins is how many of the Users are organization admins (default:
	// one per 50 users, at least one).
	Admins int
	// Guests is how many of the Users are guests from partner domains
	// (default: one per 10 users, at least one when Users >= 3).
	Guests int
	// Inactive is how many of the Users were deprovisioned: their
	// workspace membership has is_active false, they belong to no team, and
	// old tasks may still name them as assignee (default: one per 20 users).
	Inactive int
	// Teams is the number of teams.
	Teams int
	// Projects is the number of projects, spread over the teams.
	Projects int
	// TasksPerProject is the average number of top-level tasks per
	// project; Tasks, when set, takes precedence.
	TasksPerProject int
	// Tasks is the total number of top-level tasks, spread unevenly over
	// the projects (subtasks not included).
	Tasks int
	// SubtaskRatio is the average number of subtasks per top-level task.
	SubtaskRatio float64
	// CommentsPerTask is the average number of comments per top-level
	// task.
	CommentsPerTask float64
	// ArchivedRatio is the share of projects that are archived.
	ArchivedRatio float64
	// Goals is the number of goals (default: one per two projects, at
	// least one); a quarter of them are workspace-level.
	Goals int
}

// DefaultSizes returns the sizes Generate uses for zero fields: a team of
// twenty people working in a handful of projects.
func DefaultSizes() Sizes {
	return Sizes{
		Users:           20,
		Teams:           4,
		Projects:        10,
		TasksPerProject: 20,
		SubtaskRatio:    0.3,
		CommentsPerTask: 0.5,
		ArchivedRatio:   0.1,
	}
}

// maxSubtaskRatio bounds SubtaskRatio and CommentsPerTask, which multiply
// the task count: a typo such as 1e6 should fail, not exhaust memory.
const maxSubtaskRatio = 100

// resolve applies defaults and checks the sizes for consistency.
func (sz Sizes) resolve() (Sizes, error) {
	def := DefaultSizes()
	count := func(v, d int) int {
		switch {
		case v < 0:
			return 0
		case v == 0:
			return d
		}
		return v
	}
	ratio := func(name string, v, d, max float64) (float64, error) {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0) || v > max:
			return 0, fmt.Errorf("asanatest: Sizes.%s %v out of range (0..%v)", name, v, max)
		case v < 0:
			return 0, nil
		case v == 0:
			return d, nil
		}
		return v, nil
	}
	var r Sizes
	r.Users = count(sz.Users, def.Users)
	r.Admins = count(sz.Admins, max(1, r.Users/50))
	guests := r.Users / 10
	if guests == 0 && r.Users >= 3 {
		guests = 1
	}
	r.Guests = count(sz.Guests, guests)
	r.Inactive = count(sz.Inactive, r.Users/20)
	if r.Admins+r.Guests+r.Inactive > r.Users {
		return Sizes{}, fmt.Errorf("asanatest: %d admins, %d guests and %d inactive users do not fit in %d users",
			r.Admins, r.Guests, r.Inactive, r.Users)
	}
	r.Teams = count(sz.Teams, def.Teams)
	r.Projects = count(sz.Projects, def.Projects)
	switch {
	case sz.Tasks > 0:
		r.Tasks = sz.Tasks
	case sz.Tasks < 0:
		r.Tasks = 0
	default:
		r.TasksPerProject = count(sz.TasksPerProject, def.TasksPerProject)
		r.Tasks = r.TasksPerProject * r.Projects
	}
	r.TasksPerProject = 0
	if r.Projects > 0 {
		r.TasksPerProject = r.Tasks / r.Projects
	}
	if r.Projects > 0 && r.Teams == 0 {
		return Sizes{}, errors.New("asanatest: projects need at least one team")
	}
	if r.Tasks > 0 && r.Projects == 0 {
		return Sizes{}, errors.New("asanatest: tasks need at least one project")
	}
	var err error
	if r.SubtaskRatio, err = ratio("SubtaskRatio", sz.SubtaskRatio, def.SubtaskRatio, maxSubtaskRatio); err != nil {
		return Sizes{}, err
	}
	if r.CommentsPerTask, err = ratio("CommentsPerTask", sz.CommentsPerTask, def.CommentsPerTask, maxSubtaskRatio); err != nil {
		return Sizes{}, err
	}
	if r.ArchivedRatio, err = ratio("ArchivedRatio", sz.ArchivedRatio, def.ArchivedRatio, 1); err != nil {
		return Sizes{}, err
	}
	r.Goals = count(sz.Goals, max(1, r.Projects/2))
	return r, nil
}

// Org describes an organization that Generate built: its records as they
// were right after generation, one personal access token for a
// representative user of each role, and counts. Its String and GoString
// forms leave the token secrets out, so an Org can be logged.
type Org struct {
	Organization Workspace
	// ServiceAccount sees the whole organization; ServiceAccountToken is
	// its token's secret.
	ServiceAccount      User
	ServiceAccountToken string
	// Admin, Member and Guest are the first organization admin, regular
	// member (in a team, when there are teams) and guest, each with a
	// personal access token. A role with no user is a zero User and an empty token.
	Admin, Member, Guest                User
	AdminToken, MemberToken, GuestToken string
	// Users are the people (the service account not included), in
	// creation order.
	Users []User
	// Inactive lists the GIDs of the deprovisioned users.
	Inactive []string
	Teams    []Team
	Projects []Project
	// Portfolios are the generated portfolios (generate_portfolios.go).
	Portfolios []Portfolio
	// Counts of what was generated in the projects.
	Sections, Tasks, Subtasks, Comments int
	// Tags are the organization's tags; TaggedTasks counts the tasks
	// with at least one.
	Tags        []Tag
	TaggedTasks int
	// MyTasksSections counts the sections of everyone's My Tasks lists;
	// MyTasksOnly the tasks that are in no project, only in their
	// assignee's My Tasks (not counted in Tasks).
	MyTasksSections, MyTasksOnly int
	// TimePeriods are last year's and this year's fiscal years, halves and
	// quarters; Goals the goals; StatusUpdates counts the status updates
	// posted on goals and projects.
	TimePeriods   []TimePeriod
	Goals         []Goal
	StatusUpdates int
	// CustomFields are the organization's custom field definitions; most
	// projects carry some, and most of their tasks have values.
	CustomFields []CustomField
	// ProjectBriefs are the generated briefs; AttachedFiles counts the
	// uploaded files (with contents) on tasks.
	ProjectBriefs []ProjectBrief
	AttachedFiles int
	// Roles (four standard, two custom), Agents, CustomTypes and
	// RuleTriggers count those records; OOOEntries the out-of-office
	// entries, Reactions the reactions on comments and status updates,
	// AccessRequests the pending requests, Favorites the favorites of the
	// Member and some other people (generate_partb.go).
	Roles, Agents, CustomTypes, RuleTriggers, OOOEntries, Reactions, AccessRequests, Favorites int
	// ProjectTemplates are two templates per team; TaskTemplates those on
	// about a third of the projects (generate_templates.go).
	ProjectTemplates []ProjectTemplate
	TaskTemplates    []TaskTemplate
	// TimeTrackingCategories are the organization's categories;
	// TimeTrackingEntries and Allocations count the time logged on tasks
	// and the people booked on projects (generate_time.go).
	TimeTrackingCategories           []TimeTrackingCategory
	TimeTrackingEntries, Allocations int
}

// String summarizes the organization without its token secrets.
func (o Org) String() string {
	return fmt.Sprintf("asanatest.Org{%s (%s): %d users, %d teams, %d projects, %d tasks, %d subtasks, %d comments}",
		o.Organization.Name, o.Organization.GID, len(o.Users), len(o.Teams), len(o.Projects), o.Tasks, o.Subtasks, o.Comments)
}

// GoString is String, so that %#v does not print the token secrets either.
func (o Org) GoString() string { return o.String() }
