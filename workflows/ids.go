package workflows

// Workflow ids are readable and stable, so an operator can type one into the Web UI.

// CampaignWorkflowID is the id of a campaign's workflow: campaign/<id>.
func CampaignWorkflowID(campaignID string) string { return "campaign/" + campaignID }

// UnitWorkflowID is the id of a unit's part in a campaign: campaign/<id>/unit/<unit>.
func UnitWorkflowID(campaignID, unitID string) string {
	return "campaign/" + campaignID + "/unit/" + unitID
}

// NoticeWorkflowID is the id of the public notice of a campaign or round: <subject>/notice.
func NoticeWorkflowID(subject string) string { return subject + "/notice" }
