package codec

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"

	"wenming/testenv/english"
)

// secretFile writes text to a file of the given mode (set after writing, whatever the umask).
func secretFile(t *testing.T, name, text string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	require.NoError(t, os.Chmod(path, mode))
	return path
}

var (
	longToken  = strings.Repeat("a1", 16) // 32 characters
	otherToken = strings.Repeat("b2", 20)
)

// A codec server token opens every payload: one shorter than 32 characters is refused, naming
// the file and its line (or the variable and its entry), never the token.
func TestShortTokensAreRefused(t *testing.T) {
	t.Setenv("WENMING_TEST_TOKENS", "")
	file := secretFile(t, "tokens.txt", "# operators\n"+longToken+"\n\nshort-token-1\n", 0o600)
	_, err := LoadTokens(file, "WENMING_TEST_TOKENS")
	require.Error(t, err)
	assert.Contains(t, english.Of(err), file+", line 4: a token of 13 characters is too short; the codec server needs at least 32")
	assert.NotContains(t, english.Of(err), "short-token-1", "the token is not shown")

	t.Setenv("WENMING_TEST_TOKENS", longToken+","+strings.Repeat("x", 31))
	_, err = LoadTokens("", "WENMING_TEST_TOKENS")
	assert.Contains(t, english.Of(err), "$WENMING_TEST_TOKENS, entry 2: a token of 31 characters is too short")

	t.Setenv("WENMING_TEST_TOKENS", longToken+", "+otherToken)
	tokens, err := LoadTokens("", "WENMING_TEST_TOKENS")
	require.NoError(t, err)
	assert.Equal(t, []string{longToken, otherToken}, tokens)
	tokens, err = LoadTokens(secretFile(t, "tokens.txt", "# operators, one a line\n"+longToken+"\r\n"+otherToken+"\n", 0o600), "")
	require.NoError(t, err)
	assert.Equal(t, []string{longToken, otherToken}, tokens, "comments and CRLF")
}

// Key and token files that accounts other than the owner may read are refused, telling the
// operator to chmod 600; the owner's own file (0600, 0400) is read. Keys and tokens given in
// environment variables are not files and are taken as they are.
func TestSecretFilesMustBeTheOwnersAlone(t *testing.T) {
	keys := "k1:" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)) + "\n"
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660, 0o700 | 0o007} {
		file := secretFile(t, "keys.txt", keys, mode)
		_, err := LoadKeys(file, "NO_SUCH_ENV")
		require.Error(t, err, "keys %04o", mode)
		assert.Contains(t, english.Of(err), file+" can be read by other accounts", "keys %04o", mode)
		assert.Contains(t, english.Of(err), "chmod 600 "+file)

		file = secretFile(t, "tokens.txt", longToken+"\n", mode)
		_, err = LoadTokens(file, "NO_SUCH_ENV")
		require.Error(t, err, "tokens %04o", mode)
		assert.Contains(t, english.Of(err), "chmod 600 "+file, "tokens %04o", mode)
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		got, err := LoadKeys(secretFile(t, "keys.txt", keys, mode), "NO_SUCH_ENV")
		require.NoError(t, err, "keys %04o", mode)
		assert.Len(t, got, 1)
		tokens, err := LoadTokens(secretFile(t, "tokens.txt", longToken+"\n", mode), "NO_SUCH_ENV")
		require.NoError(t, err, "tokens %04o", mode)
		assert.Equal(t, []string{longToken}, tokens)
	}
	t.Setenv("WENMING_TEST_KEYS", strings.TrimSpace(keys))
	got, err := LoadKeys("", "WENMING_TEST_KEYS")
	require.NoError(t, err, "keys in the environment")
	assert.Len(t, got, 1)
}

// The codec server decodes for operators: a payload bound to a workflow opens with the id in
// its metadata (the Web UI does not say which workflow it shows), and a plain payload of a
// history written before encryption was on is shown as it is.
func TestTheCodecServerOpensBoundAndPlainPayloads(t *testing.T) {
	c := mustCodec(t, key("k1", 1))
	srv := httptest.NewServer(Handler(c, ServerOptions{Tokens: []string{longToken}}))
	defer srv.Close()
	remote := converter.NewRemotePayloadCodec(converter.RemotePayloadCodecOptions{Endpoint: srv.URL, ModifyRequest: func(r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+longToken)
		return nil
	}})
	plain := &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("json/plain")}, Data: []byte(`"plain"`)}
	opened, err := remote.Decode([]*commonpb.Payload{sealFor(t, c, "unit/a", `"bound"`), oldFormat, plain})
	require.NoError(t, err)
	require.Len(t, opened, 3)
	assert.Equal(t, `"bound"`, string(opened[0].Data))
	assert.Equal(t, `"old"`, string(opened[1].Data))
	assert.Equal(t, `"plain"`, string(opened[2].Data))
}
