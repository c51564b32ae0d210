package scfemu

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// runLog writes one invocation's log the way each SCF runtime prints it:
// platform START/END/Report lines around the runtime's own line format.
type runLog struct {
	b     strings.Builder
	inv   Invocation
	f     Function
	clock time.Time
	step  time.Duration
}

func newRunLog(f Function, inv Invocation, lines int) *runLog {
	step := time.Duration(inv.Duration*float64(time.Millisecond)) / time.Duration(lines+1)
	l := &runLog{inv: inv, f: f, clock: inv.Start, step: step}
	fmt.Fprintf(&l.b, "START RequestId: %s\n", inv.RequestID)
	return l
}

// line writes one runtime line, advancing the clock inside the run.
func (l *runLog) line(level, msg string) {
	l.clock = l.clock.Add(l.step)
	ts := l.clock.UTC()
	switch {
	case strings.HasPrefix(l.f.Runtime, "Nodejs"):
		fmt.Fprintf(&l.b, "%s\t%s\t%s\n", ts.Format("2006-01-02T15:04:05.000Z"), l.inv.RequestID, msg)
	case strings.HasPrefix(l.f.Runtime, "Python"):
		fmt.Fprintf(&l.b, "[%s]\t%s\t%s\t%s\n", level, ts.Format("2006-01-02T15:04:05.000Z"), l.inv.RequestID, msg)
	case strings.HasPrefix(l.f.Runtime, "Go"):
		fmt.Fprintf(&l.b, "%s %s\n", ts.Format("2006/01/02 15:04:05"), msg)
	case strings.HasPrefix(l.f.Runtime, "Java"):
		fmt.Fprintf(&l.b, "%s %-5s [main] com.example.report.Handler - %s\n", ts.Format("2006-01-02 15:04:05.000"), level, msg)
	default:
		fmt.Fprintf(&l.b, "%s\n", msg)
	}
}

// raw writes text as is (stack traces printed by the runtime).
func (l *runLog) raw(text string) {
	l.b.WriteString(strings.TrimRight(text, "\n"))
	l.b.WriteByte('\n')
}

func (l *runLog) finish() string {
	fmt.Fprintf(&l.b, "END RequestId: %s\n", l.inv.RequestID)
	fmt.Fprintf(&l.b, "Report RequestId: %s Duration: %.2f ms Billed Duration: %d ms Memory Size: %d MB Max Memory Used: %.1f MB\n",
		l.inv.RequestID, l.inv.Duration, l.inv.BillDuration(), l.f.MemorySize, float64(l.inv.MemUsage)/(1024*1024))
	return l.b.String()
}

// renderRun returns RetCode, RetMsg and Log of one run of f.
func renderRun(f Function, inv Invocation, result outcome, r *rand.Rand) (int64, string, string) {
	l := newRunLog(f, inv, 4)
	var retMsg string
	switch f.Name {
	case "hello-node":
		retMsg = helloNode(l, r, result)
	case "flaky-worker":
		retMsg = flakyWorker(l, r, result)
	case "order-api":
		retMsg = orderAPI(l, r, result)
	case "cron-cleanup":
		retMsg = cronCleanup(l, r, result)
	case "image-resize":
		retMsg = imageResize(l, r, result)
	case "report-java":
		retMsg = reportJava(l, r, result)
	default:
		l.line("INFO", "invoked")
		retMsg = `"ok"`
	}
	switch result {
	case outcomeTimeout:
		retMsg = fmt.Sprintf("Invoking task timed out after %d seconds", f.Timeout)
		return RetCodeTimeout, retMsg, l.finish()
	case outcomeMemoryLimit:
		retMsg = fmt.Sprintf("Memory limit exceeded: the function used more than its %d MB; check Max Memory Used and raise the memory size", f.MemorySize)
		return RetCodeMemoryLimit, retMsg, l.finish()
	case outcomeUserError:
		return RetCodeUserError, retMsg, l.finish()
	}
	return RetCodeOK, retMsg, l.finish()
}

// userError is the RetMsg SCF returns for an exception thrown by user code.
func userError(stack string) string {
	b, _ := json.Marshal(map[string]any{"errorCode": -1, "errorMessage": "user code exception caught", "stackTrace": stack})
	return string(b)
}

func helloNode(l *runLog, r *rand.Rand, result outcome) string {
	msgID := 3096224743817000 + r.IntN(100000)
	l.line("", "Hello World")
	l.line("", "{ Records: [ { CMQ: [Object] } ] }")
	l.line("", fmt.Sprintf("{ msgBody: '%d',\n  msgId: '%d',\n  msgTag: '',\n  publishTime: '%s',\n  requestId: '%d',\n  subscriptionName: 'demo-sub',\n  topicName: 'demo-topic',\n  topicOwner: 1251762227,\n  type: 'topic' }",
		r.IntN(100), msgID, l.inv.Start.UTC().Format("2006-01-02T15:04:05Z"), 5761047512720000000+r.Int64N(1000000)))
	if result == outcomeUserError {
		stack := "TypeError: Cannot read property 'CMQ' of undefined\n    at exports.main_handler (/var/user/index.js:4:31)"
		l.line("", stack)
		return userError(stack)
	}
	l.line("", "{ callbackWaitsForEmptyEventLoop: [Getter/Setter],\n  done: [Function: done],\n  succeed: [Function: succeed],\n  fail: [Function: fail],\n  memory_limit_in_mb: 128,\n  time_limit_in_ms: 3000 }")
	return `"ok"`
}

