import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allFunctions } from '../../helpers/definitions';
import { manifest } from '../../../infra/manifest';
import { loadRewrites, matchRewrite } from '../../../infra/local/rewrites';
import { Topics } from '../../../shared/triggers';
import type { HttpDefinition } from '../../../shared/platform/functions';

const root = path.resolve(__dirname, '..', '..', '..');

describe('function manifest ↔ code', () => {
  it('names every function the code registers, and nothing else', () => {
    expect(manifest.functions.map((f) => f.name).sort()).toEqual(
      allFunctions.map((f) => f.name).sort(),
    );
  });

  it.each(allFunctions.map((fn) => [fn.name, fn] as const))(
    '%s has the kind and trigger the code declares',
    (_name, fn) => {
      const entry = manifest.functions.find((f) => f.name === fn.name);
      expect(entry).toBeDefined();
      expect(entry?.kind).toBe(fn.trigger.kind);
      // Every function is registered with the `http` signature (event functions verify their
      // caller's token, which the `cloudEvent` signature hides); what differs is what it accepts.
      expect(fn.signature).toBe('http');
      const accepts = 'eventType' in fn ? fn.eventType : 'routes';
      switch (fn.trigger.kind) {
        case 'pubsub':
          expect(entry?.topic).toBe(fn.trigger.topic);
          expect(accepts).toBe('google.cloud.pubsub.topic.v1.messagePublished');
          break;
        case 'storage':
          expect(entry?.bucket).toBe(fn.trigger.bucket);
          expect(entry?.event).toBe(fn.trigger.event);
          // The type the deploy plan's Eventarc filter subscribes the function to.
          expect(accepts).toBe(`google.cloud.storage.object.v1.${entry?.event}`);
          break;
        case 'firestore':
          expect(entry?.document).toBe(fn.trigger.document);
          expect(accepts).toBe('google.cloud.firestore.document.v1.created');
          break;
        case 'task':
          expect(entry?.queue).toBe(fn.trigger.queue);
          expect(accepts).toBe('routes');
          break;
        default:
          expect(accepts).toBe('routes');
      }
    },
  );

  it('lets only the expected service identity call task routes', () => {
    const tasks = allFunctions.filter((f): f is HttpDefinition => f.trigger.kind === 'task');
    expect(tasks.length).toBeGreaterThan(0);
    for (const fn of tasks) {
      for (const route of fn.routes) expect(route.auth).toEqual({ service: 'tasks-invoker' });
    }
  });

  it('declares every topic and queue that a function is triggered by', () => {
    const topics = new Set(manifest.topics.map((t) => t.name));
    const queues = new Set(manifest.queues.map((q) => q.name));
    for (const fn of manifest.functions) {
      if (fn.topic) expect(topics).toContain(fn.topic);
      if (fn.queue) expect(queues).toContain(fn.queue);
    }
    for (const topic of Object.values(Topics)) expect(topics).toContain(topic);
  });

  it('uses topic names Pub/Sub accepts (at least 3 characters)', () => {
    for (const topic of manifest.topics)
      expect(topic.name).toMatch(/^[a-zA-Z][a-zA-Z0-9._~%+-]{2,254}$/);
  });
});

describe('Hosting rewrites ↔ routes', () => {
  const rewrites = loadRewrites(path.join(root, 'firebase.json'));
  // Task targets are reached by Cloud Tasks at their own URL, never through Hosting.
  const httpFunctions = allFunctions.filter((f): f is HttpDefinition => f.trigger.kind === 'http');

  it('routes every HTTP route to the function that serves it', () => {
    for (const fn of httpFunctions) {
      for (const route of fn.routes) {
        const concrete = route.path.replace(/\{[^}]+\}/g, 'sample-id');
        expect({
          path: route.path,
          routedTo: matchRewrite(rewrites, concrete)?.functionId,
        }).toEqual({
          path: route.path,
          routedTo: fn.name,
        });
      }
    }
  });

  it('points rewrites only at HTTP functions of the manifest', () => {
    const httpNames = manifest.functions.filter((f) => f.kind === 'http').map((f) => f.name);
    for (const rewrite of rewrites) expect(httpNames).toContain(rewrite.functionId);
  });

  it('keeps every rewrite in the manifest region', () => {
    const json = JSON.parse(readFileSync(path.join(root, 'firebase.json'), 'utf8'));
    const regions = new Set(
      json.hosting.rewrites.map((r: { function: { region: string } }) => r.function.region),
    );
    expect([...regions]).toEqual(['us-central1']);
  });
});
