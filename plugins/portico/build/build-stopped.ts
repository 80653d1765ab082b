/**
 * A build stopped by something its author can fix (a link that leads nowhere, two builds
 * disagreeing on a file): `portico build` prints the message and details, without a stack trace.
 */
export class BuildStoppedError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'BuildStoppedError';
  }
}
