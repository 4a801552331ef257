/**
 * One error type for both wire protocols: the JSON API answers `{"error":{…}}` with a `reason`,
 * the XML API answers `<Error><Code>…` with a different vocabulary, so each error carries both.
 */
export class StorageError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly xmlCode: string,
    readonly xmlMessage: string = message,
    readonly details?: string,
  ) {
    super(message);
  }
}

export const errors = {
  noSuchBucket: (bucket: string) =>
    new StorageError(
      404,
      'notFound',
      'The specified bucket does not exist.',
      'NoSuchBucket',
      'The specified bucket does not exist.',
      `No such bucket: ${bucket}`,
    ),
  noSuchObject: (bucket: string, name: string) =>
    new StorageError(
      404,
      'notFound',
      `No such object: ${bucket}/${name}`,
      'NoSuchKey',
      'The specified key does not exist.',
      `No such object: ${bucket}/${name}`,
    ),
  preconditionFailed: (condition: string) =>
    new StorageError(
      412,
      'conditionNotMet',
      'At least one of the pre-conditions you specified did not hold.',
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold.',
      `Condition failed: ${condition}`,
    ),
  bucketExists: () =>
    new StorageError(
      409,
      'conflict',
      'Your previous request to create the named bucket succeeded and you already own it.',
      'BucketAlreadyOwnedByYou',
    ),
  bucketNotEmpty: () =>
    new StorageError(
      409,
      'conflict',
      'The bucket you tried to delete is not empty.',
      'BucketNotEmpty',
    ),
  invalid: (message: string) =>
    new StorageError(400, 'invalid', message, 'InvalidArgument', 'Invalid argument.', message),
  required: (message: string) => new StorageError(400, 'required', message, 'InvalidArgument'),
  badDigest: (message: string) => new StorageError(400, 'invalid', message, 'BadDigest', message),
  notImplemented: (message: string) =>
    new StorageError(501, 'notImplemented', message, 'NotImplemented', message),
  rangeNotSatisfiable: () =>
    new StorageError(
      416,
      'requestedRangeNotSatisfiable',
      'The requested range cannot be satisfied.',
      'InvalidRange',
    ),
  uploadNotFound: () =>
    new StorageError(
      404,
      'notFound',
      'No such upload session; it was cancelled, expired or never existed.',
      'NoSuchUpload',
      'The requested upload was not found.',
    ),
};
