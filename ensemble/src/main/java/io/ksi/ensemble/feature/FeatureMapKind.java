package io.ksi.ensemble.feature;

import com.google.gson.JsonObject;

/**
 * Rebuilds one kind of {@link FeatureMap} from the description it wrote ({@link FeatureMap#describe()}, whose
 * {@code "kind"} is {@link #kind()}). Kinds are found with {@link java.util.ServiceLoader}: a module that adds a
 * feature map lists its kind in {@code META-INF/services/io.ksi.ensemble.feature.FeatureMapKind}, and ensemble files
 * that use it load without this package knowing it.
 */
public interface FeatureMapKind {
    String kind();

    FeatureMap fromJson(JsonObject description);
}
