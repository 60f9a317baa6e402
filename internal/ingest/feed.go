package ingest

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/internal/model"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FeedItem is one item of a feed: its link and what the feed itself says of it.
type FeedItem struct {
	Link  string
	Doc   model.Document // title, date, outlet, and the text the feed carries (often a summary)
	Where string         // feed URL and item number, for messages
}

// FullText is the least text, in characters, a feed item must carry to be taken as the article
// itself; shorter items are summaries, and their linked page is fetched.
const FullText = 1200

// ParseFeed reads an RSS, Atom or JSON feed. Items come newest first; at most max of them (0:
// all) are returned, and skipped tells how many were left out. An item with neither a link nor
// text is reported as a problem.
func ParseFeed(b []byte, feedURL string, max int) (items []FeedItem, skipped int, probs []Problem, err error) {
	f, err := safeFeed(b)
	if err != nil {
		return nil, 0, nil, err
	}
	outlet := strings.TrimSpace(f.Title)
	its := f.Items
	sort.SliceStable(its, func(a, b int) bool {
		ta, tb := its[a].PublishedParsed, its[b].PublishedParsed
		return ta != nil && (tb == nil || ta.After(*tb))
	})
	for i, it := range its {
		if max > 0 && len(items) >= max {
			skipped = len(its) - i
			break
		}
		where := fmt.Sprintf("%s item %d", feedURL, i+1)
		body := it.Content
		if len(body) < len(it.Description) {
			body = it.Description
		}
		txt := htmlText(body)
		if it.Link == "" && len(txt) < MinArticle {
			probs = append(probs, Problem{where, fmt.Errorf("item %q has no link and no text", it.Title)})
			continue
		}
		when := it.PublishedParsed
		if when == nil {
			when = it.UpdatedParsed
		}
		d := model.Document{ID: it.Link, Title: strings.TrimSpace(htmlText(it.Title)), URL: it.Link, Outlet: outlet, Date: day(when), Text: txt}
		if d.ID == "" {
			d.ID = where
		}
		if d.Title != "" && !strings.HasPrefix(d.Text, d.Title) {
			d.Text = d.Title + "\n\n" + d.Text
		}
		items = append(items, FeedItem{Link: it.Link, Doc: d, Where: where})
	}
	return items, skipped, probs, nil
}

func safeFeed(b []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("malformed feed: %v", r)
		}
	}()
	f, err = gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("malformed feed: %w", err)
	}
	return f, nil
}

// htmlText gives the text of an HTML fragment, one paragraph per block.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return strings.TrimSpace(s)
	}
	root := &html.Node{Type: html.ElementNode, Data: "div"}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return blocks(root)
}
