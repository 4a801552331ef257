package pathwise.storagerules;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageService.FirebaseStorageCreateContext;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageService.FirebaseStorageDeleteContext;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageService.FirebaseStorageGetContext;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageService.FirebaseStorageListContext;
import com.google.firebase.rules.partners.services.firebasestorage.FirebaseStorageService.FirebaseStorageUpdateContext;
import com.google.firebase.rules.runtime.utils.PathUtils;
import com.google.firebase.rules.runtime.v1.ExpressionMapValue;
import com.google.firebase.rules.runtime.v1.ExpressionPathValue;
import com.google.firebase.rules.runtime.v1.ExpressionValue;
import com.google.firebase.rules.v1.SourcePosition;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.NullValue;
import com.google.protobuf.util.JsonFormat;
import java.util.Optional;

/**
 * One Storage request as the engine's Storage service sees it: the object path and the `request`
 * and `resource` values that firebase-tools computed (ExpressionValue in proto JSON), plus the
 * service's functions. One class serves every method; the converters pick what they read.
 */
final class StorageRequest
    implements FirebaseStorageGetContext,
        FirebaseStorageListContext,
        FirebaseStorageCreateContext,
        FirebaseStorageUpdateContext,
        FirebaseStorageDeleteContext {
  private final ExpressionPathValue path;
  private final ExpressionMapValue request;
  private final ExpressionValue resource;
  private final FirestoreLookups.Session firestore;

  private StorageRequest(
      ExpressionPathValue path,
      ExpressionMapValue request,
      ExpressionValue resource,
      FirestoreLookups.Session firestore) {
    this.path = path;
    this.request = request;
    this.resource = resource;
    this.firestore = firestore;
  }

  static StorageRequest of(String path, JsonObject variables, FirestoreLookups.Session firestore) {
    return new StorageRequest(
        parsePath(path),
        parseValue(variables.get("request").getAsJsonObject()).getMapValue(),
        variables.has("resource")
            ? parseValue(variables.get("resource").getAsJsonObject())
            : nullValue(),
        firestore);
  }

  /** A list of the prefix `/b/bucket/o/a`: matched against the objects it may return. */
  static StorageRequest ofList(
      String prefix,
      Optional<String> delimiter,
      JsonObject variables,
      FirestoreLookups.Session firestore) {
    return new StorageRequest(
        listPath(prefix, delimiter.isPresent()),
        parseValue(variables.get("request").getAsJsonObject()).getMapValue(),
        nullValue(),
        firestore);
  }

  /** `/b/bucket/o/a/b.pdf` → simple segments; object names are matched segment by segment. */
  static ExpressionPathValue parsePath(String path) {
    return segments(path).build();
  }

  /**
   * A list ends in a wildcard, as the Firestore emulator's list queries do: one level (a capture)
   * when listing with a delimiter, every level below (a glob) without.
   */
  private static ExpressionPathValue listPath(String prefix, boolean oneLevel) {
    PathUtils.Builder builder = segments(prefix);
    return (oneLevel ? builder.appendCapture() : builder.appendGlob()).build();
  }

  private static PathUtils.Builder segments(String path) {
    PathUtils.Builder builder = PathUtils.pathBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) builder.appendSegment(segment);
    }
    return builder;
  }

  static ExpressionValue parseValue(JsonObject json) {
    ExpressionValue.Builder builder = ExpressionValue.newBuilder();
    try {
      JsonFormat.parser().merge(json.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Unreadable rules value: " + e.getMessage(), e);
    }
    return builder.build();
  }

  static ExpressionValue nullValue() {
    return ExpressionValue.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
  }

  @Override
  public ExpressionPathValue path() {
    return path;
  }

  @Override
  public ExpressionMapValue request() {
    return request;
  }

  @Override
  public ListenableFuture<ExpressionValue> resource() {
    return Futures.immediateFuture(resource);
  }

  @Override
  public ExpressionValue debug(ExpressionValue value) {
    // stderr: firebase-tools shows it in the emulator log; stdout carries only protocol lines.
    System.err.println("debug: " + value.toString().trim());
    return value;
  }

  @Override
  public ListenableFuture<ExpressionValue> firestoreGet(
      ExpressionPathValue document, SourcePosition position) {
    return firestore.get(document);
  }

  @Override
  public ListenableFuture<ExpressionValue> firestoreExists(
      ExpressionPathValue document, SourcePosition position) {
    return firestore.exists(document);
  }
}
