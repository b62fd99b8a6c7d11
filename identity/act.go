package identity

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// An act token proves to a worker that holds the product's public identity keys that an
// account, with the grants it held when the token was signed, sends one act: the submission
// with this id, by this update, to this workflow, before a time. It is short-lived and bound to
// the act, so that a token read from a history is worth nothing elsewhere, and it is signed by
// the product's identity key (never by the person), so that a worker can check it on its own.
//
// Format: "wm1." + base64url(claims as JSON) + "." + base64url(Ed25519 signature of everything
// before the second dot). No padding; the claims are those of Claims, in its JSON names.

// tokenPrefix names the format (and its version): a token of another format is not read.
const tokenPrefix = "wm1."

// MaxLifetime bounds a token's life from its signing to its expiry: one that claims longer is
// refused even with a good signature.
const MaxLifetime = 10 * time.Minute

// clockSkew is how far in the future a token's signing time may be, for clocks a little apart.
const clockSkew = time.Minute

// Act is what a token is for: a submission, with its content, by an update to a workflow.
// Digest is the SHA-256 (hex) of the submission's content as sent (ContentDigest), so that a
// token seen in flight cannot carry other content under the same submission id; the same act
// sent again with its token is the same act, which the workflow answers "received before".
type Act struct {
	WorkflowID string `json:"wf"`
	Update     string `json:"upd"`
	Submission string `json:"sub"`
	Digest     string `json:"dig"`
}

// ContentDigest is the digest of a submission's content: the SHA-256, in hex, of its JSON
// encoding without the credential (the client and the worker encode the same request type the
// same way).
func ContentDigest(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

// Claims are what a token says.
type Claims struct {
	Key     string    `json:"kid"`    // the identity key that signed it (KeyID)
	Account string    `json:"acct"`   // who acts
	Grants  []string  `json:"grants"` // the account's grants when signed: ROLE or ROLE:SCOPE
	Act     Act       `json:"act"`
	Signed  time.Time `json:"iat"`
	Expires time.Time `json:"exp"`
}

// Why a token is refused.
var (
	ErrMalformed  = errors.New("not an act token")
	ErrUnknownKey = errors.New("signed by a key the worker does not hold")
	ErrForged     = errors.New("the signature does not hold")
	ErrExpired    = errors.New("expired, or not yet valid")
	ErrOtherAct   = errors.New("signed for another act")
	ErrTooLong    = errors.New("claims a life longer than allowed")
)

// Sign makes the token of the claims with the identity key (its Key is set to the key's id),
// living from now for life, at most MaxLifetime.
func (k *Key) Sign(c Claims, now time.Time, life time.Duration) (string, error) {
	if c.Account == "" || c.Act.WorkflowID == "" || c.Act.Update == "" || c.Act.Submission == "" || c.Act.Digest == "" {
		return "", fmt.Errorf("sign an act token: account, workflow, update, submission and digest are all needed")
	}
	if life <= 0 || life > MaxLifetime {
		return "", fmt.Errorf("sign an act token: a life of %v is outside (0, %v]", life, MaxLifetime)
	}
	c.Key, c.Signed, c.Expires = k.ID, now.UTC(), now.UTC().Add(life)
	body, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("sign an act token: %w", err)
	}
	signed := tokenPrefix + base64.RawURLEncoding.EncodeToString(body)
	return signed + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(k.private, []byte(signed))), nil
}

// Verify reads a token and checks it: signed by one of the keys, for this act, live at now and
// not claiming more than MaxLifetime. It returns the claims only when all of that holds.
func (r *KeyRing) Verify(token string, act Act, now time.Time) (Claims, error) {
	rest, ok := strings.CutPrefix(token, tokenPrefix)
	if !ok {
		return Claims{}, ErrMalformed
	}
	body64, sig64, ok := strings.Cut(rest, ".")
	if !ok {
		return Claims{}, ErrMalformed
	}
	if strings.ContainsAny(token, "\r\n") {
		return Claims{}, ErrMalformed
	}
	body, err := base64.RawURLEncoding.Strict().DecodeString(body64)
	if err != nil {
		return Claims{}, ErrMalformed
	}
	sig, err := base64.RawURLEncoding.Strict().DecodeString(sig64)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return Claims{}, ErrMalformed
	}
	var c Claims
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || dec.More() {
		return Claims{}, ErrMalformed
	}
	pub, ok := r.public[c.Key]
	if !ok {
		return Claims{}, ErrUnknownKey
	}
	if !ed25519.Verify(pub, []byte(tokenPrefix+body64), sig) {
		return Claims{}, ErrForged
	}
	switch {
	case c.Act != act:
		return Claims{}, ErrOtherAct
	case c.Signed.IsZero() || !c.Signed.Before(c.Expires):
		return Claims{}, ErrMalformed
	case c.Expires.Sub(c.Signed) > MaxLifetime:
		return Claims{}, ErrTooLong
	case !now.Before(c.Expires) || c.Signed.After(now.Add(clockSkew)):
		return Claims{}, ErrExpired
	}
	return c, nil
}
