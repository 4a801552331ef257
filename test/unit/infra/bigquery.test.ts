import path from 'node:path';
import { Parser } from 'node-sql-parser';
import type { z } from 'zod';
import {
  ANALYTICS_DATASET,
  ANALYTICS_VIEWS,
  RAW_EVENT_TABLES,
  bigQueryCommands,
  viewSql,
} from '../../../infra/bigquery';
import { deployPlan, REQUIRED_APIS } from '../../../infra/deploy-plan';
import { manifest } from '../../../infra/manifest';
import { ProgressEventSchema, ProgressEventTypeSchema } from '../../../shared/events';
import { LearnerEventSchema } from '../../../shared/learner/events';

const root = path.resolve(__dirname, '../../..');
const dataset = `acme-learning.${ANALYTICS_DATASET}`;
const parser = new Parser();
const sql = (view: string) => viewSql(root, view, dataset);

/** The tables a statement reads, as `project.dataset.table`, leaving out its own CTE names. */
function tablesRead(statement: string): string[] {
  return parser
    .tableList(statement, { database: 'BigQuery' })
    .map((entry) => entry.split('::')[2] as string)
    .filter((name) => name.includes('.'));
}

/** The text of one CTE (`name AS ( … )` up to the next CTE or the final SELECT). */
function cte(statement: string, name: string): string {
  const start = statement.indexOf(`${name} AS (`);
  if (start < 0) throw new Error(`no CTE ${name}`);
  const rest = statement.slice(start + name.length);
  const end = rest.search(/\n\),?\n/);
  return rest.slice(0, end);
}

const jsonPaths = (text: string) =>
  [...text.matchAll(/JSON_VALUE\(data, '\$\.([a-z_.]+)'\)/g)].map((m) => m[1] as string);

const variants = LearnerEventSchema.options as unknown as z.ZodObject<{
  kind: z.ZodLiteral<string>;
  data: z.ZodObject<z.ZodRawShape>;
}>[];
const envelopeKeys = new Set(variants.flatMap((v) => Object.keys(v.shape)));
const dataKeys = new Set(variants.flatMap((v) => Object.keys(v.shape.data.shape)));

describe('BigQuery views', () => {
  it.each(ANALYTICS_VIEWS)('%s parses as GoogleSQL and creates the view in the dataset', (view) => {
    const statement = sql(view);
    expect(() => parser.astify(statement, { database: 'BigQuery' })).not.toThrow();
    expect(statement).toMatch(
      new RegExp(`^(--[^\\n]*\\n)*CREATE OR REPLACE VIEW \`${dataset}\\.${view}\` AS\\n`),
    );
  });

  it('each view reads only the raw tables or views created before it', () => {
    const known = new Set(RAW_EVENT_TABLES.map((t) => `${dataset}.${t.table}`));
    for (const view of ANALYTICS_VIEWS) {
      const read = tablesRead(sql(view));
      expect({ view, unknown: read.filter((t) => !known.has(t)) }).toEqual({ view, unknown: [] });
      expect(read.length).toBeGreaterThan(0);
      known.add(`${dataset}.${view}`);
    }
  });

  it('learner_events reads only fields learner events and progress events have', () => {
    const statement = sql('learner_events');
    const learner = jsonPaths(cte(statement, 'learner'));
    const progress = jsonPaths(cte(statement, 'progress'));
    expect(learner.length).toBeGreaterThan(8);
    expect(progress.length).toBeGreaterThan(6);
    const missing = learner.filter((p) => {
      const [head, field] = p.split('.') as [string, string | undefined];
      return field === undefined
        ? !envelopeKeys.has(head)
        : head !== 'data' || !dataKeys.has(field);
    });
    const progressKeys = new Set(Object.keys(ProgressEventSchema.shape));
    expect({ missing, progress: progress.filter((p) => !progressKeys.has(p)) }).toEqual({
      missing: [],
      progress: [],
    });
  });

  it('maps every progress event type to a learner event kind and completions to their scope', () => {
    const progress = cte(sql('learner_events'), 'progress');
    const [kindCase, scopeCase] = progress.split('END AS kind') as [string, string];
    const mapping = (text: string) =>
      Object.fromEntries(
        [...text.matchAll(/WHEN '([a-z_]+)' THEN '([a-z_]+)'/g)].map((m) => [m[1], m[2]]),
      );
    const kinds = mapping(kindCase);
    const scopes = mapping(scopeCase.split('END AS scope')[0] as string);
    const kindNames = new Set(variants.map((v) => v.shape.kind.value));
    for (const type of ProgressEventTypeSchema.options) {
      const kind = kinds[type] ?? type;
      expect({ type, known: kindNames.has(kind) }).toEqual({ type, known: true });
    }
    expect(scopes).toEqual({
      resource_completed: 'resource',
      module_completed: 'module',
      pathway_completed: 'pathway',
    });
  });

  it('keeps the earliest copy of each event id (Pub/Sub delivers at least once)', () => {
    expect(sql('learner_events')).toContain(
      'QUALIFY ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY publish_time) = 1',
    );
  });
});

