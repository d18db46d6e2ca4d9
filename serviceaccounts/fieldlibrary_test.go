package serviceaccounts

import (
	"slices"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

func TestReportCustomFields(t *testing.T) {
	srv, org := demo(t)
	ws := org.Organization.GID
	c := clientFor(t, srv, org.ServiceAccountToken)
	before, err := ReportCustomFields(t.Context(), c, ws)
	if err != nil {
		t.Fatal(err)
	}
	// A field on one project with an option in use and one never used, a
	// field of the same name (other case and spaces) on no project.
	stage, opts, err := srv.AddCustomField(asanatest.CustomField{WorkspaceGID: ws, Name: "Launch Stage", ResourceSubtype: "enum"},
		asanatest.EnumOption{Name: "Beta", Enabled: true}, asanatest.EnumOption{Name: "Sunset", Enabled: true}, asanatest.EnumOption{Name: "Old", Enabled: false})
	if err != nil {
		t.Fatal(err)
	}
	dup, _, err := srv.AddCustomField(asanatest.CustomField{WorkspaceGID: ws, Name: "launch  stage", ResourceSubtype: "text"})
	if err != nil {
		t.Fatal(err)
	}
	p := org.Projects[0]
	if _, err := srv.AddCustomFieldSetting(asanatest.CustomFieldSetting{ParentGID: p.GID, CustomFieldGID: stage.GID}); err != nil {
		t.Fatal(err)
	}
	task, err := srv.AddTask(asanatest.Task{Name: "Beta launch", Memberships: []asanatest.TaskMembership{{ProjectGID: p.GID}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.SetCustomFieldValue(task.GID, asanatest.CustomFieldValue{CustomFieldGID: stage.GID, EnumOptionGIDs: []string{opts[0].GID}}); err != nil {
		t.Fatal(err)
	}
	rep, err := ReportCustomFields(t.Context(), c, ws)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Fields != before.Fields+2 {
		t.Errorf("fields %d, before %d", rep.Fields, before.Fields)
	}
	i := slices.IndexFunc(rep.DuplicateNames, func(d DuplicateName) bool { return strings.EqualFold(d.Name, "Launch Stage") })
	if i < 0 || len(rep.DuplicateNames[i].Fields) != 2 {
		t.Errorf("duplicates: %+v", rep.DuplicateNames)
	}
	hasRef := func(refs []Ref, gid string) bool {
		return slices.ContainsFunc(refs, func(r Ref) bool { return r.GID == gid })
	}
	if !hasRef(rep.Unused, dup.GID) || hasRef(rep.Unused, stage.GID) {
		t.Errorf("unused: %+v", rep.Unused)
	}
	var unusedOpts []string
	for _, o := range rep.UnusedOptions {
		if o.Field.GID == stage.GID {
			unusedOpts = append(unusedOpts, o.Option.Name)
		}
	}
	if !slices.Equal(unusedOpts, []string{"Sunset"}) {
		t.Errorf("unused options of the stage field: %v (want Sunset only: Beta is used, Old disabled)", unusedOpts)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil || !strings.Contains(b.String(), "option never used") || rep.Empty() {
		t.Errorf("text: %v\n%s", err, b.String())
	}
}
