package ingest

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/model"
)

func TestReadText(t *testing.T) {
	in := "---\ndate: 2026-02-07\noutlet: Tehran Times\ntitle: A title\n---\nIran praised Azerbaijan.\n"
	docs, probs := Read("a.md", strings.NewReader(in), Meta{Outlet: "flag"})
	if len(probs) != 0 || len(docs) != 1 {
		t.Fatalf("docs %d, problems %v", len(docs), probs)
	}
	d := docs[0]
	if d.Date.String() != "2026-02-07" || d.Outlet != "Tehran Times" || d.Title != "A title" {
		t.Errorf("metadata not read: %+v", d)
	}
	if !strings.HasPrefix(d.Text, "A title\n\nIran praised") {
		t.Errorf("text = %q", d.Text)
	}
}

func TestMarkdownSoftWraps(t *testing.T) {
	in := "Iran's minister met his\nAzerbaijani counterpart.\n\n# Heading\n- item one\n- item two\n"
	docs, _ := Read("a.md", strings.NewReader(in), Meta{})
	want := "Iran's minister met his Azerbaijani counterpart.\n\n# Heading\n- item one\n- item two\n"
	if docs[0].Text != want {
		t.Errorf("got %q, want %q", docs[0].Text, want)
	}
	if len(docs[0].Text) != len(in) {
		t.Error("offsets moved")
	}
	docs, _ = Read("a.txt", strings.NewReader(in), Meta{})
	if docs[0].Text != in {
		t.Error("plain text must keep its line breaks")
	}
}

func TestReadCRLF(t *testing.T) {
	in := "---\r\ndate: 2026-02-07\r\n---\r\nA title\r\n\r\nIran praised Azerbaijan.\r\n"
	docs, probs := Read("a.md", strings.NewReader(in), Meta{})
	if len(probs) != 0 || docs[0].Date.String() != "2026-02-07" {
		t.Fatalf("front matter with CRLF not read: %v %+v", probs, docs)
	}
	if docs[0].Text != "A title\n\nIran praised Azerbaijan.\n" {
		t.Errorf("text = %q", docs[0].Text)
	}
}

func TestReadJSONL(t *testing.T) {
	in := `{"id":"a","text":"Iran praised Azerbaijan.","date":"2026-02-07"}
not json
{"id":"b"}
{"id":"c","text":"x","date":"2026-13-40"}

{"text":"Russia attacked Ukraine.","outlet":"TASS"}
`
	docs, probs := Read("in.jsonl", strings.NewReader(in), Meta{})
	if len(docs) != 2 {
		t.Fatalf("got %d documents, want 2", len(docs))
	}
	if len(probs) != 3 {
		t.Fatalf("got %d problems, want 3: %v", len(probs), probs)
	}
	for i, want := range []string{"in.jsonl:2", "in.jsonl:3", "in.jsonl:4"} {
		if probs[i].Where != want {
			t.Errorf("problem %d at %s, want %s", i, probs[i].Where, want)
		}
	}
	if docs[1].ID != "in.jsonl:6" || docs[1].Outlet != "TASS" {
		t.Errorf("second document: %+v", docs[1])
	}
}

func TestReadBad(t *testing.T) {
	if _, probs := Read("bin", strings.NewReader("\x00\x01\x02ELF"), Meta{}); len(probs) != 1 {
		t.Errorf("binary input: want one problem, got %v", probs)
	}
	// Text that is not UTF-8 is read as Windows-1252; its unassigned bytes become U+FFFD.
	docs, probs := Read("bad.txt", strings.NewReader("Iran \xe9\x81 praised"), Meta{})
	if len(probs) != 0 || len(docs) != 1 || docs[0].Text != "Iran é\uFFFD praised" {
		t.Errorf("invalid UTF-8 should be read as Windows-1252, got %v %v", docs, probs)
	}
	docs, probs = Read("empty.txt", strings.NewReader(""), Meta{})
	if len(probs) != 0 || len(docs) != 1 {
		t.Errorf("empty input: %v %v", docs, probs)
	}
	if _, probs := Read("fm.md", strings.NewReader("---\ndate: soon\n---\ntext"), Meta{}); len(probs) != 1 {
		t.Errorf("bad front matter date: want one problem, got %v", probs)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("a.md", "---\ndate: 2026-02-07\n---\nx")
	f.Add("a.jsonl", "{\"text\":\"x\"}\n{bad")
	f.Add("-", "{\"text\":1}")
	f.Fuzz(func(t *testing.T, name, in string) {
		docs, _ := Read(name, strings.NewReader(in), Meta{Date: model.Date{Year: 2024, Prec: model.PrecYear}})
		for _, d := range docs {
			if d.Text == "" && strings.HasSuffix(name, ".jsonl") {
				t.Fatalf("a JSON Lines document with no text was accepted")
			}
		}
	})
}
