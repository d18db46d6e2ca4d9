package serviceaccounts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/asanakit/asana-go/internal/input"
	"github.com/asanakit/asana-go/internal/safeyaml"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// Policy says who belongs where in an organization. PlanAccess compares it
// with the organization and lists the changes that make the two agree.
// Every rule is optional: a policy checks only what it states.
//
// In YAML (JSON has the same fields):
//
//	directory: people.csv          # company directory, relative to the policy
//	teams:
//	  - team: Engineering          # team name or gid
//	    members: [ada@acme.example]  # must be members
//	    departments: [Engineering] # everyone in these directory departments
//	    must_not: [eve@acme.example] # must not be members
//	    exclusive: true            # nobody else may be a member
//	admins: [root@acme.example]    # who may be an organization admin
//	guests:
//	  allowed_domains: [partner.example]
//	provision:
//	  from_directory: true         # active directory people Asana lacks are created via SCIM
//	  domains: [acme.example]      # only these email domains (default: all)
//	  exclude: [contractor@acme.example] # never provisioned
//	deprovision:
//	  missing_from_directory: true # active users the directory lacks
//	  inactive_in_directory: true  # users the directory marks inactive
//	  users: [mallory@acme.example]
//	  keep: [breakglass@acme.example] # never deprovisioned
//	  via_scim: true               # deprovision with SCIM (also revokes their tokens)
//	memberships:                   # project, portfolio and goal access (MembershipRule)
//	  - team_projects: Engineering
//	    grant: [{team: Engineering, level: editor}]
//	  - all: true
//	    max_level: [{outside_domains: [acme.example], level: commenter}]
//	guest_access:                  # guests per domain (GuestAccessRule)
//	  - domain: partner.example
//	    max_level: commenter
//	    projects: [Website relaunch]
//
// A team rule can also set the team's settings (TeamSettings):
//
//	teams:
//	  - team: Engineering
//	    settings: {visibility: request_to_join, guest_invites: only_team_admins}
type Policy struct {
	// Directory is the path of a company directory CSV (see
	// LoadDirectory), relative to the policy file. Rules that use it
	// (departments, deprovision by directory) need it.
	Directory string `yaml:"directory,omitempty" json:"directory,omitempty"`
	// Teams are the membership rules, one per team.
	Teams []TeamPolicy `yaml:"teams,omitempty" json:"teams,omitempty"`
	// Admins, when set, lists who may be an organization admin. Asana's
	// API cannot demote an admin, so other admins are reported as
	// findings for a person to handle in the admin console.
	Admins []string `yaml:"admins,omitempty" json:"admins,omitempty"`
	// Guests, when set, limits guests to some email domains; other guests
	// are removed from the organization.
	Guests *GuestPolicy `yaml:"guests,omitempty" json:"guests,omitempty"`
	// Provision says who must be created (or reactivated) in the
	// organization, through Asana's SCIM API.
	Provision *ProvisionPolicy `yaml:"provision,omitempty" json:"provision,omitempty"`
	// Deprovision says who must leave the organization.
	Deprovision *DeprovisionPolicy `yaml:"deprovision,omitempty" json:"deprovision,omitempty"`
	// Memberships are the access rules of projects, portfolios and goals.
	Memberships []MembershipRule `yaml:"memberships,omitempty" json:"memberships,omitempty"`
	// GuestAccess limits the memberships of guests, per email domain.
	GuestAccess []GuestAccessRule `yaml:"guest_access,omitempty" json:"guest_access,omitempty"`

	// AllowSmallDirectory lets a directory with no rows, or with fewer
	// rows than half the organization's active members (guests not
	// counted), decide removals (deprovision.missing_from_directory,
	// exclusive teams by department). Without it PlanAccess refuses such a
	// directory with ErrSmallDirectory: it is more likely a broken export
	// than a company that lost half its people. Prefer setting it for one
	// run (from a flag) over writing it into the policy file.
	AllowSmallDirectory bool `yaml:"allow_small_directory,omitempty" json:"allow_small_directory,omitempty"`
	// Source names the policy in the evidence of a plan's removals
	// ("policy.yaml deprovision.users[0]"). ParsePolicy sets it to the
	// file name; set it for a policy built in Go.
	Source string `yaml:"-" json:"-"`

	dir        *Directory
	memberList bool // made by TeamSyncPolicy: Members is a member list
}

