package codec

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
)

// Guessing tokens is cut short: after 10 wrong tokens from one address within a minute (sign-ins
// and bearer tokens together), that address is refused with 429 even with the right token,
// until the minute is over. Other addresses, and callers that present no token at all (the Web
// UI before anyone signs in), are not held back.
func TestWrongTokensFromOneAddressAreThrottled(t *testing.T) {
	c := mustCodec(t, key("k1", 1))
	srv := Handler(c, ServerOptions{Tokens: []string{"s3cret"}, Origins: []string{ui}}).(*server)
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	srv.throttle.now = func() time.Time { return now }
	sealed, err := c.Encode([]*commonpb.Payload{{Data: []byte(`"x"`), Metadata: map[string][]byte{"encoding": []byte("json/plain")}}})
	require.NoError(t, err)
	body := `{"payloads":[` + strings.Join(jsonPayloads(t, sealed), ",") + `]}`

	signIn := func(token, remote string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"token": {token}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}
	decode := func(auth, remote string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/decode", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}

	for i := range maxFailures - 1 {
		assert.Equal(t, http.StatusUnauthorized, signIn("guess", "10.0.0.1:4000").Code, "wrong token %d", i+1)
	}
	assert.Equal(t, http.StatusOK, decode("Bearer s3cret", "10.0.0.1:4001").Code, "9 mistakes are not yet too many")
	assert.Equal(t, http.StatusUnauthorized, decode("Bearer guess", "10.0.0.1:4002").Code, "the 10th wrong token")
	for i := range 5 {
		assert.Equal(t, http.StatusUnauthorized, decode("", "10.0.0.1:4003").Code, "no token at all is not throttled (%d)", i)
	}

	w := signIn("s3cret", "10.0.0.1:4004")
	assert.Equal(t, http.StatusTooManyRequests, w.Code, "the right token, from an address that guessed too often")
	assert.Equal(t, "61", w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), "too many wrong tokens from this address: try again in 1m0s")
	assert.Empty(t, w.Result().Cookies(), "no session")
	assert.Equal(t, http.StatusTooManyRequests, decode("Bearer s3cret", "10.0.0.1:4005").Code)
	assert.Equal(t, http.StatusOK, signIn("s3cret", "10.0.0.2:4000").Code, "another address")

	now = now.Add(failureWindow)
	assert.Equal(t, http.StatusOK, decode("Bearer s3cret", "10.0.0.1:4006").Code, "a minute after the first wrong token")
	assert.Equal(t, http.StatusUnauthorized, signIn("guess", "10.0.0.1:4007").Code, "counting starts again")
	assert.Equal(t, http.StatusOK, signIn("s3cret", "10.0.0.1:4008").Code)
}
