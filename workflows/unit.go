package workflows

import (
	"slices"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/workflows/searchattr"
)

// defaultHistoryLimit is where a unit's workflow continues as new: a year of weekly reports
// on twenty tasks would otherwise grow one history past what the cluster handles well.
const defaultHistoryLimit = 4000

// Unit is one unit's part in a campaign: it takes the unit's progress reports, self-score
// and declaration, the inspectors' scores and findings, and the rectification of every
// notice, each checked against the rules and the deadlines. When the unit is ready for the
// review (it missed the deadline, was vetoed, or was inspected and fixed every problem) it
// tells its group; it ends when the campaign closes.
func Unit(ctx workflow.Context, in UnitInput) (UnitResult, error) {
	u := &unit{in: in}
	u.intake = newIntake(ctx, &u.s.Seen, func() bool { return u.loaded }, func(workflow.Context) { u.changed = true })
	u.log = log.With(workflow.GetLogger(ctx), "campaign", in.CampaignID, "unit", in.UnitID)
	// Handlers first, so that no submission arriving while the unit loads is turned away.
	if err := u.register(ctx); err != nil {
		return UnitResult{}, err
	}
	if err := u.start(ctx); err != nil {
		return UnitResult{}, err
	}
	u.loaded = true
	// Runs recorded before this change waited for every inspection however late.
	u.deadlinesEndWaits = workflow.GetVersion(ctx, deadlinesEndWaits, workflow.DefaultVersion, 1) >= 1
	// The preliminary review, where the campaign's plan has it, in runs recorded since it came.
	u.reviewMaterials = u.in.ReviewMaterials && workflow.GetVersion(ctx, preliminaryReview, workflow.DefaultVersion, 1) >= 1
	// The notice before declaring, likewise.
	u.declaringNotice = u.in.DeclaringNotice != nil && workflow.GetVersion(ctx, declaringNoticeChange, workflow.DefaultVersion, 1) >= 1
	signals := u.signals(ctx)
	for {
		if err := u.runDeclaringNotice(ctx); err != nil {
			return UnitResult{}, err
		}
		if err := u.lapseIfNotCorrected(ctx); err != nil {
			return UnitResult{}, err
		}
		u.details(ctx)
		if err := u.settleIfReady(ctx); err != nil {
			return UnitResult{}, err
		}
		if u.s.Closed && workflow.AllHandlersFinished(ctx) {
			return UnitResult{Settled: u.s.Settled}, nil
		}
		if u.tooLong(ctx) && workflow.AllHandlersFinished(ctx) {
			// settleIfReady may have waited on its signal to the group, and a veto, an
			// extension or the close may have come in meanwhile: a new run would never see
			// them, so they are taken first.
			if workflow.GetVersion(ctx, drainBeforeContinueAsNew, workflow.DefaultVersion, 1) >= 1 && signals.drain(u) {
				// An extension taken in here opens a settled unit again, as one taken in
				// after the wait does; runs recorded before carried it on still settled.
				if workflow.GetVersion(ctx, reopenAfterDrain, workflow.DefaultVersion, 1) >= 1 {
					if err := u.reopenIfExtended(ctx); err != nil {
						return UnitResult{}, err
					}
				}
				continue
			}
			next := u.in
			state := u.s
			next.Carry = &state
			return UnitResult{}, workflow.NewContinueAsNewError(ctx, Unit, next)
		}
		// Wait for a submission, a signal from the campaign, or the declaration deadline.
		wake := func() bool {
			return u.changed || signals.pending() || (u.s.Closed && workflow.AllHandlersFinished(ctx))
		}
		if due, timer, ok := u.nextDeadline(workflow.Now(ctx)); ok {
			if _, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
				Timeout:      due.Sub(workflow.Now(ctx)),
				TimerOptions: workflow.TimerOptions{Summary: timer.String()},
			}, wake); err != nil {
				return UnitResult{}, err
			}
		} else if err := workflow.Await(ctx, wake); err != nil {
			return UnitResult{}, err
		}
		u.changed = false
		signals.drain(u)
		if err := u.reopenIfExtended(ctx); err != nil {
			return UnitResult{}, err
		}
	}
}

