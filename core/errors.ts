// Errors every part may raise for bad input: a flag, a config or a history
// line that is wrong. The CLI turns them into exit 3 with the message.

/** Bad input (exit 3): the message says what was wrong, where, and how to fix it. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}
