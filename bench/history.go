package main

import (
	"context"
	"fmt"

	"wenming/workflows"
)

// history is the largest history among the workflows of one kind in a run.
type history struct {
	Kind        string `json:"kind"`
	Described   int    `json:"described"`
	MaxEvents   int64  `json:"max_events"`
	MaxBytes    int64  `json:"max_bytes"`
	MaxChildren int    `json:"max_children"` // children the kind starts: a group's members, an owner's groups
}

// histories describes an owner (round or campaign), its notice, its groups and a sample of its
// members (the first and last twenty), and keeps the largest history of each kind.
func histories(ctx context.Context, e *env, owner string, members []string) ([]history, error) {
	groups := (len(members) + 199) / 200
	sample := members
	if len(sample) > 40 {
		sample = append(append([]string{}, members[:20]...), members[len(members)-20:]...)
	}
	member := func(id string) string { return workflows.BranchWorkflowID(owner, id) }
	memberKind := "branch"
	if len(owner) > 9 && owner[:9] == "campaign/" {
		member = func(id string) string { return owner + "/unit/" + id }
		memberKind = "unit"
	}
	kinds := []struct {
		kind     string
		ids      []string
		children int
	}{
		{owner[:len(owner)-len(last(owner))-1], []string{owner}, groups},
		{"group", groupIDs(owner, groups), min(200, len(members))},
		{memberKind, mapIDs(sample, member), 0},
		{"notice", []string{workflows.NoticeWorkflowID(owner)}, 0},
	}
	var out []history
	for _, k := range kinds {
		h := history{Kind: k.kind, MaxChildren: k.children}
		for _, id := range k.ids {
			d, err := e.client.DescribeWorkflowExecution(ctx, id, "")
			if err != nil {
				return nil, fmt.Errorf("describe %s: %w", id, err)
			}
			info := d.GetWorkflowExecutionInfo()
			h.Described++
			h.MaxEvents = max(h.MaxEvents, info.GetHistoryLength())
			h.MaxBytes = max(h.MaxBytes, info.GetHistorySizeBytes())
		}
		out = append(out, h)
	}
	return out, nil
}

func groupIDs(owner string, n int) []string {
	out := make([]string, n)
	for g := range n {
		out[g] = workflows.GroupWorkflowID(owner, g)
	}
	return out
}

func mapIDs(ids []string, f func(string) string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = f(id)
	}
	return out
}

func last(id string) string {
	for i := len(id) - 1; i >= 0; i-- {
		if id[i] == '/' {
			return id[i+1:]
		}
	}
	return id
}
