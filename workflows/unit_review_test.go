package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The office reviews every declaration before inspection: a unit whose materials come back
// corrects them and declares again (after the declaration deadline, within the correction's);
// one that does not correct in time is turned down; one turned down stays so. Only accepted
// materials are inspected.
func TestThePreliminaryReviewOfTheMaterials(t *testing.T) {
	c := newCampaignTest(t)
	c.plan.ReviewMaterials = true
	for _, u := range []string{"a", "b", "c"} {
		c.declare(u)
	}
	o := map[string]*outcome{}
	review := func(key, id, unit, verdict, note string, within time.Duration) {
		o[key] = c.toUnit(unit, UpdateReviewDeclaration, ReviewDeclarationRequest{Submission: sub(id), Verdict: verdict, Note: note, FixWithin: within})
	}
	c.at(145*time.Minute, func() { review("return without note", "r0", "a", ReviewReturn, "", time.Hour) })
	c.at(146*time.Minute, func() { review("return past acceptance", "r1", "a", ReviewReturn, "缺少纪检意见", 2*time.Hour) })
	c.at(147*time.Minute, func() { review("no such verdict", "r2", "a", "maybe", "", 0) })
	c.at(150*time.Minute, func() { review("return a", "r3", "a", ReviewReturn, "缺少纪检监察部门意见原件", time.Hour) })
	c.at(151*time.Minute, func() { review("return b", "r4", "b", ReviewReturn, "报告超过字数", 30*time.Minute) })
	c.at(152*time.Minute, func() { review("turn down c", "r5", "c", ReviewTurnDown, "申报材料与实际不符", 0) })
	c.at(153*time.Minute, func() { review("c again", "r6", "c", ReviewAccept, "", 0) })
	c.at(190*time.Minute, func() {
		o["inspect returned"] = c.toUnit("a", UpdateInspect, InspectRequest{Submission: sub("a-i0"), Sheet: fullSheet(t, c.std, "5")})
	})
	c.at(200*time.Minute, func() {
		o["correct"] = c.toUnit("a", UpdateDeclare, DeclareRequest{Submission: sub("a-d2"), Report: "补正后的报告", Opinion: "纪检监察部门意见（原件）"})
	})
	c.at(205*time.Minute, func() { review("accept a", "r7", "a", ReviewAccept, "", 0) })
	c.at(206*time.Minute, func() {
		o["b too late"] = c.toUnit("b", UpdateDeclare, DeclareRequest{Submission: sub("b-d2"), Report: "补正后的报告", Opinion: "无违纪"})
		o["c turned down"] = c.toUnit("c", UpdateDeclare, DeclareRequest{Submission: sub("c-d2"), Report: "补正后的报告", Opinion: "无违纪"})
	})
	c.at(215*time.Minute, func() {
		o["inspect"] = c.toUnit("a", UpdateInspect, InspectRequest{Submission: sub("a-i"), Sheet: fullSheet(t, c.std, "5")})
	})
	var a, b, cs UnitStatus
	c.at(230*time.Minute, func() { a, b, cs = c.unitStatus("a"), c.unitStatus("b"), c.unitStatus("c") })
	c.run()

	rejected(t, o["return without note"], "sending a's materials back needs --note")
	rejected(t, o["return past acceptance"], "ending before the acceptance deadline")
	rejected(t, o["no such verdict"], `"maybe" is not a verdict`)
	accepted(t, o["return a"], "a's materials sent back: 缺少纪检监察部门意见原件")
	accepted(t, o["return b"], "b's materials sent back")
	accepted(t, o["turn down c"], "c's declaration turned down: 申报材料与实际不符")
	rejected(t, o["c again"], "c's declaration is not waiting for review (turned down)")
	rejected(t, o["inspect returned"], "a's materials have not passed the preliminary review (sent back)")
	accepted(t, o["correct"], "a declared; its materials wait for the office's preliminary review")
	accepted(t, o["accept a"], "a's materials accepted")
	rejected(t, o["b too late"], "b's declaration was turned down at the preliminary review (逾期未补正")
	rejected(t, o["c turned down"], "c's declaration was turned down at the preliminary review (申报材料与实际不符)")
	accepted(t, o["inspect"], "")

	assert.Equal(t, reviewAccepted, a.Review.Status)
	assert.Equal(t, 1, a.Review.Returns)
	assert.Equal(t, readyInspected, a.Settled)
	require.NotNil(t, b.Review)
	assert.Equal(t, reviewTurnedDown, b.Review.Status, "b did not correct by its deadline")
	assert.Equal(t, "逾期未补正（补正截止 2026年3月2日 12:01）", b.Review.Note)
	assert.Equal(t, readyTurnedDown, b.Settled)
	assert.Equal(t, readyTurnedDown, cs.Settled)

	var statuses []string
	for _, m := range c.materials {
		statuses = append(statuses, m.UnitID+":"+m.Status)
	}
	assert.Equal(t, []string{"a:returned", "b:returned", "c:turned_down", "b:turned_down", "a:accepted"}, statuses)
	assert.Equal(t, "system", c.materials[3].By, "the lapse is the product's, not a person's")
}
