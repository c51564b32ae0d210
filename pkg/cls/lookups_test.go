package cls

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTopicsReadsEveryPageAndFiltersByNameOrID(t *testing.T) {
	f := newFakeCLS(t)
	f.canned["DescribeTopics"] = func(in map[string]any) map[string]any {
		off, lim := int(num(in["Offset"])), int(num(in["Limit"]))
		var topics []map[string]any
		for i := off; i < min(off+lim, 250); i++ {
			t := map[string]any{"TopicId": fmt.Sprintf("t-%03d", i), "TopicName": fmt.Sprintf("SCF_logtopic_%03d", i), "LogsetId": "ls-1", "Index": i%2 == 0, "Period": 7}
			if i == 3 {
				t["Period"] = nil
			}
			topics = append(topics, t)
		}
		return map[string]any{"Response": map[string]any{"Topics": topics, "TotalCount": 250, "RequestId": "r"}}
	}
	c := f.client(nil)
	topics, err := c.Topics(context.Background(), "")
	require.NoError(t, err)
	require.Len(t, topics, 250)
	assert.Equal(t, Topic{TopicID: "t-000", TopicName: "SCF_logtopic_000", LogsetID: "ls-1", Index: true, Period: 7}, topics[0])
	assert.Equal(t, int64(0), topics[3].Period)
	calls := f.actions("DescribeTopics")
	require.Len(t, calls, 3)
	for i, call := range calls {
		assert.Equal(t, fmt.Sprint(i*100), fmt.Sprint(call.body["Offset"]))
		assert.Equal(t, "100", fmt.Sprint(call.body["Limit"]))
		assert.NotContains(t, call.body, "Filters")
	}

	_, err = c.Topics(context.Background(), " SCF_log ")
	require.NoError(t, err)
	assert.Equal(t, []any{map[string]any{"Key": "topicName", "Values": []any{"SCF_log"}}}, f.actions("DescribeTopics")[3].body["Filters"])
	_, err = c.Topics(context.Background(), "0f3e1c2a-aaaa-4bbb-8ccc-0123456789ab")
	require.NoError(t, err)
	assert.Equal(t, "topicId", f.actions("DescribeTopics")[6].body["Filters"].([]any)[0].(map[string]any)["Key"], "a topic id searches by id")
}

func TestLogsetsReadsEveryPage(t *testing.T) {
	f := newFakeCLS(t)
	f.canned["DescribeLogsets"] = map[string]any{"Logsets": []map[string]any{{"LogsetId": "ls-1", "LogsetName": "SCF_logset_x", "TopicCount": 2, "AssumerName": "SCF"}}, "TotalCount": 1}
	logsets, err := f.client(nil).Logsets(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []Logset{{LogsetID: "ls-1", LogsetName: "SCF_logset_x", TopicCount: 2}}, logsets)
}

// The DescribeIndex answer as TC-GO cls/v20201016 models it (v1.3.166).
const describeIndexAnswer = `{
  "TopicId": "tp", "Status": true, "ModifyTime": "2026-11-20 10:00:00", "IncludeInternalFields": true, "MetadataFlag": 1,
  "Rule": {
    "FullText": {"CaseSensitive": false, "Tokenizer": "@&()='\",;:<>[]{}/ \n\t\r", "ContainZH": false},
    "KeyValue": {"CaseSensitive": false, "KeyValues": [
      {"Key": "SCF_FunctionName", "Value": {"Type": "text", "Tokenizer": "", "SqlFlag": true, "ContainZH": false}},
      {"Key": "SCF_Duration", "Value": {"Type": "long", "SqlFlag": true}},
      {"Key": "SCF_MemUsage", "Value": {"Type": "double", "SqlFlag": false}},
      {"Key": "req", "Value": {"Type": "json", "SqlFlag": false, "OpenIndexForChildOnly": true, "ChildNode": [
        {"Key": "path", "Value": {"Type": "text", "SqlFlag": true}},
        {"Key": "req.ms", "Value": {"Type": "long", "SqlFlag": true}}
      ]}}
    ]},
    "Tag": {"CaseSensitive": false, "KeyValues": [{"Key": "pod", "Value": {"Type": "text", "SqlFlag": true}}]},
    "DynamicIndex": {"Status": false}
  },
  "RequestId": "r"
}`

func TestIndexListsKeyValueFields(t *testing.T) {
	f := newFakeCLS(t)
	f.canned["DescribeIndex"] = rawJSON(describeIndexAnswer)
	fields, err := f.client(nil).Index(context.Background(), "tp")
	require.NoError(t, err)
	assert.Equal(t, []IndexField{
		{Name: "SCF_FunctionName", Type: "text", SQL: true},
		{Name: "SCF_Duration", Type: "long", SQL: true},
		{Name: "SCF_MemUsage", Type: "double", SQL: false},
		{Name: "req.path", Type: "text", SQL: true},
		{Name: "req.ms", Type: "long", SQL: true},
		{Name: "__TAG__.pod", Type: "text", SQL: true},
	}, fields)
	assert.Equal(t, "tp", f.actions("DescribeIndex")[0].body["TopicId"])

	f.canned["DescribeIndex"] = map[string]any{"TopicId": "tp", "Status": false, "Rule": nil}
	fields, err = f.client(nil).Index(context.Background(), "tp")
	require.NoError(t, err)
	assert.Empty(t, fields)
	assert.NotNil(t, fields, "an empty list, not null, for the editor")
}
