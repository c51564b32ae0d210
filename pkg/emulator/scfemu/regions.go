package scfemu

import (
	"sort"
	"strings"
)

// regions are the SCF regions the emulator accepts: the ap-/na-/eu- names of
// API 3.0 and the legacy short codes of the v2 docs (bj/gz/sh/hk/ca).
var regions = map[string]bool{
	"ap-guangzhou": true, "ap-shanghai": true, "ap-beijing": true, "ap-chengdu": true,
	"ap-chongqing": true, "ap-nanjing": true, "ap-hongkong": true, "ap-singapore": true,
	"ap-bangkok": true, "ap-jakarta": true, "ap-seoul": true, "ap-tokyo": true,
	"ap-mumbai": true, "na-siliconvalley": true, "na-ashburn": true, "eu-frankfurt": true,
}

var legacyRegions = map[string]bool{"bj": true, "gz": true, "sh": true, "hk": true, "ca": true, "cd": true, "sg": true}

func regionList() string {
	names := make([]string, 0, len(regions))
	for r := range regions {
		names = append(names, r)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
