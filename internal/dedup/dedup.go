// Package dedup recognises one article in several places: the canonical form of its URL, a hash of
// its words, and a SimHash fingerprint with a shingle resemblance check for copies edited a little.
package dedup

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// trackingParams are query parameters that say how a reader arrived, not which page it is.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "mc_cid": true, "mc_eid": true,
	"ref": true, "ref_src": true, "ref_url": true, "cmpid": true, "cmp": true, "ocid": true,
	"at_medium": true, "at_campaign": true, "guccounter": true, "ito": true, "__twitter_impression": true,
	"s_cid": true, "share": true, "taid": true, "smid": true, "partner": true, "amp": true,
}

// CanonicalURL gives the form of a URL that two links to one article share: lower-case scheme
// and host without "www." or "m." or a default port, no fragment, no tracking parameters (utm_*
// and the like), the other parameters sorted, no "/amp" or trailing slash, and http as https. It
// returns "" for what is not an absolute http(s) URL.
func CanonicalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimSuffix(host, ".")
	for _, p := range []string{"www.", "m.", "amp."} {
		host = strings.TrimPrefix(host, p)
	}
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	p := u.EscapedPath()
	if p != "" {
		p = path.Clean(p)
	}
	p = strings.TrimSuffix(p, "/amp")
	p = strings.TrimSuffix(p, "/")
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("https://")
	b.WriteString(host)
	b.WriteString(p)
	for i, k := range keys {
		vs := q[k]
		sort.Strings(vs)
		for j, v := range vs {
			if i == 0 && j == 0 {
				b.WriteByte('?')
			} else {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

// Signature is what recognises a text again: the hash of its words, its SimHash, its number of
// words and the sorted hashes of its word trigrams.
type Signature struct {
	Hash     string   // hex SHA-256 of the words, lower-cased, joined by single spaces
	SimHash  uint64   // 64-bit SimHash of the word trigrams
	Words    int      //
	Shingles []uint64 // sorted, distinct hashes of the word trigrams
	MinHash  MinHash  // of the word trigrams
	Bands    [Bands]int64
}

// MinHashes is the number of MinHash values kept per text: the share of equal values of two
// texts estimates the resemblance of their trigram sets within about ±0.05 near 0.8.
const MinHashes = 64

// MinHash is a text's MinHash values.
type MinHash [MinHashes]uint64

// Bands is the number of locality-sensitive bands of a signature. Each band is two MinHash
// values; two texts with trigram resemblance J share a band with probability 1-(1-J²)⁴: 0.98
// for a copy at J=0.8, 0.04 for J=0.1. Stored and indexed, bands find the candidates for
// near-copy detection, which their MinHash resemblance then decides.
const Bands = 4

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix combines three word hashes into the hash of their trigram.
func mix(a, b, c uint64) uint64 {
	h := a*0x9E3779B97F4A7C15 ^ b*0xC2B2AE3D27D4EB4F ^ c*0x165667B19E3779F9
	h ^= h >> 31
	h *= 0xD6E8FEB86659FD93
	return h ^ h>>32
}

// Sign computes a text's signature in one pass over it. Words are runs of letters and digits,
// lower-cased; two texts that differ only in spacing, line breaks, case or punctuation sign alike.
func Sign(s string) Signature {
	var sig Signature
	sum := sha256.New()
	buf := make([]byte, 0, 4096)
	var v [64]int32
	var w1, w2 uint64 // the two words before
	h := uint64(fnvOffset)
	in := false
	var enc [utf8.UTFMax]byte
	end := func() {
		if !in {
			return
		}
		in = false
		sig.Words++
		if sig.Words >= 3 {
			x := mix(w1, w2, h)
			sig.Shingles = append(sig.Shingles, x)
			for b := range 64 {
				v[b] += int32(x>>b&1)*2 - 1
			}
		}
		w1, w2, h = w2, h, fnvOffset
		buf = append(buf, ' ')
		if len(buf) > 3500 {
			sum.Write(buf)
			buf = buf[:0]
		}
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			c := byte(r)
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			default:
				end()
				continue
			}
			in = true
			h = (h ^ uint64(c)) * fnvPrime
			buf = append(buf, c)
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			end()
			continue
		}
		in = true
		n := utf8.EncodeRune(enc[:], unicode.ToLower(r))
		for _, c := range enc[:n] {
			h = (h ^ uint64(c)) * fnvPrime
		}
		buf = append(buf, enc[:n]...)
	}
	end()
	if len(buf) > 0 {
		buf = buf[:len(buf)-1] // no space after the last word
	}
	sum.Write(buf)
	sig.Hash = hex.EncodeToString(sum.Sum(nil))
	if sig.Words > 0 && sig.Words < 3 {
		// Too short for trigrams: the text's one or two words make its one shingle.
		x := mix(w1, w2, 0)
		sig.Shingles = append(sig.Shingles, x)
		for b := range 64 {
			v[b] += int32(x>>b&1)*2 - 1
		}
	}
	for b := range 64 {
		if v[b] > 0 {
			sig.SimHash |= 1 << b
		}
	}
	slices.Sort(sig.Shingles)
	sig.Shingles = slices.Compact(sig.Shingles)
	for i := range sig.MinHash {
		sig.MinHash[i] = ^uint64(0)
	}
	for _, x := range sig.Shingles {
		// One strong hash per shingle, then cheap permutations of it (odd multipliers and
		// xor-shifts), one per MinHash value.
		for i := range sig.MinHash {
			y := (x ^ uint64(i)*0x9E3779B97F4A7C15) * (uint64(i)<<1 | 1) * 0xBF58476D1CE4E5B9
			y ^= y >> 29
			if y < sig.MinHash[i] {
				sig.MinHash[i] = y
			}
		}
	}
	if len(sig.Shingles) > 0 {
		for k := range Bands {
			sig.Bands[k] = int64(mix(sig.MinHash[2*k], sig.MinHash[2*k+1], uint64(k)))
		}
	}
	return sig
}

// Similarity estimates the resemblance of two texts' trigram sets from their MinHash values.
func Similarity(a, b *MinHash) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / MinHashes
}

// Bytes gives the MinHash values as 8-byte little-endian words, for storing.
func (m *MinHash) Bytes() []byte {
	b := make([]byte, 8*MinHashes)
	for i, v := range m {
		binary.LittleEndian.PutUint64(b[8*i:], v)
	}
	return b
}

// ParseMinHash reads what Bytes wrote.
func ParseMinHash(b []byte) (MinHash, bool) {
	var m MinHash
	if len(b) != 8*MinHashes {
		return m, false
	}
	for i := range m {
		m[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return m, true
}

// Resemblance is the Jaccard resemblance of two sorted sets of trigram hashes: 1 for the same
// words in the same order, near 0 for different stories.
func Resemblance(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}
