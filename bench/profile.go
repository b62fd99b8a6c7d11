package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/pprof/profile"
)

// cpuProfile is where one process spent its CPU during a step.
type cpuProfile struct {
	Process string        `json:"process"`
	Step    string        `json:"step"`
	Seconds int           `json:"seconds"`
	Total   time.Duration `json:"total_ns"` // CPU sampled
	Top     []hotspot     `json:"top"`
	File    string        `json:"-"` // the raw profile, for `go tool pprof` (--profiles keeps it)
}

// hotspot is a function and the CPU spent in it and what it calls.
type hotspot struct {
	Function string        `json:"function"`
	Cum      time.Duration `json:"cum_ns"`
}

// profiling captures CPU profiles of the server and the worker while a step runs.
type profiling struct {
	wg  sync.WaitGroup
	mu  sync.Mutex
	out []cpuProfile
	err error
}

// profileStep starts `seconds` of CPU profiling of the server and the worker; wait collects.
func (e *env) profileStep(ctx context.Context, step string, seconds int) *profiling {
	p := &profiling{}
	for _, proc := range []struct {
		name string
		port int
	}{{"Temporal server", e.serverPprof}, {"worker", e.workerPprof}} {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			file := filepath.Join(e.profileDir, fmt.Sprintf("%s-%s.pprof", slug(step), slug(proc.name)))
			prof, err := fetchProfile(ctx, proc.port, seconds, file)
			p.mu.Lock()
			defer p.mu.Unlock()
			if err != nil {
				p.err = fmt.Errorf("profile %s during %s: %w", proc.name, step, err)
				return
			}
			prof.Process, prof.Step = proc.name, step
			p.out = append(p.out, prof)
		}()
	}
	return p
}

func (p *profiling) wait() ([]cpuProfile, error) {
	p.wg.Wait()
	sort.Slice(p.out, func(i, j int) bool { return p.out[i].Process < p.out[j].Process })
	return p.out, p.err
}

func fetchProfile(ctx context.Context, port, seconds int, file string) (cpuProfile, error) {
	url := fmt.Sprintf("http://127.0.0.1:%d/debug/pprof/profile?seconds=%d", port, seconds)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return cpuProfile{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return cpuProfile{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return cpuProfile{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return cpuProfile{}, fmt.Errorf("%s: %s", url, resp.Status)
	}
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		return cpuProfile{}, err
	}
	prof, err := profile.ParseData(raw)
	if err != nil {
		return cpuProfile{}, err
	}
	return summarize(prof, seconds, file), nil
}

// noise is what every Go server spends time in and says nothing about where the work is.
var noise = regexp.MustCompile(`^(runtime\.|internal/|syscall\.|sync\.|reflect\.|google\.golang\.org/grpc|go\.temporal\.io/server/common/rpc/interceptor|` +
	`go\.temporal\.io/server/common/backoff|go\.temporal\.io/server/common/tasks|go\.temporal\.io/server/chasm\.|go\.temporal\.io/server/service\.get|` +
	`database/sql\.|github\.com/jmoiron/sqlx|main\.|net/http|golang\.org/x/net|context\.)`)

// summarize keeps the functions with the most cumulative CPU, leaving out the plumbing.
func summarize(p *profile.Profile, seconds int, file string) cpuProfile {
	out := cpuProfile{Seconds: seconds, File: file}
	idx := 0
	for i, st := range p.SampleType {
		if st.Type == "cpu" {
			idx = i
		}
	}
	cum := map[string]int64{}
	for _, s := range p.Sample {
		v := s.Value[idx]
		out.Total += time.Duration(v)
		seen := map[string]bool{}
		for _, loc := range s.Location {
			for _, line := range loc.Line {
				name := line.Function.Name
				if !seen[name] {
					seen[name] = true
					cum[name] += v
				}
			}
		}
	}
	names := make([]string, 0, len(cum))
	for name := range cum {
		if !noise.MatchString(name) {
			names = append(names, name)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if cum[names[i]] != cum[names[j]] {
			return cum[names[i]] > cum[names[j]]
		}
		return names[i] < names[j]
	})
	for _, name := range names[:min(12, len(names))] {
		out.Top = append(out.Top, hotspot{Function: name, Cum: time.Duration(cum[name])})
	}
	return out
}

func slug(s string) string {
	return strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(s), "-"), "-")
}
