package workflows

import (
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/standard"
	"wenming/rules/timeline"
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
		return false, invalid("refuse.unit.closed", "Campaign", u.in.CampaignID, "Unit", u.in.UnitID)
	}
	if u.s.Vetoed != "" {
		return false, invalid("refuse.unit.vetoed", "Unit", u.in.UnitID, "Reason", u.s.Vetoed, "Campaign", u.in.CampaignID)
	}
	return false, nil
}

// when is a moment of the campaign, to be shown in its time zone.
func (u *unit) when(t time.Time) msg.At { return msg.At{T: t, TZ: u.in.Timezone} }

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
		return invalid("refuse.task.before_implement", "At", u.when(tl.Implement))
	}
	if !now.Before(tl.SelfCheck) {
		return invalid("refuse.task.after_implement", "At", u.when(tl.SelfCheck))
	}
	if !u.hasTask(r.Task) {
		return invalid("refuse.task.unknown", "Unit", u.in.UnitID, "Task", r.Task, "Campaign", u.in.CampaignID, "Tasks", u.taskIDs())
	}
	if r.Percent < 0 || r.Percent > 100 {
		return invalid("refuse.task.percent", "Percent", r.Percent)
	}
	if utf8.RuneCountInString(r.Note) > 1000 {
		return invalid("refuse.task.note_too_long")
	}
	return nil
}

