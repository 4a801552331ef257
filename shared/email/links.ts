import type { EmailSettings } from './settings';

/**
 * Absolute links into the web app for mail, from the public origin. Paths follow the web
 * console's routes; ids are path-encoded.
 */
export function webLinks(settings: Pick<EmailSettings, 'brand'>) {
  const at = (...segments: string[]) =>
    new URL(segments.map(encodeURIComponent).join('/'), `${settings.brand.url}/`).toString();
  return {
    dashboard: () => at('dashboard'),
    catalog: () => at('pathways'),
    pathway: (pathwayId: string) => at('pathways', pathwayId),
    resource: (pathwayId: string, resourceId: string) =>
      at('pathways', pathwayId, 'resources', resourceId),
  };
}
