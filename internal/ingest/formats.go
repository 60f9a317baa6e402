package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/model"
	"github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// looseDate reads the dates found in CSV, JSON and feeds: YYYY, YYYY-MM, YYYY-MM-DD, and
// timestamps that start with a day (2025-08-08T14:03:00Z).
func looseDate(v string) (model.Date, error) {
	v = strings.TrimSpace(v)
	if len(v) > 10 && v[4] == '-' && v[7] == '-' {
		v = v[:10]
	}
	return model.ParseDate(v)
}

// readCSV reads a CSV file with a header row naming its columns: text is required; url, date,
// title, outlet and id are read when present, in any order and case. A row that cannot be read
// is reported with its line, and the others are kept.
func readCSV(name string, r io.Reader, meta Meta) ([]model.Document, []Problem) {
	b, err := io.ReadAll(io.LimitReader(r, MaxDocument+1))
	if err != nil {
		return nil, []Problem{{name, err}}
	}
	if len(b) > MaxDocument {
		return nil, []Problem{{name, fmt.Errorf("larger than %d MB: split it", MaxDocument>>20)}}
	}
	s, err := Decode(b)
	if err != nil {
		return nil, []Problem{{name, err}}
	}
	cr := csv.NewReader(strings.NewReader(s))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err != nil {
		return nil, []Problem{{name, fmt.Errorf("no header row: %w", err)}}
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	ti, ok := col["text"]
	if !ok {
		return nil, []Problem{{name, fmt.Errorf("no \"text\" column in the header (%s); want url, date, title, text", strings.Join(head, ", "))}}
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var docs []model.Document
	var probs []Problem
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				probs = append(probs, Problem{fmt.Sprintf("%s:%d", name, pe.StartLine), pe.Err})
				if pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote {
					// A broken quote swallows the rest of the file: stop rather than guess.
					break
				}
				continue
			}
			probs = append(probs, Problem{name, err})
			break
		}
		line, _ := cr.FieldPos(0)
		where := fmt.Sprintf("%s:%d", name, line)
		if ti >= len(rec) || strings.TrimSpace(rec[ti]) == "" {
			probs = append(probs, Problem{where, errors.New("empty text")})
			continue
		}
		d := model.Document{ID: get(rec, "id"), Text: strings.ReplaceAll(rec[ti], "\r\n", "\n"), URL: get(rec, "url"),
			Title: get(rec, "title"), Outlet: get(rec, "outlet"), Date: meta.Date}
		if d.Outlet == "" {
			d.Outlet = meta.Outlet
		}
		if v := get(rec, "date"); v != "" {
			dd, err := looseDate(v)
			if err != nil {
				probs = append(probs, Problem{where, err})
				continue
			}
			d.Date = dd
		}
		if d.ID == "" {
			d.ID = where
		}
		if d.Title != "" && !strings.HasPrefix(strings.TrimSpace(d.Text), d.Title) {
			d.Text = d.Title + "\n\n" + d.Text
		}
		docs = append(docs, d)
	}
	return docs, probs
}

// looksHTML reports text that starts with a tag.
func looksHTML(b []byte) bool {
	t := bytes.TrimSpace(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF}))
	if len(t) < 5 || t[0] != '<' {
		return false
	}
	lt := bytes.ToLower(t[:min(len(t), 512)])
	return bytes.Contains(lt, []byte("<html")) || bytes.Contains(lt, []byte("<!doctype html")) || bytes.Contains(lt, []byte("<head")) || bytes.Contains(lt, []byte("<body"))
}

// ErrNoArticle is returned for an HTML page where no article text is found.
var ErrNoArticle = errors.New("no article text found in the page")

// MinArticle is the fewest characters of main text an HTML page must give to count as an article.
const MinArticle = 200

// ParseHTML extracts the article of a web page: its main text, one paragraph per block, and its
// title, publication date, site name and canonical URL. pageURL is where the page was fetched
// from ("" for a file); metadata given in meta wins over the page's.
func ParseHTML(b []byte, pageURL string, meta Meta) (model.Document, error) {
	return ParseHTMLType(b, "", pageURL, meta)
}

