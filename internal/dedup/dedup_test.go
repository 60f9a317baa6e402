package dedup

import (
	"math/bits"
	"strings"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	same := []string{
		"https://www.trend.az/news/1?utm_source=tw&b=2&a=1#top",
		"http://trend.az/news/1/?a=1&b=2&fbclid=xyz",
		"HTTPS://Trend.AZ:443/news/1/amp?b=2&a=1",
		"https://m.trend.az/news/./1?a=1&b=2",
	}
	want := CanonicalURL(same[0])
	if want != "https://trend.az/news/1?a=1&b=2" {
		t.Fatalf("canonical form %q", want)
	}
	for _, u := range same[1:] {
		if got := CanonicalURL(u); got != want {
			t.Errorf("%s -> %s, want %s", u, got, want)
		}
	}
	for _, u := range []string{"https://trend.az/news/2", "https://trend.az/news/1?a=2&b=2", "https://apa.az/news/1?a=1&b=2"} {
		if CanonicalURL(u) == want {
			t.Errorf("%s has the canonical form of another article", u)
		}
	}
	for _, u := range []string{"", "news/1", "ftp://x/y", "mailto:a@b"} {
		if got := CanonicalURL(u); got != "" {
			t.Errorf("%q -> %q, want none", u, got)
		}
	}
}

const wire = `Azerbaijani President Ilham Aliyev received Iranian Foreign Minister Abbas Araghchi in Baku on Monday.
The two discussed the Aras corridor, the Rasht-Astara railway and trade, which grew by a third last year.
Aliyev said Azerbaijan would never allow its territory to be used against Iran, and Araghchi thanked him.
The minister later met his Azerbaijani counterpart Jeyhun Bayramov, and the two signed a plan of consultations for the next two years.`

func TestFingerprints(t *testing.T) {
	hash := func(s string) string { return Sign(s).Hash }
	if hash(wire) != hash(strings.ToUpper(strings.ReplaceAll(wire, "\n", "  \n\n "))) {
		t.Error("spacing and case change the text hash")
	}
	if hash("Iran, Azerbaijan") != hash("iran azerbaijan") || hash("Türkiye") != hash("TÜRKIYE") {
		t.Error("punctuation or case changes the text hash")
	}
	if hash(wire) == hash(wire+" More.") {
		t.Error("a longer text hashes alike")
	}
	a, n := Sign(wire).SimHash, Sign(wire).Words
	if n < 60 {
		t.Fatalf("%d words", n)
	}
	edited := strings.Replace(wire, "in Baku on Monday", "in Baku on Monday, state media said", 1)
	b := Sign("BAKU (Reuters) - " + edited).SimHash
	other := `Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Kazan on the sidelines of the BRICS summit.
They discussed the war in Ukraine, gas supplies through the TurkStream pipeline and the situation in Syria, where both have troops.
Erdogan said Turkiye was ready to host new talks, and Putin thanked him for his mediation in the grain deal and in prisoner exchanges.`
	c := Sign(other).SimHash
	near, far := bits.OnesCount64(a^b), bits.OnesCount64(a^c)
	if near > 12 || far < 20 {
		t.Errorf("SimHash distance %d to an edited copy, %d to another story", near, far)
	}
	sw, se, so := Sign(wire), Sign(edited), Sign(other)
	exact := Resemblance(sw.Shingles, se.Shingles)
	if exact < 0.75 {
		t.Errorf("resemblance to an edited copy %.2f", exact)
	}
	if est := Similarity(&sw.MinHash, &se.MinHash); est < exact-0.15 || est > exact+0.15 {
		t.Errorf("MinHash estimate %.2f of a resemblance of %.2f", est, exact)
	}
	if r := Similarity(&sw.MinHash, &so.MinHash); r > 0.1 {
		t.Errorf("resemblance to another story %.2f", r)
	}
	shared := 0
	for k := range sw.Bands {
		if sw.Bands[k] == se.Bands[k] {
			shared++
		}
		if sw.Bands[k] == so.Bands[k] {
			t.Errorf("another story shares band %d", k)
		}
	}
	if shared == 0 {
		t.Error("the edited copy shares no band")
	}
	m, ok := ParseMinHash(sw.MinHash.Bytes())
	if !ok || m != sw.MinHash {
		t.Error("MinHash does not round-trip through Bytes")
	}
}
