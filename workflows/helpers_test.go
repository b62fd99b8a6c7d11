package workflows

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"wenming/activities"
	"wenming/input/sheet"
	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/workflows/searchattr"
)

// start is when every test's workflow starts (in the test suite's skipped time).
var start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// testTimeline: implementation from +1h, self-check from +2h, declarations due +3h,
// inspections due +4h; notices of 1h; rectification small 10m, big 1h.
func testTimeline() campaign.Timeline {
	return campaign.Timeline{
		Mobilize: start, Implement: start.Add(time.Hour), SelfCheck: start.Add(2 * time.Hour),
		DeclareBy: start.Add(3 * time.Hour), AcceptBy: start.Add(4 * time.Hour),
		NoticeLength: time.Hour, Consolidate: 24 * time.Hour, ProgressEvery: 30 * time.Minute, RankingEvery: time.Hour,
		SmallFix: campaign.FixRule{Within: 10 * time.Minute}, BigFix: campaign.FixRule{Within: time.Hour},
	}
}

func loadStandard(t testing.TB, id string) *standard.Standard {
	t.Helper()
	b, err := os.ReadFile("../standards/" + id + ".yaml")
	require.NoError(t, err)
	s, err := standard.Parse(id, b)
	require.NoError(t, err)
	return s
}

// fullSheet scores every item of the standard at its maximum minus `off` on the first item.
func fullSheet(t testing.TB, s *standard.Standard, off string, extra ...string) standard.Sheet {
	t.Helper()
	var b strings.Builder
	b.WriteString("item,score\n")
	for i, it := range s.Items() {
		score := it.Max.String()
		if i == 0 && off != "" {
			score = off
		}
		fmt.Fprintf(&b, "%s,%s\n", it.ID, score)
	}
	for _, e := range extra {
		b.WriteString(e + "\n")
	}
	tbl, err := sheet.ReadCSV("sheet.csv", strings.NewReader(b.String()))
	require.NoError(t, err)
	sh, err := s.ReadSheet(tbl)
	require.NoError(t, err)
	return sh
}

// outcome collects what became of an update.
type outcome struct {
	rejected error
	failed   error
	receipt  Receipt
	done     bool
	batch    bool // a batch of one sheet: its one answer is the outcome
}

func (o *outcome) callbacks() *testsuite.TestUpdateCallback {
	return &testsuite.TestUpdateCallback{
		OnAccept: func() {},
		OnReject: func(err error) { o.rejected, o.done = err, true },
		OnComplete: func(v any, err error) {
			o.done = true
			if err != nil {
				o.failed = err
				return
			}
			if o.batch {
				o.takeAnswer(v)
				return
			}
			switch r := v.(type) {
			case Receipt:
				o.receipt = r
			case converter.EncodedValue:
				_ = r.Get(&o.receipt)
			}
		},
	}
}

var updateSeq int

// send sends an update to the workflow under test (or, with id, to another of its tree).
func send(env *testsuite.TestWorkflowEnvironment, workflowID, name string, arg any) *outcome {
	o := &outcome{}
	updateSeq++
	uid := fmt.Sprintf("u%d", updateSeq)
	if workflowID == "" {
		env.UpdateWorkflow(name, uid, o.callbacks(), arg)
	} else if err := env.UpdateWorkflowByID(workflowID, name, uid, o.callbacks(), arg); err != nil {
		o.failed, o.done = err, true
	}
	return o
}

// stepper gives a test's script its step: send an update at an offset from start (to the
// workflow under test, or with workflowID to another of its tree), keeping its outcome under
// its name in o.
func stepper(env *testsuite.TestWorkflowEnvironment, o map[string]*outcome) func(offset time.Duration, name, workflowID, update string, arg any) {
	return func(offset time.Duration, name, workflowID, update string, arg any) {
		at(env, offset, func() { o[name] = send(env, workflowID, update, arg) })
	}
}

// statusOf queries the status of the workflow under test (or, with workflowID, of another of
// its tree).
func statusOf[S any](t *testing.T, env *testsuite.TestWorkflowEnvironment, workflowID string) S {
	t.Helper()
	var v converter.EncodedValue
	var err error
	if workflowID == "" {
		v, err = env.QueryWorkflow(QueryStatus)
	} else {
		v, err = env.QueryWorkflowByID(workflowID, QueryStatus)
	}
	require.NoError(t, err)
	var st S
	require.NoError(t, v.Get(&st))
	return st
}

// sendSheet hands a branch's sheet in as the CLI does: a batch of one, to the branch's group.
// A refusal of the sheet is the outcome's rejection, as a branch's own refusal would be.
func sendSheet(env *testsuite.TestWorkflowEnvironment, groupID, branch string, sheet BallotSheetRequest) *outcome {
	o := &outcome{batch: true}
	updateSeq++
	req := BallotSheetsRequest{Submission: sub("batch-" + sheet.ID), Sheets: []BranchSheet{{Branch: branch, Sheet: sheet}}}
	if err := env.UpdateWorkflowByID(groupID, UpdateBallotSheets, fmt.Sprintf("u%d", updateSeq), o.callbacks(), req); err != nil {
		o.failed, o.done = err, true
	}
	return o
}

func (o *outcome) takeAnswer(v any) {
	var r SheetsReceipt
	switch x := v.(type) {
	case SheetsReceipt:
		r = x
	case converter.EncodedValue:
		_ = x.Get(&r)
	}
	if len(r.Sheets) != 1 {
		o.failed = fmt.Errorf("a batch of one sheet answered %d", len(r.Sheets))
		return
	}
	if a := r.Sheets[0]; a.Refused != nil {
		o.rejected = refusal(*a.Refused)
	} else {
		o.receipt = a.Receipt
	}
}

// at runs fn at an offset from start.
// activityEnv is a test environment at the start time with the product's activities
// registered, ready for mocks.
func activityEnv() (*testsuite.TestWorkflowEnvironment, *activities.Activities) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	a := &activities.Activities{}
	env.RegisterActivity(a)
	return env, a
}

func at(env *testsuite.TestWorkflowEnvironment, offset time.Duration, fn func()) {
	env.RegisterDelayedCallback(fn, offset)
}

func sub(id string) Submission { return Submission{ID: id, By: "tester"} }

// recordOverdueUpserts keeps the WenmingOverdueSince upserts of the workflows under test in
// overdue: the time set, or zero for an unset (an unset shows as no value at all: the only
// upsert of nothing but unsets is showOverdue's).
func recordOverdueUpserts(env *testsuite.TestWorkflowEnvironment, overdue *[]time.Time) {
	env.OnUpsertTypedSearchAttributes(mock.Anything).Run(func(args mock.Arguments) {
		sa := args.Get(0).(temporal.SearchAttributes)
		if since, ok := sa.GetTime(searchattr.OverdueSince); ok || sa.Size() == 0 {
			*overdue = append(*overdue, since)
		}
	}).Return(nil).Maybe()
}
