import { IdentityToolkit } from '../../shared/accounts/identity-toolkit';
import { PasswordReset } from '../../shared/accounts/password-reset';
import { Registration } from '../../shared/accounts/registration';
import { AccountsRepository } from '../../shared/accounts/repository';
import { Sessions } from '../../shared/accounts/sessions';
import type { EmailServices } from './email';
import type { ProgressServices } from './progress';
import { lazy, once } from './lazy';
import type { Platform } from './platform';

export interface AccountsServices {
  registration: Registration;
  sessions: Sessions;
  passwordReset: PasswordReset;
}

export function accountsServices(
  platform: Platform,
  email: EmailServices,
  progress: ProgressServices,
): AccountsServices {
  const { config, clients, rateLimits } = platform;
  const repository = once(() => new AccountsRepository(clients.firestore));
  const sessions = once(() => {
    if (!config.firebaseApiKey) {
      throw new Error("Sign-in needs PATHWISE_FIREBASE_API_KEY, the project's Web API key");
    }
    const toolkit = new IdentityToolkit({
      apiKey: config.firebaseApiKey,
      emulatorHost: config.authEmulatorHost,
    });
    return new Sessions(toolkit, rateLimits);
  });
  return lazy<AccountsServices>({
    sessions,
    registration: () =>
      new Registration(
        clients.auth,
        repository(),
        sessions(),
        email.mailer,
        progress.weeklyReports,
        rateLimits,
      ),
    passwordReset: () => new PasswordReset(clients.auth, email.mailer, rateLimits),
  });
}
