package workflows

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/rules/standard"
)

// open checks what every submission needs: an id and sender, a unit still taking part.
// skip is true for a resend, which the handler answers without checking again.
func (u *unit) open(sub Submission) (skip bool, err error) {
	if err := checkSubmission(sub); err != nil {
		return false, err
	}
	if u.s.Seen.has(sub.ID) {
		return true, nil
	}
	if u.s.Closed {
		return false, invalid("campaign %s is closed for %s", u.in.CampaignID, u.in.UnitID)
	}
	if u.s.Vetoed != "" {
		return false, invalid("%s was vetoed (一票否决: %s) and takes no further part in campaign %s", u.in.UnitID, u.s.Vetoed, u.in.CampaignID)
	}
	return false, nil
}

func (u *unit) at(t time.Time) string { return local(t, u.in.Timezone) }

func (u *unit) submission(sub Submission, at time.Time) activities.Submission {
	return activities.Submission{CampaignID: u.in.CampaignID, UnitID: u.in.UnitID, SubmissionID: sub.ID, By: sub.By, At: at}
}

// Progress reports (组织实施): during implementation, on the unit's own tasks.

func (u *unit) checkTaskReport(now time.Time, r TaskReportRequest) error {
	if skip, err := u.open(r.Submission); skip || err != nil {
		return err
	}
	tl := u.s.Timeline
	if now.Before(tl.Implement) {
		return invalid("implementation begins at %s; progress is reported from then", u.at(tl.Implement))
	}
	if !now.Before(tl.SelfCheck) {
		return invalid("progress reports closed when the self-check opened at %s", u.at(tl.SelfCheck))
	}
	if !u.hasTask(r.Task) {
		return invalid("%s has no task %q in campaign %s (its tasks: %s)", u.in.UnitID, r.Task, u.in.CampaignID, u.taskIDs())
	}
	if r.Percent < 0 || r.Percent > 100 {
		return invalid("progress %d%% is outside 0..100", r.Percent)
	}
	if utf8.RuneCountInString(r.Note) > 1000 {
		return invalid("the note is longer than 1000 characters")
	}
	return nil
}

func (u *unit) taskReport(ctx workflow.Context, r TaskReportRequest) (Receipt, error) {
	return u.intake.take(ctx, r.Submission, func() (Receipt, error) {
		now := workflow.Now(ctx)
		if err := u.checkTaskReport(now, r); err != nil {
			return Receipt{}, err
		}
		var a *activities.Activities
		if err := workflow.ExecuteActivity(withAnswerWrites(ctx), a.RecordTaskReport, activities.TaskReport{
			Submission: u.submission(r.Submission, now), TaskID: r.Task, Percent: r.Percent, Note: r.Note,
		}).Get(ctx, nil); err != nil {
			return Receipt{}, err
		}
		u.s.Progress[r.Task] = r.Percent
		return Receipt{Message: fmt.Sprintf("task %s of %s: %d%% recorded", r.Task, u.in.UnitID, r.Percent)}, nil
	})
}

func (u *unit) hasTask(id string) bool {
	for _, t := range u.s.Tasks {
		if t.ID == id {
			return true
		}
	}
	return false
}

