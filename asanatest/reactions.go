package asanatest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Reactions: the tag "Reactions" of the spec, emoji reactions on stories
// and status updates. The API only reads them (people react in the web
// app), so the fake takes them from seeding (AddReaction, Generate). A
// reaction's emoji base is its emoji without skin-tone modifiers and
// variation selectors; GET /reactions lists a target's reactions with one
// base, in the order they were added, to whoever sees the target. Stories
// and status updates show them in reaction_summary: one item per base, in
// the order each base first appeared, whose variant is the emoji of that
// first reaction, with the count and whether the caller reacted.
func (s *Server) reactionRoutes() {
	s.handle("GET /reactions", s.getReactions)
}

// Reaction is a user's emoji reaction to a story or a status update.
type Reaction struct {
	GID       string
	TargetGID string // a story or a status update
	UserGID   string
	Emoji     string // "👍", "👍🏽"
	CreatedAt time.Time
}

// emojiBase is an emoji without skin-tone modifiers (U+1F3FB to U+1F3FF)
// and variation selectors (U+FE0E, U+FE0F).
func emojiBase(e string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x1F3FB && r <= 0x1F3FF || r == 0xFE0E || r == 0xFE0F {
			return -1
		}
		return r
	}, e)
}

// reactionStore holds the reactions (storeOf[reactionStore]).
type reactionStore struct {
	reactions table[Reaction]
	byTarget  index
}

func newReactionStore() any {
	return &reactionStore{reactions: newTable[Reaction](), byTarget: make(index)}
}

func reactions(st *state) *reactionStore { return storeOf[reactionStore](st) }

func (rs *reactionStore) insert(st *state, r *Reaction) *Reaction {
	rs.reactions.put(st.gidFor(&r.GID), r)
	rs.byTarget.add(r.TargetGID, r.GID)
	return r
}

// reactionKind renders a reaction (the spec's ReactionCompact, which has
// no resource_type).
var reactionKind = func() *kind {
	fields := []string{"gid", "emoji", "user"}
	k := newKind("", fields, fields, map[string]func(*view, *Reaction) any{
		"gid":   func(_ *view, r *Reaction) any { return r.GID },
		"emoji": func(_ *view, r *Reaction) any { return r.Emoji },
		"user":  func(v *view, r *Reaction) any { return v.refTo(v.kinds.user, r.UserGID) },
	})
	storedIn(k, func(st *state) *table[Reaction] { return &reactions(st).reactions })
	return k
}()

// reactionSummaryItem is one emoji base of a target's reactions.
type reactionSummaryItem struct {
	base, variant string
	count         int
	reacted       bool
}

// reactionSummaryKind renders a summary item (ReactionSummaryItemCompact).
var reactionSummaryKind = newKind("", nil, []string{"emoji_base", "variant", "count", "reacted"},
	map[string]func(*view, *reactionSummaryItem) any{
		"emoji_base": func(_ *view, i *reactionSummaryItem) any { return i.base },
		"variant":    func(_ *view, i *reactionSummaryItem) any { return i.variant },
		"count":      func(_ *view, i *reactionSummaryItem) any { return i.count },
		"reacted":    func(_ *view, i *reactionSummaryItem) any { return i.reacted },
	})

// reactionSummary is the reaction_summary of a story or status update.
func (v *view) reactionSummary(target string) any {
	rs := reactions(v.st)
	var items []*reactionSummaryItem
	for _, g := range rs.byTarget[target] {
		r := rs.reactions.get(g)
		base := emojiBase(r.Emoji)
		i := slices.IndexFunc(items, func(it *reactionSummaryItem) bool { return it.base == base })
		if i < 0 {
			items = append(items, &reactionSummaryItem{base: base, variant: r.Emoji})
			i = len(items) - 1
		}
		items[i].count++
		items[i].reacted = items[i].reacted || r.UserGID == v.viewer
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = embed{k: reactionSummaryKind, rec: it}
	}
	return out
}

