import { SelectableValue } from '@grafana/data';
import { MultiSelect, Select } from '@grafana/ui';
import React, { useMemo } from 'react';

import { EditorField } from '@grafana/plugin-ui';

import { MAX_CLS_TOPICS } from '../../defaults';
import { ResourceClient } from '../../resources';
import { CLSLogset, CLSTopic } from '../../types';
import { variableOptions } from './templateVariables';
import { useTopicCatalog } from './useTopicCatalog';

interface Props {
  id: string;
  client: ResourceClient;
  /** Topic ids (or variable references) chosen. */
  value: string[];
  /** Several topics (a query) or one (a variable's field values). */
  multi?: boolean;
  width?: number;
  onChange: (topics: string[]) => void;
}

function describe(topic: CLSTopic, logsets: Record<string, CLSLogset>): string {
  const logset = topic.logsetId ? (logsets[topic.logsetId]?.logsetName ?? topic.logsetId) : undefined;
  return [
    topic.topicId,
    logset && `logset ${logset}`,
    topic.period && `${topic.period} days`,
    topic.index === false && 'no index: cannot be searched',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Topics searched across the region by name or id as the user types (the
 * backend's `topics?search=`), with dashboard variables and free text kept
 * usable when the look-up fails, as the other pickers do.
 */
export function TopicPicker({ id, client, value, multi = true, width = 60, onChange }: Props) {
  const catalog = useTopicCatalog(client, value);
  const { found, known, logsets } = catalog;

  const options = useMemo(() => {
    const all: Array<SelectableValue<string>> = found.map((t) => ({
      value: t.topicId,
      label: t.topicName,
      description: describe(t, logsets),
    }));
    all.push(...variableOptions());
    for (const topicId of value) {
      if (!all.some((o) => o.value === topicId)) {
        // A chosen topic the current search does not list still shows by name.
        all.unshift({ value: topicId, label: known[topicId]?.topicName ?? topicId });
      }
    }
    return all;
  }, [found, known, logsets, value]);

  // The backend already matched the search (an id matches too, not only a name): keep its answers.
  const fromSearch = useMemo(() => new Set(found.map((t) => t.topicId)), [found]);
  const filterOption = (option: SelectableValue<string>, text: string) =>
    fromSearch.has(option.value ?? '') ||
    `${option.label ?? ''} ${option.value ?? ''}`.toLowerCase().includes(text.toLowerCase());

  const full = multi && value.length >= MAX_CLS_TOPICS;
  const error = catalog.error ? `Could not search topics: ${catalog.error}. You can still type a topic id.` : undefined;
  const common = {
    inputId: id,
    'aria-label': multi ? 'Topics' : 'Topic',
    options,
    isLoading: catalog.loading,
    loadingMessage: 'Searching topics…',
    noOptionsMessage: full ? `At most ${MAX_CLS_TOPICS} topics per query` : 'No topics found',
    placeholder: 'Search topics by name or id',
    allowCustomValue: true,
    width,
    filterOption,
    onInputChange: (text: string) => catalog.setSearch(text),
  };
  return (
    <EditorField
      label={multi ? 'Topics' : 'Topic'}
      tooltip={
        multi
          ? `The CLS topics to search, up to ${MAX_CLS_TOPICS}; with several, each line is labelled with its topic.`
          : 'The CLS topic.'
      }
      invalid={Boolean(error)}
      error={error}
      width={width}
    >
      {multi ? (
        <MultiSelect
          {...common}
          value={value}
          isOptionDisabled={() => full}
          onChange={(picked: Array<SelectableValue<string>>) =>
            onChange(
              picked
                .map((o) => o.value!)
                .filter(Boolean)
                .slice(0, MAX_CLS_TOPICS)
            )
          }
        />
      ) : (
        <Select
          {...common}
          value={value[0] ? options.find((o) => o.value === value[0]) : null}
          isClearable
          onChange={(picked: SelectableValue<string> | null) => onChange(picked?.value ? [picked.value] : [])}
        />
      )}
    </EditorField>
  );
}