func (u *unit) taskIDs() string {
	ids := make([]string, len(u.s.Tasks))
	for i, t := range u.s.Tasks {
		ids[i] = t.ID
	}
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// Self-check and declaration (自查自评 / 申报): between the opening and the deadline.

func (u *unit) selfCheckWindow(now time.Time, what string) error {
	tl := u.s.Timeline
	if now.Before(tl.SelfCheck) {
		return invalid("the self-check opens at %s; %s is taken from then", u.at(tl.SelfCheck), what)
	}
	if !now.Before(tl.DeclareBy) {
		return invalid("the self-check deadline passed at %s: units that miss it lose the right to declare this round (逾期未报无参评资格)", u.at(tl.DeclareBy))
	}
	if u.s.Declared {
		return invalid("%s has already declared; its self-score can no longer change", u.in.UnitID)
	}
	return nil
}

func (u *unit) checkSelfCheck(now time.Time, r SelfCheckRequest) (standard.Result, error) {
	if skip, err := u.open(r.Submission); skip || err != nil {
		return standard.Result{}, err
	}
	if err := u.selfCheckWindow(now, "a self-score"); err != nil {
		return standard.Result{}, err
	}
	res, err := u.std.Score(r.Sheet)
	if err != nil {
		return standard.Result{}, invalid("%v", err)
	}
	return res, nil
}

func (u *unit) selfCheck(ctx workflow.Context, r SelfCheckRequest) (Receipt, error) {
	return u.intake.take(ctx, r.Submission, func() (Receipt, error) {
		now := workflow.Now(ctx)
		res, err := u.checkSelfCheck(now, r)
		if err != nil {
			return Receipt{}, err
		}
		var a *activities.Activities
		if err := workflow.ExecuteActivity(withAnswerWrites(ctx), a.RecordSelfCheck, activities.ScoreSheet{
			Submission: u.submission(r.Submission, now), Kind: "self", Sheet: r.Sheet, Result: res,
		}).Get(ctx, nil); err != nil {
			return Receipt{}, err
		}
		u.s.SelfCheck = summarize(r.ID, res)
		verdict := fmt.Sprintf("below the pass line %s: %s may not declare", res.Pass, u.in.UnitID)
		if res.Eligible {
			verdict = fmt.Sprintf("at or above the pass line %s: %s may declare (申报) by %s", res.Pass, u.in.UnitID, u.at(u.s.Timeline.DeclareBy))
		}
		return Receipt{Message: fmt.Sprintf("self-score recorded: base %s of %s, bonus %s; %s", res.Base, res.Max, res.Bonus, verdict)}, nil
	})
}

func summarize(id string, r standard.Result) *ScoreSummary {
	return &ScoreSummary{SubmissionID: id, Base: r.Base, Bonus: r.Bonus, Total: r.Total, Eligible: r.Eligible, Problems: r.Problems}
}

func (u *unit) checkDeclare(now time.Time, r DeclareRequest) error {
	if skip, err := u.open(r.Submission); skip || err != nil {
		return err
	}
	if err := u.selfCheckWindow(now, "a declaration"); err != nil {
		return err
	}
	sc := u.s.SelfCheck
	switch {
	case sc == nil:
		return invalid("%s has no self-score yet: submit the self-check sheet first", u.in.UnitID)
	case !sc.Eligible:
		return invalid("%s scored itself %s, below the pass line %s: only units at or above it may declare", u.in.UnitID, sc.Base, u.std.Pass)
	case strings.TrimSpace(r.Report) == "":
		return invalid("the declaration needs its report")
	case utf8.RuneCountInString(r.Report) > u.in.ReportMaxChars:
		return invalid("the report has %d characters; at most %d are allowed", utf8.RuneCountInString(r.Report), u.in.ReportMaxChars)
	case strings.TrimSpace(r.Opinion) == "":
		return invalid("the declaration needs the discipline-inspection opinion (纪检监察意见)")
	}
	return nil
}

func (u *unit) declare(ctx workflow.Context, r DeclareRequest) (Receipt, error) {
	return u.intake.take(ctx, r.Submission, func() (Receipt, error) {
		now := workflow.Now(ctx)
		if err := u.checkDeclare(now, r); err != nil {
			return Receipt{}, err
		}
		var a *activities.Activities
		if err := workflow.ExecuteActivity(withAnswerWrites(ctx), a.RecordDeclaration, activities.Declaration{
			Submission: u.submission(r.Submission, now), Report: r.Report, Opinion: r.Opinion,
		}).Get(ctx, nil); err != nil {
			return Receipt{}, err
		}
		u.s.Declared = true
		return Receipt{Message: fmt.Sprintf("%s declared (已申报); inspection by %s", u.in.UnitID, u.at(u.s.Timeline.AcceptBy))}, nil
	})
}

// Inspection (实地检查验收): after the declarations, before the acceptance deadline.

func (u *unit) checkInspect(now time.Time, r InspectRequest) (standard.Result, error) {
	if skip, err := u.open(r.Submission); skip || err != nil {
		return standard.Result{}, err
	}
	tl := u.s.Timeline
	switch {
	case !u.s.Declared:
		return standard.Result{}, invalid("%s did not declare; only declared units are inspected", u.in.UnitID)
	case now.Before(tl.DeclareBy):
		return standard.Result{}, invalid("inspections begin when declarations close at %s", u.at(tl.DeclareBy))
	case !now.Before(tl.AcceptBy):
		return standard.Result{}, invalid("the acceptance deadline passed at %s; an administrator can extend it (deadline extend)", u.at(tl.AcceptBy))
	case u.s.Inspection != nil:
		return standard.Result{}, invalid("%s was already inspected (submission %s)", u.in.UnitID, u.s.Inspection.SubmissionID)
	}
	res, err := u.std.Score(r.Sheet)
	if err != nil {
		return standard.Result{}, invalid("%v", err)
	}
	for i, f := range r.Findings {
		if err := u.checkFinding(i+1, f); err != nil {
			return standard.Result{}, err
		}
	}
	return res, nil
}

func (u *unit) checkFinding(n int, f activities.Finding) error {
	if _, ok := u.std.Item(f.Item); !ok {
		return invalid("finding %d: item %q is not in standard %s", n, f.Item, u.std.ID)
	}
	if f.Size != activities.Small && f.Size != activities.Big {
		return invalid("finding %d: size %q is not small (same day) or big (within a week)", n, f.Size)
	}
	if strings.TrimSpace(f.Problem) == "" || utf8.RuneCountInString(f.Problem) > 500 {
		return invalid("finding %d: describe the problem in 1 to 500 characters", n)
	}
	return nil
}

// findings are the problems to rectify: those listed, or on a deduction sheet without a list,
// one per problem row (ordinary ones small, serious ones big).
func (u *unit) findings(r InspectRequest) []activities.Finding {
	if len(r.Findings) > 0 || u.std.Mode != standard.Deduction {
		return r.Findings
	}
	var out []activities.Finding
	for _, e := range r.Sheet.Entries {
		switch e.Severity {
		case standard.Normal:
			out = append(out, activities.Finding{Item: e.Item, Size: activities.Small, Problem: "第" + e.Item + "项: 一般问题"})
		case standard.Serious:
			out = append(out, activities.Finding{Item: e.Item, Size: activities.Big, Problem: "第" + e.Item + "项: 严重问题"})
		}
	}
	return out
}

func (u *unit) inspect(ctx workflow.Context, r InspectRequest) (Receipt, error) {
	return u.intake.take(ctx, r.Submission, func() (Receipt, error) {
		now := workflow.Now(ctx)
		res, err := u.checkInspect(now, r)
		if err != nil {
			return Receipt{}, err
		}
		var a *activities.Activities
		var out activities.InspectionResult
		if err := workflow.ExecuteActivity(withAnswerWrites(ctx), a.RecordInspection, activities.Inspection{
			ScoreSheet: activities.ScoreSheet{Submission: u.submission(r.Submission, now), Kind: "actual", Sheet: r.Sheet, Result: res},
			Findings:   u.findings(r), SmallFix: u.s.Timeline.SmallFix, BigFix: u.s.Timeline.BigFix, Timezone: u.in.Timezone,
		}).Get(ctx, &out); err != nil {
			return Receipt{}, err
		}
		u.s.Inspection = summarize(r.ID, res)
		u.s.Rectifications = out.Rectifications
		msg := fmt.Sprintf("inspection of %s recorded: actual base %s of %s, bonus %s", u.in.UnitID, res.Base, res.Max, res.Bonus)
		if !res.Eligible {
			msg += fmt.Sprintf(" (below the pass line %s)", res.Pass)
		}
		for _, n := range out.Rectifications {
			msg += fmt.Sprintf("\nrectification notice %d (%s) due %s", n.No, n.Size, u.at(n.Deadline))
		}
		return Receipt{Message: msg}, nil
	})
}

// Rectification (整改): the unit closes a rectification, the inspectors verify or reopen it.

func (u *unit) checkRectify(r RectifyRequest) error {
	if err := checkSubmission(r.Submission); err != nil || u.s.Seen.has(r.ID) {
		return err
	}
	if u.s.Closed {
		return invalid("campaign %s is closed for %s", u.in.CampaignID, u.in.UnitID)
	}
	if r.Rectification < 1 || r.Rectification > len(u.s.Rectifications) {
		return invalid("%s has no rectification notice %d (it has %d)", u.in.UnitID, r.Rectification, len(u.s.Rectifications))
	}
	status := u.s.Rectifications[r.Rectification-1].Status
	need := map[string]string{activities.ActionClose: "open", activities.ActionVerify: "closed", activities.ActionReopen: "closed"}
	want, ok := need[r.Action]
	if !ok {
		return invalid("%q is not an action: use close, verify or reopen", r.Action)
	}
	if status != want {
		return invalid("rectification %d is %s; %s applies to a rectification that is %s", r.Rectification, status, r.Action, want)
	}
	if r.Action == activities.ActionReopen && strings.TrimSpace(r.Note) == "" {
		return invalid("reopening needs a note saying what is still wrong")
	}
	return nil
}

func (u *unit) rectify(ctx workflow.Context, r RectifyRequest) (Receipt, error) {
	return u.intake.take(ctx, r.Submission, func() (Receipt, error) {
		if err := u.checkRectify(r); err != nil {
			return Receipt{}, err
		}
		rect := u.s.Rectifications[r.Rectification-1]
		fix := u.s.Timeline.SmallFix
		if rect.Size == activities.Big {
			fix = u.s.Timeline.BigFix
		}
		var a *activities.Activities
		var now activities.RectificationRef
		if err := workflow.ExecuteActivity(withAnswerWrites(ctx), a.RecordRectification, activities.Rectification{
			Submission: u.submission(r.Submission, workflow.Now(ctx)), No: r.Rectification, Action: r.Action,
			Note: r.Note, Fix: fix, Timezone: u.in.Timezone,
		}).Get(ctx, &now); err != nil {
			return Receipt{}, err
		}
		u.s.Rectifications[r.Rectification-1] = now
		msg := fmt.Sprintf("rectification %d of %s is now %s", r.Rectification, u.in.UnitID, now.Status)
		if r.Action == activities.ActionReopen {
			msg += ", due " + u.at(now.Deadline)
		}
		return Receipt{Message: msg}, nil
	})
}
