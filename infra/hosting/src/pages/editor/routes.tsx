import { EditorHomePage } from './pathways';
import { PathwayEditorPage } from './pathway-editor';
import { ResourceEditorPage } from './resource-editor';

/** `#/editor`, `#/editor/{pathway}`, `#/editor/{pathway}/resources/{resource}`. */
export function EditorRoutes(props: { route: string[] }) {
  const [pathwayId, section, resourceId] = props.route;
  if (!pathwayId) return <EditorHomePage />;
  if (section === 'resources' && resourceId)
    return <ResourceEditorPage key={resourceId} pathwayId={pathwayId} resourceId={resourceId} />;
  return <PathwayEditorPage key={pathwayId} pathwayId={pathwayId} />;
}
