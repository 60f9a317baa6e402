// Package ingest reads documents from the inputs dyad accepts: plain text and Markdown files with
// optional front matter, and JSON Lines of {"id","text","date","outlet","url","title"}. Readers
// never stop at a bad record: each problem is returned with its place, and the rest is read.
package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/model"
)

// MaxDocument is the largest document read, in bytes.
const MaxDocument = 256 << 20

// Meta is metadata given on the command line for text inputs; front matter overrides it.
type Meta struct {
	Date   model.Date
	Outlet string
	URL    string
	Title  string
}

// Problem is one input that could not be read, with where it is.
type Problem struct {
	Where string // file, or file:line
	Err   error
}

func (p Problem) Error() string { return p.Where + ": " + p.Err.Error() }

// Read reads the documents of one input. name is the file name ("-" for standard input); the
// format follows its extension: JSON Lines (.jsonl, .ndjson), CSV (.csv), HTML (.html, .htm),
// and text or Markdown with optional front matter otherwise. Standard input is JSON Lines when it
// starts with "{", HTML when it starts with a tag, text otherwise.
func Read(name string, r io.Reader, meta Meta) ([]model.Document, []Problem) {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".jsonl", ".ndjson":
		return readJSONL(name, r, meta)
	case ".csv":
		return readCSV(name, r, meta)
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxDocument+1))
	if err != nil {
		return nil, []Problem{{name, err}}
	}
	if len(b) > MaxDocument {
		return nil, []Problem{{name, fmt.Errorf("larger than %d MB: split it", MaxDocument>>20)}}
	}
	if name == "-" && len(bytes.TrimSpace(b)) > 0 && bytes.TrimSpace(b)[0] == '{' {
		return readJSONL(name, bytes.NewReader(b), meta)
	}
	if ext == ".html" || ext == ".htm" || name == "-" && looksHTML(b) {
		doc, err := ParseHTML(b, "", meta)
		if err != nil {
			return nil, []Problem{{name, err}}
		}
		doc.ID = name
		return []model.Document{doc}, nil
	}
	doc, err := parseText(name, b, meta)
	if err != nil {
		return nil, []Problem{{name, err}}
	}
	return []model.Document{doc}, nil
}

// parseText reads one text or Markdown document with optional front matter.
func parseText(name string, b []byte, meta Meta) (model.Document, error) {
	txt, err := Decode(b)
	if err != nil {
		return model.Document{}, err
	}
	// Offsets are into the text as dyad reads it: valid UTF-8 with "\n" line ends.
	s := strings.ReplaceAll(txt, "\r\n", "\n")
	doc := model.Document{ID: name, Date: meta.Date, Outlet: meta.Outlet, URL: meta.URL, Title: meta.Title}
	s = strings.TrimPrefix(s, "\uFEFF")
	if rest, ok := strings.CutPrefix(s, "---\n"); ok {
		if fm, body, ok := strings.Cut(rest, "\n---\n"); ok {
			for n, line := range strings.Split(fm, "\n") {
				k, v, ok := strings.Cut(line, ":")
				if !ok {
					continue
				}
				v = strings.Trim(strings.TrimSpace(v), `"'`)
				switch strings.TrimSpace(strings.ToLower(k)) {
				case "date":
					if len(v) >= 10 {
						v = v[:10]
					}
					d, err := model.ParseDate(v)
					if err != nil {
						return doc, fmt.Errorf("front matter line %d: %w", n+2, err)
					}
					doc.Date = d
				case "outlet", "source", "publisher":
					doc.Outlet = v
				case "url":
					doc.URL = v
				case "title":
					doc.Title = v
				case "id":
					doc.ID = v
				}
			}
			// Keep offsets meaningful: the text is what follows the front matter.
			s = body
		}
	}
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".md" || ext == ".markdown" {
		s = softWraps(s)
	}
	doc.Text = s
	if doc.Title != "" && !strings.HasPrefix(strings.TrimSpace(s), doc.Title) {
		doc.Text = doc.Title + "\n\n" + s
	}
	return doc, nil
}

// softWraps turns the line breaks inside Markdown paragraphs into spaces, as Markdown reads them:
// a break before a blank line, a heading, a list item or a quote block is kept. Every byte keeps
// its offset.
func softWraps(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); i++ {
		if b[i] != '\n' || i == 0 || b[i-1] == '\n' || i+1 >= len(b) || b[i+1] == '\n' {
			continue
		}
		rest := strings.TrimLeft(s[i+1:], " \t")
		if rest == "" || strings.ContainsAny(rest[:1], "#>-*+|\n") || startsNumbered(rest) {
			continue
		}
		b[i] = ' '
	}
	return string(b)
}

// startsNumbered reports an ordered list item: "1. ", "12) ".
func startsNumbered(s string) bool {
	k := 0
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	return k > 0 && k+1 < len(s) && (s[k] == '.' || s[k] == ')') && s[k+1] == ' '
}

type jsonDoc struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Date   string `json:"date"`
	Outlet string `json:"outlet"`
	URL    string `json:"url"`
	Title  string `json:"title"`
}

func readJSONL(name string, r io.Reader, meta Meta) ([]model.Document, []Problem) {
	var docs []model.Document
	var probs []Problem
	br := bufio.NewReaderSize(r, 1<<16)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			where := fmt.Sprintf("%s:%d", name, line)
			if d, perr := parseJSONLine(b, meta); perr != nil {
				probs = append(probs, Problem{where, perr})
			} else {
				if d.ID == "" {
					d.ID = where
				}
				docs = append(docs, d)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			probs = append(probs, Problem{name, err})
			break
		}
	}
	return docs, probs
}

func parseJSONLine(b []byte, meta Meta) (model.Document, error) {
	if !utf8.Valid(b) {
		b = []byte(strings.ToValidUTF8(string(b), "\uFFFD"))
	}
	var j jsonDoc
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&j); err != nil {
		return model.Document{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if strings.TrimSpace(j.Text) == "" {
		return model.Document{}, errors.New(`no "text"`)
	}
	d := model.Document{ID: j.ID, Text: j.Text, Outlet: j.Outlet, URL: j.URL, Title: j.Title, Date: meta.Date}
	if d.Outlet == "" {
		d.Outlet = meta.Outlet
	}
	if j.Date != "" {
		v := j.Date
		if len(v) > 10 {
			v = v[:10]
		}
		dd, err := model.ParseDate(v)
		if err != nil {
			return d, err
		}
		d.Date = dd
	}
	if d.Title != "" && !strings.HasPrefix(strings.TrimSpace(d.Text), d.Title) {
		d.Text = d.Title + "\n\n" + d.Text
	}
	return d, nil
}

// looksBinary reports NUL bytes in the first 8 KB, which text never has (UTF-16 aside).
func looksBinary(b []byte) bool {
	n := min(len(b), 8192)
	return bytes.IndexByte(b[:n], 0) >= 0
}
