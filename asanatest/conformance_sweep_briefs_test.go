package asanatest

// newSweepBriefs gives the sweep's project a brief with an attachment,
// and another project a brief to delete.
func newSweepBriefs(f *sweepFixture) {
	s := f.s
	f.brief = Must(s.AddProjectBrief(ProjectBrief{ProjectGID: f.project.GID, Title: "Why", Text: "Because"}))
	Must(s.AddAttachment(Attachment{ParentGID: f.brief.GID, Name: "brief.txt", ResourceSubtype: "asana", Host: "asana",
		Content: []byte("brief")}))
	other := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Briefed"}))
	f.doomedBrief = Must(s.AddProjectBrief(ProjectBrief{ProjectGID: other.GID, Title: "Doomed"}))
}

func init() {
	for op, w := range map[string]sweepWrite{
		"POST /projects/{project_gid}/project_briefs": {body: `{"data":{"title":"Item","html_text":"<body>What &amp; why</body>"}}`, paths: map[string]string{"project_gid": "{itemProject}"}},
		"PUT /project_briefs/{project_brief_gid}":     {body: `{"data":{"title":"Why now","text":"Because"}}`},
		"DELETE /project_briefs/{project_brief_gid}":  {paths: map[string]string{"project_brief_gid": "{doomedBrief}"}},
	} {
		sweepWrites[op] = w
	}
}
