// check.js drives Asana's official Node.js client (npm package asana,
// pinned in package.json) against an Asana API, normally the asanatest
// fake, and prints a JSON report of what it saw on its last line. It
// asserts what the client itself relies on: lists with limit and
// nextPage(), creates and updates with {data: ...} bodies, GET and DELETE requests
// sent with Content-Type application/json, opt_fields given as a string,
// and errors carrying Asana's {"errors": [...]} body; custom fields (a
// definition, an option, a project setting and a task value); and goals,
// time periods, status updates and project statuses through their APIs;
// and an attachment uploaded as multipart form data and downloaded, byte
// for byte and without the token, from its download_url.
//
// Usage: ASANA_BASE_URL=http://127.0.0.1:PORT/api/1.0 ASANA_TOKEN=... node check.js
//
// nodecheck_test.go in the parent directory runs it; see there.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Asana = require('asana');

const base = process.env.ASANA_BASE_URL;
const token = process.env.ASANA_TOKEN;
if (!base || !token) {
  console.error('check.js: set ASANA_BASE_URL and ASANA_TOKEN');
  process.exit(2);
}

const client = Asana.ApiClient.instance;
client.basePath = base;
client.authentications.token.accessToken = token;
client.timeout = 20000;

const workspaces = new Asana.WorkspacesApi();
const users = new Asana.UsersApi();
const teams = new Asana.TeamsApi();
const projects = new Asana.ProjectsApi();
const tasks = new Asana.TasksApi();
const stories = new Asana.StoriesApi();
const tags = new Asana.TagsApi();
const userTaskLists = new Asana.UserTaskListsApi();
const goals = new Asana.GoalsApi();
const goalRelationships = new Asana.GoalRelationshipsApi();
const timePeriods = new Asana.TimePeriodsApi();
const statusUpdates = new Asana.StatusUpdatesApi();
const projectStatuses = new Asana.ProjectStatusesApi();
const portfolios = new Asana.PortfoliosApi();
const projectMemberships = new Asana.ProjectMembershipsApi();
const customFields = new Asana.CustomFieldsApi();
const customFieldSettings = new Asana.CustomFieldSettingsApi();

// all follows nextPage() from a first page to the end and checks that no
// item comes twice and that every page but the last is full.
async function all(what, firstPage, limit) {
  const seen = new Set();
  const items = [];
  let page = await firstPage;
  let pages = 0;
  while (page && page.data) {
    pages++;
    assert.ok(Array.isArray(page.data), `${what}: page ${pages} data is not an array`);
    assert.ok(page.data.length <= limit, `${what}: page ${pages} has ${page.data.length} items, limit ${limit}`);
    for (const item of page.data) {
      assert.equal(typeof item.gid, 'string', `${what}: item without a string gid`);
      assert.ok(!seen.has(item.gid), `${what}: ${item.gid} came twice`);
      seen.add(item.gid);
      items.push(item);
    }
    const next = page._response.next_page;
    if (next) {
      assert.equal(page.data.length, limit, `${what}: a page with next_page is not full`);
      assert.equal(typeof next.offset, 'string', `${what}: next_page.offset`);
      assert.ok(next.uri.startsWith('http'), `${what}: next_page.uri ${next.uri}`);
    } else {
      assert.ok(Object.prototype.hasOwnProperty.call(page._response, 'next_page'),
        `${what}: next_page missing (it must be null on the last page when limit was sent)`);
    }
    page = await page.nextPage();
  }
  return { items, pages };
}

// status runs a request that must fail and returns its HTTP status and
// first error message.
async function status(promise) {
  try {
    await promise;
  } catch (err) {
    const body = err.response && err.response.body;
    assert.ok(body && Array.isArray(body.errors) && body.errors.length > 0, `error without an errors body: ${err}`);
    return { status: err.status, message: body.errors[0].message };
  }
  assert.fail('the request succeeded');
}

