package workflows

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"time"

	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/workflow"

	"wenming/identity"
	"wenming/msg"
	"wenming/rules/access"
	"wenming/rules/schedule"
)

// The guard checks every update a workflow takes, before its validator, against who sends it:
// the submission's credential must be an act token signed by one of the product's identity
// keys for this very act (this workflow, this update, this submission and its content), from
// the account the submission names, whose grants allow the act (rules/access.Acts) on what
// the workflow is for (its campaign and unit, or its branch). A refusal leaves nothing in the
// workflow's history (a rejected update is not recorded) and names the roles the act needs.
// Validation does not run on replay, so the keys a worker holds never change what a history
// replays. A worker given no identity keys runs without the guard (development only).
//
// Status: the worker installs it when given --identity-keys; no client signs act tokens yet
// (starter login and the office's delivery come next: issue 35).

// Guard is the interceptor that checks updates against the identity keys.
func Guard(keys *identity.KeyRing) interceptor.WorkerInterceptor { return &guard{keys: keys} }

type guard struct {
	interceptor.WorkerInterceptorBase
	keys *identity.KeyRing
}

func (g *guard) InterceptWorkflow(_ workflow.Context, next interceptor.WorkflowInboundInterceptor) interceptor.WorkflowInboundInterceptor {
	i := &guardInbound{keys: g.keys}
	i.Next = next
	return i
}

// guardInbound guards one workflow: it learns what the workflow is for from its input, which
// must be the input of the workflow its id names.
type guardInbound struct {
	interceptor.WorkflowInboundInterceptorBase
	keys   *identity.KeyRing
	scope  access.Act // the workflow's campaign, unit, branch, and the kind of its notice
	forged bool       // the input names another workflow than the id: nothing is taken
}

func (i *guardInbound) ExecuteWorkflow(ctx workflow.Context, in *interceptor.ExecuteWorkflowInput) (any, error) {
	if len(in.Args) > 0 {
		var ok bool
		i.scope, ok = scopeOf(workflow.GetInfo(ctx).WorkflowExecution.ID, in.Args[0])
		i.forged = !ok
	}
	return i.Next.ExecuteWorkflow(ctx, in)
}

// scopeOf is what a workflow's input says it is for, and whether the input is one of the
// workflow its id names: a unit's, branch's or notice's input under another id (a workflow
// someone started to borrow a scope) is not.
func scopeOf(id string, input any) (access.Act, bool) {
	switch in := input.(type) {
	case UnitInput:
		return access.Act{Campaign: in.CampaignID, Unit: in.UnitID}, id == UnitWorkflowID(in.CampaignID, in.UnitID)
	case BranchInput:
		return access.Act{Branch: in.BranchID}, id == BranchWorkflowID(in.RoundID, in.BranchID)
	case RatingInput:
		return access.Act{Campaign: in.Plan.ID}, id == RatingWorkflowID(in.Plan.ID)
	case NoticeInput:
		ok := id == NoticeWorkflowID(in.Subject) && in.NoticeID == id
		if _, isRound := schedule.KindOfRound(in.Subject); isRound {
			return access.Act{Kind: "round"}, ok
		}
		return access.Act{Kind: "campaign"}, ok
	}
	return access.Act{}, true
}

// ExecuteUpdate hands the workflow the request without its credential: it is spent, and a
// workflow keeps requests in its state and shows them in queries.
func (i *guardInbound) ExecuteUpdate(ctx workflow.Context, in *interceptor.UpdateInput) (any, error) {
	if len(in.Args) == 1 {
		if spent, err := withoutCredential(in.Args[0]); err == nil {
			in.Args[0] = spent
		}
	}
	return i.Next.ExecuteUpdate(ctx, in)
}

func (i *guardInbound) ValidateUpdate(ctx workflow.Context, in *interceptor.UpdateInput) error {
	if err := i.permit(ctx, in); err != nil {
		return err
	}
	return i.Next.ValidateUpdate(ctx, in)
}

// permit refuses an update whose sender is not proven, or not allowed.
func (i *guardInbound) permit(ctx workflow.Context, in *interceptor.UpdateInput) error {
	if i.forged {
		return invalid("refuse.access.forged_workflow")
	}
	if len(in.Args) != 1 {
		return unproven("access.why.not_a_submission")
	}
	info := workflow.GetInfo(ctx)
	claims, err := i.prove(in.Args[0], info.WorkflowExecution.ID, in.Name, workflow.Now(ctx))
	if err != nil {
		return err
	}
	if err := sentBy(in.Args[0], claims.Account); err != nil {
		return err
	}
	var grants []access.Grant
	for _, text := range claims.Grants {
		g, err := access.ParseGrantText(text)
		if err != nil {
			return unproven("access.why.malformed")
		}
		grants = append(grants, g)
	}
	act := i.scope
	act.Workflow, act.Update = info.WorkflowType.Name, in.Name
	if k, ok := in.Args[0].(interface{ actKind() string }); ok {
		act.Kind = k.actKind()
	}
	if u, ok := in.Args[0].(interface{ actUnit() string }); ok {
		act.Unit = u.actUnit()
	}
	if err := access.Permits(grants, act); err != nil {
		return refusalOf(err)
	}
	return nil
}

