// Package identity holds what proves who a person is: the initial secret an account is given
// once, and how it is kept (an argon2id hash, never the secret); and the act tokens, signed by
// the product's identity keys, that prove to a worker who sends a submission (act.go, keys.go).
// Status: the tokens are made and checked here; no client signs them and no worker checks them
// yet (issue 35).
package identity

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// secretBytes is the initial secret's randomness: 160 bits.
const secretBytes = 20

// argon2id parameters: RFC 9106's second recommended option's memory and passes (64 MiB, 3),
// with 2 lanes (it names 4) for the offices' small servers.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	saltBytes    = 16
	maxMemory    = 1024 * 1024 // KiB: a stored hash asking for more than 1 GiB is refused
)

// NewSecret is a fresh initial secret: 32 letters and digits in groups of four, easy to read
// out and type.
func NewSecret() (string, error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a secret: %w", err)
	}
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
	var groups []string
	for i := 0; i < len(s); i += 4 {
		groups = append(groups, s[i:i+4])
	}
	return strings.Join(groups, "-"), nil
}

// normal is a secret as typed, without its dashes and spaces, in capitals.
func normal(secret string) []byte {
	return []byte(strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(secret)))
}

// Hash keeps an initial secret as an argon2id hash in the PHC string format
// ($argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>). The secret is taken as typed from a slip
// (dashes, spaces and case aside): a password a person chooses will need a scheme of its own.
func Hash(secret string) (string, error) {
	salt := make([]byte, saltBytes)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("make a salt: %w", err)
	}
	key := argon2.IDKey(normal(secret), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Verify says whether secret is the one hashed, in time that does not depend on where they
// differ.
func Verify(hashed, secret string) (bool, error) {
	parts := strings.Split(hashed, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("not an argon2id hash")
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("an argon2id hash of another version")
	}
	_, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads)
	// A stored hash is read as untrusted: parameters that would panic or exhaust the
	// machine are refused, as is anything after them.
	if err != nil || parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", memory, time, threads) ||
		time < 1 || time > 16 || threads < 1 || memory < 8*uint32(threads) || memory > maxMemory {
		return false, errors.New("an argon2id hash without sound parameters")
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false, errors.New("an argon2id hash with a bad salt")
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false, errors.New("an argon2id hash with a bad key")
	}
	got := argon2.IDKey(normal(secret), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
