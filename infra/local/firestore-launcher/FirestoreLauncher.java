package pathwise.firestore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts the Google Cloud CLI's Firestore emulator (its jar names no main class) with the
 * arguments firebase-tools gives it, plus {@code --functions_emulator} from the environment.
 *
 * <p>With that flag the emulator itself POSTs a binary-mode CloudEvent, as Eventarc does, for
 * every write matching a trigger registered on it ({@code POST
 * /emulator/v1/projects/P/eventarcTrigger}). firebase-tools passes the flag only when it runs its
 * own Functions emulator, which Pathwise does not use: {@code PATHWISE_FIRESTORE_TRIGGERS} names
 * the trigger router of infra/local/emulators.mjs instead.
 */
public final class FirestoreLauncher {
  private static final String FLAG = "--functions_emulator";

  private FirestoreLauncher() {}

  public static void main(String[] args) throws Exception {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    String triggers = System.getenv("PATHWISE_FIRESTORE_TRIGGERS");
    if (triggers != null && !triggers.isEmpty() && !all.contains(FLAG)) {
      all.add(FLAG);
      all.add(triggers);
    }
    com.google.cloud.datastore.emulator.firestore.CloudFirestore.main(all.toArray(new String[0]));
  }
}
