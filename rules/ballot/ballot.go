// Package ballot reads a branch's sheet of democratic-evaluation forms (民主测评表): one row per
// form, that is one voter's paper for one candidate, with the paper's number, the candidate and
// a whole-point score for every criterion of the standard. Papers are anonymous: the number
// only tells two papers apart, and it is dropped once the sheet is checked, so no stored
// ballot can be tied back to a paper or to whoever filled it in.
package ballot

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/rules/standard"
)

// Row is one form: a candidate's scores, criterion by criterion, with no paper number.
type Row struct {
	Candidate string
	Scores    []int16
}

// Total is the form's total score.
func (r Row) Total() int16 {
	var t int16
	for _, s := range r.Scores {
		t += s
	}
	return t
}

// Sheet is a checked sheet of a branch.
type Sheet struct {
	Present int // members present at the meeting
	Ballots int // papers handed in (distinct numbers)
	Rows    []Row
}

// Header is the sheet's header for a standard: ballot, candidate, then every criterion id.
func Header(s *standard.Standard) []string {
	h := []string{"ballot", "candidate"}
	for _, it := range s.Items() {
		h = append(h, it.ID)
	}
	return h
}

// Read checks a sheet against the form's standard, the members present and the branch's
// candidates (candidate id -> "" when eligible, else why not), reporting every problem at once.
func Read(t *sheet.Table, s *standard.Standard, present int, candidates map[string]string) (*Sheet, error) {
	if err := t.RequireHeader(Header(s)...); err != nil {
		return nil, err
	}
	l := problem.In(t.Name)
	if present < 1 {
		l.Add(0, "present", "problem.ballot.give_number_members_present")
	}
	items := s.Items()
	out := &Sheet{Present: present}
	papers := map[string]bool{}
	seen := map[[2]string]int{}
	for _, r := range t.Rows {
		if l.Full() {
			break
		}
		paper, cand := r.Cell(0), r.Cell(1)
		if paper == "" {
			l.Add(r.Line, "ballot", "problem.ballot.ballot_number_empty")
		}
		if why, ok := candidates[cand]; !ok {
			l.Add(r.Line, "candidate", "problem.ballot.member_this_branch", "Value", cand)
		} else if why != "" {
			l.Add(r.Line, "candidate", "problem.ballot.candidate_this_round", "Value", cand, "Why", why)
		}
		key := [2]string{paper, cand}
		if first, dup := seen[key]; dup {
			l.Add(r.Line, "ballot", "problem.ballot.ballot_scores_twice_first", "Paper", paper, "Value", cand, "First", first)
		}
		seen[key] = r.Line
		papers[paper] = true
		row := Row{Candidate: cand, Scores: make([]int16, len(items))}
		if len(r.Cells) > len(items)+2 {
			l.Add(r.Line, "", "problem.ballot.has_cells_form_has", "Cells", len(r.Cells), "Items", len(items))
		}
		for i, it := range items {
			row.Scores[i] = score(l, r, i+2, it)
		}
		out.Rows = append(out.Rows, row)
	}
	if len(t.Rows) == 0 {
		l.Add(0, "", "problem.ballot.sheet_has_no_ballots")
	}
	out.Ballots = len(papers)
	if present >= 1 && out.Ballots > present {
		l.Add(0, "ballot", "problem.ballot.ballots_but_only_members", "Ballots", out.Ballots, "Present", present)
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func score(l *problem.List, r sheet.Row, col int, it standard.Item) int16 {
	text := r.Cell(col)
	field := "criterion " + it.ID
	if text == "" {
		l.Add(r.Line, field, "problem.ballot.score_missing")
		return 0
	}
	v, err := strconv.Atoi(text)
	max := int(it.Max / 100)
	switch {
	case err != nil:
		l.Add(r.Line, field, "problem.ballot.whole_number_points", "Value", text)
	case v < 0 || v > max:
		l.Add(r.Line, field, "problem.ballot.outside", "Value", v, "Max", max)
	default:
		return int16(v)
	}
	return 0
}

// Shuffle puts the rows in a random order, so that the order they are stored in tells
// nothing about the order the papers were read out.
func (s *Sheet) Shuffle() {
	rand.Shuffle(len(s.Rows), func(i, j int) { s.Rows[i], s.Rows[j] = s.Rows[j], s.Rows[i] })
}

// Averages tallies the sheet: each candidate's average total. The product tallies in SQL;
// this is the reference its tests compare against.
func (s *Sheet) Averages() map[string]float64 {
	sum, n := map[string]int{}, map[string]int{}
	for _, r := range s.Rows {
		sum[r.Candidate] += int(r.Total())
		n[r.Candidate]++
	}
	out := map[string]float64{}
	for c := range sum {
		out[c] = float64(sum[c]) / float64(n[c])
	}
	return out
}

// String summarizes the sheet without a single score: what the audit log may say.
func (s *Sheet) String() string {
	return fmt.Sprintf("%d ballots from %d members present, %d forms", s.Ballots, s.Present, len(s.Rows))
}
