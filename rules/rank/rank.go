// Package rank ranks candidates by score and applies quotas: a fixed number, a share of the
// candidates, and a share of each parent unit's internal departments. Candidates with equal
// scores that do not all fit under the cut are a tie, which only an administrator's explicit
// decision resolves: the rules never break a tie by themselves.
package rank

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"wenming/msg"
	"wenming/rules/points"
)

// Candidate is a unit (or member, or branch) that may be selected.
type Candidate struct {
	ID     string
	Total  points.Points
	Parent string // for per-parent quotas; empty when none applies
}

// Quota limits the selection. Zero fields mean no limit of that kind.
type Quota struct {
	Max              int
	ShareBP          int            // share of the candidates, in basis points, rounded down
	PerParentShareBP int            // share of the parent's internal departments, rounded by Rounding
	Rounding         Rounding       // how a parent's share becomes a count; "" is down
	Departments      map[string]int // internal departments of each parent
}

// Rounding says how a share of a parent's departments becomes a whole count.
type Rounding string

// Roundings a spec may name; the plan's words ("按照不超过单位内设机构10%的比例") read as down.
const (
	Down    Rounding = "down"
	Up      Rounding = "up"
	Nearest Rounding = "nearest" // half up
)

// Roundings lists the roundings a spec may name.
var Roundings = []Rounding{Down, Up, Nearest}

// ParentRoom is how many of a parent's windows or departments may be declared (and named):
// its internal departments times the share, rounded.
func ParentRoom(departments, shareBP int, r Rounding) int {
	n := departments * shareBP
	switch r {
	case Up:
		return (n + 9999) / 10000
	case Nearest:
		return (n + 5000) / 10000
	}
	return n / 10000
}

// Ranked is a candidate's place: equal totals share a rank (1, 2, 2, 4).
type Ranked struct {
	ID    string
	Total points.Points
	Rank  int
}

// Tie is a group of equal totals at the cut: Slots of them can be selected.
type Tie struct {
	Units   []string      // sorted
	Parents []string      // the parent of each unit, when a per-parent quota applies
	Total   points.Points // their common total
	Slots   int
	Rooms   []Room // per-parent room left, when a per-parent quota applies
}

// Room is how many more a parent may have selected.
type Room struct {
	Parent string
	Room   int
}

// Key identifies the tie, so a decision applies only to the tie it was made for.
func (t Tie) Key() string { return strings.Join(t.Units, ",") }

// Decision resolves a tie: which of its units are selected.
type Decision struct {
	Tie     string   // Tie.Key() of the tie decided
	Include []string // exactly Slots units of the tie
	// Lapsed: nobody decided the tie in the time the plan gives; none of it is selected and
	// its places stay empty (nobody below it moves up past a tie left undecided).
	Lapsed bool `json:",omitempty"`
}

// Selection is the outcome.
type Selection struct {
	Ranked      []Ranked
	Selected    []string
	NotSelected []string
	Pending     *Tie // a tie with no decision yet; everything at and below it is undecided
}

// Limit is how many may be selected out of n candidates.
func (q Quota) Limit(n int) int {
	limit := n
	if q.Max > 0 {
		limit = min(limit, q.Max)
	}
	if q.ShareBP > 0 {
		limit = min(limit, n*q.ShareBP/10000)
	}
	return limit
}

func (q Quota) parentRoom(parent string) int {
	if q.PerParentShareBP <= 0 {
		return -1 // no per-parent limit
	}
	return ParentRoom(q.Departments[parent], q.PerParentShareBP, q.Rounding)
}

// Percent says a share in basis points as a percentage: 1000 is "10%", 1250 "12.5%".
func Percent(bp int) string {
	if bp%100 == 0 {
		return fmt.Sprintf("%d%%", bp/100)
	}
	return fmt.Sprintf("%g%%", float64(bp)/100)
}

