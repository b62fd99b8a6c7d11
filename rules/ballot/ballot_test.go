package ballot

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/sheet"
	"wenming/rules/standard"
	"wenming/testenv/english"
)

func form(t testing.TB) *standard.Standard {
	t.Helper()
	b, err := os.ReadFile("../../standards/pioneer-post.yaml")
	require.NoError(t, err)
	s, err := standard.Parse("pioneer-post.yaml", b)
	require.NoError(t, err)
	return s
}

const head = "ballot,candidate,1,2,3,4,5,6,7,8,9,10\n"

var candidates = map[string]string{"m1": "", "m2": "", "m3": "受到通报批评 (2026-08-03)"}

func read(t testing.TB, text string, present int) (*Sheet, error) {
	tbl, err := sheet.ReadCSV("ballots.csv", strings.NewReader(text))
	require.NoError(t, err)
	return Read(tbl, form(t), present, candidates)
}

func TestAGoodSheet(t *testing.T) {
	s, err := read(t, head+
		"001,m1,10,10,10,10,10,10,10,10,10,10\n"+
		"001,m2,8,8,8,8,8,8,8,8,8,8\n"+
		"002,m1,9,9,9,9,9,9,9,9,9,9\n"+
		"002,m2,7,7,7,7,7,7,7,7,7,0\n", 2)
	require.NoError(t, err)
	assert.Equal(t, 2, s.Ballots)
	assert.Len(t, s.Rows, 4)
	assert.Equal(t, map[string]float64{"m1": 95, "m2": 71.5}, s.Averages())
	assert.Equal(t, "2 ballots from 2 members present, 4 forms", s.String(), "no score in the summary")
}

func TestEveryRejectedBallot(t *testing.T) {
	full := func(paper, cand string) string { return paper + "," + cand + ",5,5,5,5,5,5,5,5,5,5\n" }
	tests := []struct {
		name    string
		text    string
		present int
		want    string
	}{
		{"a candidate not in the branch", head + full("001", "m9"), 5, `ballots.csv:2: candidate: "m9" is not a member of this branch`},
		{"an ineligible candidate", head + full("001", "m3"), 5, `ballots.csv:2: candidate: "m3" is not a candidate this round: 受到通报批评 (2026-08-03)`},
		{"more ballots than members present", head + full("001", "m1") + full("002", "m1") + full("003", "m1"), 2, "ballots.csv: ballot: 3 ballots but only 2 members present"},
		{"a ballot number twice", head + full("001", "m1") + full("001", "m1"), 5, "ballots.csv:3: ballot: ballot 001 scores m1 twice (first on line 2)"},
		{"a score off the grid", head + "001,m1,5,5,5,5,5,5,5,5,5,7.5\n", 5, `ballots.csv:2: criterion 10: "7.5" is not a whole number of points`},
		{"a score above the maximum", head + "001,m1,5,5,5,5,5,5,5,5,5,11\n", 5, "ballots.csv:2: criterion 10: 11 is outside 0..10"},
		{"a missing criterion", head + "001,m1,5,5,5,5,5,5,5,5,5\n", 5, "ballots.csv:2: criterion 10: the score is missing"},
		{"a missing criterion column", "ballot,candidate,1,2,3,4,5,6,7,8,9\n" + full("001", "m1"), 5, `expected "ballot,candidate,1,2,3,4,5,6,7,8,9,10"`},
		{"no members present", head + full("001", "m1"), 0, "present: give the number of members present"},
		{"an empty ballot number", head + full("", "m1"), 5, "ballots.csv:2: ballot: the ballot number is empty"},
		{"no ballots", head, 5, "ballots.csv: the sheet has no ballots"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(t, tt.text, tt.present)
			require.Error(t, err)
			assert.Contains(t, english.Of(err), tt.want)
		})
	}
}

func TestShuffleKeepsTheTally(t *testing.T) {
	var b strings.Builder
	b.WriteString(head)
	for i := range 40 {
		fmt.Fprintf(&b, "%03d,m1,1,2,3,4,5,6,7,8,9,%d\n", i, i%11)
		fmt.Fprintf(&b, "%03d,m2,1,1,1,1,1,1,1,1,1,1\n", i)
	}
	s, err := read(t, b.String(), 40)
	require.NoError(t, err)
	before := s.Averages()
	s.Shuffle()
	assert.Equal(t, before, s.Averages())
}

func FuzzReadBallots(f *testing.F) {
	f.Add([]byte(head+"001,m1,10,10,10,10,10,10,10,10,10,10\n"), 3)
	f.Add([]byte(head+"001,m1,1,2\n002,m3,x\n"), 1)
	f.Fuzz(func(t *testing.T, data []byte, present int) {
		tbl, err := sheet.ReadCSV("f.csv", strings.NewReader(string(data)))
		if err != nil {
			return
		}
		s, err := Read(tbl, form(t), present, candidates)
		if err != nil {
			return
		}
		if s.Ballots > present {
			t.Fatalf("%d ballots accepted with %d present", s.Ballots, present)
		}
		for _, r := range s.Rows {
			if r.Total() < 0 || r.Total() > 100 || candidates[r.Candidate] != "" {
				t.Fatalf("bad row accepted: %+v", r)
			}
		}
	})
}

// The stored order says nothing of the order the papers were read out: after a shuffle few
// rows stay where they were (a shuffle that kept the file's order would keep all 100), and a
// row carries no paper number to sort them back by.
func TestShuffleLosesThePapersOrder(t *testing.T) {
	var b strings.Builder
	b.WriteString(head)
	for i := range 100 {
		fmt.Fprintf(&b, "%03d,m1,%d,%d,1,1,1,1,1,1,1,1\n", i, i%10, i/10)
	}
	s, err := read(t, b.String(), 100)
	require.NoError(t, err)
	before := append([]Row(nil), s.Rows...)
	s.Shuffle()
	stayed := 0
	for i := range before {
		if slices.Equal(before[i].Scores, s.Rows[i].Scores) {
			stayed++
		}
	}
	// One row stays put on average; 10 or more happens about once in ten million shuffles.
	assert.Less(t, stayed, 10, "rows left where the file had them")
	assert.Equal(t, []string{"Candidate", "Scores"}, fieldNames(Row{}), "a row holds the candidate and the scores, nothing that numbers the paper")
}

func fieldNames(v any) []string {
	var out []string
	for f := range reflect.TypeOf(v).Fields() {
		out = append(out, f.Name)
	}
	return out
}
