/**
 * Learner events in BigQuery, for a platform that outgrows per-learner documents: each event
 * topic gets a Pub/Sub BigQuery subscription that writes every message, as it is published, into
 * a raw table of its own (the message's JSON in `data`, Pub/Sub's metadata beside it); the views
 * in infra/bigquery/ read them as one deduplicated stream and build cohort analytics on it. Raw
 * tables keep JSON rather than a column per field, so a field added to an event never breaks the
 * subscription; the views decide what to read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Topics, type TopicName } from '../shared/triggers';
import { shellWord } from './deploy-functions';

export const ANALYTICS_DATASET = 'pathwise_analytics';

export interface RawEventTable {
  table: string;
  topic: TopicName;
  subscription: string;
}

/** One raw table and subscription per topic that carries learner activity. */
export const RAW_EVENT_TABLES: readonly RawEventTable[] = [
  {
    table: 'progress_events_raw',
    topic: Topics.progressEvents,
    subscription: 'progress-events-to-bigquery',
  },
  {
    table: 'learner_events_raw',
    topic: Topics.learnerEvents,
    subscription: 'learner-events-to-bigquery',
  },
];

/**
 * The columns a BigQuery subscription with `--write-metadata` fills when it uses neither a table
 * nor a topic schema: the message data (our JSON) in `data`, the attributes as a JSON object.
 */
export const RAW_TABLE_SCHEMA = [
  ['subscription_name', 'STRING'],
  ['message_id', 'STRING'],
  ['publish_time', 'TIMESTAMP'],
  ['data', 'STRING'],
  ['attributes', 'STRING'],
] as const;

/** The views in the order they are created: each reads only raw tables or views before it. */
export const ANALYTICS_VIEWS = [
  'learner_events',
  'daily_activity',
  'pathway_funnel',
  'weekly_cohorts',
] as const;

export const DATASET_PLACEHOLDER = '{{dataset}}';

/** A view's `CREATE OR REPLACE VIEW` statement, for the dataset given as `project.dataset`. */
export function viewSql(root: string, view: string, dataset: string): string {
  const file = path.join(root, 'infra', 'bigquery', `${view}.sql`);
  return readFileSync(file, 'utf8').replaceAll(DATASET_PLACEHOLDER, dataset).trimEnd();
}

/** The Pub/Sub service agent, which a BigQuery subscription writes as (a shell expansion). */
const PUBSUB_AGENT = 'service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com';

/**
 * The deploy plan's BigQuery section, after the topics exist: the dataset in the functions'
 * region, a day-partitioned raw table per topic, the Pub/Sub service agent allowed to write to
 * exactly those tables, the subscriptions, then the views.
 */
export function bigQueryCommands(args: {
  projectId: string;
  region: string;
  root: string;
}): string[] {
  const { projectId, region } = args;
  const bq = `bq --project_id=${projectId}`;
  const p = `--project=${projectId}`;
  const dataset = `${projectId}:${ANALYTICS_DATASET}`;
  const schema = RAW_TABLE_SCHEMA.map(([name, type]) => `${name}:${type}`).join(',');
  const lines = [
    `${bq} mk --dataset --location=${region} --description=${shellWord('Pathwise learner events, written by Pub/Sub BigQuery subscriptions, and cohort views')} ${dataset}`,
  ];
  for (const t of RAW_EVENT_TABLES) {
    lines.push(
      `${bq} mk --table --time_partitioning_field=publish_time --time_partitioning_type=DAY --schema=${schema} --description=${shellWord(`Every message on ${t.topic}, as published`)} ${dataset}.${t.table}`,
    );
  }
  lines.push(
    `PROJECT_NUMBER="$(gcloud projects describe ${projectId} --format=${shellWord('value(projectNumber)')})"`,
    '[[ "$PROJECT_NUMBER" =~ ^[0-9]+$ ]] || { echo "unexpected project number: \'$PROJECT_NUMBER\'" >&2; exit 1; }',
    "# The Pub/Sub service agent writes each subscription's rows: data editor on its table only",
  );
  for (const t of RAW_EVENT_TABLES) {
    lines.push(
      `retry ${bq} add-iam-policy-binding --member="serviceAccount:${PUBSUB_AGENT}" --role=roles/bigquery.dataEditor ${dataset}.${t.table}`,
    );
  }
  for (const t of RAW_EVENT_TABLES) {
    lines.push(
      `retry gcloud pubsub subscriptions create ${t.subscription} --topic=${t.topic} --bigquery-table=${dataset}.${t.table} --write-metadata ${p}`,
    );
  }
  for (const view of ANALYTICS_VIEWS) {
    lines.push(
      `${bq} query --location=${region} --use_legacy_sql=false <<'SQL'`,
      viewSql(args.root, view, `${projectId}.${ANALYTICS_DATASET}`),
      'SQL',
    );
  }
  return lines;
}
