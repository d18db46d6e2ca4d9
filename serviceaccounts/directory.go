package serviceaccounts

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Directory is a company directory: the people who should have access, as
// HR or the identity provider knows them. It is read from a CSV file.
type Directory struct {
	people map[string]Person // by lower-cased email
	order  []string
}

// Person is one row of a directory.
type Person struct {
	Email      string `json:"email"`
	Name       string `json:"name,omitempty"`
	Department string `json:"department,omitempty"`
	// Status is empty or "active" for someone who works here; anything
	// else ("inactive", "terminated", "leave") counts as inactive.
	Status string `json:"status,omitempty"`
	// Line is the row's line in the file.
	Line int `json:"-"`
}

// Active reports whether the person's status counts as active.
func (p Person) Active() bool {
	s := strings.ToLower(strings.TrimSpace(p.Status))
	return s == "" || s == "active"
}

// LoadDirectoryFile reads a directory CSV file (see LoadDirectory).
func LoadDirectoryFile(path string) (*Directory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("serviceaccounts: directory: %w", err)
	}
	defer f.Close()
	return LoadDirectory(f, path)
}

// LoadDirectory reads a directory from CSV with a header row. The column
// "email" is required; "name", "department" and "status" are read when
// present (any order, any case) and other columns are ignored. Errors are
// *PolicyError values naming the line and column; name is for them.
func LoadDirectory(r io.Reader, name string) (*Directory, error) {
	cr := csv.NewReader(io.LimitReader(r, maxPolicySize))
	cr.FieldsPerRecord = 0
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &PolicyError{File: name, Line: 1, Msg: "empty file: want a header row with an email column"}
		}
		return nil, csvError(name, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	emailCol, ok := cols["email"]
	if !ok {
		return nil, &PolicyError{File: name, Line: 1, Field: "header", Msg: "no email column"}
	}
	get := func(rec []string, col string) string {
		if i, ok := cols[col]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	d := &Directory{people: map[string]Person{}}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(emailCol)
		p := Person{Email: rec[emailCol], Name: get(rec, "name"), Department: get(rec, "department"), Status: get(rec, "status"), Line: line}
		p.Email = strings.TrimSpace(p.Email)
		if !validEmail(p.Email) {
			return nil, &PolicyError{File: name, Line: line, Field: "email", Msg: fmt.Sprintf("not an email address: %q", p.Email)}
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
