package asanatest

import "reflect"

// resource is one resource kind of the fake as its file declares it: the
// routes it serves and, for kinds that keep their own storage, the store a
// new state allocates for it. Adding a resource is a new file and one line
// in resources; jobs.go is a complete example (record, store, projection,
// routes).
type resource struct {
	routes func(*Server)
	// store returns a new, empty store (a pointer), found again with
	// storeOf. Nil for resources whose tables state.go declares.
	store func() any
}

// resources lists every resource of the fake, in route registration
// order.
var resources = []resource{
	{routes: (*Server).workspaceRoutes},
	{routes: (*Server).userRoutes},
	{routes: (*Server).workspaceMembershipRoutes},
	{routes: (*Server).teamRoutes, store: newTeamSettingStore},
	{routes: (*Server).teamMembershipRoutes},
	{routes: (*Server).projectRoutes},
	{routes: (*Server).sectionRoutes},
	{routes: (*Server).taskRoutes},
	{routes: (*Server).tagRoutes, store: newTagStore},
	{routes: (*Server).userTaskListRoutes, store: newUserTaskListStore},
	{routes: (*Server).storyRoutes},
	{routes: (*Server).attachmentRoutes},
	{routes: (*Server).jobRoutes, store: newJobStore},
	{routes: (*Server).projectTemplateRoutes, store: newProjectTemplateStore},
	{routes: (*Server).taskTemplateRoutes, store: newTaskTemplateStore},
	{routes: (*Server).timePeriodRoutes, store: newTimePeriodStore},
	{routes: (*Server).goalRoutes, store: newGoalStore},
	{routes: (*Server).goalRelationshipRoutes},
	{routes: (*Server).goalStoryRoutes},
	{routes: (*Server).statusUpdateRoutes, store: newStatusUpdateStore},
	{routes: (*Server).projectStatusRoutes},
	{routes: (*Server).projectBriefRoutes, store: newProjectBriefStore},
	{routes: (*Server).portfolioRoutes, store: newPortfolioStore},
	{routes: (*Server).membershipRoutes, store: newMembershipStore},
	{routes: (*Server).customFieldRoutes, store: newCustomFieldStore},
	{routes: (*Server).customFieldSettingRoutes},
	{routes: (*Server).organizationExportRoutes},
	{routes: (*Server).typeaheadRoutes},
	{routes: (*Server).exportRoutes, store: newObjectExportStore},
	{routes: (*Server).eventRoutes},
	{routes: (*Server).scimRoutes},
	{routes: (*Server).batchRoutes},
	{routes: (*Server).planRoutes, store: newPlanStore},
	{routes: (*Server).timeTrackingCategoryRoutes, store: newTimeStore},
	{routes: (*Server).timeTrackingEntryRoutes},
	{routes: (*Server).timesheetRoutes},
	{routes: (*Server).allocationRoutes, store: newAllocationStore},
	{routes: (*Server).budgetRoutes, store: newBudgetStore},
	{routes: (*Server).rateRoutes, store: newRateStore},
	// Part B of issue 13 (roles.go, access_requests.go, ooo.go, reactions.go,
	// custom_types.go, agents.go, project_portfolio_settings.go, rule_triggers.go).
	{routes: (*Server).roleRoutes, store: newRoleStore},
	{routes: (*Server).accessRequestRoutes, store: newAccessRequestStore},
	{routes: (*Server).oooRoutes, store: newOOOStore},
	{routes: (*Server).reactionRoutes, store: newReactionStore},
	{routes: (*Server).customTypeRoutes, store: newCustomTypeStore},
	{routes: (*Server).agentRoutes, store: newAgentStore},
	{routes: (*Server).projectPortfolioSettingRoutes, store: newPPSStore},
	{routes: (*Server).ruleTriggerRoutes, store: newRuleStore},
	{routes: func(*Server) {}, store: newFavoriteStore},  // favorites.go: served by users.go
	{routes: func(*Server) {}, store: newUserFieldStore}, // user_custom_fields.go: served by users.go
}

// newStores allocates the store of every resource that has one, by type.
func newStores() map[reflect.Type]any {
	m := map[reflect.Type]any{}
	for _, r := range resources {
		if r.store != nil {
			s := r.store()
			m[reflect.TypeOf(s).Elem()] = s
		}
	}
	return m
}

// storeOf is the store of type S that a resource registered. Stores are
// allocated with the state, so reads under the read lock never write.
func storeOf[S any](st *state) *S {
	s, ok := st.stores[reflect.TypeFor[S]()].(*S)
	if !ok {
		panic("asanatest: no store " + reflect.TypeFor[S]().String() + " registered in resources")
	}
	return s
}
