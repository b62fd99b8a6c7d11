// Package browser opens pages in headless Chromium (Debian's chromium) for tests: what a
// person would see of a report, and a screenshot of it.
package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Page is what the browser shows of a page.
type Page struct {
	Title     string
	Text      string   // document.body.innerText
	Headings  []string // h1, h2
	TableRows []int    // data rows of each table
	Bars      int      // bars of the inline SVG chart
	FirstRow  []string // the cells of the first data row of the first table
}

// Exec finds chromium.
func Exec() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium: install it (Debian: apt-get install chromium), or run `go tool task test-tools`")
}

// Open renders a local HTML file and reads the page; with png set, it also saves a
// full-page screenshot there.
func Open(t testing.TB, path, png string) Page {
	t.Helper()
	execPath, err := Exec()
	if err != nil {
		t.Fatal(err)
	}
	tab, cancel, err := launch(t, execPath, "file://"+path)
	defer cancel()
	fail := func(what string, err error) {
		if err != nil {
			t.Fatalf("render %s in Chromium: %s: %v", path, what, err)
		}
	}
	fail("open", err)
	ctx, done := context.WithTimeout(tab, 2*time.Minute) // reading a local file's page
	defer done()

	var p Page
	_, err = chromedp.Run(ctx, chromedp.WaitReady("body"))
	fail("wait", err)
	p.Title, err = chromedp.Run(ctx, chromedp.Title())
	fail("title", err)
	p.Text, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	fail("text", err)
	p.Headings, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('h1,h2')].map(h => h.innerText)`))
	fail("headings", err)
	p.TableRows, err = chromedp.Run(ctx, chromedp.Evaluate[[]int](`[...document.querySelectorAll('table')].map(t => t.querySelectorAll('tbody tr').length)`))
	fail("tables", err)
	p.Bars, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('svg rect.bar').length`))
	fail("chart", err)
	p.FirstRow, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...(document.querySelector('table tbody tr') || {children: []}).children].map(c => c.innerText)`))
	fail("first row", err)
	if png != "" {
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		fail("screenshot", err)
		if err := os.WriteFile(png, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// launchAttempts bounds how often a browser that dies before it listens is started again: on
// a loaded machine Chromium now and then exits at start with nothing but crashpad noise.
const launchAttempts = 3

// Start opens Chromium on a page (a URL) and returns its tab, for a test to drive with
// chromedp actions (bounded as the test bounds them: the tab has no deadline of its own); the
// browser closes when the test ends.
func Start(t testing.TB, url string) context.Context {
	t.Helper()
	execPath, err := Exec()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel, err := launch(t, execPath, url)
	t.Cleanup(cancel)
	if err != nil {
		t.Fatalf("open %s in Chromium: %v", url, err)
	}
	return ctx
}

// launch starts a fresh headless Chromium and opens the page in it.
func launch(t testing.TB, execPath, url string) (context.Context, context.CancelFunc, error) {
	var err error
	for attempt := 1; attempt <= launchAttempts; attempt++ {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(execPath), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
			chromedp.WindowSize(1200, 900))
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelTab := chromedp.NewContext(actx)
		cancel := func() { cancelTab(); cancelAlloc() }
		// The first run starts the browser and binds it to the context it is given: a deadline
		// there would kill Chromium when it passed, however long the test still drives the tab
		// (the demo's Web UI check, opening a page for every workflow type on a loaded machine,
		// outlived a two-minute one). So the start is bounded by a timer that cancels it, and
		// the first page's load by a deadline of its own; what a test does next, by the test.
		hung := time.AfterFunc(2*time.Minute, cancel)
		err = chromedp.Do(ctx)
		if !hung.Stop() && err == nil {
			err = fmt.Errorf("Chromium did not start within 2 minutes")
		}
		if err == nil {
			loading, loaded := context.WithTimeout(ctx, 2*time.Minute)
			err = chromedp.Do(loading, chromedp.Navigate(url))
			loaded()
			if err == nil {
				return ctx, cancel, nil
			}
		}
		cancel()
		t.Logf("Chromium attempt %d of %d: %v", attempt, launchAttempts, err)
	}
	return nil, func() {}, err
}

// WaitForText polls the tab's page until its text holds want (for up to a minute) and returns
// the text it last read; the test fails, showing that text, if want never appears.
func WaitForText(t testing.TB, tab context.Context, want string) string {
	t.Helper()
	_, err := chromedp.Run(tab, chromedp.Poll[bool](`document.body.innerText.includes(`+strconv.Quote(want)+`)`, chromedp.WithPollingTimeout(time.Minute)))
	text, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatalf("the page never showed %q (%v); it shows:\n%s", want, err, text)
	}
	return text
}
