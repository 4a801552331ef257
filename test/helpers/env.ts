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
