package slsemu

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The demo project: three logstores whose logs are a pure function of
// (seed, logstore, minute), so the data of any minute is the same whenever it
// is generated and logs keep "arriving" as the clock moves.

type demoStore struct {
	name  string
	share float64 // of Config.Logs
	keys  []string
	types map[string]string
	gen   func(r *rng, t int64, incident bool) (topic, source string, vals []string)
}

var nginxKeys = []string{"remote_addr", "request_method", "request_uri", "status", "request_time",
	"upstream_response_time", "body_bytes_sent", "http_user_agent", "http_referer", "host", "trace_id"}

var appKeys = []string{"level", "logger", "service", "message", "trace_id"}

var auditKeys = []string{"user", "action", "resource", "result", "client_ip"}

var demoStores = []demoStore{
	{name: "nginx-access", share: 0.6, keys: nginxKeys, types: map[string]string{
		"status": typeLong, "request_time": typeDouble, "upstream_response_time": typeDouble, "body_bytes_sent": typeLong,
	}, gen: genNginx},
	{name: "app-log", share: 0.3, keys: appKeys, gen: genApp},
	{name: "audit-log", share: 0.1, keys: auditKeys, gen: genAudit},
}

// diurnal is the traffic shape over the day (mean 1), peaking at 06:00 UTC
// (14:00 in China, where SLS's users mostly are).
func diurnal(t int64) float64 {
	hour := float64(t%86400) / 3600
	return 1 + 0.6*math.Cos(2*math.Pi*(hour-6)/24)
}

// incident marks about one half hour in 17 as an outage: more 5xx, more ERROR.
func incident(seed int64, t int64) bool {
	return newRNG(uint64(seed), 0x1c1d, uint64(t/1800)).intn(17) == 0
}

// demoMinute generates one logstore's logs of one minute, oldest first.
func demoMinute(seed int64, ds *demoStore, perMinute float64, minute int64) []*record {
	t0 := minute * 60
	r := newRNG(uint64(seed), hashString(ds.name), uint64(minute))
	n := int(perMinute*diurnal(t0) + r.float())
	if n == 0 {
		return nil
	}
	secs := make([]int, n)
	for i := range secs {
		secs[i] = r.intn(60)
	}
	sortInts(secs)
	inc := incident(seed, t0)
	out := make([]*record, n)
	for i, s := range secs {
		t := t0 + int64(s)
		topic, source, vals := ds.gen(r, t, inc)
		out[i] = &record{time: t, topic: topic, source: source, keys: ds.keys, vals: vals}
	}
	return out
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func hexID(r *rng, n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[r.intn(16)]
	}
	return string(b)
}

var (
	uris = []string{"/api/v1/users", "/api/v1/users/%d", "/api/v1/orders", "/api/v1/orders/%d", "/api/v1/payments",
		"/login", "/logout", "/static/js/app.js", "/static/css/main.css", "/health", "/search?q=%d"}
	uriWeights  = []int{10, 14, 10, 12, 5, 4, 2, 12, 8, 15, 8}
	methods     = []string{"GET", "POST", "PUT", "DELETE"}
	methodW     = []int{70, 20, 6, 4}
	statuses    = []int{200, 201, 204, 301, 304, 400, 401, 403, 404, 499, 500, 502, 503, 504}
	statusW     = []int{780, 30, 20, 10, 40, 15, 10, 5, 45, 5, 15, 8, 8, 4}
	statusIncW  = []int{560, 20, 15, 10, 30, 15, 10, 5, 40, 20, 150, 60, 50, 15}
	userAgents  = []string{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "curl/8.4.0", "okhttp/4.12.0", "Go-http-client/1.1", "python-requests/2.31.0"}
	referers    = []string{"-", "https://www.example.com/", "https://www.example.com/orders", "https://www.google.com/"}
	nginxHosts  = []string{"www.example.com", "api.example.com"}
	nginxSource = []string{"10.0.1.11", "10.0.1.12", "10.0.1.13"}
)

func clientIP(r *rng) string {
	return fmt.Sprintf("%d.%d.%d.%d", []int{36, 42, 58, 101, 112, 117, 180, 223}[r.intn(8)], r.intn(4)*16+5, r.intn(32), 2+r.intn(40))
}

