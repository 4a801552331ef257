import { manifest } from '../../../infra/manifest';
import type { ApiResponse } from '../../helpers/api';
import { closeOutboxCollector, closeScenarioLrs, scenarios, type Prepared } from './scenarios';

/**
 * At-least-once delivery, for every function the platform delivers events or tasks to: the same
 * event delivered twice, again after a later event of the same key (out of order), and ten times
 * at once must leave the state one delivery leaves. The list comes from the manifest, so a new
 * event function without a scenario fails here by name.
 */
const delivered = manifest.functions.filter((f) =>
  (['pubsub', 'storage', 'firestore', 'task'] as const).some((kind) => f.kind === kind),
);
const CONCURRENT = 10;

afterAll(closeOutboxCollector);
afterAll(closeScenarioLrs);

function accepted(responses: ApiResponse[]): void {
  for (const response of responses) {
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
  }
}

it('covers every event and task function of the manifest', () => {
  const missing = delivered.map((f) => f.name).filter((name) => !scenarios[name]);
  expect(missing).toEqual([]);
  expect(delivered.length).toBeGreaterThanOrEqual(13);
});

describe.each(delivered.map((f) => f.name))('%s under duplicate delivery', (name) => {
  /** The state one delivery leaves, from the first mode; the others must reach the same. */
  let once: unknown;
  const prepare = async (): Promise<Prepared> => {
    const scenario = scenarios[name];
    if (!scenario) throw new Error(`${name} has no duplicate-delivery scenario`);
    return scenario.prepare();
  };

  it('delivered twice: the second delivery changes nothing', async () => {
    const p = await prepare();
    accepted([await p.deliver()]);
    once = await p.observe();
    accepted([await p.deliver()]);
    expect(await p.observe()).toEqual(once);
  });

  it('delivered again after a later event: the stale copy changes nothing', async () => {
    const p = await prepare();
    accepted([await p.deliver(), await p.deliverLater()]);
    const settled = await p.observe();
    accepted([await p.deliver()]);
    expect(await p.observe()).toEqual(settled);
  });

  it(`delivered ${CONCURRENT} times at once: the state of one delivery`, async () => {
    const p = await prepare();
    accepted(await Promise.all(Array.from({ length: CONCURRENT }, () => p.deliver())));
    expect(await p.observe()).toEqual(once);
  });
});
