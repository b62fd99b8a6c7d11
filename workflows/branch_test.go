package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"wenming/msg"
	"wenming/rules/standard"
)

// A branch takes a sheet until its voting deadline, even in the moment between the deadline
// and the timer that closes the voting; after it the sheet is refused with the deadline, in
// the round's time zone. Once the branch's part is over, its last status gives the CLI the
// same reason.
func TestASheetAfterTheVotingDeadlineIsRefusedWithIt(t *testing.T) {
	deadline := time.Date(2027, 4, 10, 10, 0, 0, 0, time.UTC) // 18:00 in Shanghai
	sheet := BallotSheetRequest{Submission: Submission{ID: "s-1", By: "clerk"}, Copy: "c-1", Present: 9, Ballots: 9, Forms: 9}
	const late = "投票已于 2027年4月10日 18:00 截止，支部 b-finance 的测评表提交过晚"
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
	reason, ok := status.LateSheet()
	assert.True(t, ok)
	assert.Equal(t, late, reason.String())
	assert.Equal(t, "voting closed at 2027-04-10 18:00 CST; the sheet of branch b-finance comes too late", msg.For(msg.English).Render(reason))
	status.Sheet = &sheet
	reason, _ = status.LateSheet()
	assert.Equal(t, "支部 b-finance 已提交过测评表（提交编号 s-1），每个支部只提交一份", reason.String())
	_, ok = BranchStatus{BranchID: "b-red", Deadline: deadline, AssessBy: deadline}.LateSheet()
	assert.False(t, ok, "a red-flag branch has no voting")
}

// The committee's basis is the party office's records: a self-report has none, and a basis
// longer than can be recorded is refused with its length.
func TestOnlyTheCommitteesScoreRestsOnABasis(t *testing.T) {
	cases := []struct {
		name, kind, basis, want string
	}{
		{"the committee's, with its records", UpdateAssess, "党办日常考核记录", ""},
		{"the committee's, without", UpdateAssess, "", ""},
		{"a self-report, blank", UpdateSelfReport, "  ", ""},
		{"a self-report with one", UpdateSelfReport, "自评依据", "a self-report carries no basis"},
		{"too long", UpdateAssess, strings.Repeat("记", maxBasis+1), "the basis has 501 characters; at most 500"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkBasis(c.kind, c.basis)
			if c.want == "" {
				assert.NoError(t, err)
				return
			}
			var appErr *temporal.ApplicationError
			require.ErrorAs(t, err, &appErr)
			text, ok := RefusalText(appErr)
			require.True(t, ok)
			assert.Contains(t, msg.For(msg.English).Render(text), c.want)
		})
	}
}

// Once the committee has scored a branch (since redflag-waits) its self-report no longer
// changes: its part ends on that score. A run begun before took a self-report until the deadline.
func TestASelfReportNoLongerChangesOnceScored(t *testing.T) {
	deadline := time.Date(2027, 1, 11, 1, 0, 0, 0, time.UTC)
	scored := &standard.Result{}
	b := &redFlagBranch{branchRun: &branchRun{in: BranchInput{BranchID: "b-tax", Deadline: deadline, Timezone: "Asia/Shanghai"}, seen: seenSet{}},
		waits: true, self: scored, committee: scored}
	_, err := b.checkScore(deadline.Add(-time.Hour), UpdateSelfReport, ScoreRequest{Submission: sub("s2")})
	var appErr *temporal.ApplicationError
	require.ErrorAs(t, err, &appErr)
	text, ok := RefusalText(appErr)
	require.True(t, ok)
	assert.Equal(t, "the committee has scored branch b-tax: its self-report no longer changes", msg.For(msg.English).Render(text))
}
