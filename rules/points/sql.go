package points

import (
	"database/sql/driver"
	"fmt"
)

// Value stores the score as an exact decimal (PostgreSQL numeric).
func (p Points) Value() (driver.Value, error) { return p.String(), nil }

// Scan reads a numeric column.
func (p *Points) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*p = 0
		return nil
	case []byte:
		return p.scanText(string(v))
	case string:
		return p.scanText(v)
	case int64:
		*p = Points(v) * One
		return nil
	case float64:
		*p = FromFloat(v)
		return nil
	}
	return fmt.Errorf("points: cannot scan %T", src)
}

func (p *Points) scanText(s string) error {
	v, err := Parse(s)
	if err != nil {
		return fmt.Errorf("points: %w", err)
	}
	*p = v
	return nil
}
