package backend

import (
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/english"
)

// A setting that cannot work is refused with the flag (or the environment variable) and why;
// the environment sets what the flags leave out, and a flag sets it over the environment.
func TestWorkerSettingsAreChecked(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want string // "" accepted
	}{
		{name: "defaults"},
		{name: "a stop shorter than a write", args: []string{"--stop-timeout", "5s"},
			want: "--stop-timeout is 5s: it cannot be shorter than the write timeout, 30s"},
		{name: "no activities", args: []string{"--max-activities", "0"}, want: "--max-activities is 0: it must be at least 1"},
		{name: "one workflow poller", args: []string{"--workflow-pollers", "1"}, want: "--workflow-pollers is 1: a worker needs at least 2"},
		{name: "a word for a number", env: map[string]string{"WENMING_DB_MAX_CONNS": "ten"},
			want: `the environment variable WENMING_DB_MAX_CONNS is "ten": it must be a whole number`},
		{name: "a bad duration", env: map[string]string{"WENMING_STOP_TIMEOUT": "forever"},
			want: `the environment variable WENMING_STOP_TIMEOUT is "forever": it must be a length of time`},
		{name: "the environment sets the pool", env: map[string]string{"WENMING_DB_MAX_CONNS": "4"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			var tu Tuning
			fs := pflag.NewFlagSet("worker", pflag.ContinueOnError)
			tu.Register(fs)
			require.NoError(t, fs.Parse(c.args))
			err := tu.Check()
			if c.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.Contains(t, english.Of(err), c.want)
		})
	}
}

func TestTheEnvironmentAndTheFlagsSetTheWorker(t *testing.T) {
	t.Setenv("WENMING_DB_MAX_CONNS", "4")
	t.Setenv("WENMING_MAX_ACTIVITIES", "50")
	var tu Tuning
	fs := pflag.NewFlagSet("worker", pflag.ContinueOnError)
	tu.Register(fs)
	require.NoError(t, fs.Parse([]string{"--max-activities", "60", "--stop-timeout", "1m"}))
	require.NoError(t, tu.Check())
	assert.Equal(t, 4, tu.DBConns, "from the environment")
	o := tu.options()
	assert.Equal(t, 60, o.MaxConcurrentActivityExecutionSize, "the flag over the environment")
	assert.Equal(t, time.Minute, o.WorkerStopTimeout)
	assert.Equal(t, 1000, o.MaxConcurrentWorkflowTaskExecutionSize, "the SDK's default")
	assert.True(t, Tuning{}.unset())
	assert.GreaterOrEqual(t, DefaultTuning().StopTimeout, 30*time.Second, "a stop outlasts a write")
}

// A versioned worker needs a real build id: an unstamped build ("dev") is refused; without a
// deployment name the worker is unversioned whatever its build.
func TestAVersionedWorkerNeedsABuildID(t *testing.T) {
	assert.NoError(t, Versioning{BuildID: "dev"}.Check())
	assert.Contains(t, english.Of(Versioning{Deployment: "wenming", BuildID: "dev"}.Check()), "a versioned worker (--deployment-name) needs a build id")
	assert.NoError(t, Versioning{Deployment: "wenming", BuildID: "v1.2.0"}.Check())
	o := Versioning{Deployment: "wenming", BuildID: "v1.2.0"}.options()
	assert.True(t, o.UseVersioning)
	assert.Equal(t, "v1.2.0", o.Version.BuildID)
	assert.False(t, Versioning{}.options().UseVersioning)
}