func (u *unit) taskReport(ctx workflow.Context, now time.Time, r TaskReportRequest) (Receipt, error) {
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordTaskReport, activities.TaskReport{
		Submission: u.submission(r.Submission, now), TaskID: r.Task, Percent: r.Percent, Note: r.Note,
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	u.s.Progress[r.Task] = r.Percent
	return recorded(msg.Say("receipt.task", "Task", r.Task, "Unit", u.in.UnitID, "Percent", r.Percent)), nil
}

func (u *unit) hasTask(id string) bool {
	for _, t := range u.s.Tasks {
		if t.ID == id {
			return true
		}
	}
	return false
}

func (u *unit) taskIDs() []string {
	ids := make([]string, len(u.s.Tasks))
	for i, t := range u.s.Tasks {
		ids[i] = t.ID
	}
	return ids
}

// Self-check and declaration (自查自评 / 申报): between the opening and the deadline.

func (u *unit) selfCheckWindow(now time.Time, what string) error {
	tl := u.s.Timeline
	if now.Before(tl.SelfCheck) {
		return invalid("refuse.selfcheck.not_open", "At", u.when(tl.SelfCheck), "What", what)
	}
	if !now.Before(tl.DeclareBy) {
		return invalid("refuse.selfcheck.closed", "At", u.when(tl.DeclareBy))
	}
	if u.s.Declared {
		return invalid("refuse.selfcheck.declared", "Unit", u.in.UnitID)
	}
	return nil
}

func (u *unit) checkSelfCheck(now time.Time, r SelfCheckRequest) (standard.Result, error) {
	if skip, err := u.open(r.Submission); skip || err != nil {
		return standard.Result{}, err
	}
	if err := u.scored(); err != nil {
		return standard.Result{}, err
	}
	if err := u.selfCheckWindow(now, "selfscore"); err != nil {
		return standard.Result{}, err
	}
	res, err := u.std.Score(r.Sheet)
	if err != nil {
		return standard.Result{}, refusalOf(err)
	}
	return res, nil
}

func (u *unit) selfCheck(ctx workflow.Context, now time.Time, r SelfCheckRequest, res standard.Result) (Receipt, error) {
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordSelfCheck, activities.ScoreSheet{
		Submission: u.submission(r.Submission, now), Kind: "self", Sheet: r.Sheet, Result: res,
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	u.s.SelfCheck = summarize(r.ID, res)
	verdict := "receipt.selfcheck.below"
	if res.Eligible {
		verdict = "receipt.selfcheck.eligible"
	}
	return recorded(msg.Say(verdict, "Base", res.Base, "Max", res.Max, "Bonus", res.Bonus, "Pass", res.Pass,
		"Unit", u.in.UnitID, "DeclareBy", u.when(u.s.Timeline.DeclareBy))), nil
}

func summarize(id string, r standard.Result) *ScoreSummary {
	return &ScoreSummary{SubmissionID: id, Base: r.Base, Bonus: r.Bonus, Total: r.Total, Eligible: r.Eligible, Problems: r.Problems}
}

func (u *unit) checkDeclare(now time.Time, r DeclareRequest) error {
	if skip, err := u.open(r.Submission); skip || err != nil {
		return err
	}
	// Materials sent back are corrected and declared again by the correction's deadline; after it,
	// or once turned down, the refusal says so (not that the self-score is fixed).
	switch {
	case u.reviewStatus() == reviewReturned && !u.correcting(now):
		return invalid("refuse.declare.correction_over", "Unit", u.in.UnitID, "At", u.when(u.s.Review.FixBy))
	case u.reviewStatus() == reviewTurnedDown:
		return invalid("refuse.declare.turned_down", "Unit", u.in.UnitID, "Note", u.s.Review.Note)
	}
	if !u.correcting(now) {
		if err := u.selfCheckWindow(now, "declaration"); err != nil {
			return err
		}
	}
	sc := u.s.SelfCheck
	switch {
	case u.in.Nominating != nil && len(u.s.Nominees) == 0:
		return invalid("refuse.declare.no_nominees", "Unit", u.in.UnitID)
	// People are declared with their deeds, units with their self-score.
	case u.in.Nominating == nil && sc == nil:
		return invalid("refuse.declare.no_selfscore", "Unit", u.in.UnitID)
	case u.in.Nominating == nil && !sc.Eligible:
		return invalid("refuse.declare.below", "Unit", u.in.UnitID, "Base", sc.Base, "Pass", u.std.Pass)
	case strings.TrimSpace(r.Report) == "":
		return invalid("refuse.declare.no_report")
	case utf8.RuneCountInString(r.Report) > u.in.ReportMaxChars:
		return invalid("refuse.declare.report_too_long", "Chars", utf8.RuneCountInString(r.Report), "Max", u.in.ReportMaxChars)
	case strings.TrimSpace(r.Opinion) == "":
		return invalid("refuse.declare.no_opinion")
	case u.in.Declaring != nil && strings.TrimSpace(r.Recommendation) == "":
		return invalid("refuse.declare.no_recommendation", "Unit", u.in.Declaring.Recommenders.Unit, "SubUnit", u.in.Declaring.Recommenders.SubUnit)
	case utf8.RuneCountInString(r.Recommendation) > maxRecommendationChars:
		return invalid("refuse.declare.recommendation_too_long", "Chars", utf8.RuneCountInString(r.Recommendation), "Max", maxRecommendationChars)
	case u.in.Declaring != nil && strings.TrimSpace(r.Summary) == "":
		return invalid("refuse.declare.no_summary", "Max", u.in.Declaring.SummaryMaxChars)
	case u.in.Declaring != nil && utf8.RuneCountInString(r.Summary) > u.in.Declaring.SummaryMaxChars:
		return invalid("refuse.declare.summary_too_long", "Chars", utf8.RuneCountInString(r.Summary), "Max", u.in.Declaring.SummaryMaxChars)
	}
	return nil
}

// maxRecommendationChars bounds a recommendation opinion: a paragraph of the form, not a file.
const maxRecommendationChars = 1000

func (u *unit) declare(ctx workflow.Context, now time.Time, r DeclareRequest) (Receipt, error) {
	// The rules that need the roster and the register (titles held, the parent's quota) are
	// checked by the write itself, which refuses with the rule broken.
	// A first declaration of a campaign with the notice before declaring goes on notice; a
	// corrected one (sent back by the review) was on notice already.
	posting := u.declaringNotice && u.s.DeclaringNotice == nil
	var written activities.DeclarationResult
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordDeclaration, activities.Declaration{
		Submission: u.submission(r.Submission, now), Report: r.Report, Opinion: r.Opinion, UnderReview: u.reviewing() && !posting, OnNotice: posting,
		Recommendation: r.Recommendation, Summary: r.Summary, Rules: u.in.Declaring, Timezone: u.in.Timezone,
	}).Get(ctx, &written); err != nil {
		return Receipt{}, err
	}
	if written.Refused != nil {
		return Receipt{}, refusal(*written.Refused)
	}
	u.s.Declared = true
	if posting {
		u.s.DeclaringNotice = &DeclaringNoticeState{Status: noticePosting}
		return recorded(msg.Say("receipt.declared.notice", "Unit", u.in.UnitID, "Length", timeline.FormatDuration(u.in.DeclaringNotice.Length))), nil
	}
	if u.reviewing() {
		next := MaterialsReview{Status: reviewPending}
		if u.s.Review != nil {
			next.Returns = u.s.Review.Returns
		}
		u.s.Review = &next
		return recorded(msg.Say("receipt.declared.review", "Unit", u.in.UnitID)), nil
	}
	return recorded(msg.Say("receipt.declared", "Unit", u.in.UnitID, "AcceptBy", u.when(u.s.Timeline.AcceptBy))), nil
}

// Inspection (实地检查验收): after the declarations, before the acceptance deadline.

func (u *unit) checkInspect(now time.Time, r InspectRequest) (standard.Result, error) {
	if skip, err := u.open(r.Submission); skip || err != nil {
		return standard.Result{}, err
	}
	if err := u.scored(); err != nil {
		return standard.Result{}, err
	}
	if r.isCheck() {
		return u.checkCheck(now, r)
	}
	tl := u.s.Timeline
	switch {
	case !u.s.Declared:
		return standard.Result{}, invalid("refuse.inspect.not_declared", "Unit", u.in.UnitID)
	case !u.declarationStands():
		return standard.Result{}, invalid("refuse.inspect.on_notice", "Unit", u.in.UnitID, "Status", u.s.DeclaringNotice.Status)
	case u.reviewing() && u.reviewStatus() != reviewAccepted:
		return standard.Result{}, invalid("refuse.inspect.not_accepted", "Unit", u.in.UnitID, "Status", u.reviewStatus())
	case now.Before(tl.DeclareBy):
		return standard.Result{}, invalid("refuse.inspect.too_early", "At", u.when(tl.DeclareBy))
	case !now.Before(tl.AcceptBy) && !u.inspectedLate():
		return standard.Result{}, invalid("refuse.inspect.too_late", "At", u.when(tl.AcceptBy))
	case u.s.Inspection != nil:
		return standard.Result{}, invalid("refuse.inspect.already", "Unit", u.in.UnitID, "Submission", u.s.Inspection.SubmissionID)
	}
	res, err := u.std.Score(r.Sheet)
	if err != nil {
		return standard.Result{}, refusalOf(err)
	}
	for i, f := range r.Findings {
		if err := u.checkFinding(i+1, f); err != nil {
			return standard.Result{}, err
		}
	}
	return res, nil
}

func (u *unit) checkFinding(n int, f Finding) error { return checkFinding(u.std, n, f) }

// checkFinding checks the n-th finding of an inspection on the standard std.
func checkFinding(std *standard.Standard, n int, f Finding) error {
	if _, ok := std.Item(f.Item); !ok {
		return invalid("refuse.finding.item", "N", n, "Item", f.Item, "Standard", std.ID)
	}
	if f.Size != activities.Small && f.Size != activities.Big {
		return invalid("refuse.finding.size", "N", n, "Size", f.Size)
	}
	if strings.TrimSpace(f.Problem) == "" || utf8.RuneCountInString(f.Problem) > 500 {
		return invalid("refuse.finding.problem", "N", n)
	}
	return nil
}

// findings are the problems to rectify: those listed, or on a deduction sheet without a list,
// one per problem row (ordinary ones small, serious ones big).
func (u *unit) findings(r InspectRequest) []activities.Finding {
	return findingsOf(u.std, r.Sheet, r.Findings)
}

// findingsOf are the problems to rectify of a sheet on std with its list of findings.
func findingsOf(std *standard.Standard, sheet standard.Sheet, listed []Finding) []activities.Finding {
	if len(listed) > 0 || std.Mode != standard.Deduction {
		return converted(listed, func(f Finding) activities.Finding { return activities.Finding(f) })
	}
	var out []activities.Finding
	for _, e := range sheet.Entries {
		switch e.Severity {
		case standard.Normal:
			out = append(out, activities.Finding{Item: e.Item, Size: activities.Small, Problem: "第" + e.Item + "项: 一般问题"})
		case standard.Serious:
			out = append(out, activities.Finding{Item: e.Item, Size: activities.Big, Problem: "第" + e.Item + "项: 严重问题"})
		}
	}
	return out
}

func (u *unit) inspect(ctx workflow.Context, now time.Time, r InspectRequest, res standard.Result) (Receipt, error) {
	if r.isCheck() {
		return u.recordCheck(ctx, now, r, res)
	}
	var out activities.InspectionResult
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordInspection, activities.Inspection{
		ScoreSheet: activities.ScoreSheet{Submission: u.submission(r.Submission, now), Kind: "actual", Sheet: r.Sheet, Result: res},
		Findings:   u.findings(r), SmallFix: u.s.Timeline.SmallFix, BigFix: u.s.Timeline.BigFix, Timezone: u.in.Timezone,
	}).Get(ctx, &out); err != nil {
		return Receipt{}, err
	}
	u.s.Inspection = summarize(r.ID, res)
	u.s.Rectifications = out.Rectifications
	verdict := "receipt.inspection"
	if !res.Eligible {
		verdict = "receipt.inspection.below"
	}
	rec := recorded(msg.Say(verdict, "Unit", u.in.UnitID, "Base", res.Base, "Max", res.Max, "Bonus", res.Bonus, "Pass", res.Pass))
	for _, n := range out.Rectifications {
		rec.also(msg.Say("receipt.inspection.rectification", "No", n.No, "Size", n.Size, "Due", u.when(n.Deadline)))
	}
	return rec, nil
}