// deadlinesEndWaits is the change that ends a unit's wait for the inspectors at the
// acceptance deadline, and lets an extension of a passed deadline open the unit again.
const deadlinesEndWaits = "deadlines-end-waits"

// nextDeadline is the deadline the unit waits for while it is not ready: the declaration
// deadline, or (once declared) the acceptance deadline.
func (u *unit) nextDeadline(now time.Time) (time.Time, msg.Text, bool) {
	tl := u.s.Timeline
	switch {
	case u.s.Settled != "":
		return time.Time{}, msg.Text{}, false
	case !u.s.Declared && now.Before(tl.DeclareBy):
		return tl.DeclareBy, msg.Say("timer.declarations_due", "At", u.when(tl.DeclareBy)), true
	case u.correcting(now):
		return u.s.Review.FixBy, msg.Say("timer.correction_due", "At", u.when(u.s.Review.FixBy)), true
	case u.deadlinesEndWaits && u.s.Declared && now.Before(tl.AcceptBy):
		return tl.AcceptBy, msg.Say("timer.acceptance_due", "At", u.when(tl.AcceptBy)), true
	}
	return time.Time{}, msg.Text{}, false
}

// reopenIfExtended takes back the unit's readiness when the deadline it was ready by has
// been extended past now: a unit that missed its declaration may then still declare, one not
// inspected may still be inspected. The group hears of it before the campaign can move on.
func (u *unit) reopenIfExtended(ctx workflow.Context) error {
	if !u.deadlinesEndWaits || u.s.Settled == "" {
		return nil
	}
	now, tl := workflow.Now(ctx), u.s.Timeline
	reopen := false
	switch u.s.Settled {
	case readyNotDeclared:
		reopen = !u.s.Declared && now.Before(tl.DeclareBy)
	case readyNotInspected, readyRectificationsOpen:
		reopen = now.Before(tl.AcceptBy)
	}
	if !reopen {
		return nil
	}
	u.log.Info("unit open again: its deadline was extended", "was", u.s.Settled)
	// A decision to go on without the inspection was made against the old deadline: the
	// inspectors have time again.
	u.s.Settled, u.s.ProceededWithout = "", ""
	return tell(ctx, u.in.Group, SignalMemberSettled, MemberSettled{ID: u.in.UnitID, Reopened: true})
}

// drainBeforeContinueAsNew is the change that takes a unit's signals in before it continues as
// new; runs recorded before it continued without them.
const drainBeforeContinueAsNew = "drain-before-continue-as-new"

// reopenAfterDrain is the change that lets an extension taken in on the way to
// continue-as-new open a settled unit again.
const reopenAfterDrain = "reopen-after-drain"

// unitSignals are the campaign's words to a unit.
type unitSignals struct {
	vetoes, extends, closes workflow.ReceiveChannel
}

func (u *unit) signals(ctx workflow.Context) unitSignals {
	return unitSignals{
		vetoes:  workflow.GetSignalChannel(ctx, SignalVeto),
		extends: workflow.GetSignalChannel(ctx, SignalExtend),
		closes:  workflow.GetSignalChannel(ctx, SignalClose),
	}
}

func (s unitSignals) pending() bool {
	return s.vetoes.Len() > 0 || s.extends.Len() > 0 || s.closes.Len() > 0
}

// drain applies every signal that has arrived to the unit's state, and says whether there
// was any.
func (s unitSignals) drain(u *unit) bool {
	any := false
	var v VetoSignal
	for s.vetoes.ReceiveAsync(&v) {
		u.s.Vetoed, any = v.VetoID, true
	}
	var t campaign.Timeline
	for s.extends.ReceiveAsync(&t) {
		u.s.Timeline, any = t, true
	}
	for s.closes.ReceiveAsync(nil) {
		u.s.Closed, any = true, true
	}
	return any
}

type unit struct {
	in                UnitInput
	s                 UnitState
	std               *standard.Standard
	intake            *intake
	changed           bool
	loaded            bool // the standard and tasks are in; until then handlers wait
	deadlinesEndWaits bool // the acceptance deadline ends the wait for the inspectors
	reviewMaterials   bool // the office reviews the declaration before inspection
	declaringNotice   bool // a declaration is put on notice inside the unit before it stands
	log               log.Logger
}

