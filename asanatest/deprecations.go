package asanatest

import (
	"fmt"
	"strings"
)

// WithChangeNotice makes every API answer carry these Asana-Change header
// values, one header line each, as Asana's answers do while a breaking
// change is in its deprecation period
// ("name=new_sections;info=https://asa.na/api-sections;affected=true").
// The fake announces; it does not model the changes themselves, nor read
// Asana-Enable or Asana-Disable (RequestRecord does not keep them).
func WithChangeNotice(values ...string) Option {
	return func(cfg *config) error {
		for _, v := range values {
			if strings.TrimSpace(v) == "" || strings.ContainsAny(v, "\r\n\x00") {
				return fmt.Errorf("asanatest: WithChangeNotice: invalid header value %q", v)
			}
		}
		cfg.changeNotices = append(cfg.changeNotices, values...)
		return nil
	}
}
