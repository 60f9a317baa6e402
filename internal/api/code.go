package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/model"
	"github.com/dyad-events/dyad/internal/query"
)

// CodeRequest is the body of POST /api/v1/code.
type CodeRequest struct {
	Text   string `json:"text"`
	Date   string `json:"date"` // publication date, YYYY-MM-DD (or YYYY-MM, YYYY); relative dates resolve against it
	Outlet string `json:"outlet"`
	Title  string `json:"title"`
	URL    string `json:"url"`
}

// CodeResult is what coding a text gives: its events, each with its explanation, and the actors
// it names.
type CodeResult struct {
	Events    []model.Event   `json:"events"`
	Mentions  []model.Mention `json:"mentions"`
	Sentences []model.Span    `json:"sentences"`
	Text      string          `json:"-"` // the coded text, for the dashboard's marks
}

// Document checks a request and makes the document to code.
func (c CodeRequest) Document() (model.Document, error) {
	doc := model.Document{ID: "posted", Text: c.Text, Title: strings.TrimSpace(c.Title), Outlet: strings.TrimSpace(c.Outlet), URL: strings.TrimSpace(c.URL)}
	if strings.TrimSpace(c.Text) == "" {
		return doc, &query.Error{Param: "text", Msg: "empty: post the article's text"}
	}
	if !utf8.ValidString(c.Text) { // a form post can carry bytes JSON would have replaced
		return doc, &query.Error{Param: "text", Msg: "not valid UTF-8"}
	}
	if c.Date != "" {
		d, err := model.ParseDate(strings.TrimSpace(c.Date))
		if err != nil {
			return doc, &query.Error{Param: "date", Msg: err.Error()}
		}
		doc.Date = d
	}
	if doc.Title != "" && !strings.HasPrefix(strings.TrimSpace(doc.Text), doc.Title) {
		doc.Text = doc.Title + "\n\n" + doc.Text
	}
	return doc, nil
}

// Code codes a document without storing it. At most as many codings run at once as the API
// was given slots; the others wait their turn or their deadline.
func (a *API) Code(ctx context.Context, doc model.Document) (res CodeResult, err error) {
	select {
	case a.coding <- struct{}{}:
		defer func() { <-a.coding }()
	case <-ctx.Done():
		return res, ctx.Err()
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error while coding: %v", p)
		}
	}()
	an := a.coder.Analyze(doc)
	res = CodeResult{Events: an.Events, Mentions: an.Mentions, Sentences: an.Sentences, Text: doc.Text}
	if res.Events == nil {
		res.Events = []model.Event{}
	}
	if res.Sentences == nil {
		res.Sentences = []model.Span{}
	}
	if res.Mentions == nil {
		res.Mentions = []model.Mention{}
	}
	return res, nil
}

func (a *API) code(w http.ResponseWriter, r *http.Request) {
	if _, err := ReadParams(r); err != nil {
		a.fail(w, r, err)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		Error(w, r, http.StatusUnsupportedMediaType, "post JSON: {\"text\": ..., \"date\": ..., \"outlet\": ..., \"title\": ...} with Content-Type application/json")
		return
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	dec.DisallowUnknownFields()
	var req CodeRequest
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			Error(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes", MaxBody))
		case errors.Is(err, io.EOF):
			Error(w, r, http.StatusBadRequest, "empty body: post {\"text\": ...}")
		default:
			Error(w, r, http.StatusBadRequest, "the body is not the JSON this takes ({\"text\", \"date\", \"outlet\", \"title\", \"url\"}): "+err.Error())
		}
		return
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		Error(w, r, http.StatusBadRequest, "one JSON object per request, and nothing after it")
		return
	}
	doc, err := req.Document()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r)(a.Code(r.Context(), doc))
}
