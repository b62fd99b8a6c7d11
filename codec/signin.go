package codec

import (
	"crypto/rand"
	"encoding/base64"
	"html/template"
	"net/http"
	"sync"
	"time"
)

const (
	loginPath  = "/login"
	logoutPath = "/logout"
	// sessionCookie holds a random session id, never the token itself. The cookie is
	// host-only, HttpOnly and SameSite=Strict: a browser sends it with the Web UI's codec
	// requests only when the UI and the codec server are on the same site.
	sessionCookie = "wenming_codec_session"
)

// sessions are the operators signed in from a browser, in memory: a restart of the worker
// signs everyone out, which is the safe direction.
type sessions struct {
	mu     sync.Mutex
	length time.Duration
	until  map[string]time.Time
}

func newSessions(length time.Duration) *sessions {
	if length <= 0 {
		length = 12 * time.Hour
	}
	return &sessions{length: length, until: map[string]time.Time{}}
}

func (s *sessions) open(now time.Time) (string, time.Time) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	id := base64.RawURLEncoding.EncodeToString(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, until := range s.until {
		if now.After(until) {
			delete(s.until, k)
		}
	}
	s.until[id] = now.Add(s.length)
	return id, s.until[id]
}

func (s *sessions) close(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.until, id)
}

func (s *sessions) valid(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	until, ok := s.until[c.Value]
	return ok && time.Now().Before(until)
}

var signInPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>解码服务登录 · codec server sign-in</title></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto">
<h1>解码服务登录</h1>
{{if .SignedIn}}<p id="status">已登录，至 {{.Until}} 有效。Signed in: the Web UI now shows decoded payloads in this browser.</p>
{{range .Origins}}<p><a href="{{.}}">返回 Web UI ({{.}})</a></p>{{end}}
<form method="post" action="/logout"><button type="submit">退出 sign out</button></form>
{{else}}{{if .Refused}}<p id="status" style="color: #b00">口令无效 · the token is not valid.</p>{{end}}
<p>Operators who hold a token sign in here once; the Web UI then decodes encrypted payloads in this browser.</p>
<form method="post" action="/login">
<label>口令 token <input type="password" name="token" autocomplete="off" autofocus></label>
<button type="submit">登录 sign in</button>
</form>{{end}}
</body></html>
`))

type signInView struct {
	SignedIn, Refused bool
	Until             string
	Origins           []string
}

// serveSignIn shows the sign-in form, takes a token and sets the session cookie, or signs
// out. A form posted from any page but the codec server's own or the Web UI's is refused.
func (s *server) serveSignIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	view := signInView{Origins: s.opts.Origins}
	switch r.Method {
	case http.MethodGet:
		view.SignedIn = s.sessions.valid(r)
		_ = signInPage.Execute(w, view)
		return
	case http.MethodPost:
	default:
		http.Error(w, "use GET or POST", http.StatusMethodNotAllowed)
		return
	}
	if origin := r.Header.Get("Origin"); origin != "" && origin != ownOrigin(r) {
		s.log.Warn("codec server: sign-in from another page refused", "origin", origin)
		http.Error(w, "origin not allowed", http.StatusForbidden)
		return
	}
	if r.URL.Path == logoutPath {
		if c, err := r.Cookie(sessionCookie); err == nil {
			s.sessions.close(c.Value)
		}
		http.SetCookie(w, s.cookie(r, "", -1))
		_ = signInPage.Execute(w, view)
		return
	}
	if s.refuseThrottled(w, r) {
		return
	}
	if !knownToken(r.PostFormValue("token"), s.opts.Tokens) {
		s.throttle.failed(r)
		s.log.Warn("codec server: sign-in with a wrong token", "remote", r.RemoteAddr)
		view.Refused = true
		w.WriteHeader(http.StatusUnauthorized)
		_ = signInPage.Execute(w, view)
		return
	}
	id, until := s.sessions.open(time.Now())
	http.SetCookie(w, s.cookie(r, id, int(time.Until(until).Seconds())))
	s.log.Info("codec server: operator signed in", "remote", r.RemoteAddr, "until", until)
	view.SignedIn, view.Until = true, until.Format("2006-01-02 15:04")
	_ = signInPage.Execute(w, view)
}

func (s *server) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode}
}

func ownOrigin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
