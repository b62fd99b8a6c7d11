package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/jmoiron/sqlx"

	"wenming/rules/ballot"
	"wenming/rules/roster"
	"wenming/store"
)

// org is a synthetic committee: branches of the same size, members named after them.
type org struct {
	prefix   string
	branches []string
	members  map[string][]string
}

// newOrg makes n branches of size members each, ids stable for a prefix.
func newOrg(prefix string, n, size int) *org {
	o := &org{prefix: prefix, members: map[string][]string{}}
	for b := 1; b <= n; b++ {
		id := fmt.Sprintf("%s-b%05d", prefix, b)
		o.branches = append(o.branches, id)
		for m := 1; m <= size; m++ {
			o.members[id] = append(o.members[id], fmt.Sprintf("%s-m%02d", id, m))
		}
	}
	return o
}

// save imports the committee, its branches and members with the product's roster upserts.
func (o *org) save(ctx context.Context, db *sqlx.DB) error {
	committee := o.prefix + "-committee"
	if _, err := store.ImportUnits(ctx, db, "bench", []roster.Unit{{ID: committee, Name: "党委 " + o.prefix, Kind: "committee"}}); err != nil {
		return err
	}
	var branches []roster.Branch
	var members []roster.Member
	for _, b := range o.branches {
		branches = append(branches, roster.Branch{ID: b, Name: "党支部 " + b, UnitID: committee})
		for _, m := range o.members[b] {
			members = append(members, roster.Member{ID: m, Name: "党员", BranchID: b})
		}
	}
	if _, err := store.ImportBranches(ctx, db, "bench", branches); err != nil {
		return err
	}
	_, err := store.ImportMembers(ctx, db, "bench", members)
	return err
}

// form is one paper's scores for one candidate.
type form struct {
	paper int
	ballot.Row
}

// forms are a branch meeting's forms: every member present scores every other member. Each
// candidate gets the same total from every paper (100, 99, ... by a seeded order), so no two
// candidates tie at the cut; the criteria that make up the total vary paper by paper.
func forms(rng *rand.Rand, members []string) []form {
	order := rng.Perm(len(members))
	var out []form
	for paper := range members {
		for j, c := range members {
			if j == paper {
				continue
			}
			out = append(out, form{paper: paper + 1, Row: ballot.Row{Candidate: c, Scores: criteria(rng, 100-order[j])}})
		}
	}
	return out
}

// sheet is a meeting's forms as checked rows, shuffled.
func sheet(rng *rand.Rand, members []string) []ballot.Row {
	fs := forms(rng, members)
	rows := make([]ballot.Row, len(fs))
	for i, f := range fs {
		rows[i] = f.Row
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return rows
}

// sheetCSV is a meeting's forms as the branch hands them in: ballot,candidate,1..10.
func sheetCSV(rng *rand.Rand, members []string) []byte {
	var b bytes.Buffer
	b.WriteString("ballot,candidate,1,2,3,4,5,6,7,8,9,10\n")
	for _, f := range forms(rng, members) {
		fmt.Fprintf(&b, "%d,%s", f.paper, f.Candidate)
		for _, s := range f.Scores {
			fmt.Fprintf(&b, ",%d", s)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// criteria spreads a total over ten criteria of 0..10.
func criteria(rng *rand.Rand, total int) []int16 {
	s := []int16{10, 10, 10, 10, 10, 10, 10, 10, 10, 10}
	for off := 100 - total; off > 0; {
		i := rng.IntN(10)
		if s[i] > 0 {
			s[i]--
			off--
		}
	}
	return s
}