async function main() {
  const report = {};

  const me = await users.getUser('me', { opt_fields: 'name,email,workspaces.name' });
  assert.equal(typeof me.data.name, 'string');
  report.me = { gid: me.data.gid, name: me.data.name };

  const ws = await all('workspaces', workspaces.getWorkspaces({ limit: 1, opt_fields: 'name,is_organization' }), 1);
  const org = ws.items.find((w) => w.is_organization) || ws.items[0];
  assert.ok(org, 'no workspace');
  report.workspace = org.gid;

  const us = await all('users', users.getUsers({ workspace: org.gid, limit: 3, opt_fields: 'name,email' }), 3);
  report.users = us.items.length;
  report.user_pages = us.pages;

  const ts = await all('teams', teams.getTeamsForWorkspace(org.gid, { limit: 2, opt_fields: 'name,visibility' }), 2);
  report.teams = ts.items.length;

  const ps = await all('projects', projects.getProjects({ workspace: org.gid, limit: 2, opt_fields: 'name,archived,team.name,owner' }), 2);
  report.projects = ps.items.length;
  const project = ps.items.find((p) => !p.archived);
  assert.ok(project, 'no active project');
  assert.ok(project.team && typeof project.team.name === 'string', 'opt_fields team.name not honoured');
  report.project = project.gid;

  // A service account lists every portfolio without owner.
  const pfs = await all('portfolios', portfolios.getPortfolios(org.gid, { limit: 1, opt_fields: 'name,owner.name' }), 1);
  report.portfolios = pfs.items.length;
  const pf = await portfolios.createPortfolio(
    { data: { workspace: org.gid, name: 'Made by the Node.js client', color: 'dark-blue' } },
    { opt_fields: 'name,color,owner' },
  );
  assert.equal(pf.data.name, 'Made by the Node.js client');
  assert.equal(pf.data.color, 'dark-blue');
  await portfolios.addItemForPortfolio({ data: { item: project.gid } }, pf.data.gid);
  const items = await all('items', portfolios.getItemsForPortfolio(pf.data.gid, { limit: 1, opt_fields: 'name' }), 1);
  assert.deepEqual(items.items.map((i) => i.gid), [project.gid]);
  report.portfolio = pf.data.gid;
  const pms = await all('project memberships',
    projectMemberships.getProjectMembershipsForProject(project.gid, { limit: 1, opt_fields: 'access_level,member.name' }), 1);
  for (const m of pms.items) {
    assert.ok(['admin', 'editor', 'commenter', 'viewer'].includes(m.access_level), `access_level ${m.access_level}`);
  }
  report.project_memberships = pms.items.length;

  const tk = await all('tasks', tasks.getTasksForProject(project.gid, { limit: 4, opt_fields: 'name,completed,assignee.name,due_on' }), 4);
  report.tasks = tk.items.length;
  for (const t of tk.items) {
    assert.equal(typeof t.completed, 'boolean', 'opt_fields completed not honoured');
    assert.ok(t.assignee === null || typeof t.assignee.name === 'string', 'assignee.name');
  }

  const created = await tasks.createTask(
    { data: { name: 'Created by the Node.js client', notes: 'nodecheck', projects: [project.gid] } },
    { opt_fields: 'name,notes,projects.name,created_at' },
  );
  assert.equal(created.data.name, 'Created by the Node.js client');
  assert.equal(created.data.notes, 'nodecheck');
  assert.deepEqual(created.data.projects.map((p) => p.gid), [project.gid]);
  report.created = created.data.gid;

  const comment = await stories.createStoryForTask({ data: { text: 'Hello from Node' } }, created.data.gid, { opt_fields: 'text,type' });
  assert.equal(comment.data.text, 'Hello from Node');
  assert.equal(comment.data.type, 'comment');

  // Custom fields: define an enum field, add an option, put the field on
  // the project and give the created task a value; a value of the wrong
  // type must fail with a 400.
  const fields = await all('custom fields', customFields.getCustomFieldsForWorkspace(org.gid, { limit: 2, opt_fields: 'name,resource_subtype' }), 2);
  report.custom_fields = fields.items.length;
  const field = await customFields.createCustomField(
    { data: { workspace: org.gid, name: 'Node priority', resource_subtype: 'enum', enum_options: [{ name: 'High', color: 'red' }] } },
    { opt_fields: 'name,enum_options.name' },
  );
  assert.deepEqual(field.data.enum_options.map((o) => o.name), ['High']);
  const low = await customFields.createEnumOptionForCustomField(field.data.gid, { body: { data: { name: 'Low' } } });
  await projects.addCustomFieldSettingForProject({ data: { custom_field: field.data.gid, is_important: true } }, project.gid, {});
  const settings = await all('custom field settings',
    customFieldSettings.getCustomFieldSettingsForProject(project.gid, { limit: 2, opt_fields: 'custom_field.name,is_important' }), 2);
  assert.ok(settings.items.some((s) => s.custom_field.gid === field.data.gid && s.is_important), 'new setting not listed');
  const valued = await tasks.updateTask({ data: { custom_fields: { [field.data.gid]: low.data.gid } } }, created.data.gid,
    { opt_fields: 'custom_fields.display_value,custom_fields.enum_value.name' });
  const entry = valued.data.custom_fields.find((c) => c.gid === field.data.gid);
  assert.ok(entry, 'the task does not carry the new field');
  assert.equal(entry.display_value, 'Low');
  assert.equal(entry.enum_value.name, 'Low');
  report.custom_field = field.data.gid;
  report.custom_field_bad = await status(tasks.updateTask({ data: { custom_fields: { [field.data.gid]: 42 } } }, created.data.gid, {}));

  const updated = await tasks.updateTask({ data: { completed: true } }, created.data.gid, { opt_fields: 'completed,completed_at' });
  assert.equal(updated.data.completed, true);
  assert.equal(typeof updated.data.completed_at, 'string');

  const got = await tasks.getTask(created.data.gid, { opt_fields: 'name,completed' });
  assert.equal(got.data.name, 'Created by the Node.js client');
  assert.equal(got.data.completed, true);

  const deleted = await tasks.deleteTask(created.data.gid);
  assert.deepEqual(deleted.data, {});
  report.deleted_status = (await status(tasks.getTask(created.data.gid))).status;

  // Tags: create one, put it on a task, list its tasks, take it off, delete it.
  const tag = await tags.createTagForWorkspace({ data: { name: 'nodecheck', color: 'light-green' } }, org.gid, { opt_fields: 'name,color,workspace.name' });
  assert.equal(tag.data.name, 'nodecheck');
  assert.equal(tag.data.color, 'light-green');
  assert.equal(typeof tag.data.workspace.name, 'string');
  const target = tk.items[0];
  assert.deepEqual((await tasks.addTagForTask({ data: { tag: tag.data.gid } }, target.gid)).data, {});
  const tagged = await all('tasks for tag', tasks.getTasksForTag(tag.data.gid, { limit: 1 }), 1);
  assert.deepEqual(tagged.items.map((t) => t.gid), [target.gid]);
  const onTask = await tags.getTagsForTask(target.gid, { opt_fields: 'name' });
  assert.ok(onTask.data.some((t) => t.gid === tag.data.gid && t.name === 'nodecheck'), 'tag not on its task');
  await tasks.removeTagForTask({ data: { tag: tag.data.gid } }, target.gid);
  assert.deepEqual((await tags.deleteTag(tag.data.gid)).data, {});
  const wsTags = await all('tags', tags.getTagsForWorkspace(org.gid, { limit: 2, opt_fields: 'name,color' }), 2);
  report.tags = wsTags.items.length;

  // User task lists: an assignee's My Tasks and its tasks.
  const owner = (tk.items.find((t) => t.assignee) || { assignee: us.items[0] }).assignee;
  const utl = await userTaskLists.getUserTaskListForUser(owner.gid, org.gid, { opt_fields: 'name,owner.name,workspace' });
  assert.equal(utl.data.owner.gid, owner.gid);
  const same = await userTaskLists.getUserTaskList(utl.data.gid);
  assert.equal(same.data.gid, utl.data.gid);
  report.user_task_list = utl.data.gid;
  const mine = await all('my tasks', tasks.getTasksForUserTaskList(utl.data.gid, { limit: 5, opt_fields: 'name,assignee' }), 5);
  report.my_tasks = mine.items.length;

  const bad = await status(tasks.getTasksForProject(project.gid, { limit: 101 }));
  report.limit_101 = bad;

  await checkGoals(report, org, project);
  report.attachment = await checkAttachment(target.gid);

  console.log(JSON.stringify(report));
}

