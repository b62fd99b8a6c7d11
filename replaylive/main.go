// Command replaylive is the gate before an upgrade: it downloads the histories of the running
// workflows of a deployment (all of them, or the longest few of each type) and replays them on
// this build. It exits 1 and names each workflow this build would break (a non-deterministic
// change not guarded with workflow.GetVersion), 0 when every one replays, 2 when it cannot
// run. Run it with the candidate's code: go tool task replay-live -- --address ... --namespace ...
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/pflag"
	"go.temporal.io/sdk/converter"

	"wenming/codec"
	"wenming/connect"
	"wenming/msg"
	"wenming/workflows"
	"wenming/workflows/histories"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, out, errOut io.Writer) int {
	lang, err := msg.Detect("")
	if err != nil {
		lang = msg.Chinese
	}
	p := msg.For(lang)
	var cfg connect.Config
	fs := pflag.NewFlagSet("replaylive", pflag.ContinueOnError)
	fs.SetOutput(errOut)
	cfg.Register(fs)
	query := fs.String("query", "", "the workflows to replay, as a visibility query (default: the running workflows of the task queue)")
	perType := fs.Int("per-type", 0, "replay only this many of each workflow type, the longest histories first (0: all)")
	msg.LocalizeFlags(fs, p, "flag.replaylive", "flag.root")
	fs.Usage = func() {
		fmt.Fprintln(errOut, p.T("replaylive.usage"))
		fmt.Fprint(errOut, fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(errOut, msg.RenderError(p, err))
		return 2
	}
	if err := cfg.Resolve(); err != nil {
		return fail(err)
	}
	if cfg.Embedded() {
		return fail(msg.Err("replaylive.address"))
	}
	if *query == "" {
		*query = fmt.Sprintf("TaskQueue = '%s' AND ExecutionStatus = 'Running'", cfg.TaskQueue)
	}
	var dc converter.DataConverter
	cod, err := cfg.Codec()
	if err != nil {
		return fail(err)
	}
	if cod != nil {
		dc, _ = codec.Converters(cod)
	}
	c, err := cfg.Dial(ctx, "")
	if err != nil {
		return fail(err)
	}
	defer c.Close()
	verdicts, err := histories.Live(ctx, c, *query, *perType, workflows.RegisterWorkflows, dc, workflows.Interceptor())
	if err != nil {
		return fail(err)
	}
	for _, v := range verdicts {
		if v.Err != nil {
			fmt.Fprintln(out, p.Render(msg.Say("replaylive.broken", "Type", v.Type, "ID", v.WorkflowID, "Run", v.RunID, "Error", v.Err.Error())))
		} else {
			fmt.Fprintln(out, p.Render(msg.Say("replaylive.ok", "Type", v.Type, "ID", v.WorkflowID, "Events", v.Events)))
		}
	}
	broken := histories.Broken(verdicts)
	fmt.Fprintln(out, p.Render(msg.Say("replaylive.summary", "N", len(verdicts), "Broken", len(broken), "Query", *query)))
	if len(broken) > 0 {
		return 1
	}
	return 0
}
