package workflows

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/standard"
)

// Model individuals (文明标兵, 三创三树方案 三.5, 附件4, 7): in a campaign that names people, the
// unit nominates them up to its quota by staff, each with the form's particulars, one or more
// categories and an account of deeds; its declaration then carries them, its notice before
// declaring lists them one by one, and once the office accepts the materials the unit is
// ready: nobody inspects or scores a person.

// NomineeState is a person the unit nominated, by id: the particulars are in PostgreSQL.
type NomineeState struct {
	Person  string
	Removed bool `json:",omitempty"` // taken off the notice before declaring by an upheld objection
}

// Bounds of a nomination's particulars: a line of the form each.
const (
	maxNameChars = 50
	maxPostChars = 100
)

func (u *unit) checkNominate(now time.Time, r PersonNominationRequest) ([]string, error) {
	if skip, err := u.open(r.Submission); skip || err != nil {
		return nil, err
	}
	rules := u.in.Nominating
	if rules == nil {
		return nil, invalid("refuse.nominate.not_people", "Campaign", u.in.CampaignID)
	}
	i := slices.IndexFunc(u.s.Nominees, func(n NomineeState) bool { return n.Person == r.Person })
	switch {
	case u.correcting(now) && i < 0:
		return nil, invalid("refuse.nominate.new_while_correcting", "Person", r.Person)
	case i >= 0 && u.s.Nominees[i].Removed:
		return nil, invalid("refuse.nominate.removed", "Person", r.Person)
	case !u.correcting(now) && u.s.Declared:
		return nil, invalid("refuse.nominate.declared", "Unit", u.in.UnitID)
	case !u.correcting(now):
		if err := u.selfCheckWindow(now, "nomination"); err != nil {
			return nil, err
		}
	}
	switch name, post := strings.TrimSpace(r.Name), strings.TrimSpace(r.Post); {
	case !standard.ValidID(r.Person):
		return nil, invalid("refuse.nominate.person_id", "Person", r.Person)
	case name == "" || utf8.RuneCountInString(name) > maxNameChars:
		return nil, invalid("refuse.nominate.name", "Max", maxNameChars)
	case post == "" || utf8.RuneCountInString(post) > maxPostChars:
		return nil, invalid("refuse.nominate.post", "Max", maxPostChars)
	case strings.TrimSpace(r.Deeds) == "":
		return nil, invalid("refuse.nominate.no_deeds")
	case utf8.RuneCountInString(r.Deeds) > rules.DeedsMaxChars:
		return nil, invalid("refuse.nominate.deeds_too_long", "Chars", utf8.RuneCountInString(r.Deeds), "Max", rules.DeedsMaxChars)
	case strings.TrimSpace(r.Recommendation) == "":
		return nil, invalid("refuse.nominate.no_recommendation", "Body", u.in.Declaring.Recommenders.SubUnit)
	case utf8.RuneCountInString(r.Recommendation) > maxRecommendationChars:
		return nil, invalid("refuse.declare.recommendation_too_long", "Chars", utf8.RuneCountInString(r.Recommendation), "Max", maxRecommendationChars)
	case len(r.Categories) == 0:
		return nil, invalid("refuse.nominate.no_category", "Categories", rules.Categories)
	}
	var categories []string
	for _, text := range r.Categories {
		c, ok := rules.Category(text)
		if !ok {
			return nil, invalid("refuse.nominate.category", "Category", text, "Categories", rules.Categories)
		}
		if slices.Contains(categories, c) {
			return nil, invalid("refuse.nominate.category_twice", "Category", c)
		}
		categories = append(categories, c)
	}
	return categories, nil
}

func (u *unit) nominate(ctx workflow.Context, now time.Time, r PersonNominationRequest, categories []string) (Receipt, error) {
	var written activities.DeclarationResult
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordNomination, activities.PersonNomination{
		Submission: u.submission(r.Submission, now), PersonID: r.Person, Name: strings.TrimSpace(r.Name), Post: strings.TrimSpace(r.Post),
		Categories: categories, Deeds: r.Deeds, Recommendation: r.Recommendation, Rules: *u.in.Nominating, Source: u.in.Declaring.Source,
	}).Get(ctx, &written); err != nil {
		return Receipt{}, err
	}
	if written.Refused != nil {
		return Receipt{}, refusal(*written.Refused)
	}
	i := slices.IndexFunc(u.s.Nominees, func(n NomineeState) bool { return n.Person == r.Person })
	if i < 0 {
		u.s.Nominees = append(u.s.Nominees, NomineeState{Person: r.Person})
	}
	return recorded(msg.Say("receipt.nominated", "Name", strings.TrimSpace(r.Name), "Unit", u.in.UnitID, "Categories", categories,
		"N", len(u.s.Nominees), "DeclareBy", u.when(u.s.Timeline.DeclareBy))), nil
}

// nomineeIDs are the people the unit nominated, as its notice before declaring lists them.
func (u *unit) nomineeIDs() []string {
	out := make([]string, len(u.s.Nominees))
	for i, n := range u.s.Nominees {
		out[i] = n.Person
	}
	return out
}

// scored says whether the campaign scores its subjects: not when it names people.
func (u *unit) scored() error {
	if u.in.Nominating != nil {
		return invalid("refuse.nominate.no_scores", "Campaign", u.in.CampaignID)
	}
	return nil
}
