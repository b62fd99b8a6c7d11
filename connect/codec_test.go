package connect

import (
	"encoding/base64"
	"strings"
	"testing"

	"wenming/testenv/english"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Update payloads carry objection contacts, reasons and notes: a Temporal that is not on
// this machine gets them sealed or not at all. Without keys only loopback is reached (the dev
// stack, a test server); with keys any address is.
func TestTheCodecIsRequiredBeyondThisMachine(t *testing.T) {
	t.Setenv(CodecKeysEnv, "")
	keys := "k1:" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32)))
	for _, tt := range []struct {
		address, keys string
		refused       bool
	}{
		{"", "", false}, // the dev stack
		{"127.0.0.1:7233", "", false},
		{"localhost:7233", "", false},
		{"[::1]:7233", "", false},
		{"temporal.office.example:7233", "", true},
		{"10.0.0.5:7233", "", true},
		{"10.0.0.5:7233", keys, false},
	} {
		t.Run(tt.address+" "+map[bool]string{true: "with keys", false: "without keys"}[tt.keys != ""], func(t *testing.T) {
			t.Setenv(CodecKeysEnv, tt.keys)
			opts, err := (&Config{}).ClientOptions(tt.address)
			if !tt.refused {
				require.NoError(t, err)
				assert.Equal(t, tt.keys != "", opts.DataConverter != nil, "payloads sealed when keys are given")
				return
			}
			require.Error(t, err)
			assert.Contains(t, english.Of(err), "is not on this machine")
			assert.Contains(t, err.Error(), "--codec-keys")
		})
	}
}
