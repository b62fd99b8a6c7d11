// Package msg is the product's message catalogue: every sentence a person reads, in
// Simplified Chinese (the default) and English, kept in zh.yaml and en.yaml beside this file
// and compiled in. It uses go-i18n (CLDR plural rules, messages as data files a translator
// edits without touching code), loaded once.
//
// The CLI's help is the one exception to "both languages in the files": its English is the
// text of the command definitions themselves, and zh.yaml holds its Chinese under ids made
// from the command's path (help.campaign.start.short, flag.campaign.start.standards). Tests
// fail when a command or flag has no Chinese, or when zh.yaml keeps an id no command has.
package msg

import (
	"embed"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// Lang is a language the product speaks.
type Lang string

const (
	Chinese Lang = "zh"
	English Lang = "en"
)

//go:embed zh.yaml en.yaml
var files embed.FS

var catalogue struct {
	once     sync.Once
	bundle   *i18n.Bundle
	ids      map[Lang]map[string]bool
	printers map[Lang]*Printer
	err      error
}

func load() {
	b := i18n.NewBundle(language.Chinese)
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	catalogue.ids = map[Lang]map[string]bool{}
	for _, l := range []Lang{Chinese, English} {
		raw, err := files.ReadFile(string(l) + ".yaml")
		if err == nil {
			var f *i18n.MessageFile
			if f, err = b.ParseMessageFileBytes(raw, string(l)+".yaml"); err == nil {
				ids := map[string]bool{}
				for _, m := range f.Messages {
					ids[m.ID] = true
				}
				catalogue.ids[l] = ids
			}
		}
		if err != nil {
			catalogue.err = fmt.Errorf("message catalogue %s.yaml: %w", l, err)
			return
		}
	}
	catalogue.bundle = b
	catalogue.printers = map[Lang]*Printer{}
	for _, l := range []Lang{Chinese, English} {
		p := &Printer{lang: l, loc: i18n.NewLocalizer(b, string(l))}
		p.parser = &parser{TextParser: template.TextParser{Funcs: p.funcs()}}
		catalogue.printers[l] = p
	}
}

// parser parses each message's template once and keeps it: go-i18n re-parses on every use
// when a parser has functions, and workflows render their details on every change. There
// is one parser per language with that language's functions, and every message id exists in
// both languages (a test checks), so a message is never parsed with the other's functions.
type parser struct{ template.TextParser }

func (*parser) Cacheable() bool { return true }

func bundle() *i18n.Bundle {
	catalogue.once.Do(load)
	if catalogue.err != nil {
		panic(catalogue.err) // compiled in: a broken file fails every test
	}
	return catalogue.bundle
}

// IDs lists the message ids of a language's file, sorted.
func IDs(l Lang) []string {
	bundle()
	var out []string
	for id := range catalogue.ids[l] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Has reports whether a language's file holds the id.
func Has(l Lang, id string) bool {
	bundle()
	return catalogue.ids[l][id]
}

// Printer renders messages in one language.
type Printer struct {
	lang   Lang
	loc    *i18n.Localizer
	parser *parser
}

// For returns the printer of a language.
func For(l Lang) *Printer {
	bundle()
	if p, ok := catalogue.printers[l]; ok {
		return p
	}
	return catalogue.printers[Chinese]
}

// Lang is the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// T renders a message; data fills its {{.Field}} placeholders (a map or a struct). An id
// missing from the catalogue renders as the id itself, so that a gap shows instead of
// vanishing (and the catalogue tests fail).
func (p *Printer) T(id string, data ...any) string {
	lc := &i18n.LocalizeConfig{MessageID: id, TemplateParser: p.parser}
	if len(data) > 0 {
		lc.TemplateData = data[0]
	}
	s, err := p.loc.Localize(lc)
	if err != nil || s == "" {
		return id
	}
	return s
}

// Detect picks the language: the flag's value if given, else WENMING_LANG, else the locale
// (LC_ALL, then LANG: en_* is English); Chinese when none says otherwise.
func Detect(flag string) (Lang, error) {
	if flag != "" {
		return Parse(flag)
	}
	if v := os.Getenv("WENMING_LANG"); v != "" {
		return Parse(v)
	}
	for _, name := range []string{"LC_ALL", "LANG"} {
		if v := os.Getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "en") {
				return English, nil
			}
			return Chinese, nil
		}
	}
	return Chinese, nil
}

// Parse reads a language name: zh or en (zh_CN, zh-Hans, en_US and the like too).
func Parse(s string) (Lang, error) {
	switch v := strings.ToLower(s); {
	case v == "zh" || strings.HasPrefix(v, "zh_") || strings.HasPrefix(v, "zh-"):
		return Chinese, nil
	case v == "en" || strings.HasPrefix(v, "en_") || strings.HasPrefix(v, "en-"):
		return English, nil
	}
	// Before a language is known, so in both.
	return Chinese, fmt.Errorf("不支持的语言 %q：请用 zh（中文）或 en（English） / language %q: use zh or en", s, s)
}
