package cli

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"wenming/identity"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// A worker given identity keys checks every submission's sender, whoever sends it: through
// the Temporal client directly (as `temporal workflow update execute` or any script would), an
// objection to a round's notice with no credential, or from a branch secretary, is refused and
// leaves no row; the party office's, proven by an act token, is taken under its account.
func TestTheWorkerTakesSubmissionsOnlyFromProvenAllowedSenders(t *testing.T) {
	dir := t.TempDir()
	key, err := identity.NewKey(dir)
	require.NoError(t, err)
	ring, err := identity.ReadKeyRing(dir)
	require.NoError(t, err)
	env := stacktest.New(t, stacktest.WithInterceptors(workflows.Guard(ring)))
	ctx := context.Background()
	const round = "pioneer/2026-Q3"
	id := workflows.NoticeWorkflowID(round)
	_, err = env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: env.TaskQueue},
		workflows.PublicNotice, workflows.NoticeInput{NoticeID: id, Subject: round, Title: "公示", Entries: []string{"m0001"}, Length: time.Hour})
	require.NoError(t, err)
	t.Cleanup(func() { _ = env.Client.TerminateWorkflow(context.Background(), id, "", "test over") })

	objection := func(id, subID, account string, grants []string) workflows.ObjectionRequest {
		r := workflows.ObjectionRequest{Submission: workflows.Submission{ID: subID, By: account}, Entry: "m0001", Reason: "工作中有失误"}
		if grants == nil {
			return r
		}
		content, err := workflows.ContentOf(r)
		require.NoError(t, err)
		r.Credential, err = key.Sign(identity.Claims{Account: account, Grants: grants, Act: identity.Act{WorkflowID: id,
			Update: workflows.UpdateFileObjection, Submission: subID, Digest: identity.ContentDigest(content)}}, time.Now(), 5*time.Minute)
		require.NoError(t, err)
		return r
	}
	send := func(id string, r workflows.ObjectionRequest) (workflows.Receipt, error) {
		h, err := env.Client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: workflows.UpdateFileObjection,
			Args: []any{r}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err != nil {
			return workflows.Receipt{}, err
		}
		var rec workflows.Receipt
		return rec, h.Get(ctx, &rec)
	}

	_, err = send(id, objection(id, "o-none", "wangwu", nil))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "无法证明提交人（没有凭据）")
	_, err = send(id, objection(id, "o-secretary", "lisi", []string{"branch-secretary:branch:b-tax"}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "objection-file 须由以下角色在其范围内办理：party-office、office-admin")
	var rows int
	require.NoError(t, env.DB.Get(&rows, `SELECT count(*) FROM objections WHERE notice_id = $1`, id))
	assert.Zero(t, rows, "a refused submission leaves nothing")

	rec, err := send(id, objection(id, "o-office", "wangwu", []string{"party-office"}))
	require.NoError(t, err)
	assert.Equal(t, "o-office", rec.SubmissionID)
	var by string
	require.NoError(t, env.DB.Get(&by, `SELECT filed_by FROM objections WHERE notice_id = $1`, id))
	assert.Equal(t, "wangwu", by)

	// A notice started by hand under a round's id to write to a campaign's notice (where the
	// party office may not act) takes nothing, even from the party office.
	forged := workflows.NoticeWorkflowID("pioneer/2026-Q2")
	_, err = env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: forged, TaskQueue: env.TaskQueue}, workflows.PublicNotice,
		workflows.NoticeInput{NoticeID: workflows.NoticeWorkflowID(workflows.CampaignWorkflowID("c1")), Subject: "pioneer/2026-Q2", Title: "公示",
			Entries: []string{"m0001"}, Length: time.Hour})
	require.NoError(t, err)
	t.Cleanup(func() { _ = env.Client.TerminateWorkflow(context.Background(), forged, "", "test over") })
	_, err = send(forged, objection(forged, "o-forged", "wangwu", []string{"party-office"}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "这个工作流的编号与它的输入不符")
}
