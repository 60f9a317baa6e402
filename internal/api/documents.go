package api

import (
	"net/http"

	"github.com/dyad-events/dyad/internal/store"
)

func (a *API) documents(w http.ResponseWriter, r *http.Request) {
	p, err := ReadParams(r, "limit")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	n, err := p.Int("limit", 20, 1, MaxLimit)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	docs, err := a.st.LatestDocuments(r.Context(), n)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if docs == nil {
		docs = []store.DocSummary{}
	}
	JSON(w, http.StatusOK, map[string]any{"documents": docs})
}

// Document reads one document with the spans of its actors and events.
func (a *API) Document(r *http.Request) (store.Document, error) {
	if _, err := ReadParams(r); err != nil {
		return store.Document{}, err
	}
	id, err := PathID(r, "id")
	if err != nil {
		return store.Document{}, err
	}
	d, err := a.st.Document(r.Context(), id)
	if err != nil {
		return d, err
	}
	if d.Sentences == nil {
		d.Sentences = [][2]int{}
	}
	if d.Mentions == nil {
		d.Mentions = []store.DocMention{}
	}
	if d.Events == nil {
		d.Events = []store.DocReport{}
	}
	return d, nil
}

func (a *API) document(w http.ResponseWriter, r *http.Request) {
	a.reply(w, r)(a.Document(r))
}