// TeamPolicy is the membership rule of one team.
type TeamPolicy struct {
	// Team is the team's name or gid.
	Team string `yaml:"team" json:"team"`
	// Members are the email addresses of people who must be members.
	Members []string `yaml:"members,omitempty" json:"members,omitempty"`
	// Departments adds every active person of these directory departments
	// to Members.
	Departments []string `yaml:"departments,omitempty" json:"departments,omitempty"`
	// MustNot are the email addresses of people who must not be members.
	MustNot []string `yaml:"must_not,omitempty" json:"must_not,omitempty"`
	// Exclusive removes every member that Members and Departments do not
	// name: the team's members become exactly that list.
	Exclusive bool `yaml:"exclusive,omitempty" json:"exclusive,omitempty"`
	// Settings, when set, are the team settings (visibility, who may
	// invite members and guests) the team must have.
	Settings *TeamSettings `yaml:"settings,omitempty" json:"settings,omitempty"`
}

// GuestPolicy limits who may be a guest.
type GuestPolicy struct {
	// AllowedDomains are the email domains guests may come from; a guest
	// from any other domain is removed from the organization.
	AllowedDomains []string `yaml:"allowed_domains" json:"allowed_domains"`
}

// DeprovisionPolicy says who must be removed from the organization (Asana's
// removeUser: the user loses access to the organization, its teams and
// projects; for a service account's token it is a full deprovision).
type DeprovisionPolicy struct {
	// MissingFromDirectory deprovisions active members (guests excepted)
	// whose email the directory does not list.
	MissingFromDirectory bool `yaml:"missing_from_directory,omitempty" json:"missing_from_directory,omitempty"`
	// InactiveInDirectory deprovisions members whose directory status is
	// not active.
	InactiveInDirectory bool `yaml:"inactive_in_directory,omitempty" json:"inactive_in_directory,omitempty"`
	// Users are email addresses to deprovision in any case.
	Users []string `yaml:"users,omitempty" json:"users,omitempty"`
	// Keep are email addresses never to deprovision, whatever the other
	// rules say (break-glass admins, say).
	Keep []string `yaml:"keep,omitempty" json:"keep,omitempty"`
	// ViaSCIM deprovisions members (not guests, whom SCIM does not see)
	// with SCIM's DELETE /Users/{id} instead of removeUser: Asana then
	// "zombifies" the account, which also ends its sessions and tokens.
	ViaSCIM bool `yaml:"via_scim,omitempty" json:"via_scim,omitempty"`
}

// ProvisionPolicy says who must be a member of the organization. Members
// are created, or reactivated when Asana has them deactivated, with
// Asana's SCIM API (service accounts of Enterprise organizations only).
type ProvisionPolicy struct {
	// FromDirectory provisions every active person of the directory who
	// is not an active member of the organization.
	FromDirectory bool `yaml:"from_directory,omitempty" json:"from_directory,omitempty"`
	// Domains, when set, limits provisioning to these email domains.
	Domains []string `yaml:"domains,omitempty" json:"domains,omitempty"`
	// Exclude are email addresses never to provision.
	Exclude []string `yaml:"exclude,omitempty" json:"exclude,omitempty"`
}

// PolicyError is a mistake in a policy file, with where it is.
type PolicyError struct {
	// File is the file name given to the loader.
	File string
	// Line and Column locate the mistake, from 1; 0 when unknown.
	Line, Column int
	// Field is the path of the offending field, such as
	// "teams[1].members[0]"; empty for a syntax error.
	Field string
	// Msg says what is wrong.
	Msg string
}

// Error formats as "policy.yaml:12:7: teams[1].members[0]: not an email
// address: "bob"".
func (e *PolicyError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// maxPolicySize bounds what the loaders read.
const maxPolicySize = 4 << 20

// LoadPolicyFile reads a policy from a YAML or JSON file (JSON when the name
// ends in .json) and, when it names a directory, the directory too,
// relative to the policy file. Both must be regular files (a named pipe or
// a device is refused without blocking).
func LoadPolicyFile(path string) (*Policy, error) {
	data, err := input.ReadFile(path, maxPolicySize)
	if err != nil {
		return nil, inputFileError("policy", path, err)
	}
	p, err := ParsePolicy(data, path)
	if err != nil {
		return nil, err
	}
	if p.Directory != "" {
		dp := p.Directory
		if !filepath.IsAbs(dp) {
			dp = filepath.Join(filepath.Dir(path), dp)
		}
		d, err := LoadDirectoryFile(dp)
		if err != nil {
			return nil, err
		}
		p.SetDirectory(d)
	}
	return p, nil
}

// ParsePolicy decodes a policy from YAML, or JSON when name ends in .json;
// name is for error messages. Unknown fields, duplicate keys, wrong types and
// invalid values are errors (*PolicyError) that name the line and field.
// It does not read the directory file: see LoadPolicyFile and SetDirectory.
//
// data is untrusted: it is refused before the YAML parser runs when it is
// larger than 512 KiB, nests deeper than 32 levels or has more than 16,000
// values; YAML tags, anchors and aliases are refused; values quoted in
// errors are cut short. Decoding allocates well under 64 MiB.
// A leading byte order mark is skipped.
func ParsePolicy(data []byte, name string) (*Policy, error) {
	data = input.TrimBOM(data)
	// The guards run before checkJSON too: it parses as well.
	if err := safeyaml.Check(data, safeyaml.Limits{}); err != nil {
		return nil, yamlError(name, err)
	}
	if strings.EqualFold(filepath.Ext(name), ".json") {
		if err := checkJSON(data, name); err != nil {
			return nil, err
		}
	}
	p := &Policy{}
	file, err := decodeYAML(data, name, p, yaml.Strict(), yaml.DisallowUnknownField())
	if err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, positioned(name, file, err)
	}
	p.Source = name
	return p, nil
}

