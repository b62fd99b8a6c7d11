package workflows

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/worker"

	"wenming/activities"
	"wenming/identity"
	"wenming/rules/title"
)

const guardedTitle = "title/7"

// guardKeys makes the product's identity key in a folder and the worker's ring of it, and a
// second key the worker does not hold.
func guardKeys(t *testing.T) (key, stranger *identity.Key, ring *identity.KeyRing) {
	t.Helper()
	dir := t.TempDir()
	key, err := identity.NewKey(dir)
	require.NoError(t, err)
	ring, err = identity.ReadKeyRing(dir)
	require.NoError(t, err)
	stranger, err = identity.NewKey(t.TempDir())
	require.NoError(t, err)
	return key, stranger, ring
}

// signed is the request with its credential: an act token for the update of the workflow,
// signed with key at a time for the account holding grants, over the request as given (sent
// by the account unless it names another sender).
func signed(t *testing.T, key *identity.Key, workflowID, update, account string, grants []string, r TitleRequest, at time.Time) TitleRequest {
	t.Helper()
	if r.By == "" {
		r.By = account
	}
	content, err := ContentOf(r)
	require.NoError(t, err)
	token, err := key.Sign(identity.Claims{Account: account, Grants: grants,
		Act: identity.Act{WorkflowID: workflowID, Update: update, Submission: r.ID, Digest: identity.ContentDigest(content)}}, at, 5*time.Minute)
	require.NoError(t, err)
	r.Credential = token
	return r
}

// A worker with the guard takes an update only from an account proven by an act token for that
// very act whose grants allow it: a title's decision by the office's administrator is taken;
// none, a unit's liaison, a token for another workflow, update or content, one signed by a key
// the worker does not hold, an expired one and one whose account is not the sender are refused,
// each saying why, and none of them changes the title.
func TestTheGuardTakesOnlyProvenAndAllowedSenders(t *testing.T) {
	key, stranger, ring := guardKeys(t)
	env, a := activityEnv()
	env.SetWorkerOptions(worker.Options{Interceptors: []interceptor.WorkerInterceptor{Interceptor(), Guard(ring)}})
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: guardedTitle})
	var written []activities.TitleAction
	status := title.Active
	env.OnActivity(a.ActOnTitle, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.TitleAction) (activities.TitleResult, error) {
		written = append(written, in)
		next, ok := title.Next(status, in.Action)
		require.True(t, ok, "%s from %s", in.Action, status)
		status = next
		return activities.TitleResult{Status: next, TermEnd: in.TermEnd}, nil
	})
	admin := []string{"office-admin"}
	warn := func(id string) TitleRequest {
		return TitleRequest{Submission: Submission{ID: id}, Action: title.Warn, Reason: "窗口服务多次被投诉"}
	}
	at := start.Add(time.Hour)
	otherContent := signed(t, key, guardedTitle, UpdateTitle, "wangwu", admin, warn("w-content"), at)
	otherContent.Reason = "另一个理由"
	asZhang := warn("w-sender")
	asZhang.By = "zhangsan"
	notTheSender := signed(t, key, guardedTitle, UpdateTitle, "wangwu", admin, asZhang, at)
	tests := []struct {
		name string
		req  TitleRequest
		want string // the refusal's words; empty: taken
	}{
		{"no credential", TitleRequest{Submission: Submission{ID: "w-none", By: "wangwu"}, Action: title.Warn, Reason: "理由"}, "no credential"},
		{"a unit's liaison", signed(t, key, guardedTitle, UpdateTitle, "zhangsan", []string{"unit-liaison:unit:finance"}, warn("w-liaison"), at),
			"title is for these roles, within their scope: office-admin"},
		{"signed for another workflow", signed(t, key, "title/8", UpdateTitle, "wangwu", admin, warn("w-other"), at), "signed for another submission"},
		{"signed for another update", signed(t, key, guardedTitle, UpdateVeto, "wangwu", admin, warn("w-update"), at), "signed for another submission"},
		{"other content under the token", otherContent, "signed for another submission"},
		{"signed by a key the worker does not hold", signed(t, stranger, guardedTitle, UpdateTitle, "wangwu", admin, warn("w-stranger"), at),
			"not signed by an identity key of this system"},
		{"expired", signed(t, key, guardedTitle, UpdateTitle, "wangwu", admin, warn("w-old"), start.Add(-time.Hour)), "expired"},
		{"the sender is not the account", notTheSender, "names zhangsan as its sender, the credential wangwu"},
		{"the office's administrator", signed(t, key, guardedTitle, UpdateTitle, "wangwu", admin, warn("w-admin"), at), ""},
	}
	o := map[string]*outcome{}
	for _, tt := range tests {
		env.RegisterDelayedCallback(func() { o[tt.name] = send(env, "", UpdateTitle, tt.req) }, time.Hour)
	}
	env.ExecuteWorkflow(Title, TitleInput{TitleID: 7, Kind: "civilized-unit", Unit: "finance", Name: "市直机关文明单位", Status: title.Active,
		TermEnd: start.Add(3 * time.Hour), Timezone: "Asia/Shanghai"})
	require.NoError(t, env.GetWorkflowError())

	for _, tt := range tests {
		if tt.want == "" {
			accepted(t, o[tt.name], "警告")
			continue
		}
		rejected(t, o[tt.name], tt.want)
	}
	var actions []title.Action
	for _, w := range written {
		actions = append(actions, w.Action)
	}
	assert.Equal(t, []title.Action{title.Warn, title.Expire}, actions, "one warning reached the register, the allowed one; then the term ended")
	assert.Equal(t, "wangwu", written[0].By, "the proven account is the sender on record")
}

