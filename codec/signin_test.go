package codec

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

const ui = "http://127.0.0.1:8233"

// signInClient is a browser of its own: a cookie jar, and the Web UI's origin on codec calls.
func signInClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar}
}

func decodeAsTheUI(t *testing.T, c *http.Client, srv *httptest.Server, origin string, sealed []*commonpb.Payload) (int, string) {
	payloads := `{"payloads":[` + strings.Join(jsonPayloads(t, sealed), ",") + `]}`
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/decode?preserveStorageRefs=true", strings.NewReader(payloads))
	require.NoError(t, err)
	req.Header.Set("Origin", origin)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Namespace", "default")
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	text, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(text)
}

// An operator signs in once with a token; the browser's codec calls from the Web UI then carry
// the session cookie and decode. A wrong token, a sign-in posted from another page, a call
// without the session and a call after signing out are all refused.
func TestCodecServerSignIn(t *testing.T) {
	c := mustCodec(t, key("k1", 1))
	srv := httptest.NewServer(Handler(c, ServerOptions{Tokens: []string{"s3cret"}, Origins: []string{ui}}))
	defer srv.Close()
	sealed, err := c.Encode([]*commonpb.Payload{{Data: []byte(`"13800000000"`), Metadata: map[string][]byte{"encoding": []byte("json/plain")}}})
	require.NoError(t, err)
	browser := signInClient(t)

	resp, err := browser.Get(srv.URL + "/login")
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), `name="token"`, "the sign-in form")

	code, _ := decodeAsTheUI(t, browser, srv, ui, sealed)
	assert.Equal(t, http.StatusUnauthorized, code, "before signing in")

	signIn := func(token, origin string) *http.Response {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/login", strings.NewReader(url.Values{"token": {token}}.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := browser.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	resp = signIn("wrong", srv.URL)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "a wrong token")
	assert.Empty(t, resp.Cookies(), "no session for a wrong token")
	resp = signIn("s3cret", "https://evil.example")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "a sign-in posted from another page")
	assert.Empty(t, resp.Cookies())

	resp = signIn("s3cret", srv.URL)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Len(t, resp.Cookies(), 1)
	cookie := resp.Cookies()[0]
	assert.True(t, cookie.HttpOnly, "scripts cannot read the session")
	assert.Equal(t, http.SameSiteStrictMode, cookie.SameSite)
	assert.NotContains(t, cookie.Value, "s3cret", "the cookie holds a session id, not the token")

	code, text := decodeAsTheUI(t, browser, srv, ui, sealed)
	assert.Equal(t, http.StatusOK, code, text)
	assert.Contains(t, text, base64Of(`"13800000000"`), "decoded for the signed-in operator")
	code, _ = decodeAsTheUI(t, browser, srv, "https://evil.example", sealed)
	assert.Equal(t, http.StatusForbidden, code, "the session does not open the codec to other pages")
	code, _ = decodeAsTheUI(t, signInClient(t), srv, ui, sealed)
	assert.Equal(t, http.StatusUnauthorized, code, "another browser has no session")

	req, err := http.NewRequest(http.MethodPost, srv.URL+"/logout", nil)
	require.NoError(t, err)
	resp, err = browser.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	code, _ = decodeAsTheUI(t, browser, srv, ui, sealed)
	assert.Equal(t, http.StatusUnauthorized, code, "after signing out")
}

// jsonPayloads are the payloads as the remote codec protocol carries them.
func jsonPayloads(t *testing.T, ps []*commonpb.Payload) []string {
	var out []string
	for _, p := range ps {
		b, err := protojson.Marshal(p)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	return out
}

func base64Of(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