// Rectification (整改): the unit closes a rectification, the inspectors verify or reopen it.

func (u *unit) checkRectify(r RectifyRequest) error {
	if err := checkSubmission(r.Submission); err != nil || u.s.Seen.has(r.ID) {
		return err
	}
	if u.s.Closed {
		return invalid("refuse.unit.closed", "Campaign", u.in.CampaignID, "Unit", u.in.UnitID)
	}
	return checkRectifyStep(u.in.UnitID, u.s.Rectifications, r)
}

// checkRectifyStep checks a step on one of a unit's rectifications: the notice exists, and is
// open to be closed, or closed to be verified or reopened (with a note saying what is wrong).
func checkRectifyStep(unit string, rects []activities.RectificationRef, r RectifyRequest) error {
	if r.Rectification < 1 || r.Rectification > len(rects) {
		return invalid("refuse.rectify.no_such", "Unit", unit, "No", r.Rectification, "Count", len(rects))
	}
	status := rects[r.Rectification-1].Status
	need := map[string]string{activities.ActionClose: "open", activities.ActionVerify: "closed", activities.ActionReopen: "closed"}
	want, ok := need[r.Action]
	if !ok {
		return invalid("refuse.rectify.bad_action", "Action", r.Action)
	}
	if status != want {
		return invalid("refuse.rectify.wrong_status", "No", r.Rectification, "Status", status, "Action", r.Action, "Want", want)
	}
	if r.Action == activities.ActionReopen && strings.TrimSpace(r.Note) == "" {
		return invalid("refuse.rectify.no_note")
	}
	return nil
}

func (u *unit) rectify(ctx workflow.Context, _ time.Time, r RectifyRequest) (Receipt, error) {
	rect := u.s.Rectifications[r.Rectification-1]
	fix := u.s.Timeline.SmallFix
	if rect.Size == activities.Big {
		fix = u.s.Timeline.BigFix
	}
	var now activities.RectificationRef
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordRectification, activities.Rectification{
		Submission: u.submission(r.Submission, workflow.Now(ctx)), No: r.Rectification, Action: r.Action,
		Note: r.Note, Fix: fix, Timezone: u.in.Timezone,
	}).Get(ctx, &now); err != nil {
		return Receipt{}, err
	}
	u.s.Rectifications[r.Rectification-1] = now
	if r.Action == activities.ActionReopen {
		return recorded(msg.Say("receipt.rectify.reopened", "No", r.Rectification, "Unit", u.in.UnitID, "Due", u.when(now.Deadline))), nil
	}
	return recorded(msg.Say("receipt.rectify", "No", r.Rectification, "Unit", u.in.UnitID, "Status", now.Status)), nil
}