// start loads what the unit needs: the standard to check sheets against, and (on a fresh
// start) its tasks and any veto recorded before this workflow could be told.
func (u *unit) start(ctx workflow.Context) error {
	actx := withWrites(ctx)
	// A campaign naming people has no standard: nothing is scored.
	if u.in.StandardID != "" {
		if err := workflow.ExecuteActivity(actx, acts.LoadStandard, activities.StandardRef{ID: u.in.StandardID}).Get(ctx, &u.std); err != nil {
			return err
		}
	}
	if u.in.Carry != nil {
		u.s = *u.in.Carry
		return nil
	}
	var st activities.UnitStart
	if err := workflow.ExecuteActivity(actx, acts.LoadUnit, activities.UnitRef{CampaignID: u.in.CampaignID, UnitID: u.in.UnitID}).Get(ctx, &st); err != nil {
		return err
	}
	u.s = UnitState{Timeline: u.in.Timeline, Tasks: st.Tasks, Progress: map[string]int{}, Vetoed: st.Vetoed, Seen: seenSet{}}
	return workflow.UpsertTypedSearchAttributes(ctx,
		searchattr.CampaignID.ValueSet(u.in.CampaignID), searchattr.UnitID.ValueSet(u.in.UnitID))
}

func unitAttributes(campaignID, unitID string) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(searchattr.CampaignID.ValueSet(campaignID), searchattr.UnitID.ValueSet(unitID))
}

func (u *unit) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (UnitStatus, error) { return u.status(workflow.Now(ctx)), nil }); err != nil {
		return err
	}
	// Until the unit has loaded, validators accept and the handler checks after waiting.
	loaded := func() bool { return u.loaded }
	in := u.intake
	for _, register := range []func() error{
		func() error { return onSubmission(ctx, in, UpdateTaskReport, loaded, u.checkTaskReport, u.taskReport) },
		func() error {
			return onCheckedSubmission(ctx, in, UpdateSelfCheck, loaded, u.checkSelfCheck, u.selfCheck)
		},
		func() error { return onSubmission(ctx, in, UpdateDeclare, loaded, u.checkDeclare, u.declare) },
		func() error { return onCheckedSubmission(ctx, in, UpdateInspect, loaded, u.checkInspect, u.inspect) },
		func() error { return onSubmission(ctx, in, UpdateRectify, loaded, anyTime(u.checkRectify), u.rectify) },
		func() error { return onSubmission(ctx, in, UpdateReviewDeclaration, loaded, u.checkReview, u.review) },
		func() error {
			return onCheckedSubmission(ctx, in, UpdateNominatePerson, loaded, u.checkNominate, u.nominate)
		},
		func() error { return onSubmission(ctx, in, UpdateProceed, loaded, u.checkProceed, u.proceed) },
	} {
		if err := register(); err != nil {
			return err
		}
	}
	return nil
}

// settleIfReady tells the group, once, that the unit is ready for the review.
func (u *unit) settleIfReady(ctx workflow.Context) error {
	if u.s.Settled != "" {
		return nil
	}
	if u.s.OverdueShown && workflow.Now(ctx).Before(u.s.Timeline.AcceptBy) {
		// The deadline the unit waited overdue by was extended: it is not overdue now.
		if err := u.unshowOverdue(ctx); err != nil {
			return err
		}
	}
	reason := u.readiness(workflow.Now(ctx))
	if reason == readyNotInspected && u.s.ProceededWithout == "" {
		if waits, err := u.waitsForInspection(ctx); waits || err != nil {
			return err
		}
	}
	if reason == "" {
		return nil
	}
	if err := u.unshowOverdue(ctx); err != nil {
		return err
	}
	u.s.Settled = reason
	u.log.Info("unit settled", "reason", reason)
	return tell(ctx, u.in.Group, SignalMemberSettled, MemberSettled{ID: u.in.UnitID, Reason: reason})
}

// inspectionWaits is the change that stops the acceptance deadline deciding that a declared
// unit goes to the review not inspected: the plans leave that to people. From it on the unit waits
// past the deadline, overdue, for a late inspection or an administrator's decision to proceed
// without one (campaign proceed --step inspect). A run that reached the deadline before it
// settled not inspected, and replays so.
const inspectionWaits = "inspection-waits"

