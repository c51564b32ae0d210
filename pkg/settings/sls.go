package settings

import (
	"errors"
	"fmt"
	"strings"
)

// SLSSettings are the Alibaba Log Service settings.
type SLSSettings struct {
	Project         string
	AccessKeyID     string
	AccessKeySecret string `json:"-"`
	SecurityToken   string `json:"-"`
	// Role, when set, is assumed with the keys above (role.go).
	Role *RoleSettings
}

func (s *Settings) loadSLS(raw rawJSONData, secure map[string]string) []error {
	var errs []error
	s.SLS = SLSSettings{
		Project:         strings.TrimSpace(raw.Project),
		AccessKeyID:     strings.TrimSpace(raw.AccessKeyID),
		AccessKeySecret: strings.TrimSpace(secure["accessKeySecret"]),
		SecurityToken:   strings.TrimSpace(secure["securityToken"]),
	}
	if strings.TrimSpace(raw.Endpoint) == "" {
		errs = append(errs, errors.New("settings: endpoint is missing; set jsonData.endpoint to your region's endpoint, e.g. cn-hangzhou.log.aliyuncs.com"))
	} else if u, err := ParseEndpoint(raw.Endpoint); err != nil {
		errs = append(errs, err)
	} else {
		s.Endpoint = u
	}
	if s.SLS.Project == "" {
		errs = append(errs, errors.New("settings: project is missing; set jsonData.project to the SLS project name"))
	} else if !validSLSProject(s.SLS.Project) {
		errs = append(errs, fmt.Errorf("settings: project %q is not a valid SLS project name (3-63 characters: lower-case letters, digits and hyphens)", s.SLS.Project))
	}
	if s.SLS.AccessKeyID == "" {
		errs = append(errs, errors.New("settings: accessKeyId is missing; set jsonData.accessKeyId"))
	}
	if s.SLS.AccessKeySecret == "" {
		errs = append(errs, errors.New("settings: accessKeySecret is missing; set it in secureJsonData.accessKeySecret"))
	}
	role, roleErrs := loadRole(raw.rawRole, "alibaba", DefaultAlibabaSTSEndpoint)
	s.SLS.Role = role
	errs = append(errs, roleErrs...)
	if role != nil && s.SLS.SecurityToken != "" {
		errs = append(errs, errors.New("settings: set either a securityToken (temporary keys you renew yourself) or a roleArn (the plugin assumes the role and renews its keys), not both"))
	}
	return errs
}

func validSLSProject(p string) bool {
	if len(p) < 3 || len(p) > 63 {
		return false
	}
	for i, r := range p {
		ok := (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || (r == '-' && i != 0 && i != len(p)-1)
		if !ok {
			return false
		}
	}
	return true
}
