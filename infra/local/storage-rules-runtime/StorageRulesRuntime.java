package pathwise.storagerules;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.firebase.rules.lang.CompileResult;
import com.google.firebase.rules.lang.FirebaseRulesProtoCompiler;
import com.google.firebase.rules.lang.common.FirebaseRulesLangOptions;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageCreateContextConverter;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageDeleteContextConverter;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageGetContextConverter;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageListContextConverter;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageUpdateContextConverter;
import com.google.firebase.rules.runtime.common.EvaluationResult;
import com.google.firebase.rules.runtime.evaluators.AuthRuleEvaluator.RuleContext;
import com.google.firebase.rules.runtime.impl.DefaultEvaluator;
import com.google.firebase.rules.runtime.v1.RulesetAst;
import com.google.firebase.rules.v1.File;
import com.google.firebase.rules.v1.Issue;
import com.google.firebase.rules.v1.Source;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Cloud Storage rules runtime that firebase-tools' Storage emulator spawns (`java -jar …
 * serve`), built on Google's Firebase rules engine from the Firestore emulator jar instead of the
 * runtime jar firebase-tools downloads. It speaks that runtime's protocol, one JSON object per
 * line: requests on stdin (`load_ruleset`, `verify`, and the answers to its own
 * `fetch_firestore_document` requests), responses on stdout. Compiling, matching and evaluating are
 * the engine's own, and the request is turned into the engine's context by the engine's own Storage
 * converters, so nothing here decides an access.
 */
public final class StorageRulesRuntime {
  private static final String SERVICE = "firebase.storage";

  private final Map<String, RulesetAst> rulesets = new ConcurrentHashMap<>();
  private final PrintStream out;
  private final FirestoreLookups firestore;

  private StorageRulesRuntime(PrintStream out) {
    this.out = out;
    this.firestore = new FirestoreLookups(this::send);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].equals("serve")) {
      System.err.println("usage: java -jar storage-rules-runtime.jar serve");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    new StorageRulesRuntime(out).serve(System.in);
  }

  private void serve(java.io.InputStream in) throws Exception {
    JsonObject ready = new JsonObject();
    ready.addProperty("id", -1);
    ready.addProperty("status", "ok");
    ready.addProperty("message", "Storage rules runtime ready");
    send(ready);
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) continue;
      JsonObject request;
      try {
        request = JsonParser.parseString(line).getAsJsonObject();
      } catch (RuntimeException e) {
        System.err.println("Unreadable request: " + e.getMessage());
        continue;
      }
      handle(request);
    }
  }

  private void handle(JsonObject request) {
    int id = request.get("id").getAsInt();
    // An answer to one of our own document requests carries no action.
    if (!request.has("action") || request.get("action").getAsString().isEmpty()) {
      firestore.complete(id, request);
      return;
    }
    String action = request.get("action").getAsString();
    JsonObject context = request.getAsJsonObject("context");
    try {
      switch (action) {
        case "load_ruleset" -> send(loadRuleset(id, context));
        case "verify" -> verify(id, context);
        default -> send(failure(id, "Unknown action " + action));
      }
    } catch (RuntimeException e) {
      send(failure(id, e.toString()));
    }
  }

  private JsonObject loadRuleset(int id, JsonObject context) {
    Source.Builder source = Source.newBuilder();
    for (JsonElement file : context.getAsJsonObject("source").getAsJsonArray("files")) {
      JsonObject f = file.getAsJsonObject();
      source.addFiles(
          File.newBuilder()
              .setName(f.get("name").getAsString())
              .setContent(f.get("content").getAsString()));
    }
    // The options the Firestore emulator compiles its rules with, and cross-service calls
    // (firestore.get / firestore.exists), which Storage rules may make.
    FirebaseRulesLangOptions options =
        FirebaseRulesLangOptions.builder()
            .allowTernaryOperator(true)
            .allowCrossServiceRules(true)
            .build();
    CompileResult compiled = FirebaseRulesProtoCompiler.createStandalone(options).compile(source);
    JsonObject response = ok(id);
    JsonArray errors = new JsonArray();
    JsonArray warnings = new JsonArray();
    for (Issue issue : compiled.getIssues()) {
      String text = describe(issue);
      if (issue.getSeverity() == Issue.Severity.ERROR) errors.add(text);
      else warnings.add(text);
    }
    response.add("errors", errors);
    response.add("warnings", warnings);
    if (!compiled.hasCompilationError()) {
      RulesetAst ast = compiled.getRulesetAst();
      rulesets.put(context.get("rulesetName").getAsString(), ast);
      JsonObject result = new JsonObject();
      result.addProperty("rulesVersion", ast.getVersion() == RulesetAst.Version.VERSION_2 ? 2 : 1);
      response.add("result", result);
    }
    return response;
  }

  private void verify(int id, JsonObject context) {
    RulesetAst ast = rulesets.get(context.get("rulesetName").getAsString());
    if (ast == null) {
      send(failure(id, "No ruleset named " + context.get("rulesetName").getAsString()));
      return;
    }
    if (!SERVICE.equals(context.get("service").getAsString())) {
      send(failure(id, "Unsupported service " + context.get("service").getAsString()));
      return;
    }
    String method = context.get("method").getAsString();
    String path = context.get("path").getAsString();
    JsonObject variables = context.getAsJsonObject("variables");
    Optional<String> delimiter =
        context.has("delimiter") && !context.get("delimiter").isJsonNull()
            ? Optional.of(context.get("delimiter").getAsString()).filter(d -> !d.isEmpty())
            : Optional.empty();
    FirestoreLookups.Session lookups = firestore.open(id);
    RuleContext ruleContext;
    try {
      ruleContext =
          switch (method) {
            case "get" ->
                FirebaseStorageGetContextConverter.convert(
                    StorageRequest.of(path, variables, lookups));
            case "list" ->
                FirebaseStorageListContextConverter.convert(
                    StorageRequest.ofList(path, delimiter, variables, lookups));
            case "create" ->
                FirebaseStorageCreateContextConverter.convert(
                    StorageRequest.of(path, variables, lookups));
            case "update" ->
                FirebaseStorageUpdateContextConverter.convert(
                    StorageRequest.of(path, variables, lookups));
            case "delete" ->
                FirebaseStorageDeleteContextConverter.convert(
                    StorageRequest.of(path, variables, lookups));
            default -> throw new IllegalArgumentException("Unsupported method " + method);
          };
    } catch (RuntimeException e) {
      firestore.close(id);
      throw e;
    }
    ListenableFuture<EvaluationResult> evaluation = new DefaultEvaluator(ast).evaluate(ruleContext);
    evaluation.addListener(() -> firestore.close(id), MoreExecutors.directExecutor());
    Futures.addCallback(
        evaluation,
        new FutureCallback<EvaluationResult>() {
          @Override
          public void onSuccess(EvaluationResult result) {
            JsonObject response = ok(id);
            JsonObject permit = new JsonObject();
            permit.addProperty("permit", result.permit());
            response.add("result", permit);
            response.add("errors", new JsonArray());
            response.add("warnings", new JsonArray());
            send(response);
          }

          @Override
          public void onFailure(Throwable error) {
            // An evaluation error denies, as in production; the reason goes to the emulator log.
            JsonObject response = ok(id);
            JsonObject permit = new JsonObject();
            permit.addProperty("permit", false);
            response.add("result", permit);
            response.add("errors", new JsonArray());
            JsonArray warnings = new JsonArray();
            warnings.add("Rules evaluation failed: " + error.getMessage());
            response.add("warnings", warnings);
            send(response);
          }
        },
        MoreExecutors.directExecutor());
  }

  private static String describe(Issue issue) {
    return String.format(
        "%s in %s:%d:%d",
        issue.getDescription(),
        issue.getSourcePosition().getFileName(),
        issue.getSourcePosition().getLine(),
        issue.getSourcePosition().getColumn());
  }

  private static JsonObject ok(int id) {
    JsonObject response = new JsonObject();
    response.addProperty("id", id);
    response.addProperty("status", "ok");
    return response;
  }

  /**
   * A request that could not be carried out. Its status is still "ok": firebase-tools drops any
   * other status without answering its caller, and reads a failure from `errors` instead.
   */
  private static JsonObject failure(int id, String message) {
    JsonObject response = ok(id);
    response.addProperty("message", message);
    JsonArray errors = new JsonArray();
    errors.add(message);
    response.add("errors", errors);
    response.add("warnings", new JsonArray());
    return response;
  }

  /** One line per message: firebase-tools parses each chunk it reads as one JSON object. */
  private synchronized void send(JsonObject message) {
    out.print(message.toString() + "\n");
    out.flush();
  }
}
