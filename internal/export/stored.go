package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dyad-events/dyad/internal/store"
	"github.com/parquet-go/parquet-go"
)

// StoredFormats are the formats of dyad events.
var StoredFormats = []string{"table", "jsonl", "csv", "gdelt", "plover", "parquet"}

// EventWriter writes stored events in one format. Close must be called: parquet writes its
// footer then, and the table its rows.
type EventWriter interface {
	Write(e store.StoredEvent) error
	Close() error
}

// NewEventWriter gives a writer of stored events in format.
func NewEventWriter(w io.Writer, format string) (EventWriter, error) {
	switch format {
	case "table":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tDATE\tSOURCE\tTARGET\tCAMEO\tQUAD\tGOLDSTEIN\tMODE\tREPORTS\tOUTLETS\tCOUNTRIES")
		return &tableEvents{tw: tw}, nil
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &jsonEvents{enc: enc}, nil
	case "plover":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &jsonEvents{enc: enc, plover: true}, nil
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(StoredCSVHeader); err != nil {
			return nil, err
		}
		return &csvEvents{cw: cw}, nil
	case "gdelt":
		return &csvEvents{cw: tsv(w), gdelt: true}, nil
	case "parquet":
		return &parquetEvents{pw: parquet.NewGenericWriter[ParquetEvent](w, parquet.Compression(&parquet.Zstd))}, nil
	}
	return nil, fmt.Errorf("export: unknown format %q (want %s)", format, strings.Join(StoredFormats, ", "))
}

type tableEvents struct {
	tw *tabwriter.Writer
}

func (t *tableEvents) Write(e store.StoredEvent) error {
	_, err := fmt.Fprintf(t.tw, "%d\t%s\t%s\t%s\t%s\t%d\t%+.1f\t%s\t%d\t%d\t%d\n", e.ID, e.Date, e.Source.Code, e.Target.Code, e.Cameo, e.Quad, e.Goldstein, e.Mode, e.NReports, e.NOutlets, e.NCountries)
	return err
}

func (t *tableEvents) Close() error { return t.tw.Flush() }

type jsonEvents struct {
	enc    *json.Encoder
	plover bool
}

func (j *jsonEvents) Write(e store.StoredEvent) error {
	if j.plover {
		return j.enc.Encode(Plover(e))
	}
	return j.enc.Encode(e)
}

func (j *jsonEvents) Close() error { return nil }

// StoredCSVHeader is the column order of the CSV format of stored events.
var StoredCSVHeader = []string{"id", "date", "date_precision", "day", "source_code", "source_country", "source_sector", "source_entity",
	"target_code", "target_country", "target_sector", "target_entity", "cameo", "root", "quad", "goldstein", "plover", "plover_mode",
	"plover_context", "mode", "n_reports", "n_docs", "n_outlets", "n_countries", "first_outlet", "first_url"}

type csvEvents struct {
	cw    *csv.Writer
	gdelt bool
}

func (c *csvEvents) Write(e store.StoredEvent) error {
	if c.gdelt {
		return c.cw.Write(GDELTRow(e))
	}
	return c.cw.Write([]string{strconv.FormatInt(e.ID, 10), e.Date, e.DatePrecision, e.Day, e.Source.Code, e.Source.Country, e.Source.Sector, e.Source.Entity,
		e.Target.Code, e.Target.Country, e.Target.Sector, e.Target.Entity, e.Cameo, e.Root, strconv.Itoa(e.Quad), strconv.FormatFloat(e.Goldstein, 'f', -1, 64),
		e.Plover, e.PloverMode, e.PloverContext, string(e.Mode), strconv.Itoa(e.NReports), strconv.Itoa(e.NDocs), strconv.Itoa(e.NOutlets),
		strconv.Itoa(e.NCountries), e.Outlet, e.URL})
}

func (c *csvEvents) Close() error {
	c.cw.Flush()
	return c.cw.Error()
}