// Order ranks candidates by total, highest first; equal totals share a rank.
func Order(cands []Candidate) []Ranked {
	sorted := slices.Clone(cands)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Total != sorted[j].Total {
			return sorted[i].Total > sorted[j].Total
		}
		return sorted[i].ID < sorted[j].ID
	})
	out := make([]Ranked, len(sorted))
	for i, c := range sorted {
		out[i] = Ranked{ID: c.ID, Total: c.Total, Rank: i + 1}
		if i > 0 && c.Total == sorted[i-1].Total {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}

// Select applies the quota in rank order, group by group of equal totals.
func Select(cands []Candidate, q Quota, decisions []Decision) (Selection, error) {
	ranked := Order(cands)
	parent := map[string]string{}
	for _, c := range cands {
		parent[c.ID] = c.Parent
	}
	sel := Selection{Ranked: ranked}
	left := q.Limit(len(cands))
	used := map[string]int{}
	for start := 0; start < len(ranked); {
		end := start
		for end < len(ranked) && ranked[end].Total == ranked[start].Total {
			end++
		}
		group := make([]string, 0, end-start)
		for _, r := range ranked[start:end] {
			group = append(group, r.ID)
		}
		start = end
		if sel.Pending != nil {
			continue
		}
		tie := fit(group, parent, q, left, used)
		if tie != nil {
			tie.Total = ranked[end-1].Total
		}
		if tie == nil { // the whole group fits
			sel.Selected = append(sel.Selected, group...)
			for _, id := range group {
				used[parent[id]]++
			}
			left -= len(group)
			continue
		}
		if tie.Slots == 0 {
			sel.NotSelected = append(sel.NotSelected, group...)
			continue
		}
		include, lapsed, decided, err := decided(*tie, decisions, parent)
		if err != nil {
			return sel, err
		}
		if !decided {
			sel.Pending = tie
			continue
		}
		if lapsed {
			sel.NotSelected = append(sel.NotSelected, group...)
			left = 0
			continue
		}
		for _, id := range group {
			if slices.Contains(include, id) {
				sel.Selected = append(sel.Selected, id)
				used[parent[id]]++
				left--
			} else {
				sel.NotSelected = append(sel.NotSelected, id)
			}
		}
	}
	if sel.Pending != nil {
		sel.Selected, sel.NotSelected = nil, nil
	}
	return sel, nil
}

// fit returns nil when the whole group can be selected, else the tie it makes: how many of
// it can be selected (0: none) and the room of each parent.
func fit(group []string, parent map[string]string, q Quota, left int, used map[string]int) *Tie {
	perParent := map[string]int{}
	for _, id := range group {
		perParent[parent[id]]++
	}
	slots := 0
	fitsWhole := len(group) <= left
	var rooms []Room
	for _, p := range sortedKeys(perParent) {
		room := q.parentRoom(p)
		if room < 0 {
			slots += perParent[p]
			continue
		}
		room = max(0, room-used[p])
		rooms = append(rooms, Room{Parent: p, Room: room})
		if perParent[p] > room {
			fitsWhole = false
		}
		slots += min(perParent[p], room)
	}
	if fitsWhole {
		return nil
	}
	units := slices.Clone(group)
	sort.Strings(units)
	t := &Tie{Units: units, Slots: min(slots, left), Rooms: rooms}
	if len(rooms) > 0 {
		for _, id := range units {
			t.Parents = append(t.Parents, parent[id])
		}
	}
	return t
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// decided finds the last decision for the tie: whom it includes, or that it lapsed.
func decided(t Tie, decisions []Decision, parent map[string]string) (include []string, lapsed, ok bool, err error) {
	for i := len(decisions) - 1; i >= 0; i-- {
		d := decisions[i]
		if d.Tie != t.Key() {
			continue
		}
		if d.Lapsed {
			return nil, true, true, nil
		}
		if err := Check(t, d.Include); err != nil {
			return nil, false, false, err
		}
		return d.Include, false, true, nil
	}
	return nil, false, false, nil
}

// Check verifies a decision for a tie: exactly Slots distinct units of the tie, within each
// parent's room.
func Check(t Tie, include []string) error {
	parent := map[string]string{}
	for i, p := range t.Parents {
		parent[t.Units[i]] = p
	}
	seen := map[string]bool{}
	perParent := map[string]int{}
	for _, id := range include {
		if !slices.Contains(t.Units, id) {
			return msg.Err("refuse.tie.not_tied", "ID", id, "Tied", t.Units)
		}
		if seen[id] {
			return msg.Err("refuse.tie.twice", "ID", id)
		}
		seen[id] = true
		perParent[parent[id]]++
	}
	if len(include) != t.Slots {
		return msg.Err("refuse.tie.count", "Slots", t.Slots, "Tied", t.Units, "Total", t.Total, "Chosen", len(include))
	}
	for _, r := range t.Rooms {
		if perParent[r.Parent] > r.Room {
			return msg.Err("refuse.tie.room", "Room", r.Room, "Parent", r.Parent)
		}
	}
	return nil
}
