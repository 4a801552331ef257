import { FaultPoints } from '../../shared/platform/faults';

// Emulator tests run inside `firebase emulators:exec`, which sets the *_EMULATOR_HOST variables.
process.env.GCLOUD_PROJECT ??= 'demo-pathwise';
process.env.GOOGLE_CLOUD_PROJECT ??= process.env.GCLOUD_PROJECT;
process.env.FUNCTION_REGION ??= 'us-central1';
process.env.PATHWISE_LOG_LEVEL ??= 'ERROR';
// Short signed-URL lifetimes so expiry is testable in seconds, not minutes.
process.env.PATHWISE_UPLOAD_URL_TTL_SECONDS ??= '6';
process.env.PATHWISE_UPLOAD_EXPIRY_GRACE_SECONDS ??= '1';
// Every crash point of the fault suite, armed for subjects marked `crashtest` only
// (shared/platform/faults.ts): other tests never reach one.
process.env.PATHWISE_FAULTS ??= FaultPoints.join(',');
// The external LRS statements are pushed to: a port the LRS tests own (test/helpers/lrs.ts), moved
// with the run's port offset. Its queue stays paused unless such a test listens there.
process.env.PATHWISE_LRS_ENDPOINT ??= `http://127.0.0.1:${4450 + Number(process.env.PATHWISE_PORT_OFFSET ?? 0)}/xapi`;
process.env.PATHWISE_LRS_USERNAME ??= 'pathwise-test';
process.env.PATHWISE_LRS_PASSWORD ??= 'lrs-test-secret';
