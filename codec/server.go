package codec

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"

	"go.temporal.io/sdk/converter"
)

// ServerOptions says who may use the codec server.
type ServerOptions struct {
	// Tokens are the bearer tokens operators present (Authorization: Bearer <token>).
	Tokens []string
	// Origins are the pages allowed to call from a browser (the Web UI's address); a browser
	// request from any other origin is refused.
	Origins []string
	Logger  *slog.Logger
}

// Handler serves the codec over HTTP for the Web UI and the Temporal CLI (POST /encode and
// /decode, as Temporal's remote codec protocol): only with a valid token, and to browsers only
// from the allowed origins.
func Handler(c converter.PayloadCodec, o ServerOptions) http.Handler {
	codec := converter.NewPayloadCodecHTTPHandler(c)
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if origin := r.Header.Get("Origin"); origin != "" {
			if !slices.Contains(o.Origins, origin) {
				log.Warn("codec server: origin refused", "origin", origin, "path", r.URL.Path)
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
		if !validToken(r.Header.Get("Authorization"), o.Tokens) {
			log.Warn("codec server: caller without a valid token", "remote", r.RemoteAddr, "path", r.URL.Path)
			http.Error(w, "a valid bearer token is required", http.StatusUnauthorized)
			return
		}
		codec.ServeHTTP(w, r)
	})
}

func validToken(header string, tokens []string) bool {
	given, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || given == "" {
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

// LoadTokens reads the operators' tokens: one per line of a file, or else comma-separated in
// an environment variable.
func LoadTokens(file, envName string) ([]string, error) {
	text := os.Getenv(envName)
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read the codec server's tokens: %w", err)
		}
		text = string(data)
	}
	var tokens []string
	for _, t := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == ',' || r == '\r' }) {
		if t = strings.TrimSpace(t); t != "" && !strings.HasPrefix(t, "#") {
			tokens = append(tokens, t)
		}
	}
	return tokens, nil
}