// addReactionFields makes stories and status updates show their
// reactions.
func (k *kinds) addReactionFields() {
	k.story.fields["reaction_summary"] = field(func(v *view, s *Story) any { return v.reactionSummary(s.GID) })
	k.statusUpdate.fields["reaction_summary"] = field(func(v *view, u *StatusUpdate) any { return v.reactionSummary(u.GID) })
}

// reactionTarget resolves the target query parameter: a story (of a task
// or goal) or a status update the caller can see.
func (rq *request) reactionTarget(gid string) error {
	if _, err := checkGID("target", gid); err != nil {
		return err
	}
	if st := rq.st.stories.get(gid); st != nil {
		if st.GoalGID != "" {
			_, _, err := rq.goalStory(gid)
			return err
		}
		_, _, err := resolveVia("target", gid, rq.st.stories.get,
			func(st *Story) *Task { return rq.st.liveTask(st.TaskGID) },
			func(t *Task) bool { return rq.s.canSeeTask(rq.p, t) })
		return err
	}
	if u := statusUpdates(rq.st).updates.get(gid); u != nil {
		_, err := rq.statusParentParam("target", u.ParentGID)
		if e, ok := err.(*apiError); ok && e.status == 404 {
			err = notFound("target", gid)
		}
		return err
	}
	return notFound("target", gid)
}

// getReactions lists a target's reactions with one emoji base.
func (s *Server) getReactions(rq *request) reply {
	target := rq.query.Get("target")
	if target == "" {
		return rq.fail(missingInput("target"))
	}
	base := rq.query.Get("emoji_base")
	if base == "" {
		return rq.fail(missingInput("emoji_base"))
	}
	if err := rq.reactionTarget(target); err != nil {
		return rq.fail(err)
	}
	base = emojiBase(base)
	rs := reactions(rq.st)
	p, err := rq.paginate(rs.byTarget[target], func(g string) bool { return emojiBase(rs.reactions.get(g).Emoji) == base })
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(reactionKind, p)
}

// AddReaction seeds a user's reaction to a story or status update. A user
// reacts with one emoji once per target. CreatedAt defaults to the fake's
// clock.
func (s *Server) AddReaction(r Reaction) (Reaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addReactionLocked(r)
}

func (s *Server) addReactionLocked(r Reaction) (Reaction, error) {
	if strings.TrimSpace(r.Emoji) == "" || emojiBase(r.Emoji) == "" {
		return Reaction{}, fmt.Errorf("asanatest: a reaction needs an emoji, got %q", r.Emoji)
	}
	if s.st.stories.get(r.TargetGID) == nil && statusUpdates(s.st).updates.get(r.TargetGID) == nil {
		return Reaction{}, fmt.Errorf("asanatest: no story or status update %q", r.TargetGID)
	}
	if s.st.users.get(r.UserGID) == nil {
		return Reaction{}, fmt.Errorf("asanatest: no user %q", r.UserGID)
	}
	rs := reactions(s.st)
	for _, g := range rs.byTarget[r.TargetGID] {
		if old := rs.reactions.get(g); old.UserGID == r.UserGID && old.Emoji == r.Emoji {
			return Reaction{}, fmt.Errorf("asanatest: user %s already reacted %s to %s", r.UserGID, r.Emoji, r.TargetGID)
		}
	}
	r.GID = ""
	r.CreatedAt = s.stamp(r.CreatedAt)
	return *rs.insert(s.st, &r), nil
}

// Reactions returns copies of a target's reactions, in the order they
// were added.
func (s *Server) Reactions(targetGID string) []Reaction {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rs := reactions(s.st)
	out := make([]Reaction, 0, len(rs.byTarget[targetGID]))
	for _, g := range rs.byTarget[targetGID] {
		out = append(out, *rs.reactions.get(g))
	}
	return out
}
