import { onIdTokenChanged, signOut, type User } from 'firebase/auth';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiRequest, callFunction } from './api';
import { SessionContext, type Role, type Session } from './context';
import type { FirebaseServices } from './firebase';
import { href, useRoute } from './router';
import { AdminPage } from './pages/admin';
import { CatalogPage } from './pages/catalog';
import { CertificatesPage } from './pages/certificates';
import { DashboardPage } from './pages/dashboard';
import { EditorRoutes } from './pages/editor/routes';
import { MediaPage } from './pages/media';
import { MyDataPage } from './pages/my-data';
import { InsightsIndexPage, InsightsPage } from './pages/insights';
import { PathwayPage } from './pages/pathway';
import { ProjectPage, ProjectsPage } from './pages/projects';
import { ReviewPage } from './pages/review';
import { SignInPage } from './pages/sign-in';
import { VerifyPage } from './pages/verify';

function roleOf(claim: unknown): Role {
  return claim === 'instructor' || claim === 'admin' ? claim : 'learner';
}

function Navigation(props: { session: Session }) {
  const { role, user, services } = props.session;
  const links: [string, string][] = [
    ['Dashboard', href('dashboard')],
    ['Catalog', href('catalog')],
    ['Certificates', href('certificates')],
    ['Your data', href('my-data')],
  ];
  if (role !== 'learner')
    links.push(
      ['Review queue', href('review')],
      ['Course projects', href('projects')],
      ['Pathway editor', href('editor')],
      ['Media library', href('media')],
      ['Insights', href('insights')],
    );
  if (role === 'admin') links.push(['Administration', href('admin')]);
  return (
    <header class="top">
      <a class="brand" href={href('dashboard')}>
        Pathwise
      </a>
      <nav aria-label="Main">
        <ul>
          {links.map(([label, target]) => (
            <li key={target}>
              <a href={target}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <span class="who">
        {user.email} ({role})
      </span>
      <button type="button" onClick={() => void signOut(services.auth)}>
        Sign out
      </button>
    </header>
  );
}

function SignedInRoutes(props: { route: string[] }) {
  const [first, second] = props.route;
  switch (first) {
    case 'catalog':
      return <CatalogPage />;
    case 'pathways':
      return second ? (
        <PathwayPage pathwayId={second} focus={props.route[2] ?? null} />
      ) : (
        <CatalogPage />
      );
    case 'certificates':
      return <CertificatesPage />;
    case 'review':
      return <ReviewPage />;
    case 'projects':
      return second ? <ProjectPage courseId={second} /> : <ProjectsPage />;
    case 'insights':
      return second ? <InsightsPage pathwayId={second} /> : <InsightsIndexPage />;
    case 'admin':
      return <AdminPage />;
    case 'editor':
      return <EditorRoutes route={props.route.slice(1)} />;
    case 'media':
      return <MediaPage />;
    case 'my-data':
      return <MyDataPage />;
    default:
      return <DashboardPage />;
  }
}

export function App(props: { services: FirebaseServices }) {
  const { services } = props;
  const route = useRoute();
  const [auth, setAuth] = useState<{ user: User | null; role: Role; ready: boolean }>({
    user: null,
    role: 'learner',
    ready: false,
  });
  useEffect(
    () =>
      onIdTokenChanged(services.auth, (user) => {
        if (!user) {
          setAuth({ user: null, role: 'learner', ready: true });
          return;
        }
        void user
          .getIdTokenResult()
          .then((token) => setAuth({ user, role: roleOf(token.claims.role), ready: true }));
      }),
    [services],
  );
  const session = useMemo<Session | null>(
    () =>
      auth.user
        ? {
            services,
            user: auth.user,
            role: auth.role,
            api: (method, path, body, headers) =>
              apiRequest(services.auth, method, path, body, headers),
            call: (name, data) => callFunction(services.functions, name, data),
          }
        : null,
    [services, auth],
  );

  // The verify page is public: it is what a certificate's QR code leads to.
  if (route[0] === 'verify' && route[1])
    return (
      <main id="main">
        <VerifyPage certificateId={route[1]} />
      </main>
    );
  if (!auth.ready)
    return (
      <main id="main">
        <p role="status">Starting…</p>
      </main>
    );
  if (!session)
    return (
      <main id="main">
        <SignInPage auth={services.auth} />
      </main>
    );
  return (
    <SessionContext.Provider value={session}>
      <a
        class="skip"
        href="#main"
        onClick={(event) => {
          // The hash holds the route, so focus the content instead of navigating.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <Navigation session={session} />
      <main id="main" tabIndex={-1}>
        <SignedInRoutes route={route} />
      </main>
    </SessionContext.Provider>
  );
}
