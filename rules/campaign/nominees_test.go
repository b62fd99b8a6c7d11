package campaign

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/title"
	"wenming/testenv/english"
)

// people is the minimal spec of a campaign that names model individuals: no standard.
var people = strings.Replace(minimal, "standard: civilized-unit\n", "subject: person\n", 1)

func resolvePeople(t *testing.T, extra string) (*Plan, error) {
	t.Helper()
	s, err := Parse("c.yaml", []byte(people+extra))
	require.NoError(t, err)
	plan, l := s.Resolve("c.yaml", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), fakeLookup{})
	return plan, l.Err()
}

func TestAPersonCampaignNominatesByStaffInTheSixCategories(t *testing.T) {
	plan, err := resolvePeople(t, "")
	require.NoError(t, err)
	assert.Empty(t, plan.StandardID, "people are not scored")
	n := plan.Nominating
	require.NotNil(t, n)
	assert.Equal(t, DefaultCategories, n.Categories)
	assert.Len(t, n.Categories, 6)
	assert.Equal(t, 1500, n.DeedsMaxChars, "the deeds are the declaration's materials (四.3)")
	assert.Equal(t, &Conferred{Kind: "model-individual", Level: title.CityOrgans, Name: "市直机关文明标兵"}, plan.Confers)
	assert.NotNil(t, plan.DeclaringNotice, "nominees are put on notice inside the unit before they are declared (三.6)")
	assert.Zero(t, plan.Quota.PerParentShareBP, "the share of internal departments is for windows and departments")
	assert.Equal(t, "市直机关工委", plan.Decision.DecidingBody, "附件7 has only the 工委's approval box")
	units, err := Parse("c.yaml", []byte(minimal))
	require.NoError(t, err)
	unitPlan, l := units.Resolve("c.yaml", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), fakeLookup{})
	require.NoError(t, l.Err())
	assert.Equal(t, "市文明办、市直机关工委", unitPlan.Decision.DecidingBody, "units are decided by both")
	stated, err := resolvePeople(t, "decision: {deciding_body: 区委常委会}\n")
	require.NoError(t, err)
	assert.Equal(t, "区委常委会", stated.Decision.DecidingBody, "a plan that names its body keeps it")

	for _, c := range []struct{ staff, quota int }{{1, 1}, {49, 1}, {50, 3}, {200, 3}, {201, 5}, {5000, 5}} {
		assert.Equal(t, c.quota, n.QuotaFor(c.staff), "staff %d", c.staff)
	}
	for text, want := range map[string]string{"2": "立足本职、爱岗敬业", "立足本职、爱岗敬业": "立足本职、爱岗敬业", "6": "见义勇为、敢于担当"} {
		got, ok := n.Category(text)
		assert.True(t, ok, text)
		assert.Equal(t, want, got, text)
	}
	for _, text := range []string{"0", "7", "爱岗敬业", "", "02"} {
		_, ok := n.Category(text)
		assert.False(t, ok, text)
	}

	own, err := resolvePeople(t, "nominees:\n  categories: [学习之星, 服务之星]\n  per_unit: [{staff_up_to: 100, max: 2}, {max: 4}]\n")
	require.NoError(t, err)
	assert.Equal(t, []string{"学习之星", "服务之星"}, own.Nominating.Categories)
	assert.Equal(t, 2, own.Nominating.QuotaFor(100))
	assert.Equal(t, 4, own.Nominating.QuotaFor(101))
}

func TestBadNominationRulesAreNamed(t *testing.T) {
	for extra, want := range map[string]string{
		"standard: civilized-unit\n":        "standard: model individuals are declared with an account of deeds, not scored",
		"quota: {max: 10}\n":                "quota: model individuals are nominated by each unit's staff size",
		"inspections: {rank_by: average}\n": "inspections: model individuals are not inspected",
		"nominees: {categories: [甲, 甲]}\n":  `nominees.categories[1]: the category "甲" is empty or given twice`,
		"nominees: {per_unit: [{staff_up_to: 50, max: 1}, {staff_up_to: 50, max: 2}, {max: 3}]}\n": "nominees.per_unit[1].staff_up_to: the staff bound 50 must be above the previous tier's 50",
		"nominees: {per_unit: [{staff_up_to: 50, max: 1}]}\n":                                      "nominees.per_unit[0].staff_up_to: the last tier has no staff bound",
		"nominees: {per_unit: [{max: -1}]}\n":                                                      "nominees.per_unit[0].max:",
	} {
		_, err := resolvePeople(t, extra)
		require.Error(t, err, extra)
		assert.Contains(t, english.Of(err), "c.yaml: "+want, extra)
	}
	s, err := Parse("c.yaml", []byte(minimal+"nominees: {categories: [甲]}\n"))
	require.NoError(t, err)
	_, l := s.Resolve("c.yaml", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), fakeLookup{})
	assert.Contains(t, english.Of(l.Err()), "c.yaml: nominees: nominees apply to model-individual campaigns only")
}

// 四.5 报市文明办审核: a unit campaign's list goes to the civilization office's audit by default;
// a plan may name another body or none; a person campaign has no such step (附件7).
func TestTheOfficesAuditIsAUnitCampaignsStep(t *testing.T) {
	resolveUnits := func(extra string) (*Plan, error) {
		s, err := Parse("c.yaml", []byte(minimal+extra))
		require.NoError(t, err)
		plan, l := s.Resolve("c.yaml", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), fakeLookup{})
		return plan, l.Err()
	}
	cases := []struct {
		name, extra, want string
		people            bool
	}{
		{"a unit campaign: the civilization office", "", "市文明办", false},
		{"a body of the plan's", "decision: {audit_body: 区文明办}\n", "区文明办", false},
		{"none", "decision: {audit_body: none}\n", "", false},
		{"a person campaign", "", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resolve := resolveUnits
			if c.people {
				resolve = func(extra string) (*Plan, error) { return resolvePeople(t, extra) }
			}
			plan, err := resolve(c.extra)
			require.NoError(t, err)
			assert.Equal(t, c.want, plan.Decision.AuditBody)
			assert.Equal(t, DefaultAuditWithin, plan.Waits.Audit, "the audit's time: 10 days unless the plan says")
		})
	}
	within, err := resolveUnits("decision: {audit_within: 5d}\n")
	require.NoError(t, err)
	assert.Equal(t, 5*24*time.Hour, within.Waits.Audit)
	assert.Equal(t, 10*24*time.Hour, DefaultAuditWithin)
	_, err = resolvePeople(t, "decision: {audit_body: 市文明办}\n")
	require.ErrorContains(t, err, "推荐个人的活动没有审核步骤")
}