func flakyWorker(l *runLog, r *rand.Rand, result outcome) string {
	job := fmt.Sprintf("job-%06d", r.IntN(1000000))
	l.line("", fmt.Sprintf("consuming %s from queue partner-sync", job))
	switch result {
	case outcomeTimeout:
		l.line("", "POST https://partner.example.com/v1/sync: no answer yet, retrying (attempt 3/3)")
		return ""
	case outcomeUserError:
		stack := "Error: connect ETIMEDOUT 10.0.3.17:443\n    at TCPConnectWrap.afterConnect [as oncomplete] (net.js:1107:14)"
		l.line("", stack)
		return userError(stack)
	case outcomeMemoryLimit:
		l.line("", fmt.Sprintf("buffering %d partner records in memory", 200000+r.IntN(100000)))
		return ""
	}
	l.line("", fmt.Sprintf("POST https://partner.example.com/v1/sync -> 200 in %dms", 30+r.IntN(900)))
	l.line("", fmt.Sprintf("%s done", job))
	return `{"synced":true}`
}

func orderAPI(l *runLog, r *rand.Rand, result outcome) string {
	order := 100000 + r.IntN(900000)
	l.line("INFO", fmt.Sprintf("GET /orders/%d from 203.0.113.%d", order, r.IntN(255)))
	if result == outcomeUserError {
		stack := fmt.Sprintf("Traceback (most recent call last):\n  File \"/var/user/index.py\", line 27, in main_handler\n    order = load_order(event[\"pathParameters\"][\"id\"])\n  File \"/var/user/orders.py\", line 14, in load_order\n    return ORDERS[int(order_id)]\nKeyError: %d", order)
		l.line("ERROR", "Traceback (most recent call last):")
		l.raw(strings.SplitN(stack, "\n", 2)[1])
		return userError(stack)
	}
	l.line("INFO", fmt.Sprintf("order %d status=paid total=%d.%02d CNY", order, r.IntN(500), r.IntN(100)))
	return fmt.Sprintf(`{"isBase64Encoded":false,"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"id\":%d,\"status\":\"paid\"}"}`, order)
}

func cronCleanup(l *runLog, r *rand.Rand, result outcome) string {
	l.line("INFO", "timer trigger cleanup-every-10m fired")
	if result == outcomeUserError {
		stack := "Traceback (most recent call last):\n  File \"/var/user/index.py\", line 9, in main_handler\n    conn = redis.connect(os.environ[\"REDIS_HOST\"])\nConnectionRefusedError: [Errno 111] Connection refused"
		l.line("ERROR", "Traceback (most recent call last):")
		l.raw(strings.SplitN(stack, "\n", 2)[1])
		return userError(stack)
	}
	n := r.IntN(400)
	l.line("INFO", fmt.Sprintf("purged %d expired sessions", n))
	return fmt.Sprintf(`{"purged":%d}`, n)
}

func imageResize(l *runLog, r *rand.Rand, result outcome) string {
	img := fmt.Sprintf("uploads/IMG_%04d.jpg", r.IntN(10000))
	l.line("", fmt.Sprintf("resizing cos://photos-1250000000/%s (%dx%d) to 3 sizes", img, 1000+r.IntN(4000), 1000+r.IntN(4000)))
	switch result {
	case outcomeUserError:
		l.line("", fmt.Sprintf("decode %s: image: unknown format", img))
		return userError("image: unknown format")
	case outcomeMemoryLimit:
		l.line("", "decoding a 48 MP image into RGBA")
		return ""
	}
	l.line("", fmt.Sprintf("wrote thumbs/%s sizes=[128 512 1024]", img))
	return `"ok"`
}

func reportJava(l *runLog, r *rand.Rand, result outcome) string {
	rpt := fmt.Sprintf("rpt-%05d", r.IntN(100000))
	l.line("INFO", fmt.Sprintf("generating report %s for tenant t-%d", rpt, r.IntN(50)))
	l.line("INFO", fmt.Sprintf("query returned %d rows", 1000+r.IntN(90000)))
	if result == outcomeTimeout {
		l.line("WARN", "rendering PDF page 212 of 480")
		return ""
	}
	l.line("INFO", fmt.Sprintf("uploaded cos://reports-1250000000/%s.pdf", rpt))
	return fmt.Sprintf(`{"report":"%s","status":"done"}`, rpt)
}
