package pathwise.storagerules;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import com.google.firebase.rules.runtime.v1.ExpressionListValue;
import com.google.firebase.rules.runtime.v1.ExpressionMapValue;
import com.google.firebase.rules.runtime.v1.ExpressionPathSegmentValue;
import com.google.firebase.rules.runtime.v1.ExpressionPathValue;
import com.google.firebase.rules.runtime.v1.ExpressionValue;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import com.google.type.LatLng;
import java.text.ParseException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * `firestore.get` and `firestore.exists` in Storage rules: the runtime asks firebase-tools for the
 * document (`fetch_firestore_document`, under the id of the verify request being evaluated) and
 * firebase-tools answers with the Firestore REST document under that id. firebase-tools keeps one
 * pending answer per id, so a request's lookups go out one at a time.
 */
final class FirestoreLookups {
  private final Consumer<JsonObject> send;
  private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();

  FirestoreLookups(Consumer<JsonObject> send) {
    this.send = send;
  }

  Session open(int requestId) {
    Session session = new Session(requestId);
    sessions.put(requestId, session);
    return session;
  }

  void close(int requestId) {
    sessions.remove(requestId);
  }

  void complete(int requestId, JsonObject answer) {
    Session session = sessions.get(requestId);
    if (session == null) {
      System.err.println("Answer for no pending document request: " + requestId);
      return;
    }
    session.answer(answer);
  }

  final class Session {
    private final int requestId;
    private final Queue<Lookup> queued = new ArrayDeque<>();
    private Lookup inFlight;

    private Session(int requestId) {
      this.requestId = requestId;
    }

    ListenableFuture<ExpressionValue> get(ExpressionPathValue document) {
      return Futures.transform(
          fetch(document),
          answer -> {
            if (!"ok".equals(answer.get("status").getAsString())) {
              throw new IllegalStateException("No document at " + slashPath(document));
            }
            return documentValue(answer.getAsJsonObject("result"));
          },
          MoreExecutors.directExecutor());
    }

    ListenableFuture<ExpressionValue> exists(ExpressionPathValue document) {
      return Futures.transform(
          fetch(document),
          answer ->
              ExpressionValue.newBuilder()
                  .setBoolValue("ok".equals(answer.get("status").getAsString()))
                  .build(),
          MoreExecutors.directExecutor());
    }

    private synchronized ListenableFuture<JsonObject> fetch(ExpressionPathValue document) {
      Lookup lookup = new Lookup(slashPath(document));
      queued.add(lookup);
      if (inFlight == null) dispatchNext();
      return lookup.answer;
    }

    private void answer(JsonObject answer) {
      Lookup done;
      synchronized (this) {
        done = inFlight;
        inFlight = null;
        dispatchNext();
      }
      // Outside the lock: the evaluation continues here and may ask for the next document.
      if (done != null) done.answer.set(answer);
    }

    /** Called holding the lock, with nothing in flight. */
    private void dispatchNext() {
      inFlight = queued.poll();
      if (inFlight == null) return;
      JsonObject context = new JsonObject();
      context.addProperty("path", inFlight.path);
      JsonObject request = new JsonObject();
      request.addProperty("server_request_id", requestId);
      request.addProperty("status", "ok");
      request.addProperty("action", "fetch_firestore_document");
      request.add("context", context);
      send.accept(request);
    }
  }

  private record Lookup(String path, SettableFuture<JsonObject> answer) {
    Lookup(String path) {
      this(path, SettableFuture.create());
    }
  }

  private static String slashPath(ExpressionPathValue path) {
    StringBuilder out = new StringBuilder();
    for (ExpressionPathSegmentValue segment : path.getSegmentsList()) {
      if (!segment.hasSimple()) {
        throw new IllegalArgumentException("Document paths must be concrete: " + path);
      }
      out.append('/').append(segment.getSimple());
    }
    return out.toString();
  }

  /** A Firestore REST document as rules see it: `__name__`, `id` and `data`. */
  private static ExpressionValue documentValue(JsonObject document) {
    String name = document.get("name").getAsString();
    JsonObject fields =
        document.has("fields") ? document.getAsJsonObject("fields") : new JsonObject();
    return map(
        Map.of(
            "__name__", reference(name),
            "id",
                ExpressionValue.newBuilder()
                    .setStringValue(name.substring(name.lastIndexOf('/') + 1))
                    .build(),
            "data", fieldsValue(fields)));
  }

  private static ExpressionValue fieldsValue(JsonObject fields) {
    ExpressionMapValue.Builder map = ExpressionMapValue.newBuilder();
    for (Map.Entry<String, JsonElement> field : fields.entrySet()) {
      map.putFields(field.getKey(), value(field.getValue().getAsJsonObject()));
    }
    return ExpressionValue.newBuilder().setMapValue(map).build();
  }

  private static ExpressionValue value(JsonObject value) {
    ExpressionValue.Builder out = ExpressionValue.newBuilder();
    String kind = value.keySet().iterator().next();
    JsonElement v = value.get(kind);
    switch (kind) {
      case "nullValue" -> out.setNullValue(com.google.protobuf.NullValue.NULL_VALUE);
      case "booleanValue" -> out.setBoolValue(v.getAsBoolean());
      case "integerValue" -> out.setIntValue(Long.parseLong(v.getAsString()));
      case "doubleValue" -> out.setFloatValue(Double.parseDouble(v.getAsString()));
      case "stringValue" -> out.setStringValue(v.getAsString());
      case "bytesValue" ->
          out.setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(v.getAsString())));
      case "referenceValue" -> {
        return reference(v.getAsString());
      }
      case "timestampValue" -> {
        try {
          out.setTimestampValue(Timestamps.parse(v.getAsString()));
        } catch (ParseException e) {
          throw new IllegalArgumentException("Unreadable timestamp " + v, e);
        }
      }
      case "geoPointValue" -> {
        JsonObject point = v.getAsJsonObject();
        out.setLatlngValue(
            LatLng.newBuilder()
                .setLatitude(point.has("latitude") ? point.get("latitude").getAsDouble() : 0)
                .setLongitude(point.has("longitude") ? point.get("longitude").getAsDouble() : 0));
      }
      case "arrayValue" -> {
        ExpressionListValue.Builder list = ExpressionListValue.newBuilder();
        JsonObject array = v.getAsJsonObject();
        if (array.has("values")) {
          for (JsonElement item : array.getAsJsonArray("values"))
            list.addValues(value(item.getAsJsonObject()));
        }
        out.setListValue(list);
      }
      case "mapValue" -> {
        JsonObject map = v.getAsJsonObject();
        return fieldsValue(map.has("fields") ? map.getAsJsonObject("fields") : new JsonObject());
      }
      default -> throw new IllegalArgumentException("Unsupported Firestore value " + kind);
    }
    return out.build();
  }

  /**
   * `projects/p/databases/(default)/documents/a/b` → the path `/databases/(default)/documents/a/b`.
   */
  private static ExpressionValue reference(String name) {
    String path = name.replaceFirst("^projects/[^/]+", "");
    return ExpressionValue.newBuilder()
        .setPathValue(StorageRequest.parsePath(path))
        .build();
  }

  private static ExpressionValue map(Map<String, ExpressionValue> fields) {
    return ExpressionValue.newBuilder()
        .setMapValue(ExpressionMapValue.newBuilder().putAllFields(fields))
        .build();
  }
}
