package cluster

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A worker process gets the database's URL, which holds its password, in its environment:
// nothing on its command line (which every user of the machine sees with ps) carries the
// password or the URL.
func TestTheWorkersCommandLineCarriesNoPassword(t *testing.T) {
	const password = "s3cret-Passw0rd"
	url := "postgres://wenming:" + password + "@127.0.0.1:5432/wenming?sslmode=disable"
	c := &Cluster{Address: "127.0.0.1:7243", DatabaseURL: url, o: Options{Namespace: "default", TaskQueue: "wenming"}}
	args, env := c.workerCommand("127.0.0.1:9464")
	for _, a := range args {
		assert.NotContains(t, a, password, "the command line shows the password: %q", args)
		assert.NotContains(t, a, "postgres://", "the command line carries the database's URL: %q", args)
	}
	assert.NotContains(t, args, "--database-url")
	assert.Equal(t, []string{"--address", "127.0.0.1:7243", "--namespace", "default", "--task-queue", "wenming",
		"--metrics-address", "127.0.0.1:9464"}, args)
	assert.Contains(t, env, "DATABASE_URL="+url, "the worker reads the URL from its environment")
	for _, e := range env {
		if !strings.HasPrefix(e, "DATABASE_URL=") {
			assert.NotContains(t, e, password)
		}
	}
}
