package asanatest

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
)

// A goal's metric: setMetric (createGoalMetric) sets it, replacing any
// earlier one; setMetricCurrentValue (updateGoalMetric) moves its current
// value. The fake stores the current value as written whatever the
// progress_source (Asana computes it from subgoals or projects for the
// automatic sources).

// GoalMetric is a goal's numeric progress metric.
type GoalMetric struct {
	GID string
	// Unit is none (empty), currency or percentage; CurrencyCode an ISO
	// 4217 code, for currency.
	Unit           string
	CurrencyCode   string
	Precision      int
	Initial        float64
	Target         float64
	Current        float64
	ProgressSource string // manual (empty) or one of the spec's automatic sources
	IsCustomWeight bool
}

var (
	metricUnits           = []string{"none", "currency", "percentage"}
	metricProgressSources = []string{"manual", "subgoal_progress", "project_task_completion",
		"project_milestone_completion", "task_completion", "external"}
)

// number reads a finite number field; def when absent.
func (b *body) number(name string, def float64) (float64, error) {
	raw, ok := b.field(name)
	if !ok || string(raw) == "null" {
		return def, nil
	}
	var v float64
	if err := json.Unmarshal(raw, &v); err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, badRequest(name, "Not a number: %s", raw)
	}
	return v, nil
}

// createGoalMetric sets the goal's metric from a GoalMetricRequest,
// replacing any earlier one: it starts at its initial value unless
// current_number_value is given.
func (s *Server) createGoalMetric(rq *request) reply {
	g, err := rq.editableGoal()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	// Asana's docs: setMetric "replaces an existing goal metric", so what
	// the request leaves out takes its default, not the old value.
	m := GoalMetric{Unit: "none", ProgressSource: "manual"}
	for _, e := range []struct {
		name    string
		dst     *string
		allowed []string
	}{{"unit", &m.Unit, metricUnits}, {"progress_source", &m.ProgressSource, metricProgressSources}} {
		v, err := b.str(e.name, false)
		if err != nil {
			return rq.fail(err)
		}
		if v != "" && !slices.Contains(e.allowed, v) {
			return rq.fail(badRequest(e.name, "Not a valid enum value: %q", v))
		}
		if v != "" {
			*e.dst = v
		}
	}
	if m.CurrencyCode, err = b.str("currency_code", false); err != nil {
		return rq.fail(err)
	}
	switch {
	case m.Unit == "currency" && len(m.CurrencyCode) != 3:
		return rq.fail(badRequest("currency_code", "A currency metric needs a three-letter ISO 4217 code"))
	case m.Unit != "currency":
		m.CurrencyCode = ""
	}
	precision, err := b.number("precision", float64(m.Precision))
	if err != nil {
		return rq.fail(err)
	}
	if precision != math.Trunc(precision) || precision < 0 || precision > 6 {
		return rq.fail(badRequest("precision", "Must be an integer between 0 and 6"))
	}
	m.Precision = int(precision)
	if m.Initial, err = b.number("initial_number_value", m.Initial); err != nil {
		return rq.fail(err)
	}
	if m.Target, err = b.number("target_number_value", m.Target); err != nil {
		return rq.fail(err)
	}
	if m.Current, err = b.number("current_number_value", m.Initial); err != nil {
		return rq.fail(err)
	}
	if m.IsCustomWeight, err = b.boolean("is_custom_weight", m.IsCustomWeight); err != nil {
		return rq.fail(err)
	}
	m.GID = rq.st.newGID()
	g.Metric = &m
	g.ModifiedAt = rq.now
	return rq.one(s.kinds.goal, g)
}

// updateGoalMetric sets the current value of the goal's metric.
func (s *Server) updateGoalMetric(rq *request) reply {
	g, err := rq.editableGoal()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if !b.has("current_number_value") {
		return rq.fail(missingInput("current_number_value"))
	}
	v, err := b.number("current_number_value", 0)
	if err != nil {
		return rq.fail(err)
	}
	if g.Metric == nil {
		return rq.fail(badRequest("goal", "The goal has no metric: set one with setMetric first"))
	}
	g.Metric.Current = v
	g.ModifiedAt = rq.now
	return rq.one(s.kinds.goal, g)
}

// metricDisplay renders a value as Asana's current_display_value does
// (the fake's reading): the number with the metric's precision, times 100
// with "%" for percentages, after the currency code for currencies.
func metricDisplay(m *GoalMetric, v float64) string {
	switch m.Unit {
	case "percentage":
		return strconv.FormatFloat(v*100, 'f', m.Precision, 64) + "%"
	case "currency":
		return m.CurrencyCode + " " + strconv.FormatFloat(v, 'f', m.Precision, 64)
	}
	return strconv.FormatFloat(v, 'f', m.Precision, 64)
}

// addGoalMetricKind renders a goal's metric (the spec's GoalMetricBase),
// from the goal that holds it.
func (k *kinds) addGoalMetricKind() {
	fields := []string{"resource_type", "resource_subtype", "precision", "unit", "currency_code", "initial_number_value",
		"target_number_value", "current_number_value", "current_display_value", "progress_source", "is_custom_weight"}
	k.goalMetric = newKind("goal_metric", fields, fields, map[string]func(*view, *Goal) any{
		"gid":                   func(_ *view, g *Goal) any { return g.Metric.GID },
		"resource_subtype":      func(*view, *Goal) any { return "number" },
		"precision":             func(_ *view, g *Goal) any { return g.Metric.Precision },
		"unit":                  func(_ *view, g *Goal) any { return g.Metric.Unit },
		"currency_code":         func(_ *view, g *Goal) any { return nullable(g.Metric.CurrencyCode) },
		"initial_number_value":  func(_ *view, g *Goal) any { return g.Metric.Initial },
		"target_number_value":   func(_ *view, g *Goal) any { return g.Metric.Target },
		"current_number_value":  func(_ *view, g *Goal) any { return g.Metric.Current },
		"current_display_value": func(_ *view, g *Goal) any { return metricDisplay(g.Metric, g.Metric.Current) },
		"progress_source":       func(_ *view, g *Goal) any { return g.Metric.ProgressSource },
		"is_custom_weight":      func(_ *view, g *Goal) any { return g.Metric.IsCustomWeight },
	})
}
