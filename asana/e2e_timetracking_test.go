package asana_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// Steps of TestE2EEveryMethod for time tracking (categories, entries,
// timesheet approval statuses) and resource management (allocations,
// budgets, rates). They run after the project steps (they use s.project)
// and before the cleanup, on a task of their own.

// timeSuite is what these steps pass along (suite.tt).
type timeSuite struct {
	task, category, entry, timesheet, allocation, budget, rate string
	entries                                                    []string
}

func timeTrackingSteps() []step {
	return concatSteps(timeCategorySteps(), timeEntrySteps(), timesheetSteps(), allocationSteps(), budgetAndRateSteps())
}

func ttCategoryGID(c asana.TimeTrackingCategory) string { return c.GID }
func ttEntryGID(e asana.TimeTrackingEntry) string       { return e.GID }
func timesheetGID(t asana.TimesheetApprovalStatus) string {
	return t.GID
}
func allocationGID(a asana.Allocation) string { return a.GID }

// timeOf is midnight UTC of a day.
func timeOf(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
func rateGID(r asana.RateOrPlaceholder) string    { return r.GID }

func timeCategorySteps() []step {
	return []step{
		{methods: []string{"TimeTrackingCategories.Create"}, run: func(ctx context.Context, s *suite) error {
			task, err := s.srv.AddTask(asanatest.Task{Name: "Track me", AssigneeGID: s.org.Member.GID,
				Memberships: []asanatest.TaskMembership{{ProjectGID: s.project}}})
			if err != nil {
				return err
			}
			s.tt.task = task.GID
			c, err := s.sa.TimeTrackingCategories.Create(ctx, &asana.TimeTrackingCategoryCreateRequest{Workspace: s.ws, Name: "e2e-research",
				Color: asana.TimeTrackingCategoryColorAqua}, nil)
			if err != nil {
				return err
			}
			s.tt.category = c.GID
			got, ok := s.srv.TimeTrackingCategory(c.GID)
			return expect(ok && got.Name == "e2e-research" && got.Color == "aqua" && got.WorkspaceGID == s.ws && c.Color == asana.TimeTrackingCategoryColorAqua,
				"answer %+v, fake %+v", c, got)
		}},
		{methods: []string{"TimeTrackingCategories.Get"}, run: func(ctx context.Context, s *suite) error {
			c, err := s.member.TimeTrackingCategories.Get(ctx, s.tt.category, nil)
			if err != nil {
				return err
			}
			if c.Name != "e2e-research" || c.IsArchived || c.ResourceType != "time_tracking_category" {
				return fmt.Errorf("default fields: %+v", c)
			}
			c, err = s.member.TimeTrackingCategories.Get(ctx, s.tt.category, &asana.GetOptions{Fields: []string{"name"}})
			return errors.Join(err, expect(err != nil || (c.Name == "e2e-research" && c.Color == ""), "opt_fields name: %+v", c))
		}},
		{methods: []string{"TimeTrackingCategories.Update"}, run: func(ctx context.Context, s *suite) error {
			c, err := s.sa.TimeTrackingCategories.Update(ctx, s.tt.category, &asana.TimeTrackingCategoryUpdateRequest{Name: asana.Ptr("e2e-design")}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.TimeTrackingCategory(s.tt.category)
			return expect(c.Name == "e2e-design" && got.Name == "e2e-design" && got.Color == "aqua", "answer %+v, fake %+v", c, got)
		}},
		{methods: []string{"TimeTrackingCategories.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TimeTrackingCategoryListOptions{ListOptions: lo()}
			cs, err := sameList(s.sa.TimeTrackingCategories.List(ctx, s.ws, o), ttCategoryGID, len(s.org.TimeTrackingCategories)+1)
			if err != nil {
				return err
			}
			return expect(slices.ContainsFunc(cs, func(c asana.TimeTrackingCategory) bool { return c.GID == s.tt.category && c.Name == "e2e-design" }),
				"new category not listed: %+v", cs)
		}},
	}
}

func timeEntrySteps() []step {
	return []step{
		{methods: []string{"TimeTrackingEntries.CreateForTask"}, run: func(ctx context.Context, s *suite) error {
			for i, m := range []int{30, 45, 60} {
				req := &asana.TimeTrackingEntryCreateForTaskRequest{DurationMinutes: m, Description: fmt.Sprintf("e2e part %d", i+1),
					BillableStatus: asana.TimeTrackingEntryBillableStatusBillable, EnteredOn: asana.NewDate(s.srv.Clock().Now().AddDate(0, 0, -i))}
				if i == 0 {
					req.Categories = []string{s.tt.category}
				}
				e, err := s.sa.TimeTrackingEntries.CreateForTask(ctx, s.tt.task, req, nil)
				if err != nil {
					return err
				}
				if e.DurationMinutes != m || e.Task == nil || e.Task.GID != s.tt.task || e.AttributableTo == nil || e.AttributableTo.GID != s.project ||
					e.ApprovalStatus != asana.TimeTrackingEntryApprovalStatusDraft {
					return fmt.Errorf("created %+v", e)
				}
				s.tt.entries = append(s.tt.entries, e.GID)
			}
			s.tt.entry = s.tt.entries[0]
			task, err := s.sa.Tasks.Get(ctx, s.tt.task, &asana.GetOptions{Fields: []string{"actual_time_minutes"}})
			if err != nil {
				return err
			}
			return expect(task.ActualTimeMinutes != nil && *task.ActualTimeMinutes == 135, "actual_time_minutes %v", task.ActualTimeMinutes)
		}},
		{methods: []string{"TimeTrackingEntries.Get"}, run: func(ctx context.Context, s *suite) error {
			e, err := s.sa.TimeTrackingEntries.Get(ctx, s.tt.entry, nil)
			if err != nil {
				return err
			}
			return expect(e.DurationMinutes == 30 && len(e.Categories) == 1 && e.Categories[0].GID == s.tt.category && e.CreatedBy != nil &&
				e.CreatedBy.GID == s.org.ServiceAccount.GID && !e.CreatedAt.IsZero() && e.Description == "e2e part 1", "default fields %+v", e)
		}},
		{methods: []string{"TimeTrackingEntries.Update"}, run: func(ctx context.Context, s *suite) error {
			e, err := s.sa.TimeTrackingEntries.Update(ctx, s.tt.entry, &asana.TimeTrackingEntryUpdateRequest{DurationMinutes: asana.Ptr(50)}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.TimeTrackingEntry(s.tt.entry)
			return expect(e.DurationMinutes == 50 && got.DurationMinutes == 50 && got.Description == "e2e part 1", "answer %+v, fake %+v", e, got)
		}},
		{methods: []string{"TimeTrackingEntries.ListForTask"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			es, err := sameList(s.sa.TimeTrackingEntries.ListForTask(ctx, s.tt.task, &o), ttEntryGID, 3)
			if err != nil {
				return err
			}
			return expect(slices.Equal(gids(es, ttEntryGID), s.tt.entries) && es[0].DurationMinutes == 50, "entries %+v", es)
		}},
		{methods: []string{"TimeTrackingEntries.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TimeTrackingEntryListOptions{AttributableTo: s.project, User: s.org.ServiceAccount.GID, ListOptions: lo()}
			es, err := sameList(s.sa.TimeTrackingEntries.List(ctx, o), ttEntryGID, 3)
			if err != nil {
				return err
			}
			return expect(slices.Equal(gids(es, ttEntryGID), s.tt.entries), "entries by the service account on the project: %+v", es)
		}},
		{methods: []string{"TimeTrackingCategories.ListTimeTrackingEntries"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TimeTrackingCategoryListTimeTrackingEntriesOptions{ListOptions: lo()}
			es, err := sameList(s.sa.TimeTrackingCategories.ListTimeTrackingEntries(ctx, s.tt.category, o), ttEntryGID, 1)
			return errors.Join(err, expect(err != nil || (len(es) == 1 && es[0].GID == s.tt.entry), "entries of the category %+v", es))
		}},
		{methods: []string{"TimeTrackingEntries.Delete"}, run: func(ctx context.Context, s *suite) error {
			last := s.tt.entries[2]
			if err := s.sa.TimeTrackingEntries.Delete(ctx, last); err != nil {
				return err
			}
			s.tt.entries = s.tt.entries[:2]
			_, ok := s.srv.TimeTrackingEntry(last)
			_, err := s.sa.TimeTrackingEntries.Get(ctx, last, nil)
			return expect(!ok && isNotFound(err), "after delete: in fake %v, get %v", ok, err)
		}},
		{methods: []string{"TimeTrackingCategories.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.sa.TimeTrackingCategories.Delete(ctx, s.tt.category); err != nil {
				return err
			}
			_, ok := s.srv.TimeTrackingCategory(s.tt.category)
			e, _ := s.srv.TimeTrackingEntry(s.tt.entry)
			return expect(!ok && len(e.CategoryGIDs) == 0, "after delete: category in fake %v, entry %+v", ok, e)
		}},
	}
}

func timesheetSteps() []step {
	// 2030-01-07 is a Monday.
	start, end := asana.NewDate(timeOf(2030, 1, 7)), asana.NewDate(timeOf(2030, 1, 13))
	return []step{
		{methods: []string{"TimesheetApprovalStatuses.Create"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.sa.TimesheetApprovalStatuses.Create(ctx, &asana.TimesheetApprovalStatusCreateRequest{Workspace: s.ws,
				User: s.org.Member.GID, StartDate: start, EndDate: end}, nil)
			if err != nil {
				return err
			}
			s.tt.timesheet = t.GID
			got, ok := s.srv.TimesheetApprovalStatus(t.GID)
			return expect(ok && got.UserGID == s.org.Member.GID && got.ApprovalStatus == "draft" &&
				t.ApprovalStatus == asana.TimesheetApprovalStatusApprovalStatusDraft && t.StartDate == start, "answer %+v, fake %+v", t, got)
		}},
		{methods: []string{"TimesheetApprovalStatuses.Update"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.member.TimesheetApprovalStatuses.Update(ctx, s.tt.timesheet, &asana.TimesheetApprovalStatusUpdateRequest{
				ApprovalStatus: asana.Ptr(asana.TimesheetApprovalStatusApprovalStatusValueSubmitted)}, nil)
			if err != nil {
				return err
			}
			_, err = s.member.TimesheetApprovalStatuses.Update(ctx, s.tt.timesheet, &asana.TimesheetApprovalStatusUpdateRequest{
				ApprovalStatus: asana.Ptr(asana.TimesheetApprovalStatusApprovalStatusValueApproved)}, nil)
			if !errors.Is(err, asana.ErrForbidden) {
				return fmt.Errorf("a member approving their own timesheet: %v", err)
			}
			return expect(t.ApprovalStatus == asana.TimesheetApprovalStatusApprovalStatusSubmitted, "answer %+v", t)
		}},
		{methods: []string{"TimesheetApprovalStatuses.Get"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.sa.TimesheetApprovalStatuses.Get(ctx, s.tt.timesheet, nil)
			if err != nil {
				return err
			}
			return expect(t.ApprovalStatus == asana.TimesheetApprovalStatusApprovalStatusSubmitted && t.User != nil && t.User.GID == s.org.Member.GID &&
				t.Workspace != nil && t.EndDate == end && !t.CreatedAt.IsZero(), "default fields %+v", t)
		}},
		{methods: []string{"TimesheetApprovalStatuses.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TimesheetApprovalStatusListOptions{User: s.org.Member.GID, ApprovalStatuses: "submitted", ListOptions: lo()}
			ts, err := sameList(s.sa.TimesheetApprovalStatuses.List(ctx, s.ws, o), timesheetGID, 1)
			return errors.Join(err, expect(err != nil || (len(ts) == 1 && ts[0].GID == s.tt.timesheet), "timesheets %+v", ts))
		}},
	}
}

func allocationSteps() []step {
	return []step{
		{methods: []string{"Allocations.Create"}, run: func(ctx context.Context, s *suite) error {
			now := s.srv.Clock().Now()
			a, err := s.sa.Allocations.Create(ctx, &asana.AllocationCreateRequest{Parent: s.project, Assignee: s.org.Member.GID,
				StartDate: asana.NewDate(now), EndDate: asana.NewDate(now.AddDate(0, 0, 4)),
				Effort: &asana.AllocationCreateRequestEffort{Type: asana.AllocationTypeHours, Value: 10}}, nil)
			if err != nil {
				return err
			}
			s.tt.allocation = a.GID
			got, ok := s.srv.Allocation(a.GID)
			return expect(ok && got.ProjectGID == s.project && got.EffortType == "hours" && got.EffortValue == 10 && a.Effort != nil &&
				a.Effort.Value == 10 && a.Assignee != nil && a.Assignee.GID == s.org.Member.GID, "answer %+v, fake %+v", a, got)
		}},
		{methods: []string{"Allocations.Get"}, run: func(ctx context.Context, s *suite) error {
			a, err := s.sa.Allocations.Get(ctx, s.tt.allocation, nil)
			if err != nil {
				return err
			}
			return expect(a.Parent != nil && a.Parent.GID == s.project && a.ResourceSubtype != "" && !a.StartDate.IsZero(), "default fields %+v", a)
		}},
		{methods: []string{"Allocations.Update"}, run: func(ctx context.Context, s *suite) error {
			a, err := s.sa.Allocations.Update(ctx, s.tt.allocation, &asana.AllocationUpdateRequest{
				Effort: &asana.AllocationUpdateRequestEffort{Type: asana.AllocationTypePercent, Value: 50}}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Allocation(s.tt.allocation)
			return expect(a.Effort != nil && a.Effort.Type == asana.AllocationEffortType("percent") && got.EffortValue == 50, "answer %+v, fake %+v", a, got)
		}},
		{methods: []string{"Allocations.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.AllocationListOptions{Parent: s.project, ListOptions: lo()}
			as, err := sameList(s.sa.Allocations.List(ctx, o), allocationGID, 1)
			if err != nil {
				return err
			}
			return expect(slices.Contains(gids(as, allocationGID), s.tt.allocation), "new allocation not listed: %+v", as)
		}},
	}
}

func budgetAndRateSteps() []step {
	return []step{
		{methods: []string{"Rates.Create"}, run: func(ctx context.Context, s *suite) error {
			r, err := s.sa.Rates.Create(ctx, &asana.RateCreateRequest{Parent: s.project, Resource: s.org.ServiceAccount.GID, Rate: 120}, nil)
			if err != nil {
				return err
			}
			s.tt.rate = r.GID
			got, ok := s.srv.Rate(r.GID)
			return expect(ok && got.Rate == 120 && r.CurrencyCode != "" && r.Resource != nil && r.Resource.GID == s.org.ServiceAccount.GID, "answer %+v, fake %+v", r, got)
		}},
		{methods: []string{"Rates.Get"}, run: func(ctx context.Context, s *suite) error {
			r, err := s.sa.Rates.Get(ctx, s.tt.rate, nil)
			if err != nil {
				return err
			}
			return expect(r.Rate == 120 && r.Parent != nil && r.Parent.GID == s.project && r.CreatedBy != nil, "default fields %+v", r)
		}},
		{methods: []string{"Rates.Update"}, run: func(ctx context.Context, s *suite) error {
			r, err := s.sa.Rates.Update(ctx, s.tt.rate, &asana.RateUpdateRequest{Rate: asana.Ptr(60.0)}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Rate(s.tt.rate)
			return expect(r.Rate == 60 && got.Rate == 60, "answer %+v, fake %+v", r, got)
		}},
		{methods: []string{"Rates.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.RateListOptions{Parent: s.project, ListOptions: lo()}
			rs, err := sameList(s.sa.Rates.List(ctx, o), rateGID, 1)
			return errors.Join(err, expect(err != nil || (len(rs) == 1 && rs[0].GID == s.tt.rate), "rates %+v", rs))
		}},
		{methods: []string{"Budgets.Create"}, run: func(ctx context.Context, s *suite) error {
			b, err := s.sa.Budgets.Create(ctx, &asana.BudgetCreateRequest{Parent: s.project, BudgetType: asana.BudgetBudgetTypeCost,
				Total: &asana.BudgetTotalInput{Enabled: true, Value: 1000}})
			if err != nil {
				return err
			}
			s.tt.budget = b.GID
			// Only the service account has a rate: its 95 minutes (50 and 45) at 60 an hour.
			return expect(b.Actual != nil && b.Actual.Value == 95 && b.Actual.Units == "USD" && b.Total != nil && b.Total.Value == 1000, "answer %+v %+v", b.Actual, b.Total)
		}},
		{methods: []string{"Budgets.Get"}, run: func(ctx context.Context, s *suite) error {
			b, err := s.sa.Budgets.Get(ctx, s.tt.budget, nil)
			if err != nil {
				return err
			}
			return expect(b.BudgetType == asana.BudgetBudgetTypeCost && b.Parent != nil && b.Parent.GID == s.project && b.Estimate != nil, "default fields %+v", b)
		}},
		{methods: []string{"Budgets.Update"}, run: func(ctx context.Context, s *suite) error {
			b, err := s.sa.Budgets.Update(ctx, s.tt.budget, &asana.BudgetUpdateRequest{BudgetType: asana.Ptr(asana.BudgetBudgetTypeTime),
				Estimate: &asana.BudgetEstimateInput{Source: asana.BudgetSourceCapacityPlans, Enabled: true}}, nil)
			if err != nil {
				return err
			}
			// A time budget counts every entry on the project: the demo's too.
			minutes := 0
			for e, err := range s.sa.TimeTrackingEntries.List(ctx, &asana.TimeTrackingEntryListOptions{AttributableTo: s.project}).All() {
				if err != nil {
					return err
				}
				minutes += e.DurationMinutes
			}
			return expect(b.BudgetType == asana.BudgetBudgetTypeTime && b.Actual != nil && b.Actual.Value == float64(minutes) && b.Actual.Units == "minutes" &&
				b.Estimate != nil && b.Estimate.Value > 0, "answer %+v %+v", b.Actual, b.Estimate)
		}},
		{methods: []string{"Budgets.List"}, run: func(ctx context.Context, s *suite) error {
			bs, err := s.sa.Budgets.List(ctx, s.project)
			return errors.Join(err, expect(err != nil || (len(bs) == 1 && bs[0].GID == s.tt.budget), "budgets %+v", bs))
		}},
		{methods: []string{"Budgets.Delete", "Rates.Delete", "Allocations.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := errors.Join(s.sa.Budgets.Delete(ctx, s.tt.budget), s.sa.Rates.Delete(ctx, s.tt.rate),
				s.sa.Allocations.Delete(ctx, s.tt.allocation)); err != nil {
				return err
			}
			_, b := s.srv.Budget(s.tt.budget)
			_, r := s.srv.Rate(s.tt.rate)
			_, a := s.srv.Allocation(s.tt.allocation)
			return expect(!b && !r && !a, "after delete: budget %v, rate %v, allocation %v", b, r, a)
		}},
	}
}