// prove verifies a request's act token for this workflow and update, at now: its claims, or
// the refusal saying why it proves nothing.
func (i *guardInbound) prove(req any, workflowID, update string, now time.Time) (identity.Claims, error) {
	r, ok := req.(submitted)
	if !ok {
		return identity.Claims{}, unproven("access.why.not_a_submission")
	}
	sub := r.submission()
	if sub.Credential == "" {
		return identity.Claims{}, unproven("access.why.none")
	}
	digest, err := contentDigest(req)
	if err != nil {
		return identity.Claims{}, unproven("access.why.malformed")
	}
	claims, err := i.keys.Verify(sub.Credential, identity.Act{WorkflowID: workflowID, Update: update, Submission: sub.ID, Digest: digest}, now)
	if err != nil {
		for _, w := range whyUnproven {
			if errors.Is(err, w.cause) {
				return identity.Claims{}, unproven(w.why)
			}
		}
		return identity.Claims{}, unproven("access.why.malformed")
	}
	return claims, nil
}

// sentBy refuses a request that names another sender than the proven account: itself, or a
// sheet of its batch (which may carry no credential of its own: the batch's proves them all).
func sentBy(req any, account string) error {
	subs := []Submission{req.(submitted).submission()}
	if batch, ok := req.(interface{ inner() []Submission }); ok {
		for _, s := range batch.inner() {
			if s.Credential != "" {
				return unproven("access.why.malformed")
			}
			subs = append(subs, s)
		}
	}
	for _, s := range subs {
		if s.By != account {
			return invalid("refuse.access.not_the_sender", "By", s.By, "Account", account)
		}
	}
	return nil
}

// whyUnproven says in the catalogue's words why a credential proves nothing.
var whyUnproven = []struct {
	cause error
	why   string
}{
	{identity.ErrMalformed, "access.why.malformed"}, {identity.ErrUnknownKey, "access.why.unknown_key"},
	{identity.ErrForged, "access.why.forged"}, {identity.ErrExpired, "access.why.expired"},
	{identity.ErrOtherAct, "access.why.other_act"}, {identity.ErrTooLong, "access.why.too_long"},
}

func unproven(why string) error {
	return invalid("refuse.access.credential", "Why", msg.Say(why))
}

// contentDigest is the digest of a request as its sender signed it: its JSON without the
// credential (ContentDigest says how the sender makes it).
func contentDigest(req any) (string, error) {
	b, err := ContentOf(req)
	if err != nil {
		return "", err
	}
	return identity.ContentDigest(b), nil
}

// ContentOf is a request's content as an act token binds it: its JSON encoding with the
// credential left out. The sender signs the digest of this; the guard works it out again.
func ContentOf(req any) ([]byte, error) {
	spent, err := withoutCredential(req)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(spent)
	if err != nil {
		return nil, err
	}
	return []byte(strings.TrimSpace(string(b))), nil
}

// withoutCredential is a copy of a request (a struct embedding Submission, or a pointer to
// one) with its credential empty.
func withoutCredential(req any) (any, error) {
	v := reflect.ValueOf(req)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, errors.New("not a request")
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	if f := c.FieldByName("Credential"); f.IsValid() && f.Kind() == reflect.String {
		f.SetString("")
	}
	return c.Interface(), nil
}

// inner are the sheets of a batch: each names its sender too, who must be the batch's.
func (r BallotSheetsRequest) inner() []Submission {
	out := make([]Submission, len(r.Sheets))
	for i, s := range r.Sheets {
		out[i] = s.Sheet.Submission
	}
	return out
}

func (r RectifyRequest) actKind() string       { return r.Action }
func (r RatingRectifyRequest) actKind() string { return r.Action }

// actUnit is the unit a Rating workflow's request acts on: one campaign, many units.
func (r RateRequest) actUnit() string          { return r.Unit }
func (r SkipRequest) actUnit() string          { return r.Unit }
func (r RatingRectifyRequest) actUnit() string { return r.Unit }
func (r NominateRequest) actKind() string      { return r.SubjectKind }
