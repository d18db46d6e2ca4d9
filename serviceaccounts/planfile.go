package serviceaccounts

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/asanakit/asana-go/internal/input"
)

// Format and version of a saved plan file (see WritePlanFile).
const (
	PlanFileFormat  = "asana-go/plan"
	PlanFileVersion = 1
)

// maxPlanFile is the largest plan file LoadPlanFile reads; a larger one is
// refused, never cut.
const maxPlanFile = 64 << 20

// ErrPlanFile reports a plan file that is not one WritePlanFile wrote, or
// that changed since: a wrong format or version, or a checksum mismatch.
var ErrPlanFile = errors.New("serviceaccounts: not a valid plan file")

// planFile is the envelope of a saved plan. SHA256 covers Origin and the
// exact bytes of Plan, so that a plan edited after review is refused.
type planFile struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	Origin  string          `json:"origin,omitempty"`
	SHA256  string          `json:"sha256"`
	Plan    json.RawMessage `json:"plan"`
}

// SavedPlan is a plan read back by LoadPlanFile.
type SavedPlan struct {
	*Plan
	// Origin is the label WritePlanFile was given.
	Origin string
	// SHA256 is the file's checksum of the plan, in hex.
	SHA256 string
}

func planChecksum(origin string, plan []byte) string {
	h := sha256.New()
	h.Write([]byte(origin))
	h.Write([]byte{0})
	h.Write(plan)
	return hex.EncodeToString(h.Sum(nil))
}

// WritePlanFile saves the plan at path, for review now and Apply later
// (LoadPlanFile reads it back). The file carries a format version and a
// SHA-256 checksum of the plan; origin is a label of the caller's choosing
// kept with it (the examples write "demo" for plans of the embedded fake,
// so that a demo plan is never applied to Asana, nor the reverse). The
// file is written under a temporary name with mode 0600 and renamed when
// complete, so a reader never sees half a plan.
func WritePlanFile(path string, plan *Plan, origin string) error {
	body, err := json.Marshal(plan)
	if err != nil {
		return fmt.Errorf("serviceaccounts: plan file: %w", err)
	}
	data, err := json.MarshalIndent(planFile{Format: PlanFileFormat, Version: PlanFileVersion, Origin: origin,
		SHA256: planChecksum(origin, body), Plan: body}, "", "  ")
	if err != nil {
		return fmt.Errorf("serviceaccounts: plan file: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("serviceaccounts: plan file: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, err = tmp.Write(append(data, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("serviceaccounts: plan file: %w", err)
	}
	return nil
}

// LoadPlanFile reads a plan saved by WritePlanFile. It refuses (with
// ErrPlanFile) a file of another format or version, a file larger than
// 64 MiB, and a plan whose checksum does not match, such as one edited by
// hand after it was reviewed; the plan's changes are checked as ReadPlan
// checks them.
func LoadPlanFile(path string) (*SavedPlan, error) {
	data, err := input.ReadFile(path, maxPlanFile)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPlanFile, err)
	}
	return parsePlanFile(data, path)
}

func parsePlanFile(data []byte, name string) (*SavedPlan, error) {
	var pf planFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pf); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrPlanFile, name, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: %s: data after the plan", ErrPlanFile, name)
	}
	if pf.Format != PlanFileFormat {
		return nil, fmt.Errorf("%w: %s: format %q, want %q", ErrPlanFile, name, pf.Format, PlanFileFormat)
	}
	if pf.Version != PlanFileVersion {
		return nil, fmt.Errorf("%w: %s: version %d, this program reads version %d", ErrPlanFile, name, pf.Version, PlanFileVersion)
	}
	// The indented envelope re-indents the embedded plan: compact it back
	// to the bytes that were summed.
	var body bytes.Buffer
	if err := json.Compact(&body, pf.Plan); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrPlanFile, name, err)
	}
	if sum := planChecksum(pf.Origin, body.Bytes()); !strings.EqualFold(sum, pf.SHA256) {
		return nil, fmt.Errorf("%w: %s: the checksum does not match: the plan changed after it was saved", ErrPlanFile, name)
	}
	plan, err := ReadPlan(&body)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrPlanFile, name, err)
	}
	return &SavedPlan{Plan: plan, Origin: pf.Origin, SHA256: pf.SHA256}, nil
}

// JournalPath is where the journal of a saved plan goes: beside it, with
// ".journal" in place of ".json" (plan.json: plan.journal).
func JournalPath(planPath string) string {
	return strings.TrimSuffix(planPath, ".json") + ".journal"
}
