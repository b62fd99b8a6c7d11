package cluster

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// process is one program of the cluster, its output in a log file of the cluster's directory.
type process struct {
	name string
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{}
}

// startProcess starts a program and returns once it printed a line holding ready (with that
// line), or fails when it ends or a timeout passes first.
func startProcess(name, logPath, ready string, timeout time.Duration, env []string, bin string, args ...string) (*process, string, error) {
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, "", err
	}
	out, in, err := os.Pipe()
	if err != nil {
		log.Close()
		return nil, "", err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = in, in
	err = cmd.Start()
	in.Close()
	if err != nil {
		out.Close()
		log.Close()
		return nil, "", fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, log: log, done: make(chan struct{})}
	lines := make(chan string, 1)
	go func() {
		defer close(p.done)
		defer out.Close()
		s, sent := bufio.NewScanner(out), false
		for s.Scan() {
			fmt.Fprintln(log, s.Text())
			if !sent && strings.Contains(s.Text(), ready) {
				lines <- s.Text()
				sent = true
			}
		}
		_ = cmd.Wait()
	}()
	select {
	case line := <-lines:
		return p, line, nil
	case <-p.done:
		return nil, "", fmt.Errorf("%s ended before it was ready (see %s)", name, logPath)
	case <-time.After(timeout):
		p.kill()
		return nil, "", fmt.Errorf("%s was not ready within %s (see %s)", name, timeout, logPath)
	}
}

// stop asks the program to stop (SIGTERM) and waits for it.
func (p *process) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(time.Minute):
		p.kill()
	}
	p.log.Close()
}

// pause stops the program (SIGSTOP) without ending it: its connections stay open, so the
// server goes on handing it work that it never finishes.
func (p *process) pause() error { return p.cmd.Process.Signal(syscall.SIGSTOP) }

// kill ends the program at once (SIGKILL), as the OOM killer or a power cut would.
func (p *process) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}
