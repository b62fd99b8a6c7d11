package workflows

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"wenming/activities"
	"wenming/rules/campaign"
)

// refusedStatement is how activities.classify reports a statement the database refused.
var refusedStatement = temporal.NewApplicationError("the database refused the statement: check_violation (SQLSTATE 23514)", activities.ErrRefused)

// try counts a call of a write, notes the activity's own attempt number, and refuses the
// write while the test says so.
func (c *campaignTest) try(ctx context.Context, name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.attempts[name]++
	c.attempt[name] = activity.GetInfo(ctx).Attempt
	if c.refuse[name] {
		return refusedStatement
	}
	return nil
}

func (c *campaignTest) setRefused(name string, refused bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refuse[name] = refused
}

func (c *campaignTest) attemptsOf(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.attempts[name]
}

// A write on the campaign's own course that PostgreSQL refuses (a bug: a constraint the build
// breaks) neither ends the campaign nor a unit's part: the same activity is tried again, and
// the workflow waits where it is, until a fixed build lets the write through; then it goes on
// to its end. Here unit a's loading is refused for its first minute, and the naming for its
// first two (about 7 and 8 attempts: the test suite stops retrying after 10, Temporal never
// does).
func TestARefusedWriteHoldsTheCampaignUntilAFixedBuild(t *testing.T) {
	c := newCampaignTest(t)
	c.setRefused("LoadUnit a", true)
	c.setRefused("Name", true)
	loadingRefused := 0
	c.at(30*time.Second, func() { loadingRefused = c.attemptsOf("LoadUnit a") })
	c.at(time.Minute, func() { c.setRefused("LoadUnit a", false) })

	// Unit a, once loaded, scores itself, declares and is inspected like any other.
	o := map[string]*outcome{}
	c.at(130*time.Minute, func() {
		o["self-check"] = c.toUnit("a", UpdateSelfCheck, SelfCheckRequest{Submission: sub("a-s"), Sheet: fullSheet(t, c.std, "")})
	})
	c.at(140*time.Minute, func() {
		o["declare"] = c.toUnit("a", UpdateDeclare, DeclareRequest{Submission: sub("a-d"), Report: "创建工作报告", Opinion: "无违纪"})
	})
	c.inspect("a", 190*time.Minute)

	// The notice ends at +5h and the campaign names: refused until +5h02m.
	var held CampaignStatus
	namingRefused := 0
	c.at(5*time.Hour+90*time.Second, func() {
		held = c.status()
		namingRefused = c.attemptsOf("Name")
	})
	c.at(5*time.Hour+2*time.Minute, func() { c.setRefused("Name", false) })
	c.run()

	assert.Greater(t, loadingRefused, 1, "unit a's loading was being retried while refused")
	assert.Greater(t, c.attempts["LoadUnit a"], loadingRefused, "and went through once the build was fixed")
	assert.Equal(t, int32(c.attempts["LoadUnit a"]), c.attempt["LoadUnit a"], "one activity, retried: not a new one each time")
	accepted(t, o["self-check"], "a may declare")
	accepted(t, o["declare"], "a declared")

	assert.Greater(t, namingRefused, 1, "the naming was being retried while refused")
	assert.Equal(t, campaign.PhaseNotice, held.Phase, "while refused, the campaign waits where it is")
	assert.Nil(t, held.Outcomes, "nothing named while refused")
	assert.Greater(t, c.attempts["Name"], namingRefused, "the naming went through once the build was fixed")
	assert.Equal(t, int32(c.attempts["Name"]), c.attempt["Name"], "one activity, retried: not a new one each time")
	require.NotNil(t, c.named)
	assert.Equal(t, []campaign.Phase{campaign.PhaseMobilize, campaign.PhaseImplement, campaign.PhaseSelfCheck,
		campaign.PhaseAcceptance, campaign.PhaseReview, campaign.PhaseNotice, campaign.PhaseConsolidate, campaign.PhaseClosed}, c.phases)
	var res CampaignResult
	require.NoError(t, c.env.GetWorkflowResult(&res))
	assert.Equal(t, map[string]int{"named": 1, "not_declared": 1, "vetoed": 1}, res.Outcomes)
}

// A campaign's group that cannot start (its id is taken) fails the campaign, naming the
// group, instead of leaving it waiting forever for the group's word.
func TestACampaignGroupThatCannotStartFailsTheCampaign(t *testing.T) {
	for g := range 2 { // three units in groups of two: groups 0 and 1
		id := GroupWorkflowID(CampaignWorkflowID("c1"), g)
		t.Run(id, func(t *testing.T) {
			c := newCampaignTest(t)
			// The group's id is taken by a running workflow: this one.
			c.env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: id})
			c.env.ExecuteWorkflow(Campaign, CampaignInput{Plan: c.plan})
			require.True(t, c.env.IsWorkflowCompleted(), "the campaign did not wait for the group")
			err := c.env.GetWorkflowError()
			require.Error(t, err)
			assert.Contains(t, err.Error(), "start group "+id+":")
			assert.Equal(t, []campaign.Phase{campaign.PhaseMobilize}, c.phases, "the campaign went no further")
		})
	}
}