// ParseHTMLType is ParseHTML for a page served with a Content-Type, whose charset it honours;
// without one, the page's own meta tags or, failing them, its bytes tell the encoding.
func ParseHTMLType(b []byte, contentType, pageURL string, meta Meta) (model.Document, error) {
	if r, err := charset.NewReader(bytes.NewReader(b), contentType); err == nil {
		if u, err := io.ReadAll(r); err == nil {
			b = u
		}
	}
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return model.Document{}, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	var base *url.URL
	if u, err := url.Parse(pageURL); err == nil && u.Host != "" {
		base = u
	}
	canonical := canonicalLink(root)
	art, err := safeExtract(root, base)
	if err != nil {
		return model.Document{}, err
	}
	if art.Node == nil {
		return model.Document{}, ErrNoArticle
	}
	body := blocks(art.Node)
	if len(body) < MinArticle {
		return model.Document{}, fmt.Errorf("%w (%d characters of text)", ErrNoArticle, len(body))
	}
	d := model.Document{Text: body, Title: strings.TrimSpace(art.Title), URL: canonical, Outlet: strings.TrimSpace(art.SiteName), Date: meta.Date}
	if d.URL == "" {
		d.URL = pageURL
	}
	if art.PublishedTime != nil && meta.Date.IsZero() {
		d.Date = day(art.PublishedTime)
	}
	if meta.Outlet != "" {
		d.Outlet = meta.Outlet
	}
	if meta.Title != "" {
		d.Title = meta.Title
	}
	if meta.URL != "" {
		d.URL = meta.URL
	}
	if d.Title != "" && !strings.HasPrefix(d.Text, d.Title) {
		d.Text = d.Title + "\n\n" + d.Text
	}
	return d, nil
}

// safeExtract runs the extractor, turning a panic inside it into an error: a strange page must
// not stop a run.
func safeExtract(root *html.Node, base *url.URL) (art readability.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the HTML extractor failed on this page: %v", r)
		}
	}()
	p := readability.NewParser()
	p.MaxElemsToParse = 100000
	art, err = p.ParseDocument(root, base)
	if err != nil {
		return art, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	return art, nil
}

// canonicalLink gives the page's <link rel="canonical"> or, failing it, its og:url.
func canonicalLink(n *html.Node) string {
	var canon, og string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := func(k string) string {
				for _, a := range n.Attr {
					if strings.EqualFold(a.Key, k) {
						return strings.TrimSpace(a.Val)
					}
				}
				return ""
			}
			switch {
			case n.Data == "link" && strings.EqualFold(attr("rel"), "canonical") && canon == "":
				canon = attr("href")
			case n.Data == "meta" && attr("property") == "og:url" && og == "":
				og = attr("content")
			case n.Data == "body":
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	if IsURL(canon) {
		return canon
	}
	if IsURL(og) {
		return og
	}
	return ""
}

// blockTags end a paragraph of the extracted text.
var blockTags = map[string]bool{"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "blockquote": true, "pre": true, "section": true, "article": true, "tr": true, "br": true, "ul": true, "ol": true,
	"table": true, "figure": true, "header": true, "footer": true, "dd": true, "dt": true}

// blocks gives the text of an extracted content node, one paragraph per block element, with the
// spaces inside a paragraph folded.
func blocks(n *html.Node) string {
	var paras []string
	var cur strings.Builder
	end := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			paras = append(paras, t)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.Data == "script" || n.Data == "style" {
				return
			}
			if blockTags[n.Data] {
				end()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && blockTags[n.Data] {
			end()
		}
	}
	walk(n)
	end()
	return strings.Join(paras, "\n\n")
}

// day gives the day of a time in UTC, or no date for the zero time.
func day(t *time.Time) model.Date {
	if t == nil || t.IsZero() {
		return model.Date{}
	}
	return model.DayDate(t.UTC())
}
