import { servicesFromEnvironment, type Services } from '../../functions/services';

/**
 * The test process's own services and clients, configured from the environment the emulator
 * run and the stack set: tests read and write Firestore, Auth, Storage and Pub/Sub with them.
 */
let built: Services | undefined;

export function testServices(): Services {
  built ??= servicesFromEnvironment();
  return built;
}

export const db = () => testServices().clients.firestore;
export const adminAuth = () => testServices().clients.auth;
export const submissionsBucket = () => testServices().clients.submissionsBucket;
export const pubsub = () => testServices().clients.publisher.client;
