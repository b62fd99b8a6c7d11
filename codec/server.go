package codec

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"wenming/msg"

	"go.temporal.io/sdk/converter"
)

// ServerOptions says who may use the codec server.
type ServerOptions struct {
	// Tokens are the bearer tokens operators present (Authorization: Bearer <token>, or once
	// on the sign-in page for the Web UI).
	Tokens []string
	// Origins are the pages allowed to call from a browser (the Web UI's address); a browser
	// request from any other origin is refused.
	Origins []string
	// SessionLength is how long a sign-in lasts (default 12 hours).
	SessionLength time.Duration
	Logger        *slog.Logger
}

// Handler serves the codec over HTTP for the Web UI and the Temporal CLI (POST /encode and
// /decode, as Temporal's remote codec protocol): only with a valid token, and to browsers only
// from the allowed origins. The Web UI cannot send a bearer token of its own, so an operator
// signs in once at /login with a token and the browser then sends the session's cookie with
// the UI's codec requests (the UI's codec setting includeCredentials).
//
// The server is not told which workflow a payload is shown for: a payload bound to a
// workflow opens with the id in its metadata, and a plain one is shown as it is.
func Handler(c converter.PayloadCodec, o ServerOptions) http.Handler {
	if a, ok := c.(*AESGCM); ok {
		c = a.forOperators()
	}
	s := &server{codec: converter.NewPayloadCodecHTTPHandler(c), opts: o, log: o.Logger,
		sessions: newSessions(o.SessionLength), throttle: newThrottle()}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s
}

type server struct {
	codec    http.Handler
	opts     ServerOptions
	log      *slog.Logger
	sessions *sessions
	throttle *throttle
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == loginPath || r.URL.Path == logoutPath {
		s.serveSignIn(w, r)
		return
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		if !slices.Contains(s.opts.Origins, origin) {
			s.log.Warn("codec server: origin refused", "origin", origin, "path", r.URL.Path)
			http.Error(w, "origin not allowed", http.StatusForbidden)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Namespace")
		h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
		h.Add("Vary", "Origin")
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	if !s.sessions.valid(r) && !s.bearerValid(w, r) {
		return
	}
	s.codec.ServeHTTP(w, r)
}

// tokenRequired is the answer to a caller with no session and no valid token.
const tokenRequired = "a valid bearer token is required (or sign in at " + loginPath + ")"

// bearerValid checks the caller's bearer token, and answers the caller when it is missing or
// wrong. Wrong tokens are counted and, when too many come from one address, refused unheard.
func (s *server) bearerValid(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		s.log.Warn("codec server: caller without a token", "remote", r.RemoteAddr, "path", r.URL.Path)
		http.Error(w, tokenRequired, http.StatusUnauthorized)
		return false
	}
	if s.refuseThrottled(w, r) {
		return false
	}
	if !validToken(auth, s.opts.Tokens) {
		s.throttle.failed(r)
		s.log.Warn("codec server: caller with a wrong token", "remote", r.RemoteAddr, "path", r.URL.Path)
		http.Error(w, tokenRequired, http.StatusUnauthorized)
		return false
	}
	return true
}

// refuseThrottled answers 429 to a caller that has presented too many wrong tokens of late.
func (s *server) refuseThrottled(w http.ResponseWriter, r *http.Request) bool {
	wait := s.throttle.blocked(r)
	if wait == 0 {
		return false
	}
	s.log.Warn("codec server: too many wrong tokens, caller refused for now", "remote", r.RemoteAddr, "wait", wait)
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	http.Error(w, fmt.Sprintf("too many wrong tokens from this address: try again in %s", wait.Round(time.Second)), http.StatusTooManyRequests)
	return true
}

func validToken(header string, tokens []string) bool {
	given, ok := strings.CutPrefix(header, "Bearer ")
	return ok && knownToken(given, tokens)
}

// knownToken compares in constant time, so that the answer's timing tells nothing of a token.
func knownToken(given string, tokens []string) bool {
	if given == "" {
		return false
	}
	valid := false
	for _, t := range tokens {
		if t != "" && subtle.ConstantTimeCompare([]byte(given), []byte(t)) == 1 {
			valid = true
		}
	}
	return valid
}

// MinTokenLength is the shortest token the codec server accepts: a token is a password
// that opens every payload, and with the throttle a guesser must not stand a chance (32
// characters is `openssl rand -hex 16`).
const MinTokenLength = 32

// LoadTokens reads the operators' tokens: one per line of a file (commas separate tokens
// too), or else comma-separated in an environment variable; a line that starts with `#` is a
// comment. A token shorter than MinTokenLength is refused, naming the file and line (or the
// variable and entry), never the token.
func LoadTokens(file, envName string) ([]string, error) {
	text, source := os.Getenv(envName), "$"+envName
	if file != "" {
		data, err := readSecrets(file, "token_file")
		if err != nil {
			return nil, msg.Wrap(err, "codec.tokens.read")
		}
		text, source = string(data), file
	}
	var tokens []string
	entry := 0
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, t := range strings.Split(line, ",") {
			entry++
			if t = strings.TrimSpace(t); t == "" {
				continue
			}
			if n := utf8.RuneCountInString(t); n < MinTokenLength {
				where := msg.Say("codec.tokens.where", "Source", source, "N", i+1)
				if file == "" {
					where = msg.Say("codec.key.where", "Source", source, "N", entry)
				}
				return nil, msg.Err("codec.tokens.short", "Where", where, "N", n, "Min", MinTokenLength)
			}
			tokens = append(tokens, t)
		}
	}
	return tokens, nil
}
