package codec

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/proto"
)

const (
	// Encoding marks a sealed payload; MetaKeyID names the key that sealed it.
	Encoding  = "binary/encrypted"
	MetaKeyID = "encryption-key-id"
)

// AESGCM seals payloads with the last of its keys and opens them with whichever key sealed
// them. It implements converter.PayloadCodec.
type AESGCM struct {
	aeads   map[string]cipher.AEAD
	current string
}

// New builds the codec from keys (see ParseKeys).
func New(keys []Key) (*AESGCM, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("the codec needs a key")
	}
	c := &AESGCM{aeads: map[string]cipher.AEAD{}}
	for _, k := range keys {
		block, err := aes.NewCipher(k.Secret)
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", k.ID, err)
		}
		if c.aeads[k.ID], err = cipher.NewGCM(block); err != nil {
			return nil, fmt.Errorf("key %s: %w", k.ID, err)
		}
		c.current = k.ID
	}
	return c, nil
}

// Encode seals each payload whole (its metadata too, so the encoding of the plain value is
// hidden); the key id is bound to the ciphertext as additional data.
func (c *AESGCM) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	aead := c.aeads[c.current]
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("seal a payload: %w", err)
		}
		nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
		if _, err := rand.Read(nonce); err != nil {
			return nil, fmt.Errorf("seal a payload: %w", err)
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{converter.MetadataEncoding: []byte(Encoding), MetaKeyID: []byte(c.current)},
			Data:     aead.Seal(nonce, nonce, plain, []byte(c.current)),
		}
	}
	return out, nil
}

// Decode opens sealed payloads and passes others through (written before encryption was on).
func (c *AESGCM) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != Encoding {
			out[i] = p
			continue
		}
		id := string(p.GetMetadata()[MetaKeyID])
		aead, ok := c.aeads[id]
		if !ok {
			return nil, temporal.NewNonRetryableApplicationError(
				fmt.Sprintf("a payload is sealed with key %q, which this process does not hold: add it to the codec keys", id), "CodecKeyMissing", nil)
		}
		if len(p.Data) < aead.NonceSize() {
			return nil, fmt.Errorf("a payload sealed with key %s is truncated", id)
		}
		nonce, sealed := p.Data[:aead.NonceSize()], p.Data[aead.NonceSize():]
		plain, err := aead.Open(nil, nonce, sealed, []byte(id))
		if err != nil {
			return nil, fmt.Errorf("a payload sealed with key %s does not open: altered, or another key under the same id", id)
		}
		out[i] = &commonpb.Payload{}
		if err := proto.Unmarshal(plain, out[i]); err != nil {
			return nil, fmt.Errorf("a payload sealed with key %s: %w", id, err)
		}
	}
	return out, nil
}

// Converters are the data and failure converters that seal with the codec: failure messages
// and stack traces are sealed too, so an error quoting a value does not leak it.
func Converters(c converter.PayloadCodec) (converter.DataConverter, converter.FailureConverter) {
	dc := converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), c)
	return dc, temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: dc, EncodeCommonAttributes: true})
}
