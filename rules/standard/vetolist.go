package standard

import (
	"embed"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// VetoList is a plan's list of veto events (一票否决), shipped word for word as data: a standard
// names one with `veto_list:` instead of writing its own `veto:` list.
type VetoList struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name"`
	Source string `yaml:"source"` // the plan and section it is taken from
	Vetoes []Veto `yaml:"vetoes"`
}

//go:embed vetolists/*.yaml
var vetoListFiles embed.FS

// vetoLists are the shipped lists, in id order; read once, they are the same for every caller.
var vetoLists = mustReadVetoLists()

func mustReadVetoLists() []VetoList {
	entries, err := vetoListFiles.ReadDir("vetolists")
	if err != nil {
		panic(err)
	}
	var out []VetoList
	for _, e := range entries {
		data, err := vetoListFiles.ReadFile("vetolists/" + e.Name())
		if err != nil {
			panic(err)
		}
		var l VetoList
		if err := yaml.Unmarshal(data, &l); err != nil {
			panic(fmt.Sprintf("veto list %s: %v", e.Name(), err))
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b VetoList) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out
}

// VetoLists are the veto lists shipped with the product.
func VetoLists() []VetoList { return slices.Clone(vetoLists) }

// FindVetoList returns a shipped veto list by id.
func FindVetoList(id string) (VetoList, bool) {
	for _, l := range vetoLists {
		if l.ID == id {
			l.Vetoes = slices.Clone(l.Vetoes)
			return l, true
		}
	}
	return VetoList{}, false
}

// VetoListIDs lists the shipped lists' ids, for messages.
func VetoListIDs() []string {
	ids := make([]string, len(vetoLists))
	for i, l := range vetoLists {
		ids[i] = l.ID
	}
	return ids
}

// CityCivilizedUnit is the list of the city agencies' civilized-unit plan, which `standard
// import` gives a converted form unless told otherwise.
const CityCivilizedUnit = "city-civilized-unit"
