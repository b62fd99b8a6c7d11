package workflows

import (
	"fmt"
	"strconv"
	"strings"
)

// Workflow ids are readable and stable, so an operator can type one into the Web UI.

// CampaignWorkflowID is the id of a campaign's workflow: campaign/<id>.
func CampaignWorkflowID(campaignID string) string { return "campaign/" + campaignID }

// GroupWorkflowID is the id of a group of a campaign's units: campaign/<id>/group/<n>.
func GroupWorkflowID(campaignID string, group int) string {
	return fmt.Sprintf("campaign/%s/group/%d", campaignID, group)
}

// UnitWorkflowID is the id of a unit's part in a campaign: campaign/<id>/unit/<unit>.
func UnitWorkflowID(campaignID, unitID string) string {
	return "campaign/" + campaignID + "/unit/" + unitID
}

// NoticeWorkflowID is the id of the public notice of a campaign or round: <subject>/notice.
func NoticeWorkflowID(subject string) string { return subject + "/notice" }

// ParseUnitWorkflowID is the inverse of UnitWorkflowID.
func ParseUnitWorkflowID(id string) (campaignID, unitID string, ok bool) {
	rest, found := strings.CutPrefix(id, "campaign/")
	if !found {
		return "", "", false
	}
	campaignID, unitID, ok = strings.Cut(rest, "/unit/")
	return campaignID, unitID, ok && campaignID != "" && unitID != ""
}

// ParseGroupWorkflowID is the inverse of GroupWorkflowID.
func ParseGroupWorkflowID(id string) (campaignID string, group int, ok bool) {
	rest, found := strings.CutPrefix(id, "campaign/")
	if !found {
		return "", 0, false
	}
	campaignID, n, found := strings.Cut(rest, "/group/")
	g, err := strconv.Atoi(n)
	return campaignID, g, found && err == nil && campaignID != ""
}
