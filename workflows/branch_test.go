package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// A branch takes a sheet until its voting deadline, even in the moment between the deadline
// and the timer that closes the voting; after it the sheet is refused with the deadline, in
// the round's time zone. Once the branch's part is over, its last status gives the CLI the
// same reason.
func TestASheetAfterTheVotingDeadlineIsRefusedWithIt(t *testing.T) {
	deadline := time.Date(2027, 4, 10, 10, 0, 0, 0, time.UTC) // 18:00 in Shanghai
	sheet := BallotSheetRequest{Submission: Submission{ID: "s-1", By: "clerk"}, Copy: "c-1", Present: 9, Ballots: 9, Forms: 9}
	const late = "voting closed at 2027-04-10 18:00 CST; the sheet of branch b-finance comes too late"
	cases := []struct {
		name   string
		now    time.Time
		closed bool
		want   string
	}{
		{"a second before the deadline", deadline.Add(-time.Second), false, ""},
		{"at the deadline, before the timer fired", deadline, false, late},
		{"after it, before the timer fired", deadline.Add(time.Minute), false, late},
		{"voting closed by the timer", deadline.Add(time.Minute), true, late},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := &pioneerBranch{branchRun: &branchRun{in: BranchInput{RoundID: "r", BranchID: "b-finance", Deadline: deadline, Timezone: "Asia/Shanghai"}},
				closed: c.closed}
			err := b.checkSheet(c.now, sheet)
			if c.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, c.want)
		})
	}
	status := BranchStatus{BranchID: "b-finance", Deadline: deadline, Timezone: "Asia/Shanghai", Settled: "no sheet by the deadline"}
	assert.Equal(t, late, status.LateSheet())
	status.Sheet = &sheet
	assert.Equal(t, "branch b-finance already handed in its sheet (submission s-1); a branch hands in one sheet", status.LateSheet())
	assert.Empty(t, BranchStatus{BranchID: "b-red", Deadline: deadline, AssessBy: deadline}.LateSheet(), "a red-flag branch has no voting")
}