func genNginx(r *rng, t int64, inc bool) (string, string, []string) {
	uri := uris[r.pick(uriWeights)]
	if strings.Contains(uri, "%d") {
		uri = fmt.Sprintf(uri, 1000+r.intn(9000))
	}
	method := methods[r.pick(methodW)]
	if strings.HasPrefix(uri, "/static") || uri == "/health" {
		method = "GET"
	}
	w := statusW
	if inc {
		w = statusIncW
	}
	status := statuses[r.pick(w)]
	reqTime := r.logNormal(math.Log(0.045), 0.9)
	if status >= 500 {
		reqTime += 0.5 + 2*r.float()
	}
	upstream := "-"
	host := nginxHosts[0]
	topic := "www"
	if strings.HasPrefix(uri, "/api") {
		host, topic = nginxHosts[1], "api"
	}
	if !strings.HasPrefix(uri, "/static") {
		upstream = strconv.FormatFloat(reqTime*0.92, 'f', 3, 64)
	}
	bytes := int(r.logNormal(math.Log(1800), 1.1))
	if status == 204 || status == 304 {
		bytes = 0
	}
	return topic, nginxSource[r.intn(len(nginxSource))], []string{
		clientIP(r), method, uri, strconv.Itoa(status), strconv.FormatFloat(reqTime, 'f', 3, 64), upstream,
		strconv.Itoa(bytes), userAgents[r.intn(len(userAgents))], referers[r.intn(len(referers))], host, hexID(r, 32),
	}
}

var (
	services  = []string{"order-service", "user-service", "payment-service"}
	loggers   = map[string][]string{"order-service": {"com.example.order.OrderController", "com.example.order.OrderRepository"}, "user-service": {"com.example.user.UserController", "com.example.user.SessionCache"}, "payment-service": {"com.example.payment.PaymentGateway", "com.example.payment.RefundJob"}}
	levels    = []string{"DEBUG", "INFO", "WARN", "ERROR"}
	levelW    = []int{20, 62, 12, 6}
	levelIncW = []int{15, 45, 15, 25}
	infoMsgs  = []string{"order %d created", "user %d logged in", "payment %d captured", "cache hit ratio %d%%", "request handled in %d ms"}
	warnMsgs  = []string{"slow query took %d ms", "retrying upstream call, attempt %d", "connection pool at %d%% capacity"}
	errMsgs   = []string{"failed to process order %d", "upstream timeout after %d ms", "payment %d declined by gateway"}
	pods      = []string{"10.1.0.21", "10.1.0.22", "10.1.0.23", "10.1.0.24"}
)

func genApp(r *rng, t int64, inc bool) (string, string, []string) {
	svc := services[r.intn(len(services))]
	w := levelW
	if inc {
		w = levelIncW
	}
	level := levels[r.pick(w)]
	var msg string
	switch level {
	case "DEBUG":
		msg = fmt.Sprintf("cache lookup key=session:%d", r.intn(100000))
	case "INFO":
		msg = fmt.Sprintf(infoMsgs[r.intn(len(infoMsgs))], r.intn(100000))
	case "WARN":
		msg = fmt.Sprintf(warnMsgs[r.intn(len(warnMsgs))], 100+r.intn(5000))
	default:
		msg = fmt.Sprintf(errMsgs[r.intn(len(errMsgs))], r.intn(100000))
		if r.intn(2) == 0 {
			msg += "\njava.lang.IllegalStateException: " + msg +
				"\n\tat com.example." + strings.Split(svc, "-")[0] + ".Handler.handle(Handler.java:" + strconv.Itoa(40+r.intn(200)) + ")" +
				"\n\tat com.example.common.Dispatcher.dispatch(Dispatcher.java:88)\n\tat java.base/java.lang.Thread.run(Thread.java:833)"
		}
	}
	lg := loggers[svc][r.intn(2)]
	return svc, pods[r.intn(len(pods))], []string{level, lg, svc, msg, hexID(r, 32)}
}

var (
	users        = []string{"alice", "bob", "carol", "dave", "erin", "svc-deploy"}
	actions      = []string{"login", "logout", "read", "create", "update", "delete"}
	actionW      = []int{15, 10, 45, 12, 12, 6}
	resourceKind = []string{"project/demo", "logstore/app-log", "logstore/nginx-access", "dashboard/overview", "alert/5xx-rate"}
)

func genAudit(r *rng, t int64, inc bool) (string, string, []string) {
	result := "success"
	if r.intn(20) == 0 {
		result = "failure"
	}
	return "audit", "audit-gateway", []string{
		users[r.intn(len(users))], actions[r.pick(actionW)], resourceKind[r.intn(len(resourceKind))], result, clientIP(r),
	}
}

// demoFeed produces one logstore's demo logs minute by minute up to a clock.
type demoFeed struct {
	ds         *demoStore
	store      *logstore
	perMinute  float64
	nextMinute int64
	pending    []*record // generated but still in the future
}

// catchUp adds every demo log with time <= now; it reports whether any was added.
func (f *demoFeed) catchUp(seed int64, now int64) bool {
	added := false
	for {
		for len(f.pending) > 0 && f.pending[0].time <= now {
			f.store.add(f.pending[0])
			f.pending = f.pending[1:]
			added = true
		}
		if len(f.pending) > 0 || f.nextMinute*60 > now {
			return added
		}
		f.pending = demoMinute(seed, f.ds, f.perMinute, f.nextMinute)
		f.nextMinute++
	}
}
