package suite

import (
	"encoding/json"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/authspec/authspec/report"
)

// EntryName names the report entry every spec leaves its results in.
const EntryName = "authspec-results"

// ResultsEntry is what one spec hands to ReportAfterSuite. It crosses process
// boundaries under `ginkgo -p` as JSON, so it holds only plain data.
type ResultsEntry struct {
	Target   string          `json:"target"`
	Base     string          `json:"base,omitempty"`
	Requests int             `json:"requests"`
	Protocol string          `json:"protocol,omitempty"`
	Order    [4]int          `json:"order"` // resource, method, probe, group: for a stable report order
	Results  []report.Result `json:"results"`
}

// DecodeEntry reads an ResultsEntry back from a Ginkgo report entry, whether it
// was made in this process (raw value) or came from another one (JSON).
func DecodeEntry(re types.ReportEntry) (*ResultsEntry, bool) {
	if re.Name != EntryName {
		return nil, false
	}
	if e, ok := re.GetRawValue().(*ResultsEntry); ok {
		return e, true
	}
	var e ResultsEntry
	if err := json.Unmarshal([]byte(re.Value.AsJSON), &e); err != nil {
		return nil, false
	}
	return &e, true
}
