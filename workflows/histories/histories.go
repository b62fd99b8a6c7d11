// Package histories records workflow histories for replay tests and replays them: the
// recorded ones are kept under workflows/testdata/histories so that a change to workflow code
// that cannot replay what production already ran fails the tests.
package histories

import (
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Ext is the extension of a recorded history: the JSON `temporal workflow show --output json`
// writes, gzipped.
const Ext = ".json.gz"

// Execution is one workflow execution of a run.
type Execution struct {
	Type, WorkflowID, RunID string
	Events                  int64
}

// List lists the executions the query selects (a visibility query, e.g. TaskQueue = 'x').
func List(ctx context.Context, c client.Client, query string) ([]Execution, error) {
	var out []Execution
	var token []byte
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query, NextPageToken: token})
		if err != nil {
			return nil, fmt.Errorf("list workflows (%s): %w", query, err)
		}
		for _, e := range resp.GetExecutions() {
			out = append(out, Execution{Type: e.GetType().GetName(), WorkflowID: e.GetExecution().GetWorkflowId(),
				RunID: e.GetExecution().GetRunId(), Events: e.GetHistoryLength()})
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return out, nil
		}
	}
}

// Largest keeps, for each workflow type, the execution with the longest history: the one
// that went through the most of the process.
func Largest(execs []Execution) []Execution {
	best := map[string]Execution{}
	for _, e := range execs {
		if b, ok := best[e.Type]; !ok || e.Events > b.Events || (e.Events == b.Events && e.WorkflowID < b.WorkflowID) {
			best[e.Type] = e
		}
	}
	out := make([]Execution, 0, len(best))
	for _, e := range best {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

// Fetch reads an execution's whole history.
func Fetch(ctx context.Context, c client.Client, e Execution) (*historypb.History, error) {
	h := &historypb.History{}
	it := c.GetWorkflowHistory(ctx, e.WorkflowID, e.RunID, false, 0)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("history of %s: %w", e.WorkflowID, err)
		}
		h.Events = append(h.Events, ev)
	}
	return h, nil
}

// Save writes a history to dir/<type>.json.gz.
func Save(dir, workflowType string, h *historypb.History) (string, error) {
	data, err := temporalproto.CustomJSONMarshalOptions{Indent: " "}.Marshal(h)
	if err != nil {
		return "", fmt.Errorf("encode the history of %s: %w", workflowType, err)
	}
	path := filepath.Join(dir, workflowType+Ext)
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(data); err != nil {
		f.Close()
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, f.Close()
}

// Load reads a recorded history.
func Load(path string) (*historypb.History, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	h, err := client.HistoryFromJSON(zr, client.HistoryJSONOptions{})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return h, nil
}

// Recorded lists the recorded histories in dir by workflow type.
func Recorded(dir string) (map[string]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*"+Ext))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, p := range paths {
		out[strings.TrimSuffix(filepath.Base(p), Ext)] = p
	}
	return out, nil
}

// Replay replays a history on the workflows register puts on a replayer (the product's:
// workflows.RegisterWorkflows); an error means the code no longer makes the decisions the
// history recorded.
func Replay(register func(interface{ RegisterWorkflow(any) }), h *historypb.History, is ...interceptor.WorkerInterceptor) error {
	return ReplayWith(register, h, nil, is...)
}

// ReplayWith replays a history as Replay does, reading its payloads with dc (a deployment's
// codec); nil reads them plain.
func ReplayWith(register func(interface{ RegisterWorkflow(any) }), h *historypb.History, dc converter.DataConverter,
	is ...interceptor.WorkerInterceptor) error {
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{Interceptors: is, DataConverter: dc})
	if err != nil {
		return err
	}
	register(r)
	// The replayer runs a history under the id "ReplayId" unless told its own: a payload
	// sealed for its workflow (the codec binds the workflow id) opens only under that id.
	var o worker.ReplayWorkflowHistoryOptions
	if ev := h.GetEvents(); len(ev) > 0 {
		o.OriginalExecution = workflow.Execution{ID: ev[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowId()}
	}
	return r.ReplayWorkflowHistoryWithOptions(nil, h, o)
}

// Text is everything a history shows an operator in the Web UI or `temporal workflow show`:
// its JSON, then the data of every payload in it as text (inputs, results, search attributes,
// memos, summaries), as the UI decodes them. Sealed payloads stay ciphertext.
func Text(h *historypb.History) (string, error) {
	b, err := temporalproto.CustomJSONMarshalOptions{}.Marshal(h)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	sb.Write(b)
	payloads(h.ProtoReflect(), func(p *commonpb.Payload) {
		sb.WriteByte('\n')
		sb.Write(p.GetData())
	})
	return sb.String(), nil
}

// payloads calls fn on every Payload message inside m, however deep.
func payloads(m protoreflect.Message, fn func(*commonpb.Payload)) {
	if p, ok := m.Interface().(*commonpb.Payload); ok {
		fn(p)
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len(); i++ {
				payloads(v.List().Get(i).Message(), fn)
			}
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				payloads(mv.Message(), fn)
				return true
			})
		case !fd.IsList() && !fd.IsMap() && fd.Message() != nil:
			payloads(v.Message(), fn)
		}
		return true
	})
}
