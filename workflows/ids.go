package workflows

import "fmt"

// Workflow ids are readable and stable, so an operator can type one into the Web UI.

// CampaignWorkflowID is the id of a campaign's workflow: campaign/<id>.
func CampaignWorkflowID(campaignID string) string { return "campaign/" + campaignID }

// UnitWorkflowID is the id of a unit's part in a campaign: campaign/<id>/unit/<unit>.
func UnitWorkflowID(campaignID, unitID string) string {
	return "campaign/" + campaignID + "/unit/" + unitID
}

// NoticeWorkflowID is the id of the public notice of a campaign or round: <subject>/notice.
func NoticeWorkflowID(subject string) string { return subject + "/notice" }

// TitleWorkflowID is the id of a title's workflow: title/<kind>/<subject>/<conferred on>, the
// subject being the unit, or for a person's title the unit and the register's number (never a
// name: ids are shown to every operator).
func TitleWorkflowID(kind, unit string, person bool, id int64, conferredOn string) string {
	subject := unit
	if person {
		subject = fmt.Sprintf("%s/t%d", unit, id)
	}
	return "title/" + kind + "/" + subject + "/" + conferredOn
}
