package codec

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Wrong tokens a caller may present within failureWindow before it is refused until the window
// ends: enough for an operator's typing mistakes, far too few to guess a long random token.
const (
	maxFailures   = 10
	failureWindow = time.Minute
)

// throttle counts the wrong tokens presented from each host (a sign-in, or a bearer token). A
// caller that presents none is not counted: the Web UI asks the codec server before anyone
// has signed in, and must not lock the operator out.
type throttle struct {
	mu    sync.Mutex
	now   func() time.Time
	hosts map[string]*failures
}

type failures struct {
	since time.Time // the first wrong token of the window
	count int
}

func newThrottle() *throttle {
	return &throttle{now: time.Now, hosts: map[string]*failures{}}
}

// blocked says how long the caller must wait before it may present a token again (0: now).
func (t *throttle) blocked(r *http.Request) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, ok := t.hosts[host(r)]
	if !ok || f.count < maxFailures {
		return 0
	}
	if wait := f.since.Add(failureWindow).Sub(t.now()); wait > 0 {
		return wait
	}
	delete(t.hosts, host(r))
	return 0
}

// failed counts a wrong token from the caller.
func (t *throttle) failed(r *http.Request) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for h, f := range t.hosts { // forget windows that have ended, so the map stays small
		if now.Sub(f.since) >= failureWindow {
			delete(t.hosts, h)
		}
	}
	f, ok := t.hosts[host(r)]
	if !ok {
		f = &failures{since: now}
		t.hosts[host(r)] = f
	}
	f.count++
}

// host is the caller's address without its port: a new connection must not reset the count.
func host(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return h
}
