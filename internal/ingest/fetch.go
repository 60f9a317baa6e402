package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Fetcher gets web pages and feeds politely and within limits: a User-Agent that names dyad, a
// pause between two requests to one host, a time-out per request, a cap on redirects and on the
// size of a body after decompression (so a gzip bomb stops at the cap).
type Fetcher struct {
	Client    *http.Client
	UserAgent string
	MaxBytes  int64         // largest body read; 0: 10 MB
	Delay     time.Duration // least time between two requests to one host

	mu   sync.Mutex
	next map[string]time.Time // per host: when the next request may start
}

// DefaultUserAgent names dyad and where to learn about it.
const DefaultUserAgent = "dyad/0.1 (+https://github.com/dyad-events/dyad; news event coder)"

// MaxRedirects is the most redirects followed for one request.
const MaxRedirects = 10

// NewFetcher gives a fetcher with the given time-out per request and pause per host.
func NewFetcher(timeout, delay time.Duration) *Fetcher {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
	}
	return &Fetcher{
		Client: &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= MaxRedirects {
				return fmt.Errorf("more than %d redirects (a redirect loop?)", MaxRedirects)
			}
			return nil
		}},
		UserAgent: DefaultUserAgent,
		Delay:     delay,
		next:      map[string]time.Time{},
	}
}

// Page is a fetched body.
type Page struct {
	URL          string // after redirects
	Body         []byte
	ContentType  string
	ETag         string
	LastModified string
	NotModified  bool // a conditional request found nothing new
}

// HTTPError is a response with a status other than success.
type HTTPError struct {
	Status int
	Text   string
}

func (e *HTTPError) Error() string { return fmt.Sprintf("HTTP %d %s", e.Status, e.Text) }

// wait holds the request until the host's pause has passed.
func (f *Fetcher) wait(ctx context.Context, host string) error {
	f.mu.Lock()
	now := time.Now()
	at := f.next[host]
	if at.Before(now) {
		at = now
	}
	f.next[host] = at.Add(f.Delay)
	f.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Get fetches rawURL. With etag or lastModified set, the request is conditional, and an
// unchanged resource gives a Page with NotModified set.
func (f *Fetcher) Get(ctx context.Context, rawURL, etag, lastModified string) (*Page, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("not an http(s) URL: %q", rawURL)
	}
	if err := f.wait(ctx, u.Host); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := f.Client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			return nil, fmt.Errorf("timed out after %s", f.Client.Timeout)
		}
		return nil, err
	}
	defer resp.Body.Close()
	p := &Page{URL: resp.Request.URL.String(), ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified {
		p.NotModified = true
		return p, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &HTTPError{resp.StatusCode, http.StatusText(resp.StatusCode)}
	}
	max := f.MaxBytes
	if max <= 0 {
		max = 10 << 20
	}
	if resp.ContentLength > max {
		return nil, fmt.Errorf("body of %d bytes is over the limit of %d", resp.ContentLength, max)
	}
	// The transport has undone gzip: the limit counts decompressed bytes.
	p.Body, err = io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("reading the body: %w", err)
	}
	if int64(len(p.Body)) > max {
		return nil, fmt.Errorf("body over the limit of %d bytes (after decompression)", max)
	}
	return p, nil
}

// IsFeed reports whether a fetched body is an RSS, Atom or JSON feed, by its type or its start.
func IsFeed(p *Page) bool {
	mt, _, _ := mime.ParseMediaType(p.ContentType)
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/feed+json":
		return true
	case "text/html", "application/xhtml+xml":
		return false
	}
	head := strings.ToLower(string(p.Body[:min(len(p.Body), 1024)]))
	return strings.Contains(head, "<rss") || strings.Contains(head, "<feed") || strings.Contains(head, "<rdf:rdf")
}