// checkAttachment uploads a file to a task as multipart form data through
// the client, reads its download_url and downloads the bytes from it
// without the token, as from Asana's pre-signed storage URL.
async function checkAttachment(taskGID) {
  const content = Buffer.from('nodecheck attachment \u00e9\n' + '0123456789'.repeat(50), 'utf8');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nodecheck-')), 'notes.txt');
  fs.writeFileSync(file, content);
  const up = await new Asana.AttachmentsApi().createAttachmentForObject({
    resource_subtype: 'asana', parent: taskGID, file: fs.createReadStream(file), opt_fields: 'name,size,download_url',
  });
  assert.equal(up.data.name, 'notes.txt');
  const got = await new Asana.AttachmentsApi().getAttachment(up.data.gid, { opt_fields: 'download_url,size,parent' });
  assert.equal(got.data.parent.gid, taskGID);
  assert.ok(got.data.download_url && !got.data.download_url.includes('/api/1.0/'), 'download_url off the API: ' + got.data.download_url);
  const resp = await fetch(got.data.download_url); // no Authorization
  assert.equal(resp.status, 200);
  const body = Buffer.from(await resp.arrayBuffer());
  return { gid: up.data.gid, size: got.data.size, downloaded: body.equals(content), bytes: content.toString('base64') };
}