// Every sheet of a batch names the proven account as its sender and carries no credential of
// its own; the workflow gets a request without its credential.
func TestABatchIsSentByItsProvenAccountAndTheCredentialIsSpent(t *testing.T) {
	sheet := func(by, credential string) BranchSheet {
		return BranchSheet{Branch: "b-tax", Sheet: BallotSheetRequest{Submission: Submission{ID: "s-" + by, By: by, Credential: credential}}}
	}
	batch := func(sheets ...BranchSheet) BallotSheetsRequest {
		return BallotSheetsRequest{Submission: Submission{ID: "batch", By: "dangban", Credential: "wm1.x.y"}, Sheets: sheets}
	}
	assert.NoError(t, sentBy(batch(sheet("dangban", ""), sheet("dangban", "")), "dangban"))
	assert.Error(t, sentBy(batch(sheet("dangban", ""), sheet("lisi", "")), "dangban"), "a sheet by someone else")
	assert.Error(t, sentBy(batch(sheet("dangban", "wm1.a.b")), "dangban"), "a sheet with a credential of its own")
	assert.Error(t, sentBy(batch(), "lisi"), "the batch by someone else")

	spent, err := withoutCredential(batch(sheet("dangban", "")))
	require.NoError(t, err)
	assert.Empty(t, spent.(BallotSheetsRequest).Credential)
	content, err := ContentOf(batch())
	require.NoError(t, err)
	assert.NotContains(t, string(content), "wm1.x.y", "the content signed leaves the credential out")
}

// signedRate is an inspection in a rating campaign with its credential, signed for account.
func signedRate(t *testing.T, key *identity.Key, account string, grants []string, r RateRequest, at time.Time) RateRequest {
	t.Helper()
	r.By = account
	content, err := ContentOf(r)
	require.NoError(t, err)
	token, err := key.Sign(identity.Claims{Account: account, Grants: grants, Act: identity.Act{WorkflowID: RatingWorkflowID("courtyard"),
		Update: UpdateInspect, Submission: r.ID, Digest: identity.ContentDigest(content)}}, at, 5*time.Minute)
	require.NoError(t, err)
	r.Credential = token
	return r
}

// A rating campaign's workflow serves many units: the guard scopes each act by the unit its
// request names, so an inspector assigned to one unit of the campaign inspects that unit only,
// and nobody outside the campaign's inspectors inspects at all.
func TestTheGuardScopesARatingsActsByTheUnitTheyName(t *testing.T) {
	key, _, ring := guardKeys(t)
	env, a := activityEnv()
	env.SetWorkerOptions(worker.Options{Interceptors: []interceptor.WorkerInterceptor{Interceptor(), Guard(ring)}})
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: RatingWorkflowID("courtyard")})
	std := loadStandard(t, "courtyard-hygiene")
	env.OnActivity(a.LoadStandard, mock.Anything, mock.Anything).Return(std, nil)
	env.OnActivity(a.RegisterRating, mock.Anything, mock.Anything).Return(nil)
	env.OnActivity(a.Supervise, mock.Anything, mock.Anything).Return(activities.Supervision{}, nil).Maybe()
	var scored []string
	env.OnActivity(a.RecordCheckScore, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.CheckScore) (activities.InspectionResult, error) {
		scored = append(scored, in.UnitID)
		return activities.InspectionResult{}, nil
	})
	finance := []string{"inspector:campaign:courtyard/unit:finance"}
	at := start.Add(65 * time.Minute)
	req := func(id, unit string) RateRequest {
		return RateRequest{Submission: Submission{ID: id}, Unit: unit, Round: "r1", Sheet: deductions(t, std, "extra,bonus,0")}
	}
	tests := []struct {
		name string
		req  RateRequest
		want string
	}{
		{"another unit than the one assigned", signedRate(t, key, "jiancha", finance, req("i-tax", "tax"), at), "inspect is for these roles, within their scope: inspector"},
		{"an inspector of another campaign", signedRate(t, key, "jiancha2", []string{"inspector:campaign:other"}, req("i-other", "finance"), at), "inspect is for these roles"},
		{"the unit's own liaison", signedRate(t, key, "lianluo", []string{"unit-liaison:unit:finance"}, req("i-self", "finance"), at), "inspect is for these roles"},
		{"the unit assigned", signedRate(t, key, "jiancha", finance, req("i-finance", "finance"), at), ""},
	}
	o := map[string]*outcome{}
	for _, tt := range tests {
		env.RegisterDelayedCallback(func() { o[tt.name] = send(env, "", UpdateInspect, tt.req) }, 65*time.Minute)
	}
	env.RegisterDelayedCallback(env.CancelWorkflow, 70*time.Minute)
	env.ExecuteWorkflow(Rating, RatingInput{Plan: ratingPlan()})

	for _, tt := range tests {
		if tt.want == "" {
			accepted(t, o[tt.name], "第1轮检查 of finance recorded")
			continue
		}
		rejected(t, o[tt.name], tt.want)
	}
	assert.Equal(t, []string{"finance"}, scored, "only the allowed inspection reached the database")
}