// waitsForInspection says whether the unit, declared and not inspected at the acceptance
// deadline, waits on for its inspection (see inspectionWaits); it shows the wait overdue, in
// the details and the search attribute.
func (u *unit) waitsForInspection(ctx workflow.Context) (bool, error) {
	if !u.s.WaitsForInspection && workflow.GetVersion(ctx, inspectionWaits, workflow.DefaultVersion, 1) >= 1 {
		u.s.WaitsForInspection = true
		u.log.Warn("the acceptance deadline has passed without an inspection: still waiting", "due", u.s.Timeline.AcceptBy)
		u.details(ctx)
	}
	if u.s.WaitsForInspection && !u.s.OverdueShown {
		shown, err := showOverdue(ctx, u.s.Timeline.AcceptBy)
		if err != nil {
			return false, err
		}
		u.s.OverdueShown = shown
	}
	return u.s.WaitsForInspection, nil
}

// unshowOverdue unsets the search attribute that shows the unit's wait overdue, once nothing
// waits overdue any more (the unit is ready, or its deadline was extended).
func (u *unit) unshowOverdue(ctx workflow.Context) error {
	if !u.s.OverdueShown {
		return nil
	}
	u.s.OverdueShown = false
	_, err := showOverdue(ctx, time.Time{})
	return err
}

// Why a unit is ready for the review. The carried state keeps these English words: changing
// them would change the state's shape; ReadinessText shows them in Chinese.
const (
	readyVetoed             = "vetoed"
	readyNotDeclared        = "not declared by the deadline"
	readyInspected          = "inspected, every rectification verified"
	readyNotInspected       = "not inspected by the deadline"
	readyRectificationsOpen = "inspected, rectifications open at the deadline"
	readyTurnedDown         = "turned down in the preliminary review"
	readyRemovedOnNotice    = "removed by an objection on the notice before declaring"
	readyNominated          = "nominees declared, materials accepted"
)

// readiness says why the unit is ready for review, or "" while it is not. Once the
// acceptance deadline has passed nobody is waited for: a declared unit the inspectors never
// came to is not inspected, and an inspected one is reviewed on its scores while its open
// rectifications go on.
func (u *unit) readiness(now time.Time) string {
	tl := u.s.Timeline
	switch {
	case u.s.Vetoed != "":
		return readyVetoed
	case u.reviewStatus() == reviewTurnedDown:
		return readyTurnedDown
	case u.s.DeclaringNotice != nil && u.s.DeclaringNotice.Status == noticeRemoved:
		return readyRemovedOnNotice
	case !u.s.Declared && !now.Before(tl.DeclareBy):
		return readyNotDeclared
	case u.in.Nominating != nil && u.declarationStands() && (!u.reviewing() || u.reviewStatus() == reviewAccepted):
		// People are not inspected: their unit's declaration standing is all they wait for.
		return readyNominated
	case u.s.Inspection != nil && u.openRectifications() == 0:
		return readyInspected
	case !u.deadlinesEndWaits || !u.s.Declared || now.Before(tl.AcceptBy):
		return ""
	case u.s.Inspection == nil:
		return readyNotInspected
	}
	return readyRectificationsOpen
}

// readinessWords shows a readiness reason (kept in English in the unit's carried state) in
// Chinese, for the Web UI.
func readinessWords(reason string) string { return ReadinessText(reason).String() }

// ReadinessText is a unit's readiness reason as a catalogue message: the carried state keeps
// it in English words, which changing would change the state's shape.
func ReadinessText(reason string) msg.Text {
	ids := map[string]string{readyVetoed: "ready.vetoed", readyNotDeclared: "ready.not_declared",
		readyInspected: "ready.inspected", readyNotInspected: "ready.not_inspected", readyRectificationsOpen: "ready.rectifications_open",
		readyTurnedDown: "ready.turned_down", readyRemovedOnNotice: "ready.removed_on_notice", readyNominated: "ready.nominated"}
	if id, ok := ids[reason]; ok {
		return msg.Say(id)
	}
	return msg.Say("problem.detail", "Detail", reason)
}

func (u *unit) openRectifications() int {
	n := 0
	for _, no := range u.s.Rectifications {
		if no.Status != "verified" {
			n++
		}
	}
	return n
}

