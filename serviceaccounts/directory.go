package serviceaccounts

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/asanakit/asana-go/internal/input"
)

// MaxDirectorySize is the largest directory (and member list) the loaders
// read: room for a company of a few hundred thousand people with a dozen
// columns each. A larger file is an error, never a shorter directory: the
// people after a cut would look absent and be deprovisioned.
const MaxDirectorySize = 64 << 20

// maxDirectoryRows bounds the people of a directory, and so its memory
// (a few hundred bytes a person): 64 MiB of bare addresses would
// otherwise be ten million people.
var maxDirectoryRows = 1 << 20

// ErrSmallDirectory reports a directory too small to decide removals by
// absence: it has no rows, fewer rows than half the organization's active
// members, or no active person in the departments of an exclusive team.
// Policy.AllowSmallDirectory overrides it.
var ErrSmallDirectory = errors.New("serviceaccounts: the directory is too small to decide removals")

// Directory is a company directory: the people who should have access, as
// HR or the identity provider knows them. It is read from a CSV file.
type Directory struct {
	people map[string]Person // by lower-cased email
	order  []string
	name   string // the file, for the evidence of removals
}

// Person is one row of a directory.
type Person struct {
	Email      string `json:"email"`
	Name       string `json:"name,omitempty"`
	Department string `json:"department,omitempty"`
	// Status is empty or "active" for someone who works here; anything
	// else ("inactive", "terminated", "leave") counts as inactive.
	Status string `json:"status,omitempty"`
	// Manager is the email address of the person's manager (column
	// "manager" or "manager_email"), who receives their work when they
	// leave (PlanOffboarding).
	Manager string `json:"manager,omitempty"`
	// Line is the row's line in the file.
	Line int `json:"-"`
}

// Active reports whether the person's status counts as active.
func (p Person) Active() bool {
	s := strings.ToLower(strings.TrimSpace(p.Status))
	return s == "" || s == "active"
}

// LoadDirectoryFile reads a directory CSV file (see LoadDirectory). It must
// be a regular file: a named pipe or a device is refused without blocking.
func LoadDirectoryFile(path string) (*Directory, error) {
	f, err := input.Open(path)
	if err != nil {
		return nil, fmt.Errorf("serviceaccounts: directory: %w", err)
	}
	defer f.Close()
	return LoadDirectory(f, path)
}

// LoadDirectory reads a directory from CSV with a header row. The column
// "email" is required; "name", "department" and "status" are read when
// present (any order, any case), as is "manager" (or "manager_email", the
// manager's email address); other columns are ignored. Errors are
// *PolicyError values naming the line and column; name is for them, and for
// the evidence of the removals the directory decides.
//
// The CSV is streamed: memory grows with the people and the columns kept,
// not with the file. A leading byte order mark is skipped; input past
// MaxDirectorySize, or with more than 1,048,576 people, is an error.
func LoadDirectory(r io.Reader, name string) (*Directory, error) {
	cr := csv.NewReader(input.NewReader(r, MaxDirectorySize))
	cr.FieldsPerRecord = 0
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &PolicyError{File: name, Line: 1, Msg: "empty file: want a header row with an email column"}
		}
		return nil, csvError(name, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	emailCol, ok := cols["email"]
	if !ok {
		return nil, &PolicyError{File: name, Line: 1, Field: "header", Msg: "no email column"}
	}
	// Clone what is kept: a record's fields share one string, which
	// would keep the ignored columns alive too.
	get := func(rec []string, col string) string {
		if i, ok := cols[col]; ok && i < len(rec) {
			return strings.Clone(strings.TrimSpace(rec[i]))
		}
		return ""
	}
	d := &Directory{people: map[string]Person{}, name: name}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(emailCol)
		p := Person{Email: get(rec, "email"), Name: get(rec, "name"), Department: get(rec, "department"), Status: get(rec, "status"), Line: line}
		if p.Manager = get(rec, "manager"); p.Manager == "" {
			p.Manager = get(rec, "manager_email")
		}
		if !validEmail(p.Email) {
			return nil, &PolicyError{File: name, Line: line, Field: "email", Msg: fmt.Sprintf("not an email address: %q", p.Email)}
		}
		if p.Manager != "" && !validEmail(p.Manager) {
			return nil, &PolicyError{File: name, Line: line, Field: "manager", Msg: fmt.Sprintf("not an email address: %q", p.Manager)}
		}
		if len(d.order) == maxDirectoryRows {
			return nil, &PolicyError{File: name, Line: line, Msg: fmt.Sprintf("more than %d people", maxDirectoryRows)}
		}
		k := strings.ToLower(p.Email)
		if prev, dup := d.people[k]; dup {
			return nil, &PolicyError{File: name, Line: line, Field: "email", Msg: fmt.Sprintf("%s is already on line %d", p.Email, prev.Line)}
		}
		d.people[k] = p
		d.order = append(d.order, k)
	}
	return d, nil
}