// positioned turns a validation error into a PolicyError with the line and
// column of its field in file.
func positioned(name string, file *ast.File, err error) error {
	var fe *fieldError
	if !errors.As(err, &fe) {
		return err
	}
	pe := &PolicyError{File: name, Field: fe.path, Msg: fe.msg}
	pe.Line, pe.Column = locate(file, fe.path)
	return pe
}

// decodeYAML decodes data (YAML or JSON) into v with the module's guards
// (internal/safeyaml: size, depth and node limits before parsing; no tags,
// anchors or aliases; bounded messages). Its default limits let a member
// list of about 8,000 addresses through; a longer one belongs in a CSV file.
func decodeYAML(data []byte, name string, v any, opts ...yaml.DecodeOption) (*ast.File, error) {
	file, err := safeyaml.Decode(data, v, safeyaml.Limits{}, opts...)
	if err != nil {
		return nil, yamlError(name, err)
	}
	return file, nil
}

// SetDirectory gives the policy the company directory that its department
// and deprovisioning rules read.
func (p *Policy) SetDirectory(d *Directory) { p.dir = d }

// checkJSON rejects what a YAML parser would forgive in a .json file
// (comments, trailing commas, single quotes), with the line of the mistake.
func checkJSON(data []byte, name string) error {
	var v json.RawMessage // syntax only: no tree of values
	dec := json.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&v)
	if err == nil {
		if _, err2 := dec.Token(); err2 == nil {
			off := dec.InputOffset()
			line, col := lineCol(data, off)
			return &PolicyError{File: name, Line: line, Column: col, Msg: "invalid JSON: data after the top-level value"}
		}
		return nil
	}
	off := dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	line, col := lineCol(data, off)
	return &PolicyError{File: name, Line: line, Column: col, Msg: "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
}

// lineCol converts a byte offset into a line and column, from 1.
func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

var goTypeRE = regexp.MustCompile(`of type (\S+)$`)

// yamlError turns a safeyaml error into a PolicyError.
func yamlError(name string, err error) error {
	pe := &PolicyError{File: name, Msg: err.Error()}
	var se *safeyaml.Error
	if !errors.As(err, &se) {
		return pe
	}
	pe.Line, pe.Column, pe.Field, pe.Msg = se.Line, se.Column, se.Path, se.Msg
	var te *yaml.TypeError
	if errors.As(err, &te) {
		// go-yaml names the Go struct and sometimes the wrong field: say
		// what type the field wants instead.
		if m := goTypeRE.FindStringSubmatch(pe.Msg); m != nil {
			pe.Msg = "wrong type: want " + yamlTypeName(m[1])
		}
	}
	return pe
}

// yamlTypeName names a Go type as a policy author knows it.
func yamlTypeName(goType string) string {
	switch {
	case goType == "bool":
		return "true or false"
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.Contains(goType, "Policy"):
		return "a mapping"
	}
	return goType
}

// locate finds the line and column of a field path such as "teams[1].team".
func locate(file *ast.File, path string) (int, int) {
	if file == nil {
		return 0, 0
	}
	for p := path; p != ""; p = parentPath(p) {
		root := "$."
		if strings.HasPrefix(p, "[") {
			root = "$"
		}
		yp, err := yaml.PathString(root + p)
		if err != nil {
			continue
		}
		n, err := yp.FilterFile(file)
		if err != nil || n == nil {
			continue
		}
		if tk := n.GetToken(); tk != nil && tk.Position != nil {
			return tk.Position.Line, tk.Position.Column
		}
	}
	return 0, 0
}

// parentPath drops the last element of a field path.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// fieldError is a validation error before its position is known.
type fieldError struct{ path, msg string }

func (e *fieldError) Error() string { return e.path + ": " + e.msg }

func fieldErrorf(path, format string, args ...any) error {
	return &fieldError{path: path, msg: fmt.Sprintf(format, args...)}
}

