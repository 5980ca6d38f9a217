/** Another run holds the lock on this cache: exit 3. In its own module, so that reporting it loads no lock code. */
export class LockedError extends Error {
  override readonly name = 'LockedError';
}