func tsv(w io.Writer) *csv.Writer {
	cw := csv.NewWriter(w)
	cw.Comma = '\t'
	return cw
}

// GDELTColumns are the 61 columns of the GDELT 2.0 event table, in order.
var GDELTColumns = []string{"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
	"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
	"Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
	"Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
	"DATEADDED", "SOURCEURL"}

// GDELTRow gives an event as a row of the GDELT 2.0 event table: dyad's counts fill
// NumMentions (reports), NumSources (distinct outlets) and NumArticles (documents); tone and
// places, which dyad does not code, are empty (their Geo_Type is 0, "no place"); the known group
// and type columns come from the actor code; IsRootEvent is 0, since an event is no one
// article's; DATEADDED is the event's day.
func GDELTRow(e store.StoredEvent) []string {
	row := make([]string, len(GDELTColumns))
	row[0] = strconv.FormatInt(e.ID, 10)
	t, err := time.Parse("2006-01-02", e.Day)
	if err == nil { // undated events leave the date columns empty
		row[1] = t.Format("20060102")
		row[2] = t.Format("200601")
		row[3] = t.Format("2006")
		row[4] = strconv.FormatFloat(float64(t.Year())+float64(t.YearDay()-1)/365, 'f', 4, 64)
		row[59] = t.Format("20060102") + "000000"
	}
	actor := func(at int, code, country, sector, name string) {
		row[at] = code
		row[at+1] = strings.ToUpper(name)
		if len(country) == 3 {
			row[at+2] = country
		}
		if strings.HasPrefix(code, "IGO") || strings.HasPrefix(code, "NGO") {
			row[at+3] = strings.TrimPrefix(strings.TrimPrefix(code, "IGO"), "NGO")
		}
		row[at+7] = sector
	}
	actor(5, e.Source.Code, e.Source.Country, e.Source.Sector, e.Source.Entity)
	actor(15, e.Target.Code, e.Target.Country, e.Target.Sector, e.Target.Entity)
	row[25] = "0"
	row[26] = e.Cameo
	row[27] = e.Cameo[:min(3, len(e.Cameo))]
	row[28] = e.Root
	row[29] = strconv.Itoa(e.Quad)
	row[30] = strconv.FormatFloat(e.Goldstein, 'f', 1, 64)
	row[31] = strconv.Itoa(e.NReports)
	row[32] = strconv.Itoa(e.NOutlets)
	row[33] = strconv.Itoa(e.NDocs)
	for _, at := range []int{35, 43, 51} {
		row[at] = "0"
	}
	row[60] = e.URL
	return row
}

// PloverEvent is an event as a PLOVER record.
type PloverEvent struct {
	ID               string  `json:"id"`
	Date             string  `json:"date"`
	DatePrecision    string  `json:"date_precision"`
	EventType        string  `json:"event_type"`
	Mode             string  `json:"mode"`
	Context          string  `json:"context"`
	Actor            string  `json:"actor"`
	ActorCountry     string  `json:"actor_country"`
	ActorSector      string  `json:"actor_sector"`
	ActorName        string  `json:"actor_name"`
	Recipient        string  `json:"recipient"`
	RecipientCountry string  `json:"recipient_country"`
	RecipientSector  string  `json:"recipient_sector"`
	RecipientName    string  `json:"recipient_name"`
	TextMode         string  `json:"text_mode"` // dyad's mode: asserted, negated, intended ...
	Cameo            string  `json:"cameo"`
	Goldstein        float64 `json:"goldstein"`
	QuadClass        int     `json:"quad_class"`
	Reports          int     `json:"n_reports"`
	Outlets          int     `json:"n_outlets"`
	SourceURL        string  `json:"source_url,omitempty"`
}

