package main

import (
	"context"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"wenming/connect"
	"wenming/rules/campaign"
	"wenming/rules/roster"
	"wenming/rules/standard"
	"wenming/store"
	"wenming/workflows"
)

// campaignRun runs a whole campaign of n units: every unit scores itself and declares during
// the self-check, every one is inspected during acceptance, then the review (without a quota,
// so that no tie at a cut waits for an administrator), a 2-second notice, naming and a
// 2-second management period. The windows are sized from the update rate measured
// earlier in the run, so that the submissions fit; the figure that matters is the time from the
// last deadline to the last result row.
func campaignRun(ctx context.Context, e *env, n int, std *standard.Standard, updateRate float64) (e2e, error) {
	res := e2e{What: "campaign", Stack: e.stack, Scale: n}
	id := fmt.Sprintf("bench-%d-%s", n, suffix())
	var units []roster.Unit
	var ids []string
	for i := 1; i <= n; i++ {
		u := fmt.Sprintf("%s-u%05d", id, i)
		units = append(units, roster.Unit{ID: u, Name: "单位 " + u, Kind: "agency", Staff: 100, Departments: 10})
		ids = append(ids, u)
	}
	if _, err := store.ImportUnits(ctx, e.db, "bench", units); err != nil {
		return res, err
	}
	// Windows sized for k messages at a quarter of the measured update rate (the passes' median,
	// measured alone; here the units' starts and timers share the server), and the self-check
	// opening once the units can have started at that rate: the deadlines are fixed when the
	// campaign starts, and 2,000 units take a minute or more to start (the self-check window
	// of the 2,000-unit campaign closed before its submissions were in when it opened at 5s).
	rate := max(updateRate/4, 5)
	window := func(k int) time.Duration { return time.Duration(float64(k)/rate*float64(time.Second)) + 5*time.Second }
	now := time.Now()
	tl := campaign.Timeline{Mobilize: now, Implement: now.Add(time.Second), SelfCheck: now.Add(window(n))}
	tl.DeclareBy = tl.SelfCheck.Add(window(2 * n))
	tl.AcceptBy = tl.DeclareBy.Add(window(n))
	tl.NoticeLength, tl.Consolidate = 2*time.Second, 2*time.Second
	tl.ProgressEvery = max(tl.AcceptBy.Sub(tl.Implement)/50, time.Second)
	tl.RankingEvery = 2 * tl.ProgressEvery
	tl.SmallFix, tl.BigFix = campaign.FixRule{Within: time.Hour}, campaign.FixRule{Within: time.Hour}
	plan := campaign.Plan{ID: id, Title: "性能测试 " + id, StandardID: std.ID, StandardDigest: std.Digest(), Timezone: "Asia/Shanghai",
		Units: ids, Timeline: tl, ReportMaxChars: 1500, GroupSize: 200, // no quota: no tie at a cut to decide
		Tasks: []campaign.PlannedTask{{ID: "plan", Title: "方案", Unit: campaign.AllUnits, Person: "办公室", Deadline: tl.Implement.Add(time.Second)}}}

	e.sampler.reset()
	before := e.sampler.snapshot()
	start := time.Now()
	mark := func(name string) {
		res.Phases = append(res.Phases, phase{Name: name, Took: time.Since(start) - sum(res.Phases)})
	}
	wf := workflows.CampaignWorkflowID(id)
	run, err := e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: wf, TaskQueue: connect.DefaultTaskQueue,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE}, workflows.Campaign, workflows.CampaignInput{Plan: plan})
	if err != nil {
		return res, err
	}
	if err := waitCampaign(ctx, e, wf, campaign.PhaseImplement); err != nil {
		return res, err
	}
	mobilized := time.Since(start) // every unit started (and the implementation opened, 1s in)
	if err := waitCampaign(ctx, e, wf, campaign.PhaseSelfCheck); err != nil {
		return res, err
	}
	mark(fmt.Sprintf("mobilize: %d unit workflows started; until the self-check opens", n))
	full := fullMarks(std)
	send := func(target, update string, arg any) error {
		h, err := e.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: target, UpdateName: update, Args: []any{arg},
			WaitForStage: client.WorkflowUpdateStageCompleted})
		if err != nil {
			return err
		}
		return h.Get(ctx, nil)
	}
	sub := func(kind, u string) workflows.Submission {
		return workflows.Submission{ID: kind + "-" + u, By: "bench"}
	}
	t := time.Now()
	if err := parallel(n, 16, func(i int) error {
		unit := workflows.UnitWorkflowID(id, ids[i])
		if err := send(unit, workflows.UpdateSelfCheck, workflows.SelfCheckRequest{Submission: sub("s", ids[i]), Sheet: full}); err != nil {
			return err
		}
		return send(unit, workflows.UpdateDeclare, workflows.DeclareRequest{Submission: sub("d", ids[i]), Report: "报告", Opinion: "无违纪"})
	}); err != nil {
		return res, err
	}
	declared := time.Since(t)
	res.Phases = append(res.Phases, phase{Name: fmt.Sprintf("%d self-checks and declarations", 2*n), Took: declared, Aside: true})
	if err := waitCampaign(ctx, e, wf, campaign.PhaseAcceptance); err != nil {
		return res, err
	}
	mark("self-check and declaration, until the deadline")
	t = time.Now()
	if err := parallel(n, 16, func(i int) error {
		return send(workflows.UnitWorkflowID(id, ids[i]), workflows.UpdateInspect, workflows.InspectRequest{Submission: sub("i", ids[i]), Sheet: full})
	}); err != nil {
		return res, err
	}
	inspected := time.Since(t)
	res.Phases = append(res.Phases, phase{Name: fmt.Sprintf("%d inspections", n), Took: inspected, Aside: true})
	if err := waitCampaign(ctx, e, wf, campaign.PhaseReview); err != nil {
		return res, err
	}
	mark("acceptance, until the deadline")
	if err := waitCampaign(ctx, e, wf, campaign.PhaseConsolidate); err != nil {
		return res, err
	}
	mark("after the last deadline: review, 2s notice, naming (every result row written)")
	if err := run.Get(ctx, nil); err != nil {
		return res, err
	}
	mark("2s management period, groups and units closed")
	res.Total = time.Since(start)
	res.Usage = delta(before, e.sampler.snapshot())
	// The product's own time: starting the units, taking the submissions, and what follows the
	// last deadline, less the notice and the management period it waits out.
	ps := res.Phases
	// The status is polled, so a phase is seen to start a little late: a close that fits in the
	// management period as seen costs nothing of its own.
	naming, closing := max(ps[len(ps)-2].Took-tl.NoticeLength, 0), max(ps[len(ps)-1].Took-tl.Consolidate, 0)
	res.Processing = &processing{UnitsStarted: mobilized, Submissions: declared, Inspections: inspected, Naming: naming, Closing: closing,
		Notice: tl.NoticeLength, ManagementPeriod: tl.Consolidate}
	if err := e.db.GetContext(ctx, &res.Rows, `SELECT count(*) FROM campaign_results WHERE campaign_id = $1`, id); err != nil {
		return res, err
	}
	if res.Rows != n {
		return res, fmt.Errorf("%s wrote %d results for %d units", id, res.Rows, n)
	}
	res.Histories, err = histories(ctx, e, wf, ids)
	return res, err
}

func waitCampaign(ctx context.Context, e *env, id string, p campaign.Phase) error {
	order := map[campaign.Phase]int{campaign.PhaseScheduled: 0, campaign.PhaseMobilize: 1, campaign.PhaseImplement: 2, campaign.PhaseSelfCheck: 3,
		campaign.PhaseAcceptance: 4, campaign.PhaseReview: 5, campaign.PhaseNotice: 6, campaign.PhaseConsolidate: 7, campaign.PhaseClosed: 8}
	for delay := 20 * time.Millisecond; ; delay = min(2*delay, time.Second) {
		v, err := e.client.QueryWorkflow(ctx, id, "", workflows.QueryStatus)
		if err == nil {
			var st workflows.CampaignStatus
			if v.Get(&st) == nil && order[st.Phase] >= order[p] {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: waiting for phase %s: %w", id, p, ctx.Err())
		case <-time.After(delay):
		}
	}
}

// fullMarks is a sheet giving every item its maximum.
func fullMarks(s *standard.Standard) standard.Sheet {
	sh := standard.Sheet{Name: "bench"}
	for _, it := range s.Items() {
		sh.Entries = append(sh.Entries, standard.Entry{Item: it.ID, Points: it.Max, Given: true})
	}
	return sh
}