func (u *unit) tooLong(ctx workflow.Context) bool { return historyTooLong(ctx, u.in.HistoryLimit) }

// historyTooLong says whether a long-lived workflow should continue as new: its history has
// reached the limit (0: the default), or the server suggests it.
func historyTooLong(ctx workflow.Context, limit int) bool {
	if limit <= 0 {
		limit = defaultHistoryLimit
	}
	info := workflow.GetInfo(ctx)
	return info.GetCurrentHistoryLength() >= limit || info.GetContinueAsNewSuggested()
}

func (u *unit) status(now time.Time) UnitStatus {
	st := UnitStatus{CampaignID: u.in.CampaignID, UnitID: u.in.UnitID, Phase: u.s.Timeline.PhaseAt(now), Timeline: u.s.Timeline,
		SelfCheck: u.s.SelfCheck, Declared: u.s.Declared, Inspection: u.s.Inspection, Rectifications: slices.Clone(u.s.Rectifications),
		Vetoed: u.s.Vetoed, Settled: u.s.Settled, Review: u.s.Review, DeclaringNotice: u.s.DeclaringNotice, Checks: slices.Clone(u.s.Checks),
		Nominees: slices.Clone(u.s.Nominees), InspectionOverdue: u.inspectionOverdue(now)}
	for _, t := range u.s.Tasks {
		st.Tasks = append(st.Tasks, TaskStatus{ID: t.ID, Title: t.Title, Deadline: t.Deadline, Percent: u.s.Progress[t.ID]})
	}
	return st
}

// details keeps the Web UI saying, at a glance, where the unit stands and what it waits for.
func (u *unit) details(ctx workflow.Context) {
	now := workflow.Now(ctx)
	tl := u.s.Timeline
	var state, waits msg.Text
	switch {
	case u.s.Vetoed != "":
		state = msg.Say("details.unit.vetoed", "Reason", u.s.Vetoed)
	case u.s.Settled != "":
		state = msg.Say("details.unit.ready", "Reason", readinessWords(u.s.Settled))
	case u.s.Inspection != nil:
		state, waits = msg.Say("details.unit.inspected"), msg.Say("details.unit.wait_rectifications", "N", u.openRectifications())
	case u.reviewStatus() == reviewPending:
		state, waits = msg.Say("details.unit.declared"), msg.Say("details.unit.wait_review", "At", u.when(tl.AcceptBy))
	case u.reviewStatus() == reviewReturned:
		state, waits = msg.Say("details.unit.returned", "Note", u.s.Review.Note), msg.Say("details.unit.wait_correction", "At", u.when(u.s.Review.FixBy))
	case u.onNotice():
		state, waits = msg.Say("details.unit.declared"), msg.Say("details.unit.wait_declaring_notice")
	case u.s.Declared && u.inspectionOverdue(now):
		state, waits = msg.Say("details.unit.declared"), msg.Say("details.unit.wait_inspection_overdue", "Since", u.when(tl.AcceptBy), "Unit", u.in.UnitID)
	case u.s.Declared:
		state, waits = msg.Say("details.unit.declared"), msg.Say("details.unit.wait_inspection", "At", u.when(tl.AcceptBy))
	case now.Before(tl.SelfCheck):
		state, waits = msg.Say("details.unit.implementing"), msg.Say("details.unit.wait_selfcheck", "At", u.when(tl.SelfCheck))
	default:
		state, waits = msg.Say("details.unit.selfcheck"), msg.Say("details.unit.wait_declare", "At", u.when(tl.DeclareBy))
	}
	text := msg.Say("details.unit", "Unit", u.in.UnitID, "Campaign", u.in.CampaignID).String() + "\n\n" + state.String()
	if waits.ID != "" {
		text += "\n\n" + msg.Say("details.waiting", "What", waits.String()).String()
	}
	if s := u.s.SelfCheck; s != nil {
		text += "\n\n" + msg.Say("details.unit.selfscore", "Base", s.Base, "Bonus", s.Bonus).String()
	}
	if s := u.s.Inspection; s != nil {
		text += " · " + msg.Say("details.unit.actual", "Base", s.Base, "Bonus", s.Bonus).String()
	}
	workflow.SetCurrentDetails(ctx, text)
}
