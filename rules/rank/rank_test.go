package rank

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/msg"
	"wenming/rules/points"
)

func cands(pairs ...any) []Candidate {
	var out []Candidate
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, Candidate{ID: pairs[i].(string), Total: points.FromFloat(pairs[i+1].(float64))})
	}
	return out
}

func TestOrderSharesRanksOnEqualTotals(t *testing.T) {
	r := Order(cands("a", 90.0, "b", 97.5, "c", 90.0, "d", 80.0))
	assert.Equal(t, []Ranked{{"b", 9750, 1}, {"a", 9000, 2}, {"c", 9000, 2}, {"d", 8000, 4}}, r)
}

func TestSelect(t *testing.T) {
	base := cands("a", 99.0, "b", 97.5, "c", 95.0, "d", 95.0, "e", 91.0)
	tests := []struct {
		name        string
		quota       Quota
		decisions   []Decision
		selected    []string
		notSelected []string
		tie         *Tie
	}{
		{"no quota selects everyone", Quota{}, nil, []string{"a", "b", "c", "d", "e"}, nil, nil},
		{"a fixed number", Quota{Max: 2}, nil, []string{"a", "b"}, []string{"c", "d", "e"}, nil},
		{"a share rounds down", Quota{ShareBP: 5000}, nil, []string{"a", "b"}, []string{"c", "d", "e"}, nil},
		{"the tighter limit wins", Quota{Max: 9, ShareBP: 4000}, nil, []string{"a", "b"}, []string{"c", "d", "e"}, nil},
		{"a tie at the cut waits for a decision", Quota{Max: 3}, nil, nil, nil,
			&Tie{Units: []string{"c", "d"}, Total: 9500, Slots: 1}},
		{"the decision resolves it", Quota{Max: 3}, []Decision{{Tie: "c,d", Include: []string{"d"}}},
			[]string{"a", "b", "d"}, []string{"c", "e"}, nil},
		{"a decision for another tie does not", Quota{Max: 3}, []Decision{{Tie: "c,e", Include: []string{"c"}}}, nil, nil,
			&Tie{Units: []string{"c", "d"}, Total: 9500, Slots: 1}},
		{"a lapsed tie leaves its places empty, and nobody below moves up", Quota{Max: 4}, []Decision{{Tie: "c,d", Lapsed: true}},
			[]string{"a", "b", "c", "d"}, []string{"e"}, nil}, // no tie: the decision is not asked for
		{"a lapsed tie at the cut selects none of it", Quota{Max: 3}, []Decision{{Tie: "c,d", Lapsed: true}},
			[]string{"a", "b"}, []string{"c", "d", "e"}, nil},
		{"a tie wholly inside the quota is no tie", Quota{Max: 4}, nil, []string{"a", "b", "c", "d"}, []string{"e"}, nil},
		{"a tie wholly outside the quota is no tie", Quota{Max: 2}, nil, []string{"a", "b"}, []string{"c", "d", "e"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := Select(base, tt.quota, tt.decisions)
			require.NoError(t, err)
			assert.Equal(t, tt.selected, sel.Selected)
			assert.Equal(t, tt.notSelected, sel.NotSelected)
			assert.Equal(t, tt.tie, sel.Pending)
			assert.Len(t, sel.Ranked, 5)
		})
	}
}

func TestPerParentShare(t *testing.T) {
	// Windows of two bureaus: at most 10% of each bureau's internal departments (rounded down).
	c := []Candidate{
		{ID: "tax-w1", Total: 9900, Parent: "tax"}, {ID: "tax-w2", Total: 9800, Parent: "tax"},
		{ID: "tax-w3", Total: 9700, Parent: "tax"}, {ID: "fin-w1", Total: 9600, Parent: "finance"},
		{ID: "fin-w2", Total: 9500, Parent: "finance"},
	}
	q := Quota{PerParentShareBP: 1000, Departments: map[string]int{"tax": 25, "finance": 12}}
	sel, err := Select(c, q, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"tax-w1", "tax-w2", "fin-w1"}, sel.Selected, "tax may have 2, finance 1")
	assert.Equal(t, []string{"tax-w3", "fin-w2"}, sel.NotSelected)
}

func TestTieWithinAParentsRoom(t *testing.T) {
	c := []Candidate{
		{ID: "w1", Total: 9900, Parent: "tax"}, {ID: "w2", Total: 9800, Parent: "tax"}, {ID: "w3", Total: 9800, Parent: "tax"},
	}
	q := Quota{PerParentShareBP: 1000, Departments: map[string]int{"tax": 20}}
	sel, err := Select(c, q, nil)
	require.NoError(t, err)
	require.NotNil(t, sel.Pending)
	assert.Equal(t, Tie{Units: []string{"w2", "w3"}, Parents: []string{"tax", "tax"}, Total: 9800, Slots: 1, Rooms: []Room{{"tax", 1}}}, *sel.Pending)

	assert.NoError(t, Check(*sel.Pending, []string{"w3"}))
	assert.EqualError(t, Check(*sel.Pending, []string{"w2", "w3"}), "须从并列的 w2、w3（同为 98）中选定 1 个，而不是 2 个")
	assert.EqualError(t, Check(*sel.Pending, []string{"w1"}), "w1 不在并列名单中（并列：w2、w3）")
	assert.EqualError(t, Check(*sel.Pending, []string{"w2", "w2"}), "w2 重复列出")
	var e *msg.Error
	require.ErrorAs(t, Check(*sel.Pending, []string{"w1"}), &e)
	assert.Equal(t, "w1 is not one of the tied w2, w3", msg.For(msg.English).Render(e.Text), "the same refusal in English")
}

func TestAnInvalidRecordedDecisionIsAnError(t *testing.T) {
	_, err := Select(cands("a", 90.0, "b", 90.0), Quota{Max: 1}, []Decision{{Tie: "a,b", Include: []string{"a", "b"}}})
	assert.ErrorContains(t, err, "中选定 1 个")
}

func TestLimit(t *testing.T) {
	assert.Equal(t, 3, Quota{ShareBP: 3000}.Limit(10))
	assert.Equal(t, 2, Quota{ShareBP: 3000}.Limit(9), "30% of 9 is 2.7: rounded down")
	assert.Equal(t, 0, Quota{ShareBP: 3000}.Limit(3))
	assert.Equal(t, 10, Quota{}.Limit(10))
}

func TestParentRoom(t *testing.T) {
	for _, c := range []struct {
		departments, shareBP int
		rounding             Rounding
		want                 int
	}{
		{9, 1000, Down, 0}, {9, 1000, "", 0}, {10, 1000, Down, 1}, {19, 1000, Down, 1}, {20, 1000, Down, 2},
		{9, 1000, Up, 1}, {1, 1000, Up, 1}, {10, 1000, Up, 1}, {11, 1000, Up, 2}, {0, 1000, Up, 0},
		{4, 1000, Nearest, 0}, {5, 1000, Nearest, 1}, {14, 1000, Nearest, 1}, {15, 1000, Nearest, 2},
	} {
		if got := ParentRoom(c.departments, c.shareBP, c.rounding); got != c.want {
			t.Errorf("ParentRoom(%d, %d, %q) = %d, want %d", c.departments, c.shareBP, c.rounding, got, c.want)
		}
	}
}
