// Package codec encrypts what the product hands to Temporal: workflow and activity inputs and
// results, update and query payloads, memos and failure messages are sealed with AES-GCM
// before they leave the worker or the CLI, so the server's database and the Web UI hold
// ciphertext. Operators who hold a key decode through the codec server.
package codec

import (
	"encoding/base64"
	"fmt"
	"os"
	"regexp"
	"strings"

	"wenming/infile"
)

// Key is one AES-256 key and the id written next to what it sealed.
type Key struct {
	ID     string
	Secret []byte
}

var keyID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// ParseKeys reads keys written one per line (or comma-separated) as `id:base64-of-32-bytes`;
// `#` starts a comment. The last key seals; every key opens. To rotate, add a new key at the
// end and keep the old ones while workflows sealed with them may still be read.
func ParseKeys(source, text string) ([]Key, error) {
	var keys []Key
	seen := map[string]int{}
	for n, line := range strings.Split(strings.ReplaceAll(text, ",", "\n"), "\n") {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		where := fmt.Sprintf("%s, entry %d", source, n+1)
		id, secret, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s: a key is written id:base64-key", where)
		}
		id = strings.TrimSpace(id)
		if !keyID.MatchString(id) {
			return nil, fmt.Errorf("%s: key id %q: use 1 to 64 letters, digits, '.', '_' or '-'", where, id)
		}
		if first, dup := seen[id]; dup {
			return nil, fmt.Errorf("%s: key id %s is given twice (first at entry %d)", where, id, first)
		}
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(secret))
		if err != nil {
			return nil, fmt.Errorf("%s: key %s is not base64", where, id)
		}
		if len(raw) != 32 {
			return nil, fmt.Errorf("%s: key %s has %d bytes; AES-256 needs 32 (make one with `openssl rand -base64 32`)", where, id, len(raw))
		}
		seen[id] = n + 1
		keys = append(keys, Key{ID: id, Secret: raw})
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no key", source)
	}
	return keys, nil
}

// MaxSecretsFile bounds a file of keys or tokens: a line each, a few hundred at most.
const MaxSecretsFile = 64 << 10

// LoadKeys reads the keys from a file, or else from the text of an environment variable;
// neither given means no encryption (nil, nil).
func LoadKeys(file, envName string) ([]Key, error) {
	if file != "" {
		data, err := infile.Read(file, "key_file", MaxSecretsFile)
		if err != nil {
			return nil, fmt.Errorf("read the codec keys: %w", err)
		}
		return ParseKeys(file, string(data))
	}
	if text := os.Getenv(envName); text != "" {
		return ParseKeys("$"+envName, text)
	}
	return nil, nil
}
