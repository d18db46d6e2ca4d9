package serviceaccounts

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/internal/input"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// TeamSyncPolicy is the policy that makes a team's members exactly the
// given people (email addresses): it adds the missing ones and removes the
// others. Plan it with PlanTeamSync (or PlanAccess) and carry it out with
// Apply, with the same dry run, caps and journal. Removals name the list as
// their evidence: "absent from the member list with 12 addresses", or with
// the policy's Source set, "absent from design.csv with 12 addresses".
func TeamSyncPolicy(team string, members []string) (*Policy, error) {
	p := &Policy{Teams: []TeamPolicy{{Team: team, Members: members, Exclusive: true}}, memberList: true}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("serviceaccounts: team sync: %w", err)
	}
	return p, nil
}

// PlanTeamSync plans making the team's members exactly members.
func PlanTeamSync(ctx context.Context, c *asana.Client, orgGID, team string, members []string) (*Plan, error) {
	p, err := TeamSyncPolicy(team, members)
	if err != nil {
		return nil, err
	}
	return PlanTeamSyncPolicy(ctx, c, orgGID, p)
}

// PlanTeamSyncPolicy plans a policy made by TeamSyncPolicy (with its
// Source set to the list's file, say) as a team sync.
func PlanTeamSyncPolicy(ctx context.Context, c *asana.Client, orgGID string, p *Policy) (*Plan, error) {
	return planAccess(ctx, c, orgGID, p, "team_sync")
}

// LoadMemberListFile reads a member list file (see ParseMemberList) of at
// most MaxDirectorySize bytes. It must be a regular file: a named pipe or a
// device is refused without blocking.
func LoadMemberListFile(path string) ([]string, error) {
	data, err := input.ReadFile(path, MaxDirectorySize)
	if err != nil {
		return nil, inputFileError("member list", path, err)
	}
	return ParseMemberList(data, path)
}

// memberList is the YAML form of a member list.
type memberList struct {
	Members []string `yaml:"members" json:"members"`
}

// ParseMemberList reads a list of email addresses from CSV or YAML (by
// name's extension: .csv, or .yaml, .yml and .json).
//
// CSV: a header row with an "email" column (other columns are ignored), or
// no header and one address per line. YAML: a list of addresses, or a
// mapping with a "members" list. A leading byte order mark (Notepad,
// PowerShell) is skipped. Errors (*PolicyError) name the line. YAML has
// ParsePolicy's limits (about 8,000 addresses); longer lists belong in CSV.
func ParseMemberList(data []byte, name string) ([]string, error) {
	data = input.TrimBOM(data)
	var emails []string
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		first := strings.ToLower(strings.TrimSpace(string(firstLine(data))))
		if !strings.Contains(first, "@") {
			d, err := LoadDirectory(bytes.NewReader(data), name)
			if err != nil {
				return nil, err
			}
			for _, p := range d.People() {
				emails = append(emails, p.Email)
			}
			break
		}
		src := "email\n" + string(data)
		d, err := LoadDirectory(strings.NewReader(src), name)
		if err != nil {
			if pe, ok := err.(*PolicyError); ok && pe.Line > 1 {
				pe.Line-- // the header we added
			}
			return nil, err
		}
		for _, p := range d.People() {
			emails = append(emails, p.Email)
		}
	default:
		trimmed := bytes.TrimSpace(data)
		bare := bytes.HasPrefix(trimmed, []byte("-")) || bytes.HasPrefix(trimmed, []byte("["))
		field := "members"
		var file *ast.File
		var err error
		if bare {
			field = ""
			file, err = decodeYAML(data, name, &emails, yaml.Strict())
		} else {
			var ml memberList
			file, err = decodeYAML(data, name, &ml, yaml.Strict(), yaml.DisallowUnknownField())
			emails = ml.Members
		}
		if err != nil {
			return nil, err
		}
		if err := checkEmails(field, emails); err != nil {
			return nil, positioned(name, file, err)
		}
	}
	if len(emails) == 0 {
		return nil, &PolicyError{File: name, Msg: "no members listed (an empty list would empty the team)"}
	}
	return emails, nil
}

func firstLine(data []byte) []byte {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i]
	}
	return data
}