func csvError(name string, err error) error {
	if tl := (*input.TooLargeError)(nil); errors.As(err, &tl) {
		return &PolicyError{File: name, Msg: tl.Error()}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &PolicyError{File: name, Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()}
	}
	return &PolicyError{File: name, Msg: err.Error()}
}

// Lookup returns the person with this email (case does not matter).
func (d *Directory) Lookup(email string) (Person, bool) {
	p, ok := d.people[strings.ToLower(email)]
	return p, ok
}

// Len returns the number of people.
func (d *Directory) Len() int { return len(d.order) }

// InDepartment returns the emails of the active people of the department
// (case does not matter), in file order.
func (d *Directory) InDepartment(dept string) []string {
	var out []string
	for _, k := range d.order {
		p := d.people[k]
		if p.Active() && strings.EqualFold(p.Department, dept) {
			out = append(out, p.Email)
		}
	}
	return out
}

// People returns everyone in file order.
func (d *Directory) People() []Person {
	out := make([]Person, 0, len(d.order))
	for _, k := range d.order {
		out = append(out, d.people[k])
	}
	return slices.Clip(out)
}

// label names the directory in evidence.
func (d *Directory) label() string {
	if d == nil || d.name == "" {
		return "the directory"
	}
	return d.name
}

// absence is the evidence of a removal because the directory lacks someone.
func (d *Directory) absence() string {
	return "absent from " + d.label() + " with " + plural(d.Len(), "row")
}

// absenceRule names the first rule that removes people because the
// directory does not list them, or is empty when none does.
func (p *Policy) absenceRule() string {
	if d := p.Deprovision; d != nil && d.MissingFromDirectory {
		return "deprovision.missing_from_directory"
	}
	for i, t := range p.Teams {
		if t.Exclusive && len(t.Departments) > 0 {
			return fmt.Sprintf("teams[%d].departments (exclusive)", i)
		}
	}
	return ""
}

// checkDirectorySize refuses a directory with no rows, or fewer than half
// as many as the organization has active members, when a rule removes the
// people it lacks: a truncated or failed export would otherwise remove
// everyone after the cut.
func (p *Policy) checkDirectorySize(s *orgSnapshot) error {
	rule := p.absenceRule()
	if rule == "" || p.AllowSmallDirectory || p.dir == nil {
		return nil
	}
	employees := countOf(s.activeMembers(), func(m *member) bool { return !m.guest })
	rows := p.dir.Len()
	if rows > 0 && rows*2 >= employees {
		return nil
	}
	return fmt.Errorf("%w: %s has %s, and %s has %d active members (guests not counted); %s would remove everyone it lacks. check the export, or allow it explicitly (allow_small_directory)",
		ErrSmallDirectory, p.dir.label(), plural(rows, "row"), s.org.Name, employees, rule)
}
