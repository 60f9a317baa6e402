// Package dedup recognises one article in several places: the canonical form of its URL, a hash of
// its words, and a SimHash fingerprint with a shingle resemblance check for copies edited a little.
package dedup

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode"
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

// words splits text into lower-case words of letters and digits.
func words(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && start < 0 {
			start = i
		}
		if !w && start >= 0 {
			out = append(out, strings.ToLower(s[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

// TextHash is the hex SHA-256 of a text's words, lower-cased and joined by single spaces: two
// texts that differ only in spacing, line breaks, case or punctuation hash alike.
func TextHash(s string) string {
	h := sha256.New()
	for i, w := range words(s) {
		if i > 0 {
			h.Write([]byte{' '})
		}
		h.Write([]byte(w))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Fingerprint gives a text's 64-bit SimHash over word trigrams and its number of words. Texts
// that share most of their trigrams (a wire story with a new headline, a changed dateline, a
// sentence cut) differ in few bits; different stories differ in about half of them.
func Fingerprint(s string) (uint64, int) {
	ws := words(s)
	var v [64]int
	h := fnv.New64a()
	add := func(parts ...string) {
		h.Reset()
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		x := h.Sum64()
		for b := 0; b < 64; b++ {
			if x&(1<<b) != 0 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	switch {
	case len(ws) >= 3:
		for i := 0; i+3 <= len(ws); i++ {
			add(ws[i], ws[i+1], ws[i+2])
		}
	default:
		for _, w := range ws {
			add(w)
		}
	}
	var out uint64
	for b := 0; b < 64; b++ {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out, len(ws)
}

// Resemblance is the Jaccard resemblance of two texts' sets of word trigrams: 1 for the same
// words in the same order, near 0 for different stories.
func Resemblance(a, b string) float64 {
	set := func(s string) map[string]bool {
		ws := words(s)
		out := make(map[string]bool, len(ws))
		for i := 0; i+3 <= len(ws); i++ {
			out[ws[i]+" "+ws[i+1]+" "+ws[i+2]] = true
		}
		return out
	}
	sa, sb := set(a), set(b)
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	both := 0
	for k := range sa {
		if sb[k] {
			both++
		}
	}
	return float64(both) / float64(len(sa)+len(sb)-both)
}
