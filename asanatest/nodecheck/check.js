// check.js drives Asana's official Node.js client (npm package asana,
// pinned in package.json) against an Asana API, normally the asanatest
// fake, and prints a JSON report of what it saw on its last line. It
// asserts what the client itself relies on: lists with limit and
// nextPage(), creates and updates with {data: ...} bodies, GET and DELETE requests
// sent with Content-Type application/json, opt_fields given as a string,
// errors carrying Asana's {"errors": [...]} body, and custom fields (a
// definition, an option, a project setting and a task value).
//
// Usage: ASANA_BASE_URL=http://127.0.0.1:PORT/api/1.0 ASANA_TOKEN=... node check.js
//
// nodecheck_test.go in the parent directory runs it; see there.
'use strict';

const assert = require('node:assert/strict');
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

  const bad = await status(tasks.getTasksForProject(project.gid, { limit: 101 }));
  report.limit_101 = bad;

  console.log(JSON.stringify(report));
}

main().catch((err) => {
  const body = err.response && err.response.text;
  console.error('check.js failed:', err.message || err, body ? `\nresponse: ${body}` : '');
  process.exit(1);
});
