package campaign

import (
	"fmt"
	"slices"
	"strings"
)

// Model individuals (文明标兵, 三创三树方案 三.5 and 附件4, 7): a campaign whose subjects are people.
// Each unit nominates up to a quota set by its staff, each nominee in one or more categories
// and with a written account of deeds (事迹材料) in place of a score form.

// SubjectPerson is a campaign that names people nominated by their units.
const SubjectPerson = "person"

// NomineesSpec is the spec's part on nominating people.
type NomineesSpec struct {
	Categories []string     `yaml:"categories"` // default: the six of 附件4
	PerUnit    []StaffQuota `yaml:"per_unit"`   // default 1 under 50 staff, 3 up to 200, 5 above
}

// StaffQuota is how many people a unit of at most UpTo staff may nominate; the last tier has
// no UpTo and holds every larger unit.
type StaffQuota struct {
	UpTo int `yaml:"staff_up_to" json:",omitempty"`
	Max  int `yaml:"max"`
}

// NominationRules are the plan's rules of nominating, checked when a unit nominates.
type NominationRules struct {
	Categories    []string
	PerUnit       []StaffQuota
	DeedsMaxChars int // the account of deeds, as long as any declaration's materials (四.3)
}

// DefaultCategories are the six categories of 附件4 (市直机关“文明标兵”创建标准). The form of
// 附件7 prints the fifth as 孝老爱亲、崇尚文明; the standard's wording is kept.
var DefaultCategories = []string{"崇尚学习、品德高尚", "立足本职、爱岗敬业", "助人为乐、无私奉献",
	"诚实守信、服务规范", "尊老爱幼、崇尚文明", "见义勇为、敢于担当"}

// DefaultPerUnit is 三.5: 50人以下的单位可推荐1名；50人以上200人以下的单位，可推荐2~3名；200人以上的
// 单位，最多可推荐5名 (the seed prints "20__": 200 is the reading; 50 itself falls in the
// second tier).
var DefaultPerUnit = []StaffQuota{{UpTo: 49, Max: 1}, {UpTo: 200, Max: 3}, {Max: 5}}

// QuotaFor is how many people a unit of this staff may nominate.
func (n NominationRules) QuotaFor(staff int) int {
	for _, q := range n.PerUnit {
		if q.UpTo == 0 || staff <= q.UpTo {
			return q.Max
		}
	}
	return 0
}

// Category finds a category by its number (1-based, as the form lists them) or its words.
func (n NominationRules) Category(text string) (string, bool) {
	text = strings.TrimSpace(text)
	var i int
	if _, err := fmt.Sscan(text, &i); err == nil && fmt.Sprint(i) == text {
		if i >= 1 && i <= len(n.Categories) {
			return n.Categories[i-1], true
		}
		return "", false
	}
	if slices.Contains(n.Categories, text) {
		return text, true
	}
	return "", false
}

// nominees resolves the rules of nominating for a campaign that names people.
func (r *resolver) nominees() {
	s := r.spec.Nominees
	if r.plan.Declaring.Subject != SubjectPerson {
		if len(s.Categories) > 0 || len(s.PerUnit) > 0 {
			r.l.Add(0, "nominees", "problem.campaign.nominees_person_only", "Subject", r.plan.Declaring.Subject)
		}
		return
	}
	rules := &NominationRules{Categories: DefaultCategories, PerUnit: DefaultPerUnit, DeedsMaxChars: r.plan.ReportMaxChars}
	if len(s.Categories) > 0 {
		rules.Categories = nil
		for i, c := range s.Categories {
			c = strings.TrimSpace(c)
			if c == "" || slices.Contains(rules.Categories, c) {
				r.l.Add(0, fmt.Sprintf("nominees.categories[%d]", i), "problem.campaign.category", "Category", c)
			}
			rules.Categories = append(rules.Categories, c)
		}
	}
	if len(s.PerUnit) > 0 {
		rules.PerUnit = s.PerUnit
		r.checkTiers(s.PerUnit)
	}
	if q := r.spec.Quota; q.Max != 0 || q.Share != "" || q.PerParentShare != "" {
		r.l.Add(0, "quota", "problem.campaign.person_quota")
	}
	r.plan.Nominating = rules
}

// checkTiers refuses tiers out of order, a negative count, or a last tier with a bound.
func (r *resolver) checkTiers(tiers []StaffQuota) {
	prev := -1
	for i, q := range tiers {
		field := fmt.Sprintf("nominees.per_unit[%d]", i)
		last := i == len(tiers)-1
		switch {
		case q.Max < 0:
			r.l.Add(0, field+".max", "problem.campaign.below", "Max", q.Max)
		case !last && q.UpTo <= prev:
			r.l.Add(0, field+".staff_up_to", "problem.campaign.tier_order", "UpTo", q.UpTo, "Prev", prev)
		case last && q.UpTo != 0:
			r.l.Add(0, field+".staff_up_to", "problem.campaign.tier_last")
		}
		prev = q.UpTo
	}
}
