// Package export gets an organization's data out of Asana: through
// Asana's own organization export, and as streaming, resumable,
// incremental backups that can be verified and restored.
//
// # Organization export
//
// OrgExport starts Asana's native export of an organization (service
// accounts of Enterprise organizations only), polls it on the client's
// clock and streams the gzipped JSON it produced to a writer or, atomically,
// to a file. The pre-signed download URL is re-read rather than stored and
// is fetched without the Asana token.
//
// # Backups
//
// Backup.Run copies an organization into a snapshot directory inside a
// backup directory:
//
//	manifest.json                    counts, SHA-256 per file, times, incremental state
//	workspace_memberships.jsonl      with is_admin, is_guest, is_active
//	users.jsonl  teams.jsonl  team_memberships.jsonl  projects.jsonl (archived too)
//	projects/<gid>/sections.jsonl
//	projects/<gid>/tasks.jsonl       tasks, each followed by its subtasks, depth first
//	projects/<gid>/stories.jsonl     comments and system stories, task by task
//	projects/<gid>/attachments.jsonl attachment metadata
//	<kind>.jsonl                     every other kind of backupKinds (kinds.go):
//	                                 custom fields, tags, portfolios, goals, status
//	                                 updates, briefs, templates, memberships, My Tasks,
//	                                 the audit log (whole in a full run, since the base in an incremental one)...
//	attachment_contents.jsonl        with AttachmentsContent: each file's SHA-256
//	attachment_files/<sha256>        the files, stored once, hard linked between snapshots
//	chunks/<snapshot>.pack           the content-defined chunks of large data files that were
//	                                 new in that snapshot, and the older packs it still uses,
//	                                 hard linked; the file is its index, <path>.chunks
//	                                 (or <path>.chunks.chunks), read with OpenDataFile
//
// Kinds are one table: each entry names the typed read method it lists
// (asana.RawRouteOf) and the kind whose objects are its parents; every
// read goes through the client's raw list (Client.RawList), so export
// spells out no path. Optional kinds the token cannot read (402, 403, or
// 404 for a parent gone since) are named in Manifest.Skipped.
//
// Every list asks for every field it keeps (opt_fields), so no object
// costs a request of its own: a full backup makes the minimum number of
// page requests. Objects are written with sorted keys and references as
// bare gids, so unchanged data gives byte-identical files. Memory does not
// grow with the organization: tasks stream page by page, each page's
// stories, attachments and subtasks fetched by a bounded number of
// goroutines.
//
// A run killed at any moment (SIGKILL included) continues when Run is
// called again: finished units of work (each list, each project) and, inside
// a project, finished pages of tasks are checkpointed, and files are
// renamed into place only when complete. The result is the same as an
// uninterrupted run.
//
// A run after a complete snapshot is incremental: it lists every project's
// tasks with every field (a page costs one request whatever its fields),
// copies the stories and attachments of the tasks whose modified_at did
// not change from the previous snapshot, and keeps a parent's subtasks
// from there too when its num_subtasks is the same and it did not change,
// replacing the subtasks that search found modified since. A project
// whose own record (modified_at, members, custom field settings, current
// status update) is byte for byte the base's can keep its memberships,
// custom field settings, status updates, attachments and task templates
// from there too when Backup.RelistEvery is above 1 (opt-in; by default
// they are listed every run), except on its turn to be listed again, at
// least every RelistEvery-th run, so that a change the record does not
// show (an access level, a file attached to the project, a task template)
// is at most that many runs late. The snapshot
// it writes is complete on its own, what a full run would write but for
// those late changes, and the files that did not change are hard links to
// the previous snapshot's (Backup.NoSharing keeps copies). The base is verified first:
// one that no longer matches its manifest is not copied from, and the run
// is full (Result.BaseError).
//
// The premium task search (search.go) saves most per-task requests: it
// tells which tasks have attachments (has_attachment), so that the others
// need no attachments call, pages the subtasks of a full run in bulk
// (is_subtask) so that a parent with a single subtask needs no subtasks
// call (a parent with more is listed: search does not tell its manual
// order; with Backup.SearchSubtasks every parent takes its subtasks from
// search, kept in creation order), and finds the subtasks modified since
// the base of an incremental run (is_subtask, modified_at.after). No
// result depends on it: a search refused (402 on a workspace that is not
// premium, any other error but 401) leaves the run on the per-task path,
// and search's
// indexing lag is minded: nothing modified less than Backup.SearchLag
// before the run is judged from search, a parent whose num_subtasks
// differs from what search found is listed, and incremental runs search
// back SearchLag before their base. A subtask edited within SearchLag of a
// run and not yet indexed may show its previous version until the next
// run.
//
// With Backup.ResourceExport a first full run takes what lies below each
// task (stories, whether it has attachments, subtasks where their order is
// known) from one resource export of the organization's tasks
// (resexport.go); the project lists are still requested, so the snapshot
// is the per-task path's. Any failure of the export leaves the run on that
// path (Result.ResourceExportError says why), and a task modified since
// the export began is fetched as without it.
//
// Verify recomputes a snapshot's counts and checksums; Prune (and
// Backup.Keep) keeps the last N snapshots; Schedule runs a backup
// periodically; Restore re-creates a snapshot in an organization,
// idempotently: teams, custom fields, tags, projects with their members
// and settings, tasks with everything the API lets a client set,
// comments, portfolios, goals, status updates, My Tasks and attachments.
//
// # What the backup directory is promised
//
// The server, a proxy, the files of a backup directory and a snapshot
// given to Restore are all treated as untrusted input:
//
//   - Every gid that becomes part of a file name or a request path (from
//     an API answer, a snapshot or a restore journal) must be an Asana
//     gid, decimal digits; anything else stops the run with an error
//     naming the object ("project gid \"../..\" is not an Asana gid").
//   - Every write, rename and removal of a backup goes through an
//     os.Root opened on the backup directory, so no name reaches outside
//     it. Inside it, no symbolic link is followed: directories are opened
//     one component at a time and a link is an error, temporary files
//     are created afresh after removing whatever had their name, and a
//     file is renamed over a link rather than written through it. A new
//     snapshot directory is always made, never taken over. The same holds
//     for OrgExport.DownloadFile in its file's directory and for the
//     restore journal.
//   - Only regular files are read (a link, a named pipe or a device is
//     refused, never opened or followed), and every read is bounded:
//     Verify reads at most one byte more than the manifest's size of each
//     file and refuses manifest paths that leave the snapshot; lines are
//     at most 16 MiB, a manifest at most 256 MiB.
//   - Retention (Backup.Keep, Prune) removes only directories named like
//     snapshots that hold a manifest (of the organization, for Keep); a
//     link is neither counted, followed nor removed.
//   - A resumed run keeps nothing on its checkpoint's word: each
//     temporary file must still have the length, lines and SHA-256 the
//     checkpoint recorded, and each finished file the size, lines and
//     SHA-256 recorded when it was finished, or that unit is fetched
//     again. Before it writes the manifest, a run
//     verifies the whole snapshot (one more read of it), so Run never
//     reports success for a snapshot that would fail Verify; a stray file
//     in the snapshot directory is an error.
//
// The backup directory itself, and the path to it, are the caller's: a
// link there is followed, as the caller named it. The guarantees are
// against a hostile server and against files planted or changed between
// runs; someone who can change the directory while a run is under way
// can still damage that run's snapshot (which then fails Verify), but
// cannot make it write outside.
//
// Known limits: of the tasks that are in no project (only in someone's
// My Tasks), only the first level of subtasks is backed up; the API
// cannot reach rules, forms, dashboards, the trash or messages (those only
// through OrgExport); a change that alters a task without changing its
// modified_at (a tag renamed, a dependency deleted) reaches an incremental
// snapshot only when the task next changes, or with Backup.Full.
package export
