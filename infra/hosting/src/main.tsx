import { render } from 'preact';
import { App } from './app';
import { loadConfig } from './config';
import { connectFirebase } from './firebase';
import './styles.css';

const root = document.getElementById('app') as HTMLElement;

loadConfig().then(
  (config) => render(<App services={connectFirebase(config)} />, root),
  (error: unknown) =>
    render(
      <p role="alert" class="error">
        The console cannot start: {error instanceof Error ? error.message : String(error)}
      </p>,
      root,
    ),
);
