package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/model"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCodeFormats(t *testing.T) {
	text := "Iranian Foreign Minister Abbas Araghchi travelled to Baku on Monday."
	code, out, errs := run(t, text, "code", "--date", "2026-02-07", "--format", "jsonl", "--explain", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var ev model.Event
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &ev); err != nil {
		t.Fatalf("not JSON Lines: %v\n%s", err, out)
	}
	if ev.Source.Code != "IRNGOV" || ev.Target.Code != "AZEGOV" || ev.Cameo != "042" || ev.Date != "2026-02-02" {
		t.Errorf("event = %+v", ev)
	}
	if ev.Explain == nil || len(ev.Explain.Entries) == 0 || ev.Evidence.Sentence == "" {
		t.Errorf("--explain gave no explanation: %+v", ev.Explain)
	}
	for _, f := range []string{"table", "csv"} {
		code, out, errs := run(t, text, "code", "--date", "2026-02-07", "--format", f, "-")
		if code != 0 || !strings.Contains(out, "IRNGOV") {
			t.Errorf("--format %s: exit %d, out %q, err %q", f, code, out, errs)
		}
	}
}

func TestCodeBadInput(t *testing.T) {
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "in.jsonl")
	os.WriteFile(jsonl, []byte("{\"text\":\"Russia attacked Ukraine.\",\"date\":\"2024-03-01\"}\n{broken\n{\"text\":\"Iran condemned Israel.\",\"date\":\"2024-03-01\"}\n"), 0o644)
	code, out, errs := run(t, "", "code", "--format", "jsonl", jsonl)
	if code != 1 {
		t.Errorf("a malformed line should give exit 1, got %d", code)
	}
	if !strings.Contains(errs, "in.jsonl:2") {
		t.Errorf("the malformed line is not reported with its number: %q", errs)
	}
	if n := strings.Count(out, "\n"); n < 2 {
		t.Errorf("the good lines were not all coded: %q", out)
	}

	for name, data := range map[string][]byte{
		"empty.txt":   {},
		"binary.bin":  {0x7f, 'E', 'L', 'F', 0, 0, 1, 2},
		"invalid.txt": []byte("Iran \xff\xfe condemned \xc3\x28 Israel."),
	} {
		p := writeFile(t, name, data)
		code, _, errs := run(t, "", "code", p)
		if name == "binary.bin" {
			if code != 1 || !strings.Contains(errs, "binary") {
				t.Errorf("%s: exit %d, stderr %q", name, code, errs)
			}
			continue
		}
		if code != 0 {
			t.Errorf("%s: exit %d, stderr %q", name, code, errs)
		}
	}
	if code, _, errs := run(t, "", "code", filepath.Join(dir, "missing.txt")); code != 1 || !strings.Contains(errs, "missing.txt") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := run(t, "", "code", "--date", "tomorrow", "-"); code == 0 {
		t.Error("a bad --date was accepted")
	}
	if code, _, _ := run(t, "", "code", "--format", "xml", "-"); code != 2 {
		t.Errorf("an unknown format should be a usage error (2), got %d", code)
	}
}

func TestCodeHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the 50 MB input")
	}
	var b bytes.Buffer
	// One line, no full stop: prose joined by commas, with an event now and then.
	for i := 0; b.Len() < 50<<20; i++ {
		b.WriteString("the markets in the region were quiet and officials spoke of trade and the weather, ")
		if i%20 == 0 {
			b.WriteString("Iran condemned Israel, ")
		}
	}
	p := writeFile(t, "huge.txt", b.Bytes())
	code, out, errs := run(t, "", "code", "--date", "2024-03-01", "--format", "jsonl", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "\"cameo\"") {
		t.Error("no events coded from the 50 MB line")
	}
}

func TestTrace(t *testing.T) {
	code, _, errs := run(t, "Iran and Azerbaijan share a long border.", "code", "--trace", "-")
	if code != 0 || !strings.Contains(errs, "sentence 0:") || !strings.Contains(errs, `actor   IRN`) {
		t.Errorf("--trace: exit %d, stderr %q", code, errs)
	}
}

func TestVersionAndHelp(t *testing.T) {
	if code, out, _ := run(t, "", "version"); code != 0 || !strings.HasPrefix(out, "dyad ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, out, _ := run(t, "", "code", "--help"); code != 0 || !strings.Contains(out, "--explain") {
		t.Errorf("help: %d %q", code, out)
	}
}