// validate checks values the decoder cannot: addresses, domains, duplicates
// and contradictions. It returns the first problem.
func (p *Policy) validate() error {
	seenTeam := map[string]int{}
	for i, t := range p.Teams {
		path := "teams[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(t.Team) == "" {
			return fieldErrorf(path+".team", "missing: name the team (its name or gid)")
		}
		key := strings.ToLower(strings.TrimSpace(t.Team))
		if j, dup := seenTeam[key]; dup {
			return fieldErrorf(path+".team", "team %s already has a rule at teams[%d]", safeyaml.Quote(t.Team), j)
		}
		seenTeam[key] = i
		if err := checkEmails(path+".members", t.Members); err != nil {
			return err
		}
		if err := checkEmails(path+".must_not", t.MustNot); err != nil {
			return err
		}
		for j, d := range t.Departments {
			if strings.TrimSpace(d) == "" {
				return fieldErrorf(fmt.Sprintf("%s.departments[%d]", path, j), "empty department")
			}
		}
		for j, e := range t.MustNot {
			if containsFold(t.Members, e) {
				return fieldErrorf(fmt.Sprintf("%s.must_not[%d]", path, j), "%s is also in members", safeyaml.Quote(e))
			}
		}
		if t.Exclusive && len(t.Members) == 0 && len(t.Departments) == 0 {
			return fieldErrorf(path+".exclusive", "an exclusive team needs members or departments (it would empty the team)")
		}
	}
	if err := checkEmails("admins", p.Admins); err != nil {
		return err
	}
	if g := p.Guests; g != nil {
		for i, d := range g.AllowedDomains {
			if !validDomain(d) {
				return fieldErrorf(fmt.Sprintf("guests.allowed_domains[%d]", i), "not a domain name: %s", safeyaml.Quote(d))
			}
		}
	}
	if pr := p.Provision; pr != nil {
		for i, d := range pr.Domains {
			if !validDomain(d) {
				return fieldErrorf(fmt.Sprintf("provision.domains[%d]", i), "not a domain name: %s", safeyaml.Quote(d))
			}
		}
		if err := checkEmails("provision.exclude", pr.Exclude); err != nil {
			return err
		}
	}
	if d := p.Deprovision; d != nil {
		if err := checkEmails("deprovision.users", d.Users); err != nil {
			return err
		}
		if err := checkEmails("deprovision.keep", d.Keep); err != nil {
			return err
		}
		for i, e := range d.Users {
			if containsFold(d.Keep, e) {
				return fieldErrorf(fmt.Sprintf("deprovision.users[%d]", i), "%s is also in deprovision.keep", safeyaml.Quote(e))
			}
		}
	}
	return p.validateMemberships()
}

// needsDirectory reports whether a rule reads the directory, and which.
func (p *Policy) needsDirectory() string {
	for i, t := range p.Teams {
		if len(t.Departments) > 0 {
			return fmt.Sprintf("teams[%d].departments", i)
		}
	}
	if p.Provision != nil && p.Provision.FromDirectory {
		return "provision.from_directory"
	}
	if d := p.Deprovision; d != nil {
		if d.MissingFromDirectory {
			return "deprovision.missing_from_directory"
		}
		if d.InactiveInDirectory {
			return "deprovision.inactive_in_directory"
		}
	}
	return ""
}

func checkEmails(path string, emails []string) error {
	seen := map[string]bool{}
	for i, e := range emails {
		if !validEmail(e) {
			return fieldErrorf(fmt.Sprintf("%s[%d]", path, i), "not an email address: %s", safeyaml.Quote(e))
		}
		k := strings.ToLower(e)
		if seen[k] {
			return fieldErrorf(fmt.Sprintf("%s[%d]", path, i), "%s is listed twice", safeyaml.Quote(e))
		}
		seen[k] = true
	}
	return nil
}

// validEmail accepts a bare address (no display name).
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && strings.Contains(s, "@")
}

var domainRE = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$`)

func validDomain(s string) bool { return len(s) <= 253 && domainRE.MatchString(s) }

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// emailDomain returns the lower-cased domain of an address.
func emailDomain(email string) string {
	_, d, _ := strings.Cut(strings.ToLower(email), "@")
	return d
}

// inputFileError reports a failure to read an input file: a file past
// its limit is a *PolicyError naming it, anything else wraps the cause.
func inputFileError(what, path string, err error) error {
	var tl *input.TooLargeError
	if errors.As(err, &tl) {
		unnamed := &input.TooLargeError{Limit: tl.Limit} // the PolicyError names the file
		return &PolicyError{File: path, Msg: unnamed.Error()}
	}
	return fmt.Errorf("serviceaccounts: %s: %w", what, err)
}
