package asana

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// This file gives callers that store what Asana answers verbatim (a
// backup) the typed methods' routes without their types: each item stays
// the JSON the server sent, and every request still goes through the
// module's one pagination loop, its guards and the operation labels of
// RequestInfo.

// RawRoute is the endpoint of a typed read method, for RawList and
// RawGet: RawRouteOf("Tags.ListForWorkspace", workspaceGID).
type RawRoute struct {
	r route
	// feed ends the list at its first empty page (rawFeeds).
	feed bool
}

// rawRoutes maps the typed read methods reachable raw to their path
// templates, each its method's asana:operation marker (a test holds them
// to it). Add an entry to reach another endpoint.
var rawRoutes = map[string]string{
	"Attachments.Get":                       "/attachments/{attachment_gid}",
	"AuditLog.List":                         "/workspaces/{workspace_gid}/audit_log_events",
	"Attachments.List":                      "/attachments",
	"CustomFields.ListForWorkspace":         "/workspaces/{workspace_gid}/custom_fields",
	"CustomFieldSettings.ListForPortfolio":  "/portfolios/{portfolio_gid}/custom_field_settings",
	"CustomFieldSettings.ListForProject":    "/projects/{project_gid}/custom_field_settings",
	"CustomFieldSettings.ListForGoal":       "/goals/{goal_gid}/custom_field_settings",
	"GoalRelationships.List":                "/goal_relationships",
	"Goals.List":                            "/goals",
	"Memberships.List":                      "/memberships",
	"Portfolios.List":                       "/portfolios",
	"Portfolios.ListItems":                  "/portfolios/{portfolio_gid}/items",
	"PortfolioMemberships.ListForPortfolio": "/portfolios/{portfolio_gid}/portfolio_memberships",
	"ProjectBriefs.Get":                     "/project_briefs/{project_brief_gid}",
	"ProjectMemberships.ListForProject":     "/projects/{project_gid}/project_memberships",
	"Projects.ListForWorkspace":             "/workspaces/{workspace_gid}/projects",
	"ProjectTemplates.ListForTeam":          "/teams/{team_gid}/project_templates",
	"Sections.ListForProject":               "/projects/{project_gid}/sections",
	"StatusUpdates.List":                    "/status_updates",
	"Stories.ListForGoal":                   "/goals/{goal_gid}/stories",
	"Stories.ListForTask":                   "/tasks/{task_gid}/stories",
	"Tags.ListForWorkspace":                 "/workspaces/{workspace_gid}/tags",
	"Tasks.Get":                             "/tasks/{task_gid}",
	"Tasks.List":                            "/tasks",
	"Tasks.ListForSection":                  "/sections/{section_gid}/tasks",
	"Tasks.ListForProject":                  "/projects/{project_gid}/tasks",
	"Tasks.ListForUserTaskList":             "/user_task_lists/{user_task_list_gid}/tasks",
	"Tasks.ListSubtasks":                    "/tasks/{task_gid}/subtasks",
	"Tasks.Search":                          "/workspaces/{workspace_gid}/tasks/search",
	"TaskTemplates.List":                    "/task_templates",
	"TeamMemberships.ListForTeam":           "/teams/{team_gid}/team_memberships",
	"Teams.ListForWorkspace":                "/workspaces/{workspace_gid}/teams",
	"TimePeriods.List":                      "/time_periods",
	"Users.List":                            "/users",
	"UserTaskLists.GetForUser":              "/users/{user_gid}/user_task_list",
	"Webhooks.List":                         "/webhooks",
	"WorkspaceMemberships.ListForWorkspace": "/workspaces/{workspace_gid}/workspace_memberships",
}

// rawFeeds are the raw routes whose list is a feed: it answers with a
// next_page even at its end, so the first empty page ends it (as the
// typed method's iterator does) instead of stalling pagination.
var rawFeeds = map[string]bool{"AuditLog.List": true}

// RawRouteOf returns the endpoint of the typed method op ("Service.Method",
// as RequestInfo.Operation names it) with its path arguments in order. An
// unknown op, a wrong number of arguments or an argument that is not a
// gid (decimal digits) is an error reported by the first RawList or
// RawGet on it, before any request, and by Err at once.
func RawRouteOf(op string, gids ...string) RawRoute {
	template, ok := rawRoutes[op]
	if !ok {
		return RawRoute{r: route{op: op}.fail("no raw route")}
	}
	// "/tasks/{task_gid}/stories" is the format "/tasks/%s/stories" with
	// the argument "task gid".
	var format strings.Builder
	var names []string
	for rest := template; rest != ""; {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			format.WriteString(rest)
			break
		}
		format.WriteString(rest[:i] + "%s")
		names = append(names, strings.ReplaceAll(rest[i+1:j], "_", " "))
		rest = rest[j+1:]
	}
	if len(names) != len(gids) {
		return RawRoute{r: route{op: op}.fail("%d path arguments for %d", len(gids), len(names))}
	}
	nv := make([]string, 0, 2*len(gids))
	for i, g := range gids {
		nv = append(nv, names[i], g)
	}
	return RawRoute{r: routeTo(op, format.String(), nv...).gids(nv...), feed: rawFeeds[op]}
}

// Err returns the error that stops every request on rt, or nil.
func (rt RawRoute) Err() error { return rt.r.err }

// RawList returns the list at rt with its items as the server sent them.
// q is sent as is (opt_fields, filters, an offset to resume from); limit
// defaults to 100. It reads through the loop under every typed List
// method, with the same guards; a feed (the audit log, which always points
// to a next page) ends at its first empty page. A route that failed its
// check is reported by every use of the list, before any request.
func (c *Client) RawList(ctx context.Context, rt RawRoute, q url.Values) *List[json.RawMessage] {
	l := listAt[json.RawMessage](ctx, c, rt.r, q, nil)
	l.emptyEnds = rt.feed
	return l
}

// RawGet fetches the object at rt (a Get method's route) as the server
// sent it.
func (c *Client) RawGet(ctx context.Context, rt RawRoute, q url.Values) (json.RawMessage, error) {
	if rt.r.err != nil {
		return nil, rt.r.err
	}
	var raw json.RawMessage
	if _, err := c.Do(rt.r.labelled(ctx), &Request{Method: http.MethodGet, Path: rt.r.path, Query: q}, &raw); err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("asana: %s: answer without data", rt.r.op)
	}
	return raw, nil
}
