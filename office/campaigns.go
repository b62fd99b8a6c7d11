package office

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"go.temporal.io/api/workflowservice/v1"

	"wenming/msg"
	"wenming/workflows/searchattr"
)

// CampaignEntry is one campaign as listed: its id, phase, the state of its workflow and when
// it started.
type CampaignEntry struct {
	ID     string    `json:"id"`
	Phase  string    `json:"phase"`
	Status string    `json:"status"`
	Start  time.Time `json:"started"`
}

// Campaigns lists every campaign of the namespace, running or ended.
func (o *Office) Campaigns(ctx context.Context) ([]CampaignEntry, error) {
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return nil, err
	}
	var out []CampaignEntry
	var token []byte
	for {
		resp, err := tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: "WorkflowType = 'Campaign'", NextPageToken: token})
		if err != nil {
			return nil, msg.Wrap(err, "office.campaign.list_failed")
		}
		for _, e := range resp.Executions {
			phase := ""
			if p := e.GetSearchAttributes().GetIndexedFields()[searchattr.Phase.GetName()]; p != nil {
				_ = json.Unmarshal(p.GetData(), &phase) // an unreadable phase is shown empty
			}
			out = append(out, CampaignEntry{ID: strings.TrimPrefix(e.GetExecution().GetWorkflowId(), "campaign/"), Phase: phase,
				Status: e.GetStatus().String(), Start: e.GetStartTime().AsTime()})
		}
		if token = resp.NextPageToken; len(token) == 0 {
			return out, nil
		}
	}
}
