package workflows

import (
	"slices"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
)

// The notice before declaring (申报前公示, 三创三树方案 三.6): a window's or department's
// declaration is first put on a notice inside its unit, for at least 5 days, taking objections
// like the naming notice; it stands once the notice ends without an upheld objection, and only
// then goes to the preliminary review and the inspectors. An upheld objection withdraws it
// (outcome removed_by_objection).

// declaringNoticeChange is the change that brought the notice; runs recorded before it declare
// at once whatever their plan says.
const declaringNoticeChange = "declaring-notice"

// DeclaringNoticeState is where a declaration's notice stands.
type DeclaringNoticeState struct {
	Status string // posting, on_notice, passed, removed
}

// Statuses of a declaration's notice.
const (
	noticePosting = "posting"   // declared; the notice is being posted
	noticeOn      = "on_notice" // posted, taking objections
	noticePassed  = "passed"    // ended with no upheld objection: the declaration stands
	noticeRemoved = "removed"   // an objection was upheld: the declaration is withdrawn
)

// onNotice says whether the unit's declaration still waits for its notice.
func (u *unit) onNotice() bool {
	p := u.s.DeclaringNotice
	return p != nil && (p.Status == noticePosting || p.Status == noticeOn)
}

// declarationStands says whether the unit has declared and its notice, if it had one, passed.
func (u *unit) declarationStands() bool {
	p := u.s.DeclaringNotice
	return u.s.Declared && (p == nil || p.Status == noticePassed)
}

// runDeclaringNotice posts a declaration's notice as a child workflow and waits for its end.
// Submissions are still taken meanwhile (by their handlers); the campaign's signals wait in
// their channels until the notice has ended. The result is written before the state changes,
// so a retried write finds the same.
func (u *unit) runDeclaringNotice(ctx workflow.Context) error {
	if u.s.DeclaringNotice == nil || u.s.DeclaringNotice.Status != noticePosting {
		return nil
	}
	n := u.in.DeclaringNotice
	// Named from the input, not the run's own id, so that a history replays wherever it is read.
	subject := UnitWorkflowID(u.in.CampaignID, u.in.UnitID)
	id := NoticeWorkflowID(subject)
	title := msg.Say("notice.declaring_title", "Campaign", n.CampaignTitle, "Unit", u.in.UnitID).String()
	// A unit's nominees are each an entry of its notice; otherwise the declaration is.
	entries := []string{u.in.UnitID}
	if u.in.Nominating != nil {
		entries = u.nomineeIDs()
	}
	res, err := runNotice(ctx, workflow.ChildWorkflowOptions{
		WorkflowID: id, StaticSummary: "申报前公示: " + u.in.UnitID,
		TypedSearchAttributes: unitAttributes(u.in.CampaignID, u.in.UnitID),
	}, NoticeInput{NoticeID: id, Subject: subject, Title: title, Entries: entries,
		Length: n.Length, Contact: n.Contact, RemindEvery: u.s.Timeline.ProgressEvery, Timezone: u.in.Timezone,
	}, func() error {
		u.s.DeclaringNotice.Status = noticeOn
		u.details(ctx)
		return nil
	})
	if err != nil {
		return err
	}
	status := noticePassed
	if slices.Contains(res.Removed, u.in.UnitID) || (u.in.Nominating != nil && len(res.Removed) == len(entries)) {
		status = noticeRemoved
	}
	var removedPeople []string
	if u.in.Nominating != nil {
		removedPeople = res.Removed
	}
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.RecordDeclaringNotice, activities.DeclaringNoticeResult{
		CampaignID: u.in.CampaignID, UnitID: u.in.UnitID, Status: status, UnderReview: u.reviewing(), At: workflow.Now(ctx),
		Removed: removedPeople,
	}).Get(ctx, nil); err != nil {
		return err
	}
	u.s.DeclaringNotice.Status = status
	for i, n := range u.s.Nominees {
		u.s.Nominees[i].Removed = slices.Contains(removedPeople, n.Person)
	}
	if status == noticePassed && u.reviewing() {
		u.s.Review = &MaterialsReview{Status: reviewPending}
	}
	u.log.Info("notice before declaring ended", "status", status)
	return nil
}
