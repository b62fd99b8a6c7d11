package integration

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
	"wenming/scenario"
)

// fileServer is an embedded Temporal server whose state is a SQLite file, as in the dev
// stack, so that it can be stopped and started again on the same state and port.
type fileServer struct {
	t    *testing.T
	dir  string
	port int
	srv  *devstack.Temporal
}

func startFileServer(t *testing.T) *fileServer {
	s := &fileServer{t: t, dir: t.TempDir()}
	s.start()
	_, port, err := net.SplitHostPort(s.srv.Address)
	require.NoError(t, err)
	s.port, err = strconv.Atoi(port)
	require.NoError(t, err)
	t.Cleanup(func() { s.srv.Stop() })
	return s
}

func (s *fileServer) start() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := devstack.StartTemporal(ctx, devstack.TemporalOptions{DBFile: filepath.Join(s.dir, "temporal.db"),
		LogFile: filepath.Join(s.dir, "temporal.log"), Port: s.port, UIPort: -1})
	require.NoError(s.t, err)
	s.srv = srv
}

// restart stops the server and starts it again on its file and port.
func (s *fileServer) restart() {
	s.srv.Stop()
	s.start()
}

// restartDuringImplementationAndNotice restarts the server as the campaign's implementation
// and its public notice begin: with task deadlines and progress checks pending, and with the
// notice's end pending. It returns the steps it restarted at.
func (s *fileServer) restartDuringImplementationAndNotice(d *scenario.Driver) *[]string {
	var restarted []string
	d.OnStep = func(title string) {
		if strings.HasPrefix(title, "组织实施") || strings.HasPrefix(title, "公示") {
			began := time.Now()
			s.restart()
			restarted = append(restarted, title)
			s.t.Logf("server restarted at %q in %s", title, time.Since(began).Round(time.Millisecond))
		}
	}
	return &restarted
}
