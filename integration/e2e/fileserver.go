package e2e

import (
	"context"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wenming/devstack"
)

// FileServer is an embedded Temporal server whose state is a SQLite file, as in the dev
// stack, so that it can be stopped and started again on the same state and port.
type FileServer struct {
	t    *testing.T
	dir  string
	port int
	Srv  *devstack.Temporal
}

// StartFileServer starts a server on a SQLite file of the test's; it stops when the test ends.
func StartFileServer(t *testing.T) *FileServer {
	s := &FileServer{t: t, dir: t.TempDir()}
	s.Start()
	_, port, err := net.SplitHostPort(s.Srv.Address)
	require.NoError(t, err)
	s.port, err = strconv.Atoi(port)
	require.NoError(t, err)
	t.Cleanup(func() { s.Srv.Stop() })
	return s
}

// Start starts the server (again) on its file and port.
func (s *FileServer) Start() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := devstack.StartTemporal(ctx, devstack.TemporalOptions{DBFile: filepath.Join(s.dir, "temporal.db"),
		LogFile: filepath.Join(s.dir, "temporal.log"), Port: s.port, UIPort: -1})
	require.NoError(s.t, err)
	s.Srv = srv
}

// Restart stops the server and starts it again on its file and port.
func (s *FileServer) Restart() {
	s.Srv.Stop()
	s.Start()
}

// RestartDuringImplementationAndNotice restarts the server as the campaign's implementation
// and its public notice begin: with task deadlines and progress checks pending, and with the
// notice's end pending. It returns the steps it restarted at.
func (s *FileServer) RestartDuringImplementationAndNotice(d *Driver) *[]string {
	var restarted []string
	d.OnStep = func(title string) {
		if strings.HasPrefix(title, "组织实施") || strings.HasPrefix(title, "公示") {
			began := time.Now()
			s.Restart()
			restarted = append(restarted, title)
			s.t.Logf("server restarted at %q in %s", title, time.Since(began).Round(time.Millisecond))
		}
	}
	return &restarted
}
