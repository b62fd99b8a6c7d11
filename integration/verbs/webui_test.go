package verbs

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"

	"wenming/devstack"
	"wenming/integration/e2e"
	"wenming/testenv/browser"
	"wenming/testenv/stacktest"
	"wenming/workflows/histories"
)

// An operator who opens a round in the real Web UI reads, in Chinese, where it stands and
// what it waits for ("阶段：民主测评", "等待：各支部提交民主测评表，截止 …"), and the Chinese summary
// of each activity in its event history.
func TestTheWebUIShowsTheRoundInChinese(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv, err := devstack.StartTemporal(ctx, devstack.TemporalOptions{UIPort: 0})
	require.NoError(t, err)
	defer srv.Stop()
	env := stacktest.New(t, stacktest.OnServer(srv.Address))
	d, out := e2e.NewDriver(t, env)
	const period = "2022-Q4"
	round := startVoting(t, d, out, period, "1h")

	desc, err := env.Client.DescribeWorkflowExecution(ctx, round, "")
	require.NoError(t, err)
	page := srv.UIAddress + "/namespaces/default/workflows/" + url.PathEscape(round) + "/" + desc.GetWorkflowExecutionInfo().GetExecution().GetRunId() + "/history"
	tab := browser.Start(t, page)
	browser.WaitForText(t, tab, "User Metadata")
	require.NoError(t, chromedp.Do(tab, chromedp.Click(`//*[normalize-space(text())="User Metadata"]`)))
	// The UI renders summaries and details as Markdown in frames of their own: read what it put in them.
	frames := `Array.from(document.querySelectorAll('iframe')).map(f => (f.contentDocument && f.contentDocument.body) ? f.contentDocument.body.innerText : '').join('\n')`
	_, err = chromedp.Run(tab, chromedp.Poll[bool](frames+`.includes("阶段：民主测评")`, chromedp.WithPollingTimeout(time.Minute)))
	shown, _ := chromedp.Run(tab, chromedp.Evaluate[string](frames))

	require.NoError(t, err, "the page's frames never showed the round's phase; they show:\n%s", shown)
	assert.Contains(t, shown, "等待：各支部提交民主测评表，截止")
	assert.Contains(t, shown, "党员先锋岗 "+period)

	// Each activity the history shows carries its Chinese summary.
	h, err := histories.Fetch(ctx, env.Client, histories.Execution{WorkflowID: round})
	require.NoError(t, err)
	var summaries []string
	for _, ev := range h.Events {
		if ev.GetActivityTaskScheduledEventAttributes() != nil {
			var s string
			require.NoError(t, converter.GetDefaultDataConverter().FromPayload(ev.GetUserMetadata().GetSummary(), &s))
			summaries = append(summaries, s)
		}
	}
	assert.Contains(t, summaries, "开启评选：确定参评名单")
}
