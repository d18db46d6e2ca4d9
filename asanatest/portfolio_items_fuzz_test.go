package asanatest

import (
	"slices"
	"testing"
)

// FuzzPortfolioItems drives addItem (with insert_before / insert_after)
// and removeItem with arbitrary operations and checks the items list after
// each against a plain slice model: same statuses, same order, no panic.
// Each operation is three bytes: op and item, anchor mode, anchor.
func FuzzPortfolioItems(f *testing.F) {
	f.Add([]byte{0x00, 0, 0, 0x01, 1, 0, 0x02, 2, 1})
	f.Add([]byte{0x10, 0, 0, 0x11, 0, 0, 0x01, 1, 0})
	f.Add([]byte{0x03, 1, 3, 0x04, 2, 3, 0x13, 0, 0, 0x05, 0, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 60 {
			ops = ops[:60]
		}
		s := Must(New())
		defer s.Close()
		org := Must(s.AddWorkspace(Workspace{Name: "Org", IsOrganization: true, Enterprise: true}))
		sa, tok, err := s.AddServiceAccount(org.GID, "bot")
		if err != nil {
			t.Fatal(err)
		}
		team := Must(s.AddTeam(Team{OrganizationGID: org.GID, Name: "T"}))
		pf := Must(s.AddPortfolio(Portfolio{WorkspaceGID: org.GID, Name: "P", OwnerGID: sa.GID}))
		var pool []string // five projects and a nested portfolio
		for range 5 {
			pool = append(pool, Must(s.AddProject(Project{WorkspaceGID: org.GID, TeamGID: team.GID, Name: "p"})).GID)
		}
		pool = append(pool, Must(s.AddPortfolio(Portfolio{WorkspaceGID: org.GID, Name: "n"})).GID)
		var model []string
		for i := 0; i+2 < len(ops); i += 3 {
			item := pool[int(ops[i]&0x0f)%len(pool)]
			remove := ops[i]&0x10 != 0
			anchor := pool[int(ops[i+2])%len(pool)]
			mode := ops[i+1] % 3 // none, before, after
			var body string
			want := 200
			if remove {
				body = `{"data":{"item":"` + item + `"}}`
				if !slices.Contains(model, item) {
					want = 400
				} else {
					model = removeValue(model, item)
				}
			} else {
				field := map[byte]string{1: "insert_before", 2: "insert_after"}[mode]
				body = `{"data":{"item":"` + item + `"}}`
				if field != "" {
					body = `{"data":{"item":"` + item + `","` + field + `":"` + anchor + `"}}`
				}
				rest := removeValue(model, item)
				pos := len(rest)
				switch {
				case field != "" && anchor == item:
					want = 400
				case field != "" && !slices.Contains(rest, anchor):
					want = 400
				case field != "":
					pos = slices.Index(rest, anchor)
					if mode == 2 {
						pos++
					}
				}
				if want == 200 {
					model = slices.Insert(slices.Clone(rest), pos, item)
				}
			}
			path := "/portfolios/" + pf.GID + map[bool]string{false: "/addItem", true: "/removeItem"}[remove]
			if code, _, doc := call(t, s, tok, "POST", path, body); code != want {
				t.Fatalf("op %d %s %s: %d, want %d: %v", i/3, path, body, code, want, doc)
			}
			got := gids(t, must(t, s, tok, "GET", "/portfolios/"+pf.GID+"/items", "", 200))
			if !slices.Equal(got, model) && !(len(got) == 0 && len(model) == 0) {
				t.Fatalf("op %d: items %v, model %v", i/3, got, model)
			}
		}
	})
}
