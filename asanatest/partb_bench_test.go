package asanatest

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
)

// BenchmarkReactions reads a comment with 1,000 reactions by 1,000
// people, in process: its reaction_summary (grouped by emoji base on each
// read), and a page of 100 of its thumbs-up reactions.
func BenchmarkReactions(b *testing.B) {
	f := newWorkFixture(b, WithRateLimit(0, 0), WithConcurrency(0, 0))
	s := f.s
	story := Must(s.AddStory(Story{TaskGID: f.t1.GID, CreatedByGID: f.member.GID, Text: "Shipped"}))
	emoji := []string{"👍", "👍🏽", "🎉", "❤️", "👀", "🙌🏻", "✅", "👍🏿"}
	for i := range 1000 {
		u := Must(s.AddUser(User{Name: fmt.Sprintf("Fan %d", i)}))
		Must(s.AddWorkspaceMember(f.org.GID, u.GID, MemberOptions{}))
		Must(s.AddReaction(Reaction{TargetGID: story.GID, UserGID: u.GID, Emoji: emoji[i%len(emoji)]}))
	}
	for _, bc := range []struct{ name, path string }{
		{"summary", "/stories/" + story.GID + "?opt_fields=reaction_summary"},
		{"page", "/reactions?limit=100&target=" + story.GID + "&emoji_base=" + url.QueryEscape("👍")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			client := s.HTTPClient()
			b.ReportAllocs()
			for b.Loop() {
				req, _ := http.NewRequest("GET", s.URL()+bc.path, nil)
				req.Header.Set("Authorization", "Bearer "+f.saTok)
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}
