import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/pathways/p1`): the Hosting site needs no rewrite for them, and they cannot
 * collide with `/api/v1`, `/verify/…` or `/certificates/…`, which the functions own.
 */
export function currentRoute(): string[] {
  return window.location.hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
}

export function useRoute(): string[] {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}
