import type * as JoseModule from 'jose' with { 'resolution-mode': 'import' };

/** jose is ES-module-only; this CommonJS package reaches it through one cached dynamic import. */
let loaded: Promise<typeof JoseModule> | undefined;

export function loadJose(): Promise<typeof JoseModule> {
  loaded ??= import('jose');
  return loaded;
}
