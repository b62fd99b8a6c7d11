package main

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// role is a process (or a process and its children) whose CPU and memory are measured.
type role struct {
	name     string
	pid      int
	children bool // PostgreSQL: the postmaster and its backends
}

// usage is a role's CPU time and memory.
type usage struct {
	CPU     time.Duration `json:"cpu_ns"`         // user + system, children included (exited ones too)
	RSS     int64         `json:"-"`              // resident memory now, bytes
	PeakRSS int64         `json:"peak_rss_bytes"` // the largest RSS sampled since the last reset
}

// sampler samples the roles every so often, keeping each one's peak resident memory.
type sampler struct {
	roles []role
	mu    sync.Mutex
	peak  map[string]int64
	stop  chan struct{}
}

const clockTicks = 100 // USER_HZ on Linux

func newSampler(roles ...role) *sampler {
	s := &sampler{roles: roles, peak: map[string]int64{}, stop: make(chan struct{})}
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.sample()
			}
		}
	}()
	return s
}

func (s *sampler) sample() {
	for _, r := range s.roles {
		u := measure(r)
		s.mu.Lock()
		s.peak[r.name] = max(s.peak[r.name], u.RSS)
		s.mu.Unlock()
	}
}

// snapshot measures every role now, with the peak since the last reset.
func (s *sampler) snapshot() map[string]usage {
	s.sample()
	out := map[string]usage{}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.roles {
		u := measure(r)
		u.PeakRSS = s.peak[r.name]
		out[r.name] = u
	}
	return out
}

// reset starts a new peak.
func (s *sampler) reset() {
	s.mu.Lock()
	s.peak = map[string]int64{}
	s.mu.Unlock()
}

func (s *sampler) close() { close(s.stop) }

// measure reads /proc: utime+stime (+cutime+cstime) and VmRSS of the process, and with
// children, of every process whose parent it is.
func measure(r role) usage {
	u := procUsage(r.pid, true)
	if !r.children {
		return u
	}
	for _, pid := range childrenOf(r.pid) {
		c := procUsage(pid, false)
		u.CPU += c.CPU
		u.RSS += c.RSS
	}
	return u
}

func procUsage(pid int, withReaped bool) usage {
	var u usage
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return u
	}
	// Fields after the command name (which may hold spaces) start after the last ')'.
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	ticks := atoi(f[11]) + atoi(f[12]) // utime, stime
	if withReaped {
		ticks += atoi(f[13]) + atoi(f[14]) // cutime, cstime
	}
	u.CPU = time.Duration(ticks) * time.Second / clockTicks
	status, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			u.RSS = atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB")) * 1024
		}
	}
	return u
}

func childrenOf(parent int) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
		if atoi(f[1]) == int64(parent) {
			out = append(out, pid)
		}
	}
	return out
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}
