package config

import (
	"fmt"
	"path/filepath"
)

// checkExec checks the guest-exec bounds and the allow-list's shape;
// the agent resolves the listed programs when it starts.
func (c *Config) checkExec() error {
	if c.ExecMax <= 0 {
		return fmt.Errorf("invalid --exec-max %d (want a positive count)", c.ExecMax)
	}
	if c.ExecTTL <= 0 {
		return fmt.Errorf("invalid --exec-ttl %v (want a positive duration)", c.ExecTTL)
	}
	for _, p := range c.ExecAllow {
		if !filepath.IsAbs(p) {
			return fmt.Errorf("invalid --exec-allow %q (want an absolute path)", p)
		}
	}
	return nil
}