describe('deploy plan: BigQuery export', () => {
  const lines = deployPlan({
    projectId: 'acme-learning',
    region: 'europe-west1',
    firestoreLocation: 'eur3',
    root,
  });
  const at = (predicate: (l: string) => boolean, what: string) => {
    const i = lines.findIndex(predicate);
    if (i < 0) throw new Error(`no line ${what}`);
    return i;
  };

  it('enables the BigQuery API', () => {
    expect(REQUIRED_APIS).toContain('bigquery.googleapis.com');
  });

  it('creates the dataset, then tables, grants, subscriptions and views in that order', () => {
    const datasetAt = at((l) => l.includes(' mk --dataset '), 'dataset');
    for (const t of RAW_EVENT_TABLES) {
      const topicAt = at((l) => l.startsWith(`gcloud pubsub topics create ${t.topic} `), t.topic);
      const tableAt = at(
        (l) => l.endsWith(`acme-learning:${ANALYTICS_DATASET}.${t.table}`),
        t.table,
      );
      const grantAt = at(
        (l) => l.includes('add-iam-policy-binding') && l.endsWith(`.${t.table}`),
        `grant on ${t.table}`,
      );
      const subAt = at(
        (l) => l.includes(`subscriptions create ${t.subscription} `),
        t.subscription,
      );
      expect(datasetAt).toBeLessThan(tableAt);
      expect(tableAt).toBeLessThan(grantAt);
      expect(grantAt).toBeLessThan(subAt);
      expect(topicAt).toBeLessThan(subAt);
      expect(lines[subAt]).toContain(
        `--topic=${t.topic} --bigquery-table=acme-learning:${ANALYTICS_DATASET}.${t.table} --write-metadata`,
      );
      expect(lines[grantAt]).toContain(
        '--member="serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com" --role=roles/bigquery.dataEditor',
      );
    }
    const views = ANALYTICS_VIEWS.map((v) =>
      at((l) => l.includes(`CREATE OR REPLACE VIEW \`${dataset}.${v}\``), v),
    );
    expect([...views].sort((a, b) => a - b)).toEqual(views);
    expect(Math.min(...views)).toBeGreaterThan(
      at((l) => l.includes('subscriptions create'), 'a subscription'),
    );
  });

  it('subscribes only to topics the manifest creates', () => {
    const topics = new Set(manifest.topics.map((t) => t.name));
    for (const t of RAW_EVENT_TABLES) expect(topics.has(t.topic)).toBe(true);
  });

  it('partitions raw tables by day of publication', () => {
    const commands = bigQueryCommands({ projectId: 'p', region: 'europe-west1', root });
    const tables = commands.filter((l) => l.includes(' mk --table '));
    expect(tables).toHaveLength(RAW_EVENT_TABLES.length);
    for (const line of tables) {
      expect(line).toContain('--time_partitioning_field=publish_time --time_partitioning_type=DAY');
      expect(line).toContain(
        '--schema=subscription_name:STRING,message_id:STRING,publish_time:TIMESTAMP,data:STRING,attributes:STRING',
      );
    }
  });
});