// checkGoals lists time periods and goals, then creates a goal with a
// metric, a supporting project and a status update, posts a (deprecated)
// project status, and deletes what it made.
async function checkGoals(report, org, project) {
  const tp = await all('time periods', timePeriods.getTimePeriods(org.gid, { limit: 5, opt_fields: 'display_name,period,start_on,end_on,parent' }), 5);
  report.time_periods = tp.items.length;
  const quarter = tp.items.find((p) => p.period === 'Q1');
  assert.ok(quarter && quarter.parent, 'no Q1 with a parent');
  const gs = await all('goals', goals.getGoals({ workspace: org.gid, limit: 2, opt_fields: 'name,owner,metric.current_display_value' }), 2);
  report.goals = gs.items.length;

  const goal = (await goals.createGoal(
    { data: { name: 'Goal from Node', workspace: org.gid, is_workspace_level: true, time_period: quarter.gid } },
    { opt_fields: 'name,time_period.period,owner' },
  )).data;
  assert.equal(goal.time_period.period, 'Q1');
  report.goal = goal.gid;
  await goals.createGoalMetric({ data: { unit: 'percentage', initial_number_value: 0, target_number_value: 1 } }, goal.gid);
  const moved = await goals.updateGoalMetric({ data: { current_number_value: 0.5 } }, goal.gid, { opt_fields: 'metric.current_display_value' });
  assert.equal(moved.data.metric.current_display_value, '50%');

  const rel = await goalRelationships.addSupportingRelationship(
    { data: { supporting_resource: project.gid, contribution_weight: 0.5 } }, goal.gid,
    { opt_fields: 'resource_subtype,supporting_resource.name,contribution_weight' },
  );
  assert.equal(rel.data.resource_subtype, 'supporting_work');
  assert.equal(rel.data.supporting_resource.gid, project.gid);
  const rels = await all('goal relationships', goalRelationships.getGoalRelationships(goal.gid, { limit: 1 }), 1);
  assert.deepEqual(rels.items.map((r) => r.gid), [rel.data.gid]);

  const su = await statusUpdates.createStatusForObject(
    { data: { parent: goal.gid, status_type: 'on_track', title: 'From Node', text: 'Fine' } },
    { opt_fields: 'status_type,resource_subtype,parent.name' },
  );
  assert.equal(su.data.resource_subtype, 'goal_status_update');
  const sus = await all('status updates', statusUpdates.getStatusesForObject(goal.gid, { limit: 1 }), 1);
  assert.deepEqual(sus.items.map((u) => u.gid), [su.data.gid]);
  const current = await goals.getGoal(goal.gid, { opt_fields: 'current_status_update,status' });
  assert.equal(current.data.current_status_update.gid, su.data.gid);
  assert.equal(current.data.status, 'green');
  assert.deepEqual((await statusUpdates.deleteStatus(su.data.gid)).data, {});

  const ps = await projectStatuses.createProjectStatusForProject({ data: { color: 'yellow', title: 'From Node', text: 'Late' } }, project.gid);
  const withStatus = await projects.getProject(project.gid, { opt_fields: 'current_status.color,current_status_update.resource_subtype' });
  assert.equal(withStatus.data.current_status.color, 'yellow');
  assert.equal(withStatus.data.current_status_update.gid, ps.data.gid);
  await projectStatuses.deleteProjectStatus(ps.data.gid);
  await goals.deleteGoal(goal.gid);
}

main().catch((err) => {
  const body = err.response && err.response.text;
  console.error('check.js failed:', err.message || err, body ? `\nresponse: ${body}` : '');
  process.exit(1);
});
