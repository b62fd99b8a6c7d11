package histories

import (
	"context"
	"sort"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/interceptor"
)

// Verdict is what replaying one running workflow's history on a candidate build found.
type Verdict struct {
	Execution
	Err error // nil: the candidate makes the decisions the history recorded
}

// Live replays the histories of the workflows the query selects (the running ones of a
// namespace, as a deployment is about to be upgraded) on the workflows register puts on a
// replayer: the candidate build. perType > 0 keeps only that many per workflow type, the
// longest histories first (they went through the most of the process). Payloads are read
// with dc (the deployment's codec); nil reads them plain. A verdict with an error is a
// workflow the candidate would break.
func Live(ctx context.Context, c client.Client, query string, perType int, register func(interface{ RegisterWorkflow(any) }),
	dc converter.DataConverter, is ...interceptor.WorkerInterceptor) ([]Verdict, error) {
	execs, err := List(ctx, c, query)
	if err != nil {
		return nil, err
	}
	execs = sample(execs, perType)
	out := make([]Verdict, 0, len(execs))
	for _, e := range execs {
		h, err := Fetch(ctx, c, e)
		if err != nil {
			return out, err
		}
		out = append(out, Verdict{Execution: e, Err: ReplayWith(register, h, dc, is...)})
	}
	return out, nil
}

// Broken are the verdicts with an error.
func Broken(vs []Verdict) []Verdict {
	var out []Verdict
	for _, v := range vs {
		if v.Err != nil {
			out = append(out, v)
		}
	}
	return out
}

// sample keeps up to n executions of each type (all when n <= 0), longest histories first,
// in the order of type and workflow id.
func sample(execs []Execution, n int) []Execution {
	sort.Slice(execs, func(i, j int) bool {
		a, b := execs[i], execs[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Events != b.Events {
			return a.Events > b.Events
		}
		return a.WorkflowID < b.WorkflowID
	})
	if n <= 0 {
		return execs
	}
	var out []Execution
	taken := map[string]int{}
	for _, e := range execs {
		if taken[e.Type] < n {
			taken[e.Type]++
			out = append(out, e)
		}
	}
	return out
}