// Plover gives an event as a PLOVER record.
func Plover(e store.StoredEvent) PloverEvent {
	return PloverEvent{ID: "dyad-" + strconv.FormatInt(e.ID, 10), Date: e.Date, DatePrecision: e.DatePrecision, EventType: e.Plover,
		Mode: e.PloverMode, Context: e.PloverContext, Actor: e.Source.Code, ActorCountry: e.Source.Country, ActorSector: e.Source.Sector,
		ActorName: e.Source.Entity, Recipient: e.Target.Code, RecipientCountry: e.Target.Country, RecipientSector: e.Target.Sector,
		RecipientName: e.Target.Entity, TextMode: string(e.Mode), Cameo: e.Cameo, Goldstein: e.Goldstein, QuadClass: e.Quad,
		Reports: e.NReports, Outlets: e.NOutlets, SourceURL: e.URL}
}

// ParquetEvent is an event as a Parquet row. Day is a DATE (days since 1970-01-01), which DuckDB
// and pandas read as a date.
type ParquetEvent struct {
	ID            int64   `parquet:"id"`
	Day           *int32  `parquet:"day,optional,date"` // null when the text gives no date
	Date          string  `parquet:"date"`
	DatePrecision string  `parquet:"date_precision"`
	Source        string  `parquet:"source"`
	SourceCountry string  `parquet:"source_country"`
	SourceSector  string  `parquet:"source_sector"`
	SourceEntity  string  `parquet:"source_entity"`
	Target        string  `parquet:"target"`
	TargetCountry string  `parquet:"target_country"`
	TargetSector  string  `parquet:"target_sector"`
	TargetEntity  string  `parquet:"target_entity"`
	Cameo         string  `parquet:"cameo"`
	Root          string  `parquet:"root"`
	Quad          int32   `parquet:"quad"`
	Goldstein     float64 `parquet:"goldstein"`
	Plover        string  `parquet:"plover"`
	PloverMode    string  `parquet:"plover_mode"`
	PloverContext string  `parquet:"plover_context"`
	Mode          string  `parquet:"mode"`
	NReports      int32   `parquet:"n_reports"`
	NDocs         int32   `parquet:"n_docs"`
	NOutlets      int32   `parquet:"n_outlets"`
	NCountries    int32   `parquet:"n_countries"`
	FirstOutlet   string  `parquet:"first_outlet"`
	FirstURL      string  `parquet:"first_url"`
}

type parquetEvents struct {
	pw  *parquet.GenericWriter[ParquetEvent]
	buf []ParquetEvent
}

func (p *parquetEvents) Write(e store.StoredEvent) error {
	var day *int32
	if e.Day != "" {
		t, err := time.Parse("2006-01-02", e.Day)
		if err != nil {
			return fmt.Errorf("export: event %d: day %q: %w", e.ID, e.Day, err)
		}
		d := int32(t.Unix() / 86400)
		day = &d
	}
	p.buf = append(p.buf, ParquetEvent{ID: e.ID, Day: day, Date: e.Date, DatePrecision: e.DatePrecision,
		Source: e.Source.Code, SourceCountry: e.Source.Country, SourceSector: e.Source.Sector, SourceEntity: e.Source.Entity,
		Target: e.Target.Code, TargetCountry: e.Target.Country, TargetSector: e.Target.Sector, TargetEntity: e.Target.Entity,
		Cameo: e.Cameo, Root: e.Root, Quad: int32(e.Quad), Goldstein: e.Goldstein, Plover: e.Plover, PloverMode: e.PloverMode,
		PloverContext: e.PloverContext, Mode: string(e.Mode), NReports: int32(e.NReports), NDocs: int32(e.NDocs),
		NOutlets: int32(e.NOutlets), NCountries: int32(e.NCountries), FirstOutlet: e.Outlet, FirstURL: e.URL})
	if len(p.buf) >= 8192 {
		return p.flush()
	}
	return nil
}

func (p *parquetEvents) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	_, err := p.pw.Write(p.buf)
	p.buf = p.buf[:0]
	return err
}

func (p *parquetEvents) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.pw.Close()
}
