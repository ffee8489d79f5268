package audit

import "go.uber.org/zap"

// Line logs one audit line for command on log (nil: nothing is logged).
// It names the logger "audit" so the lines can be selected by name too.
func Line(log *zap.Logger, command string, fields ...zap.Field) {
	if log == nil {
		return
	}
	all := make([]zap.Field, 0, len(fields)+1)
	all = append(all, zap.String("command", command))
	all = append(all, fields...)
	log.Named("audit").Info("audit", all...)
}
